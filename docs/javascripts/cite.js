// Fill the reader's own archive address and today's date into the citation blocks of a
// report page (the static site cannot know where it is hosted or when it is read).
(function () {
  function fill() {
    var blocks = document.querySelectorAll("[data-cite-template]");
    if (!blocks.length) return;
    var url = window.location.href.split("#")[0];
    var today = new Date();
    var pad = function (n) { return String(n).padStart(2, "0"); };
    var date = today.getFullYear() + "-" + pad(today.getMonth() + 1) + "-" + pad(today.getDate());
    var csl = "[" + today.getFullYear() + ", " + (today.getMonth() + 1) + ", " + today.getDate() + "]";
    blocks.forEach(function (block) {
      block.textContent = block.getAttribute("data-cite-template")
        .split("{URL}").join(url)
        .split("{DATE}").join(date)
        .split("{CSLDATE}").join(csl);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
