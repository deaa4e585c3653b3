// Tooltips for the figures and glossary terms in a report's text. A figure is stated once, in
// its row of the "报告中的数字" table; the definitions of the glossary are in
// glossary-terms.js (window.ARCHIVE_GLOSSARY), which report pages load and browsers cache.
// Writing a title on every occurrence cost a third of a report page's weight. This
// runs before Material mounts its tooltips (scripts at the end of <body> run before
// DOMContentLoaded), so the titles set here get Material's tooltip look.
(function () {
  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }
  document.querySelectorAll("a.metric[href^='#metric-']").forEach(function (mark) {
    var row = document.getElementById(mark.getAttribute("href").slice(1));
    if (!row || mark.title) return;
    var cells = row.querySelectorAll("td");
    var label = cells[0] && cells[0].firstChild ? text(cells[0].firstChild) : "";
    var approx = row.querySelector(".metric-approx") ? "约" : "";
    var value = text(cells[1]).replace("≈", "").trim();
    mark.title = label + " · " + approx + value + " · " + text(cells[2]);
  });
  var glossary = window.ARCHIVE_GLOSSARY || {};
  document.querySelectorAll("a.term").forEach(function (mark) {
    var tip = glossary[mark.getAttribute("href").split("#")[1]];
    if (tip && !mark.title) mark.title = tip;
  });
})();
