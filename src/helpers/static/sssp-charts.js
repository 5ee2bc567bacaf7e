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

  function drawAll() {
    var figures = document.querySelectorAll("figure.sssp-chart");
    return Promise.all(Array.prototype.map.call(figures, draw)).then(function () {
      document.documentElement.dataset.chartsDrawn = "true";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
