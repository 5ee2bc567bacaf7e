// Draw every chart on the page from the Vega-Lite specification stored beside it.
// vega, vega-lite and vega-embed come from vega-bundle.js, served by the book itself.
//
// Each chart has a wide and a narrow layout (helpers.charts.theme.responsive): the layout
// is chosen from the width of the chart's column when the page draws, and again whenever
// that width changes (a ResizeObserver), so a chart always fits its column exactly.
// helpers.charts.theme.fit does the same in Python for the render tests.
(function () {
  "use strict";
  var NARROW_MAX = 560; // helpers.charts.theme.NARROW_MAX
  var TITLE_SIZE = 16, SUBTITLE_SIZE = 13, AXIS_ROOM = 72, LEGEND_ROOM = 110; // as in theme.py
  var EMBED_OPTIONS = {
    renderer: "svg",
    // Export as SVG/PNG stays; links that would leave the page (editor, source) go.
    actions: { export: true, source: false, compiler: false, editor: false },
  };

  // em: a character's average width (helpers.charts.theme.TITLE_EM and SUBTITLE_EM).
  function wrapText(text, size, width, em) {
    var max = Math.max(20, Math.floor(width / (size * em)));
    var words = String(text).split(/\s+/), out = [], line = "";
    words.forEach(function (w) {
      if (line && (line + " " + w).length > max) { out.push(line); line = w; }
      else { line = line ? line + " " + w : w; }
    });
    if (line) out.push(line);
    return out;
  }

  function isDark() {
    var theme = document.documentElement.dataset.theme;
    if (theme === "dark") return true;
    if (theme === "light") return false;
    // A page without the book's theme switch (the LA edition, a slide deck) is dark only if it
    // says it can be: <meta name="color-scheme" content="light dark">. Otherwise its page stays
    // light in a browser that prefers dark, and so must the charts' ink.
    var meta = document.querySelector('meta[name="color-scheme"]');
    if (!meta || !/\bdark\b/.test(meta.getAttribute("content") || "")) return false;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  // The specification for a column `width` px wide (helpers.charts.theme.fit).
  function fit(full, width) {
    var narrow = full.usermeta && full.usermeta.sssp && full.usermeta.sssp.narrow;
    var spec = JSON.parse(JSON.stringify(width <= NARROW_MAX && narrow ? narrow : full));
    // The data sets both layouts share travel once, in the wide one (helpers.charts.theme.responsive).
    if (width <= NARROW_MAX && narrow && full.datasets) {
      spec.datasets = Object.assign(JSON.parse(JSON.stringify(full.datasets)), spec.datasets || {});
    }
    // Room kept beside the panels of a composite view (helpers.charts.theme.panel_room).
    var meta = (spec.usermeta && spec.usermeta.sssp) || {};
    var room = typeof meta.room === "number" ? meta.room : AXIS_ROOM;
    delete spec.usermeta;
    if (spec.width === "container") {
      spec.width = width;
      spec.autosize = { type: "fit-x", contains: "padding" };
    }
    // Concatenated and faceted views cannot fit themselves (helpers.charts.theme.AXIS_ROOM).
    (spec.vconcat || []).forEach(function (part) {
      if (part.width === "container") part.width = width - room;
    });
    if (spec.spec && spec.spec.width === "container") {
      var columns = spec.columns || 1;
      spec.spec.width = Math.floor((width - room) / columns - (columns - 1) * 24 / columns);
    }
    // Legend labels never run past the column.
    spec.config = spec.config || {};
    spec.config.legend = spec.config.legend || {};
    spec.config.legend.labelLimit = Math.min(spec.config.legend.labelLimit || 300, width - LEGEND_ROOM);
    var title = spec.title;
    if (title && typeof title === "object") {
      if (typeof title.text === "string") title.text = wrapText(title.text, TITLE_SIZE, width, 0.62);
      if (typeof title.subtitle === "string") title.subtitle = wrapText(title.subtitle, SUBTITLE_SIZE, width, 0.56);
    }
    if (isDark()) spec = darken(spec);
    return spec;
  }

  // Dark mode (helpers.charts.theme.dark): every colour of DARK_COLOURS swapped, data left
  // alone, no background of the chart's own (it is drawn on the page's).
  var DARK_COLOURS = {
    "#0b0c0c": "#e8e8e8",
    "#3d3d3d": "#cfcfcf",
    "#12436d": "#5694ca",
    "#801650": "#e0609f",
    "#bfc1c3": "#6f777b",
    "#b1b4b6": "#6f777b",
    "#f0f0f0": "#333333",
    "white": "#0b0c0c",
    "#ffffff": "#0b0c0c",
  };
  var DATA_KEYS = { datasets: true, data: true, values: true };

  function swapColours(node) {
    if (Array.isArray(node)) return node.map(swapColours);
    if (node && typeof node === "object") {
      var out = {};
      Object.keys(node).forEach(function (k) { out[k] = DATA_KEYS[k] ? node[k] : swapColours(node[k]); });
      return out;
    }
    if (typeof node === "string") {
      var swap = DARK_COLOURS[node.toLowerCase()];
      return swap === undefined ? node : swap;
    }
    return node;
  }

  function darken(spec) {
    var out = swapColours(spec);
    out.config = out.config || {};
    out.config.background = null;
    delete out.background;
    return out;
  }

  // The column's width, measured with the current drawing out of the way, so that a drawing
  // made for a wider column cannot hold the column open (and a chart never grows on resize).
  function columnWidth(figure) {
    var target = figure.querySelector(".sssp-vega");
    var drawn = Array.prototype.slice.call(target.children);
    var shown = drawn.map(function (el) { var d = el.style.display; el.style.display = "none"; return d; });
    var style = window.getComputedStyle(target);
    var inner = target.clientWidth - parseFloat(style.paddingLeft || 0) - parseFloat(style.paddingRight || 0);
    drawn.forEach(function (el, i) { el.style.display = shown[i]; });
    // vega-embed reserves a gutter on the right for its menu.
    if (!target.classList.contains("has-actions")) inner -= 38;
    return Math.max(200, Math.floor(inner));
  }

  function labelActions(figure) {
    // vega-embed's menu is a <details> whose <summary> holds only an icon: name it.
    figure.querySelectorAll(".vega-actions-wrapper summary, details summary").forEach(function (s) {
      if (!s.getAttribute("aria-label") && !s.textContent.trim()) {
        s.setAttribute("aria-label", "Save the chart as an image");
        s.setAttribute("title", "Save the chart as an image");
      }
    });
  }

  // Keyboard: a chart takes the focus (Tab) and shows the tooltip of a mark, as a pointer
  // hovering it would; the arrow keys step through the marks (Home, End: first, last) and
  // Escape hides the tooltip. The same words go to a live region for screen readers. A tap
  // on a mark shows its tooltip through Vega's own pointer events.
  function tooltipItems(view) {
    var out = [];
    function walk(mark) {
      (mark.items || []).forEach(function (item) {
        if (mark.marktype === "group") (item.items || []).forEach(walk);
        else if (item.tooltip != null && item.tooltip !== "" && item.bounds && item.bounds.width() > 0) out.push(item);
      });
    }
    walk(view.scenegraph().root);
    return out;
  }

  function tooltipWords(value) {
    if (value === null || typeof value !== "object") return String(value);
    return Object.keys(value).map(function (k) { return k + ": " + value[k]; }).join("; ");
  }

  function showTooltip(figure, step) {
    var view = figure.sssView;
    if (!view) return;
    var items = tooltipItems(view);
    if (!items.length) return;
    var n = items.length;
    var at = step === "first" ? 0 : step === "last" ? n - 1 : ((figure.sssMark || 0) + (step || 0) + n) % n;
    figure.sssMark = at;
    var item = items[at], b = item.bounds;
    var x = (b.x1 + b.x2) / 2, y = (b.y1 + b.y2) / 2;
    for (var g = item.mark.group; g; g = g.mark && g.mark.group) { x += g.x || 0; y += g.y || 0; }
    var svg = figure.querySelector(".sssp-vega svg"), box = svg.getBoundingClientRect(), origin = view.origin();
    var event = { clientX: box.left + origin[0] + x, clientY: box.top + origin[1] + y, type: "keydown" };
    var handler = view.tooltip();
    if (handler) handler.call(view, view, event, item, item.tooltip);
    var live = figure.querySelector(".sssp-chart-live");
    if (live) live.textContent = (at + 1) + " of " + n + ". " + tooltipWords(item.tooltip);
  }

  function hideTooltip(figure) {
    var view = figure.sssView, handler = view && view.tooltip();
    if (handler) handler.call(view, view, {}, null, null);
  }

  var STEPS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: "first", End: "last" };

  function keyboardTooltips(figure) {
    var target = figure.querySelector(".sssp-vega");
    if (!target || target.sssKeyboard) return;
    target.sssKeyboard = true;
    target.tabIndex = 0;
    target.setAttribute("role", "group");
    target.setAttribute("aria-label", "Chart values: arrow keys move from one mark to the next");
    var live = document.createElement("p");
    live.className = "sssp-chart-live";
    live.setAttribute("aria-live", "polite");
    target.parentNode.insertBefore(live, target.nextSibling);
    target.addEventListener("focus", function () { showTooltip(figure, 0); });
    target.addEventListener("blur", function () { hideTooltip(figure); });
    target.addEventListener("keydown", function (e) {
      if (e.target !== target) return; // a control inside the chart has its own keys
      if (e.key === "Escape") { hideTooltip(figure); return; }
      if (!(e.key in STEPS)) return;
      e.preventDefault();
      showTooltip(figure, STEPS[e.key]);
    });
  }

  // Signals a reader has set (a view, a local authority) survive a redraw.
  function boundState(view, spec) {
    var state = {};
    if (!view) return state;
    (spec.params || []).forEach(function (p) {
      try { state[p.name] = view.signal(p.name); } catch (e) { /* not a signal */ }
    });
    return state;
  }

  // One drawing at a time per chart; a request made meanwhile draws again afterwards.
  function draw(figure) {
    if (figure.sssDrawing) {
      figure.sssAgain = true;
      return figure.sssDrawing;
    }
    figure.sssDrawing = drawOnce(figure).then(function () {
      figure.sssDrawing = null;
      if (figure.sssAgain) {
        figure.sssAgain = false;
        return draw(figure);
      }
    });
    return figure.sssDrawing;
  }

  function drawOnce(figure) {
    var target = figure.querySelector(".sssp-vega");
    var specNode = figure.querySelector("script.sssp-spec");
    if (!target || !specNode) return Promise.resolve();
    var full = figure.sssSpec || (figure.sssSpec = JSON.parse(specNode.textContent));
    var width = columnWidth(figure);
    var spec = fit(full, width);
    var state = boundState(figure.sssView, spec);
    (spec.params || []).forEach(function (p) { if (p.name in state && p.bind) p.value = state[p.name]; });
    if (figure.sssView) { figure.sssView.finalize(); }
    figure.sssWidth = width;
    figure.dataset.layout = width <= NARROW_MAX && full.usermeta && full.usermeta.sssp ? "narrow" : "wide";
    var options = Object.assign({}, EMBED_OPTIONS, { tooltip: { theme: isDark() ? "dark" : "light" } });
    return window.vegaEmbed(target, spec, options).then(function (result) {
      target.dataset.rendered = "true";
      labelActions(figure);
      figure.sssView = result.view;
      keyboardTooltips(figure);
      Object.keys(state).forEach(function (name) {
        try { result.view.signal(name, state[name]); } catch (e) { /* gone in this layout */ }
      });
      result.view.runAsync();
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

  // The data table of a chart that follows a page parameter lists the chosen value's rows
  // (those with a cell that is exactly the value, e.g. the authority's name) and says so in
  // its caption; a table with no such row (England as a whole) stays whole.
  function followTable(figure, value, alt) {
    var table = figure.querySelector("table.sssp-data-table");
    if (!table || !table.tBodies.length) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var chosen = rows.filter(function (row) {
      return Array.prototype.some.call(row.cells, function (cell) { return cell.textContent.trim() === value; });
    });
    if (!chosen.length) return;
    rows.forEach(function (row) { row.hidden = chosen.indexOf(row) < 0; });
    var caption = table.querySelector("caption");
    if (caption) {
      caption.textContent = "Data for the chart, the rows for " + value + " (" + chosen.length + " of " + rows.length +
        "; the CSV download has them all): " + alt;
    }
  }

  // A page-level dropdown (class sssp-page-param) sets the named parameter in every chart
  // that declares it, so one choice (for example a local authority) updates them all.
  // The choice is kept in the page's address (?la=Camden), so a shared link opens it again.
  // Text alternatives and data tables that follow the choice (helpers.page.figure.ChartFigure alt_texts).
  function follow(name, value) {
    document.querySelectorAll('script.sssp-alt-texts[data-param="' + name + '"]').forEach(function (node) {
      var texts = JSON.parse(node.textContent), alt = node.parentNode.querySelector(".sssp-alt");
      if (alt && texts[value]) alt.textContent = texts[value];
      var figure = node.closest("figure.sssp-chart");
      if (figure && texts[value]) followTable(figure, value, texts[value]);
    });
  }

  function connectPageParameters(figures) {
    document.querySelectorAll("select.sssp-page-param").forEach(function (select) {
      var name = select.dataset.param;
      follow(name, select.value);
      select.addEventListener("change", function () {
        if (window.history && window.history.replaceState && window.URL) {
          var url = new URL(window.location.href);
          url.searchParams.set(name, select.value);
          window.history.replaceState(window.history.state, "", url.toString());
        }
        var updates = [];
        // Text alternatives that follow the choice (helpers.page.figure.ChartFigure alt_texts).
        follow(name, select.value);
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
      var asked = window.URLSearchParams ? new URLSearchParams(window.location.search).get(name) : null;
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === asked; });
      if (asked !== null && known && asked !== select.value) {
        select.value = asked;
        select.dispatchEvent(new Event("change"));
      }
    });
  }

  // A page-level control stays in view while a chart it drives is on screen: once its own
  // place has scrolled away, it is pinned to the top of the window (class sssp-pinned).
  function pinPageControls(figures) {
    document.querySelectorAll(".sssp-page-control").forEach(function (control) {
      var select = control.querySelector("select.sssp-page-param");
      if (!select) return;
      var name = select.dataset.param;
      var driven = figures.filter(function (f) {
        return (f.sssSpec.params || []).some(function (p) { return p.name === name; }) ||
          JSON.stringify(f.sssSpec).indexOf('"name":"' + name + '"') >= 0;
      });
      if (!driven.length) return;
      var holder = document.createElement("div"); // keeps the control's place in the text
      control.parentNode.insertBefore(holder, control);
      function update() {
        var place = holder.getBoundingClientRect();
        var shown = driven.some(function (f) {
          var r = f.getBoundingClientRect();
          return r.bottom > control.offsetHeight && r.top < window.innerHeight;
        });
        var pin = place.top < 0 && shown;
        if (pin !== control.classList.contains("sssp-pinned")) {
          holder.style.height = pin ? control.offsetHeight + "px" : "";
          control.classList.toggle("sssp-pinned", pin);
        }
        if (pin) {
          control.style.left = place.left + "px";
          control.style.width = place.width + "px";
        } else {
          control.style.left = control.style.width = "";
        }
      }
      window.addEventListener("scroll", update, { passive: true });
      window.addEventListener("resize", update);
      update();
    });
  }

  // Redraw a chart when its column's width changes (rotating a phone, resizing a window).
  function watchWidth(figures) {
    if (!window.ResizeObserver) return;
    var pending = null;
    var observer = new ResizeObserver(function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        var redraws = [];
        figures.forEach(function (figure) {
          if (figure.sssView && Math.abs(columnWidth(figure) - figure.sssWidth) > 4) {
            document.documentElement.dataset.chartsDrawn = "false";
            redraws.push(draw(figure));
          }
        });
        Promise.all(redraws).then(function () { document.documentElement.dataset.chartsDrawn = "true"; });
      }, 120);
    });
    figures.forEach(function (figure) { observer.observe(figure); });
  }

  // True when every chart is drawn for the width its column has now (for tests and tools).
  window.ssspChartsSettled = function () {
    return Array.prototype.every.call(document.querySelectorAll("figure.sssp-chart"), function (figure) {
      return !figure.sssDrawing && figure.sssView && Math.abs(columnWidth(figure) - figure.sssWidth) <= 4;
    });
  };

  function drawAll() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.sssp-chart"));
    return Promise.all(figures.map(draw)).then(function () {
      connectPageParameters(figures);
      pinPageControls(figures);
      watchWidth(figures);
      // Light or dark: the page's theme switch redraws the charts in its ink.
      new MutationObserver(function () { Promise.all(figures.map(draw)); })
        .observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
      document.documentElement.dataset.chartsDrawn = "true";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
