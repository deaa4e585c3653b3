// Tooltips for the figures and glossary terms in a report's text, the glossary popover on a
// tap, and the "scrolls sideways" hint above wide tables (on every page). A figure is stated once, in
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
  function definition(mark) {
    return glossary[decodeURIComponent(mark.getAttribute("href").split("#")[1] || "")];
  }
  document.querySelectorAll("a.term").forEach(function (mark) {
    var tip = definition(mark);
    if (tip && !mark.title) mark.title = tip;
  });

  // A tap (or a click, or Enter) on a term shows its definition in place, in a small box
  // under it, instead of leaving the report: on a phone there is no hover to show the
  // tooltip. The box links to the glossary entry, so the entry stays one more tap away.
  // Text is inserted as text only.
  var open = null;
  function close() {
    if (!open) return;
    open.box.remove();
    open.mark.setAttribute("aria-expanded", "false");
    open = null;
  }
  function show(mark) {
    var tip = definition(mark);
    var box = document.createElement("div");
    box.className = "term-popover";
    box.id = "term-popover";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "术语释义");
    var text = document.createElement("p");
    text.textContent = tip;
    var link = document.createElement("a");
    link.href = mark.getAttribute("href");
    link.textContent = "术语表中的这一条 →";
    box.appendChild(text);
    box.appendChild(link);
    document.body.appendChild(box);
    var where = mark.getBoundingClientRect();
    var width = box.offsetWidth;
    var left = Math.min(Math.max(8, where.left), document.documentElement.clientWidth - width - 8);
    box.style.left = window.scrollX + Math.max(8, left) + "px";
    box.style.top = window.scrollY + where.bottom + 6 + "px";
    mark.setAttribute("aria-expanded", "true");
    mark.setAttribute("aria-controls", box.id);
    open = { mark: mark, box: box };
  }
  document.addEventListener("click", function (event) {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return; // a new tab or window: the link does what links do
    }
    var mark = event.target.closest ? event.target.closest("a.term") : null;
    if (mark && definition(mark)) {
      event.preventDefault();
      var same = open && open.mark === mark;
      close();
      if (!same) show(mark);
    } else if (open && !open.box.contains(event.target)) {
      close();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) {
      var mark = open.mark;
      close();
      mark.focus();
    }
  });
  window.addEventListener("resize", close);

  // Wide tables on a narrow screen scroll sideways (Material's .md-typeset__scrollwrap, and
  // table.metric-table and table.indicator-table themselves): a line above each one that is wider than the screen says
  // so, with the edge shadows of archive.css. Checked once laid out and on every resize.
  var HINT = "表格较宽，可左右滑动查看 →";
  function markWide() {
    var boxes = document.querySelectorAll(
      ".md-typeset__scrollwrap, .md-typeset table.metric-table, .md-typeset table.indicator-table"
    );
    boxes.forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      var before = box.previousElementSibling;
      var hinted = before && before.classList.contains("archive-scroll-hint");
      if (wide && !hinted) {
        var hint = document.createElement("p");
        hint.className = "archive-scroll-hint";
        hint.textContent = HINT;
        box.parentNode.insertBefore(hint, box);
      } else if (!wide && hinted) {
        before.remove();
      }
    });
  }
  window.addEventListener("load", markWide);
  window.addEventListener("resize", markWide);
})();
