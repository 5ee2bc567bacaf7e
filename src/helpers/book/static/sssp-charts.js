// Draw every chart on the page from the Vega-Lite specification stored beside it.
// vega, vega-lite and vega-embed come from vega-bundle.js, served by the book itself.
(function () {
  "use strict";
  var EMBED_OPTIONS = {
    renderer: "svg",
    // Export as SVG/PNG stays; links that would leave the page (editor, source) go.
    actions: { export: true, source: false, compiler: false, editor: false },
  };

  function labelActions(figure) {
    // vega-embed's menu is a <details> whose <summary> holds only an icon: name it.
    figure.querySelectorAll(".vega-actions-wrapper summary, details summary").forEach(function (s) {
      if (!s.getAttribute("aria-label") && !s.textContent.trim()) {
        s.setAttribute("aria-label", "Save the chart as an image");
        s.setAttribute("title", "Save the chart as an image");
      }
    });
  }

  function draw(figure) {
    var target = figure.querySelector(".sssp-vega");
    var specNode = figure.querySelector("script.sssp-spec");
    if (!target || !specNode || target.dataset.rendered) return Promise.resolve();
    var spec = JSON.parse(specNode.textContent);
    return window.vegaEmbed(target, spec, EMBED_OPTIONS).then(function (result) {
      target.dataset.rendered = "true";
      labelActions(figure);
      figure.sssView = result.view;
      // The radio buttons and selects that Vega-Lite binds get a visible group name.
      figure.querySelectorAll(".vega-bind").forEach(function (bind) {
        var name = bind.querySelector(".vega-bind-name");
        var inputs = bind.querySelectorAll("input, select");
        inputs.forEach(function (input) {
          if (name && !input.getAttribute("aria-label") && input.type !== "radio") {
            input.setAttribute("aria-label", name.textContent.replace(/[:\s]+$/, ""));
          }
        });
      });
    }).catch(function (err) {
      target.dataset.rendered = "error";
      target.textContent = "This chart could not be drawn: " + err;
      console.error(err);
    });
  }

  // A page-level dropdown (class sssp-page-param) sets the named parameter in every chart
  // that declares it, so one choice (for example a local authority) updates them all.
  function connectPageParameters(figures) {
    document.querySelectorAll("select.sssp-page-param").forEach(function (select) {
      var name = select.dataset.param;
      select.addEventListener("change", function () {
        var updates = [];
        figures.forEach(function (figure) {
          var view = figure.sssView;
          if (!view) return;
          try {
            view.signal(name);
          } catch (e) {
            return; // this chart does not use the parameter
          }
          updates.push(view.signal(name, select.value).runAsync());
        });
        Promise.all(updates).then(function () { select.dataset.applied = select.value; });
      });
    });
  }

  function drawAll() {
    var figures = document.querySelectorAll("figure.sssp-chart");
    return Promise.all(Array.prototype.map.call(figures, draw)).then(function () {
      connectPageParameters(Array.prototype.slice.call(figures));
      document.documentElement.dataset.chartsDrawn = "true";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
