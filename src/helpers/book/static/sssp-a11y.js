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

// The source of every number in the prose (`{fact}` role: <abbr class="sssp-fact" title="Source: ...">)
// opens in a small popover on hover, on tap and on keyboard focus; Escape or a tap elsewhere closes it.
// A title alone shows only to a mouse that hovers, never to touch or keyboard.
(function () {
  "use strict";
  var SELECTOR = "abbr.sssp-fact";
  var pop = null;
  var current = null;

  function popover() {
    if (!pop) {
      pop = document.createElement("div");
      pop.id = "sssp-fact-popover";
      pop.className = "sssp-fact-popover";
      pop.setAttribute("role", "tooltip");
      pop.hidden = true;
      document.body.appendChild(pop);
    }
    return pop;
  }

  function prepare(el) {
    if (el.dataset.ssspSource !== undefined) return;
    // Keep the words, drop the native tooltip so the two never show at once.
    el.dataset.ssspSource = el.getAttribute("title") || "";
    el.removeAttribute("title");
    el.setAttribute("tabindex", "0");
  }

  function place(el) {
    var p = popover();
    var r = el.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    p.style.maxWidth = Math.max(160, Math.min(320, vw - 16)) + "px";
    p.style.left = "0px";
    p.style.top = "0px";
    var left = Math.max(8, Math.min(r.left, vw - p.offsetWidth - 8));
    p.style.left = left + window.scrollX + "px";
    p.style.top = r.bottom + 6 + window.scrollY + "px";
  }

  function show(el) {
    prepare(el);
    var p = popover();
    if (current && current !== el) current.removeAttribute("aria-describedby");
    p.textContent = el.dataset.ssspSource;
    p.hidden = false;
    current = el;
    el.setAttribute("aria-describedby", p.id);
    place(el);
  }

  function hide() {
    if (pop) pop.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function factOf(target) {
    return target && target.closest ? target.closest(SELECTOR) : null;
  }

  function init() {
    document.querySelectorAll(SELECTOR).forEach(prepare);
    document.addEventListener("focusin", function (e) {
      var el = factOf(e.target);
      if (el) show(el);
    });
    document.addEventListener("focusout", function (e) {
      if (current && e.target === current) hide();
    });
    document.addEventListener("click", function (e) {
      var el = factOf(e.target);
      if (el) show(el);
      else if (current && !(pop && pop.contains(e.target))) hide();
    });
    document.addEventListener("mouseover", function (e) {
      var el = factOf(e.target);
      if (el && el !== current) show(el);
    });
    document.addEventListener("mouseout", function (e) {
      var el = factOf(e.target);
      if (el && el === current && document.activeElement !== el && !el.contains(e.relatedTarget)) hide();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && current) hide();
    });
    window.addEventListener("resize", function () {
      if (current) place(current);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
