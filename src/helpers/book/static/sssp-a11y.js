// Give a name to disclosure widgets that show only an icon (the theme's table-of-contents
// expanders and vega-embed's export menu), so screen readers can announce them.
(function () {
  "use strict";
  function name() {
    // sphinxcontrib-bibtex marks the reference list role="list" without list items.
    document.querySelectorAll(".citation-list[role=list]").forEach(function (list) {
      list.removeAttribute("role");
    });
    document.querySelectorAll("summary").forEach(function (s) {
      if (!s.textContent.trim() && !s.getAttribute("aria-label")) {
        var inToc = s.closest("nav, .bd-sidebar, .bd-toc");
        s.setAttribute("aria-label", inToc ? "Show or hide the pages in this section" : "More options");
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", name); else name();
  new MutationObserver(name).observe(document.documentElement, { childList: true, subtree: true });
})();
