// Filterable tables in the static book: each select hides the rows that do not match.
(function () {
  "use strict";
  function setup(box) {
    var selects = box.querySelectorAll("select[data-filter]");
    var rows = box.querySelectorAll("tbody tr");
    var count = box.querySelector(".sssp-filter-count");
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = Array.prototype.every.call(selects, function (s) {
          return !s.value || row.dataset[s.dataset.filter.replace(/-([a-z])/g, function (m, c) { return c.toUpperCase(); })] === s.value;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "Showing " + shown + " of " + rows.length + " rows";
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    apply();
  }
  function init() { document.querySelectorAll(".sssp-filter-table").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
