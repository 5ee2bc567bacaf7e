// The grant calculator in the static book: the same rules as helpers/grants.py, which
// reach the page as JSON (data-rules) read from data/sources/funding.csv.
(function () {
  "use strict";
  function money(n) { return "£" + n.toLocaleString("en-GB"); }

  function supplement(pupils, r) {
    if (pupils < r.lower_limit) return r.supplement_under_lower;
    if (pupils < r.small_limit) return r.supplement_lower_to_small;
    return 0;
  }

  function setup(form) {
    var r = JSON.parse(form.dataset.rules);
    var defaults = JSON.parse(form.dataset.default);
    var count = form.querySelector("input[name=schools]");
    var holder = form.querySelector(".sssp-grant-schools");
    var result = form.querySelector(".sssp-grant-result");
    count.value = defaults.length;

    function rows() {
      var n = Math.max(1, Math.min(12, parseInt(count.value, 10) || 1));
      var old = Array.prototype.map.call(holder.querySelectorAll("input"), function (i) { return i.value; });
      holder.innerHTML = "";
      for (var i = 0; i < n; i++) {
        var label = document.createElement("label");
        label.textContent = "Pupils in school " + (i + 1) + " ";
        var input = document.createElement("input");
        input.type = "number"; input.min = "0"; input.step = "1"; input.name = "pupils";
        input.value = old[i] !== undefined ? old[i] : (defaults[i] !== undefined ? defaults[i] : 100);
        input.addEventListener("input", compute);
        label.appendChild(input);
        holder.appendChild(label);
      }
      compute();
    }

    function compute() {
      var pupils = Array.prototype.map.call(holder.querySelectorAll("input"), function (i) {
        return parseInt(i.value, 10);
      });
      if (pupils.some(function (p) { return isNaN(p) || p < 0; })) {
        result.textContent = "Enter a whole number of pupils (0 or more) for every school.";
        return;
      }
      var reasons = [];
      if (pupils.length < r.chains_min_schools) reasons.push("the group needs at least " + r.chains_min_schools + " schools");
      if (!form.querySelector("input[name=primary]").checked) reasons.push("most of the schools must be primary");
      if (!form.querySelector("input[name=performing]").checked) reasons.push("at least one school must be performing well");
      var supplements = pupils.map(function (p) { return supplement(p, r); });
      var total = r.chains_base + supplements.reduce(function (a, b) { return a + b; }, 0);
      var lincs = pupils.length * r.lincolnshire_per_school;
      var chains = reasons.length ? "not payable: " + reasons.join("; ") : money(total);
      result.innerHTML = "";
      var table = document.createElement("table");
      table.className = "sssp-data-table";
      table.innerHTML =
        "<caption>What this cluster could receive</caption>" +
        "<thead><tr><th scope='col'>Funding</th><th scope='col'>Amount</th><th scope='col'>Rule (CfBT report)</th></tr></thead>";
      var body = document.createElement("tbody");
      [["Lincolnshire partnership funding (one-off)", money(lincs),
        money(r.lincolnshire_per_school) + " per school, once the cluster's plan is approved and an MoU signed (Figure 3, 2012)"],
       ["Primary chains grant", chains,
        money(r.chains_base) + " for " + r.chains_min_schools + " or more schools forming a multi-academy trust, mostly primary, " +
        "at least one performing well; plus " + money(r.supplement_under_lower) + " per school under " + r.lower_limit +
        " pupils and " + money(r.supplement_lower_to_small) + " per school with " + r.lower_limit + " to " + (r.small_limit - 1) +
        " pupils; available until " + r.deadline + " (Figure 11)"]].forEach(function (row) {
        var tr = document.createElement("tr");
        row.forEach(function (cell, i) {
          var td = document.createElement(i ? "td" : "th");
          if (!i) td.scope = "row";
          td.textContent = cell;
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      table.appendChild(body);
      result.appendChild(table);
      form.dataset.lincolnshire = lincs;
      form.dataset.chains = reasons.length ? 0 : total;
    }

    count.addEventListener("input", rows);
    form.querySelectorAll("input[type=checkbox]").forEach(function (c) { c.addEventListener("change", compute); });
    rows();
  }

  function init() { document.querySelectorAll("form.sssp-grant-calculator").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
