/*
 * Indicator pages: draw each <div class="indicator-chart">, and make each
 * <table data-sortable> sortable by its columns.
 *
 * Charts (written by generator/indicator_pages.py). A bar chart, the default:
 *
 *   <div class="indicator-chart">
 *   <script type="application/json">{"title": "...", "unit": "件",
 *     "labels": ["镇海区 2020年", ...], "values": [891, 446, ...],
 *     "details": ["浙江省 宁波市 镇海区 · 原文：…", ...], "links": [...]}</script>
 *   </div>
 *
 * labels, values, details and links are parallel arrays, drawn in the order given as
 * horizontal bars; a value may be null (no bar). details (optional) are shown in the
 * tooltip under the value. links (optional) are relative to the page; a link may be null or
 * missing, and a bar without one is not clickable. axis (optional) titles the value axis;
 * without it the axis reads "单位：<unit>". unit may be "" or missing.
 *
 * A strip chart, "type": "strip": one dot per report, in rows (report years), so that a
 * thousand reports stay one screen high:
 *
 *   {"type": "strip", "title": "...", "unit": "件", "scale": "log" | "linear",
 *    "axis": "单位：件、对数刻度", "rows": ["2021年", "2020年", ...],
 *    "medians": [..., one per row], "counts": [..., reports per row],
 *    "row": [0, 1, ...], "values": [...], "labels": [...], "links": [...]}
 *
 * row, values, labels and links are parallel, one entry per dot; a dot's tooltip shows its
 * label and value, and a click (on a touch screen: a second tap) opens its link. Dots of a
 * row are spread vertically by a fixed pattern so that equal values stay visible.
 *
 * The table that follows the charts stays the accessible and no-JavaScript version of the
 * same data. Text from the data is drawn on the canvas or set as text, never as HTML.
 *
 * Sortable tables: <th data-sort="number|text"> headers become buttons; a cell's sort key is
 * its data-value attribute (its text without one); an empty key sorts last either way; equal
 * keys keep the order the page came in. aria-sort marks the current order.
 *
 * Chart.js (docs/assets/vendor/chartjs/, MIT) is served by the site itself and loaded only
 * on pages that have a chart, so report pages do not pay for it. Nothing is requested from
 * another origin. Plain script, no modules: it also works from site/ opened on disk.
 */
(function () {
  "use strict";

  var SELECTOR = ".indicator-chart";
  var BAR_PX = 32; // height of one bar's row
  var EXTRA_PX = 40; // axis and padding
  var MIN_PX = 160;
  var LINE_PX = 15; // one line of a wrapped y-axis label

  // Where Chart.js lives, relative to this script (…/javascripts/indicator-charts.js).
  var script = document.currentScript;
  var CHARTJS_SRC = new URL(
    "../assets/vendor/chartjs/chart.umd.min.js",
    (script && script.src) || document.baseURI
  ).href;

  var loading = null;
  var charts = [];

  // The value axis's title, the same on both charts: the unit, or the axis's own words.
  function axisTitle(data, colors) {
    return {
      display: !!(data.axis || data.unit),
      text: data.axis || "单位：" + data.unit,
      color: colors.text,
      align: "end",
      padding: { top: 2 },
    };
  }

  function loadChartJs() {
    if (window.Chart) return Promise.resolve(window.Chart);
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = CHARTJS_SRC;
      tag.async = true;
      tag.onload = function () {
        if (window.Chart) resolve(window.Chart);
        else reject(new Error("Chart.js loaded but window.Chart is missing"));
      };
      tag.onerror = function () {
        reject(new Error("cannot load " + CHARTJS_SRC));
      };
      document.head.appendChild(tag);
    });
    return loading;
  }

  /* ---------------------------------------------------------------- colours */

  // Material's colour variables resolved to rgb()/rgba() (they may be #rrggbbaa or
  // var() chains), by letting the browser compute them on a probe element.
  function cssColor(name, fallback) {
    var probe = document.createElement("span");
    probe.style.display = "none";
    probe.style.color = "var(" + name + ", " + fallback + ")";
    document.body.appendChild(probe);
    var value = getComputedStyle(probe).color;
    probe.remove();
    return value || fallback;
  }

  // rgb(a) string with its alpha multiplied by `alpha`.
  function withAlpha(rgb, alpha) {
    var m = /rgba?\(([^)]+)\)/.exec(rgb);
    if (!m) return rgb;
    var parts = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    var a = parts.length > 3 ? parts[3] : 1;
    return "rgba(" + parts[0] + ", " + parts[1] + ", " + parts[2] + ", " + a * alpha + ")";
  }

  function palette() {
    var primary = cssColor("--md-primary-fg-color", "#4051b5");
    return {
      bar: withAlpha(primary, 0.75),
      barHover: primary,
      text: cssColor("--md-default-fg-color--light", "rgba(0, 0, 0, 0.54)"),
      strong: cssColor("--md-default-fg-color", "rgba(0, 0, 0, 0.87)"),
      grid: cssColor("--md-default-fg-color--lightest", "rgba(0, 0, 0, 0.07)"),
      tooltipBg: cssColor("--md-default-fg-color", "rgba(0, 0, 0, 0.87)"),
      tooltipFg: cssColor("--md-default-bg-color", "#fff"),
    };
  }

  /* ---------------------------------------------------------------- text */

  var numberFormat =
    typeof Intl !== "undefined"
      ? new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 })
      : { format: String };

  function formatValue(value, unit) {
    if (value === null || value === undefined || isNaN(value)) return "";
    var text = numberFormat.format(value);
    if (!unit) return text;
    // "891 件", but "99 %" reads badly: no space before % and ‰.
    return /^[%‰]/.test(unit) ? text + unit : text + " " + unit;
  }

  // Measures text in the chart's tick font (set by draw()).
  var measureCtx = document.createElement("canvas").getContext("2d");
  function textWidth(text) {
    return measureCtx.measureText(text).width;
  }

  // Units a label may break between: runs of Latin letters and digits ("2020", "XX") stay
  // whole, Chinese characters stand alone, closing punctuation sticks to what precedes it
  // and opening punctuation to what follows.
  var CLOSING = /^[）)》」』】〕，,。、；;：:！!？?%‰]$/;
  var OPENING = /^[（(《「『【〔]$/;
  function units(word) {
    var parts = word.match(/[A-Za-z0-9][A-Za-z0-9.\-_·]*|[\s\S]/g) || [];
    var out = [];
    var pending = "";
    parts.forEach(function (part) {
      if (OPENING.test(part)) {
        pending += part;
      } else if (CLOSING.test(part) && out.length && !pending) {
        out[out.length - 1] += part;
      } else {
        out.push(pending + part);
        pending = "";
      }
    });
    if (pending) out.push(pending);
    return out;
  }

  // Split a label into lines no wider than `max` pixels, preferring the spaces between the
  // parts of a place name ("宁波市 镇海区 XX街道 2020").
  function wrapLabel(label, max) {
    label = String(label == null ? "" : label).trim();
    if (textWidth(label) <= max) return label;
    var lines = [];
    var line = "";
    function put(piece, sep) {
      if (!line) line = piece;
      else if (textWidth(line + sep + piece) <= max) line += sep + piece;
      else {
        lines.push(line);
        line = piece;
      }
    }
    // "李堡镇 2020 · 调处率": the "·" goes with what follows it.
    label
      .replace(/\s+·\s+/g, " ·\u00a0")
      .split(/[ \t\r\n]+/)
      .forEach(function (word) {
        if (textWidth(word) <= max) put(word, " ");
        else
          units(word).forEach(function (unit, i) {
            put(unit, i ? "" : " ");
          });
      });
    if (line) lines.push(line);
    return lines.length > 1 ? lines : lines[0] || "";
  }

  // Pixels for the y-axis labels: 40 % of the chart's width.
  function labelWidth(chartWidth) {
    return Math.max(72, Math.floor(chartWidth * 0.4));
  }

  function lineCount(label, max) {
    var wrapped = wrapLabel(label, max);
    return Array.isArray(wrapped) ? wrapped.length : 1;
  }

  /* ---------------------------------------------------------------- chart */

  function readJson(el) {
    var source = el.querySelector('script[type="application/json"]');
    if (!source) throw new Error("no <script type=\"application/json\"> in .indicator-chart");
    var data = JSON.parse(source.textContent);
    if (!data || typeof data !== "object") throw new Error("chart data is not an object");
    return data;
  }

  function text(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function number(value) {
    return value === null || value === undefined || value === "" ? null : Number(value);
  }

  function readData(data) {
    var labels = Array.isArray(data.labels) ? data.labels : [];
    var values = Array.isArray(data.values) ? data.values : [];
    var links = Array.isArray(data.links) ? data.links : [];
    var details = Array.isArray(data.details) ? data.details : [];
    if (labels.length !== values.length) {
      throw new Error("labels and values differ in length");
    }
    return {
      title: text(data.title),
      unit: text(data.unit),
      axis: text(data.axis),
      labels: labels.map(String),
      details: labels.map(function (_, i) {
        return text(details[i]);
      }),
      values: values.map(number),
      links: labels.map(function (_, i) {
        return links[i] ? String(links[i]) : null;
      }),
    };
  }

  // Draw each value just past the end of its bar, so that phones (no hover) see it.
  var valueLabels = {
    id: "indicatorValueLabels",
    afterDatasetsDraw: function (chart, args, options) {
      var ctx = chart.ctx;
      var meta = chart.getDatasetMeta(0);
      var values = chart.data.datasets[0].data;
      ctx.save();
      ctx.font = options.font;
      ctx.fillStyle = options.color;
      ctx.textBaseline = "middle";
      ctx.textAlign = "left";
      meta.data.forEach(function (bar, i) {
        if (values[i] === null || values[i] === undefined) return;
        var x = Math.max(bar.x, bar.base);
        ctx.fillText(formatValue(values[i], options.unit), x + 4, bar.y);
      });
      ctx.restore();
    },
  };

  // A whole row answers hover and click: its label, its bar, the gap around the bar and
  // the value after it (Chart.js itself reacts only inside the plot area, and small bars
  // are hard to hit on a phone). A click or tap opens links[i].
  var rowLinks = {
    id: "indicatorRowLinks",
    afterEvent: function (chart, args, options) {
      var e = args.event;
      var area = chart.chartArea;
      var count = chart.data.labels.length;
      var index = null;
      if (e.type !== "mouseout" && e.y >= area.top && e.y <= area.bottom && count) {
        var v = chart.scales.y.getValueForPixel(e.y);
        if (typeof v === "number" && isFinite(v)) {
          index = Math.min(count - 1, Math.max(0, Math.round(v)));
        }
      }
      var value = index === null ? null : chart.data.datasets[0].data[index];
      var link = index === null ? null : options.links[index];
      if (e.type === "click") {
        if (link) window.location.href = new URL(link, document.baseURI).href;
        return;
      }
      if (e.native && e.native.target) e.native.target.style.cursor = link ? "pointer" : "";
      if (e.type === "mouseout") return;
      var active =
        value === null || value === undefined ? [] : [{ datasetIndex: 0, index: index }];
      var current = chart.getActiveElements();
      if (
        active.length !== current.length ||
        (active.length && current[0].index !== active[0].index)
      ) {
        chart.setActiveElements(active);
        chart.tooltip.setActiveElements(active, { x: e.x, y: e.y });
        args.changed = true;
      }
    },
  };

  function draw(Chart, el) {
    if (el.dataset.chartState) return;
    el.dataset.chartState = "drawing";
    var made;
    try {
      var data = readJson(el);
      made =
        data.type === "strip"
          ? drawStrip(Chart, el, readStrip(data))
          : drawBars(Chart, el, readData(data));
    } catch (err) {
      el.dataset.chartState = "error";
      console.error("indicator-charts:", err);
      return;
    }
    if (!made) {
      el.dataset.chartState = "empty";
      return;
    }
    charts.push(made);
    el.dataset.chartState = "drawn";
    el.classList.add("indicator-chart--drawn");
  }

  function setFonts(Chart) {
    var fontFamily = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.family = fontFamily;
    Chart.defaults.font.size = 12;
    return { family: fontFamily, size: 12 };
  }

  function drawBars(Chart, el, data) {
    if (!data.labels.length) return null;
    var font = setFonts(Chart);
    var fontFamily = font.family;
    var fontSize = font.size;


    var colors = palette();
    var wrapper = document.createElement("div");
    wrapper.className = "indicator-chart__canvas";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute(
      "aria-label",
      (data.title ? data.title + "：" : "") + "条形图，共 " + data.labels.length + " 项，数据见下表"
    );
    wrapper.appendChild(canvas);
    el.appendChild(wrapper);

    // Height: one row per bar, taller where labels wrap onto several lines (which depends
    // on the width: recomputed when the chart is resized).
    function fitHeight(width) {
      measureCtx.font = fontSize + "px " + fontFamily;
      var lines = data.labels.reduce(function (m, l) {
        return Math.max(m, lineCount(l, labelWidth(width)));
      }, 1);
      var row = Math.max(BAR_PX, lines * LINE_PX + 8);
      var height = Math.max(MIN_PX, EXTRA_PX + row * data.labels.length) + "px";
      if (wrapper.style.height !== height) wrapper.style.height = height;
    }
    fitHeight(wrapper.clientWidth || el.clientWidth || 600);

    // Room on the right for the longest value label.
    var valueFont = fontSize + "px " + fontFamily;
    var widest = data.values.reduce(function (m, v) {
      return Math.max(m, textWidth(formatValue(v, data.unit)));
    }, 0);

    var chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: data.title,
            data: data.values,
            backgroundColor: colors.bar,
            hoverBackgroundColor: colors.barHover,
            borderWidth: 0,
            borderRadius: 2,
            barPercentage: 0.8,
            categoryPercentage: 0.9,
          },
        ],
      },
      plugins: [valueLabels, rowLinks],
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        onResize: function (chart, size) {
          fitHeight(size.width);
        },
        animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches
          ? false
          : { duration: 400 },
        // The whole row (label and bar) answers hover and click: small bars are hard to hit.
        interaction: { mode: "y", intersect: false, axis: "y" },
        layout: { padding: { right: Math.ceil(widest) + 10 } },
        scales: {
          x: {
            beginAtZero: true,
            grace: 0,
            grid: { color: colors.grid },
            border: { display: false },
            ticks: {
              color: colors.text,
              maxRotation: 0,
              callback: function (value) {
                return numberFormat.format(value);
              },
            },
            title: axisTitle(data, colors),
          },
          y: {
            grid: { display: false },
            border: { color: colors.grid },
            ticks: {
              color: colors.strong,
              autoSkip: false,
              callback: function (value, index) {
                measureCtx.font = fontSize + "px " + fontFamily;
                return wrapLabel(this.getLabelForValue(index), labelWidth(this.chart.width));
              },
            },
          },
        },
        plugins: {
          legend: { display: false },
          title: { display: false },
          indicatorValueLabels: { font: valueFont, color: colors.text, unit: data.unit },
          indicatorRowLinks: { links: data.links },
          tooltip: {
            backgroundColor: colors.tooltipBg,
            titleColor: colors.tooltipFg,
            bodyColor: colors.tooltipFg,
            displayColors: false,
            callbacks: {
              title: function (items) {
                return items.length ? data.labels[items[0].dataIndex] : "";
              },
              label: function (item) {
                var value = formatValue(data.values[item.dataIndex], data.unit);
                var detail = data.details[item.dataIndex];
                return detail ? [value, detail] : value;
              },
              footer: function (items) {
                return items.length && data.links[items[0].dataIndex] ? "点击查看原文" : "";
              },
            },
            footerColor: colors.tooltipFg,
            footerFont: { weight: "normal", size: 11 },
          },
        },
      },
    });
    return {
      chart: chart,
      recolour: function (colors) {
        var ds = chart.data.datasets[0];
        ds.backgroundColor = colors.bar;
        ds.hoverBackgroundColor = colors.barHover;
        var o = chart.options;
        o.scales.x.grid.color = colors.grid;
        o.scales.x.ticks.color = colors.text;
        o.scales.x.title.color = colors.text;
        o.scales.y.border.color = colors.grid;
        o.scales.y.ticks.color = colors.strong;
        o.plugins.indicatorValueLabels.color = colors.text;
        recolourTooltip(o.plugins.tooltip, colors);
      },
    };
  }

  function recolourTooltip(tooltip, colors) {
    tooltip.backgroundColor = colors.tooltipBg;
    tooltip.titleColor = colors.tooltipFg;
    tooltip.bodyColor = colors.tooltipFg;
    tooltip.footerColor = colors.tooltipFg;
  }

  /* ---------------------------------------------------------------- strip chart */

  var ROW_PX = 44; // height of one row of dots
  var STRIP_EXTRA_PX = 56; // axis, its title and padding
  var SPREAD = 0.56; // share of a row's height the dots spread over

  function readStrip(data) {
    var rows = Array.isArray(data.rows) ? data.rows.map(text) : [];
    var row = Array.isArray(data.row) ? data.row : [];
    var values = Array.isArray(data.values) ? data.values : [];
    var labels = Array.isArray(data.labels) ? data.labels : [];
    var links = Array.isArray(data.links) ? data.links : [];
    var medians = Array.isArray(data.medians) ? data.medians : [];
    var counts = Array.isArray(data.counts) ? data.counts : [];
    if (row.length !== values.length) throw new Error("row and values differ in length");
    var points = [];
    values.forEach(function (v, i) {
      var r = Number(row[i]);
      var x = number(v);
      if (x === null || isNaN(x) || !(r >= 0 && r < rows.length)) return;
      // A fixed, well-spread pattern (golden-ratio steps), so that a page draws the same
      // picture every time and equal values do not hide one another.
      var offset = (((i * 0.6180339887) % 1) - 0.5) * SPREAD;
      points.push({ x: x, y: r + offset, i: i });
    });
    return {
      title: text(data.title),
      unit: text(data.unit),
      axis: text(data.axis),
      log: data.scale === "log",
      rows: rows,
      points: points,
      labels: values.map(function (_, i) {
        return text(labels[i]);
      }),
      links: values.map(function (_, i) {
        return links[i] ? String(links[i]) : null;
      }),
      medians: rows.map(function (_, r) {
        // A row of one report: its median is its dot.
        var m = number(medians[r]);
        var n = number(counts[r]);
        return m === null || isNaN(m) || n < 2 ? null : { x: m, y: r, n: n };
      }).filter(Boolean),
    };
  }

  // Each row's median as a short upright line over its dots (drawn, not a dataset: it is
  // not something to hover or click, and the table has the numbers).
  var stripMedians = {
    id: "stripMedians",
    afterDatasetsDraw: function (chart, args, options) {
      var x = chart.scales.x;
      var y = chart.scales.y;
      var half = Math.abs(y.getPixelForValue(0.36) - y.getPixelForValue(0));
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = options.color;
      ctx.lineWidth = 3;
      ctx.lineCap = "round";
      options.medians.forEach(function (m) {
        var px = x.getPixelForValue(m.x);
        var py = y.getPixelForValue(m.y);
        ctx.beginPath();
        ctx.moveTo(px, py - half);
        ctx.lineTo(px, py + half);
        ctx.stroke();
      });
      ctx.restore();
    },
  };

  function drawStrip(Chart, el, data) {
    if (!data.points.length) return null;
    setFonts(Chart);
    var colors = palette();
    var wrapper = document.createElement("div");
    wrapper.className = "indicator-chart__canvas";
    wrapper.style.height = Math.max(MIN_PX, STRIP_EXTRA_PX + ROW_PX * data.rows.length) + "px";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute(
      "aria-label",
      (data.title ? data.title + "：" : "") +
        "点图，共 " + data.points.length + " 份报告，按报告年度分行，数据见下表"
    );
    wrapper.appendChild(canvas);
    el.appendChild(wrapper);
    var small = wrapper.clientWidth < 480;

    // A tap shows a dot's tooltip; a second tap on the same dot opens it. A mouse click
    // opens it at once (the tooltip was already shown on hover).
    var touchedAt = 0;
    var armed = null;
    canvas.addEventListener(
      "touchstart",
      function () {
        touchedAt = Date.now();
      },
      { passive: true }
    );

    var chart = new Chart(canvas, {
      type: "scatter",
      data: {
        datasets: [
          {
            label: data.title,
            data: data.points,
            backgroundColor: withAlpha(colors.barHover, 0.55),
            borderColor: withAlpha(colors.barHover, 0.9),
            borderWidth: 1,
            pointRadius: small ? 3 : 3.5,
            pointHoverRadius: 6,
            pointHitRadius: small ? 6 : 4,
          },
        ],
      },
      plugins: [stripMedians],
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "nearest", intersect: true },
        onClick: function (event, elements) {
          var hit = elements.filter(function (e) {
            return e.datasetIndex === 0;
          })[0];
          if (!hit) {
            armed = null;
            return;
          }
          var point = data.points[hit.index];
          var link = data.links[point.i];
          if (!link) return;
          if (Date.now() - touchedAt < 1000 && armed !== point.i) {
            armed = point.i;
            return;
          }
          window.location.href = new URL(link, document.baseURI).href;
        },
        onHover: function (event, elements) {
          var target = event.native && event.native.target;
          var onDot = elements.some(function (e) {
            return e.datasetIndex === 0;
          });
          if (target) target.style.cursor = onDot ? "pointer" : "";
        },
        scales: {
          x: {
            type: data.log ? "logarithmic" : "linear",
            beginAtZero: !data.log && data.unit !== "%",
            grid: { color: colors.grid },
            border: { display: false },
            ticks: {
              color: colors.text,
              maxRotation: 0,
              autoSkip: true,
              callback: function (value) {
                if (data.log) {
                  // Only 1, 10, 100…: the ticks between crowd a phone's axis.
                  var exponent = Math.log10(value);
                  if (Math.abs(exponent - Math.round(exponent)) > 1e-9) return null;
                }
                return numberFormat.format(value);
              },
            },
            title: axisTitle(data, colors),
          },
          y: {
            type: "linear",
            reverse: true,
            min: -0.5,
            max: data.rows.length - 0.5,
            grid: { color: colors.grid, drawTicks: false },
            border: { display: false },
            afterBuildTicks: function (axis) {
              axis.ticks = data.rows.map(function (_, r) {
                return { value: r };
              });
            },
            ticks: {
              color: colors.strong,
              autoSkip: false,
              padding: 6,
              callback: function (value) {
                return data.rows[value] === undefined ? "" : data.rows[value];
              },
            },
          },
        },
        plugins: {
          legend: { display: false },
          title: { display: false },
          stripMedians: { medians: data.medians, color: colors.strong },
          tooltip: {
            backgroundColor: colors.tooltipBg,
            titleColor: colors.tooltipFg,
            bodyColor: colors.tooltipFg,
            footerColor: colors.tooltipFg,
            footerFont: { weight: "normal", size: 11 },
            displayColors: false,
            callbacks: {
              title: function (items) {
                return items.length ? data.labels[items[0].raw.i] : "";
              },
              label: function (item) {
                return formatValue(item.raw.x, data.unit);
              },
              footer: function (items) {
                if (!items.length || !data.links[items[0].raw.i]) return "";
                return Date.now() - touchedAt < 1000 ? "再点一下查看原文" : "点击查看原文";
              },
            },
          },
        },
      },
    });
    return {
      chart: chart,
      recolour: function (colors) {
        var points = chart.data.datasets[0];
        points.backgroundColor = withAlpha(colors.barHover, 0.55);
        points.borderColor = withAlpha(colors.barHover, 0.9);
        var o = chart.options;
        o.plugins.stripMedians.color = colors.strong;
        o.scales.x.grid.color = colors.grid;
        o.scales.x.ticks.color = colors.text;
        o.scales.x.title.color = colors.text;
        o.scales.y.grid.color = colors.grid;
        o.scales.y.ticks.color = colors.strong;
        recolourTooltip(o.plugins.tooltip, colors);
      },
    };
  }

  // Light/dark palette switches change Material's variables: recolour the charts.
  function recolour() {
    var colors = palette();
    charts.forEach(function (made) {
      made.recolour(colors);
      made.chart.update("none");
    });
  }

  /* ---------------------------------------------------------------- sortable tables */

  var collator =
    typeof Intl !== "undefined" && Intl.Collator
      ? new Intl.Collator("zh-CN", { numeric: true })
      : { compare: function (a, b) { return a < b ? -1 : a > b ? 1 : 0; } };

  function sortKey(cell, kind) {
    if (!cell) return null;
    var key = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
    key = key.trim();
    if (key === "") return null;
    if (kind !== "number") return key;
    var n = Number(key);
    return isNaN(n) ? null : n;
  }

  function makeSortable(table) {
    if (table.dataset.sortReady || !table.tHead || !table.tBodies.length) return;
    table.dataset.sortReady = "1";
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    var first = new Map();
    Array.prototype.forEach.call(body.rows, function (row, i) {
      first.set(row, i);
    });
    headers.forEach(function (th, column) {
      var kind = th.getAttribute("data-sort");
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "indicator-table__sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) {
          h.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.map.call(body.rows, function (row) {
          return { row: row, key: sortKey(row.cells[column], kind), order: first.get(row) };
        });
        rows.sort(function (a, b) {
          if (a.key === null || b.key === null) {
            if (a.key === b.key) return a.order - b.order;
            return a.key === null ? 1 : -1; // no value: last, in either direction
          }
          var d = kind === "number" ? a.key - b.key : collator.compare(a.key, b.key);
          return (ascending ? d : -d) || a.order - b.order;
        });
        var fragment = document.createDocumentFragment();
        rows.forEach(function (r) {
          fragment.appendChild(r.row);
        });
        body.appendChild(fragment);
      });
    });
  }

  var observing = false;
  function observeScheme() {
    if (observing || typeof MutationObserver === "undefined") return;
    observing = true;
    new MutationObserver(recolour).observe(document.body, {
      attributes: true,
      attributeFilter: ["data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"],
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), makeSortable);
    var elements = Array.prototype.filter.call(document.querySelectorAll(SELECTOR), function (el) {
      return !el.dataset.chartState;
    });
    if (!elements.length) return;
    loadChartJs().then(
      function (Chart) {
        elements.forEach(function (el) {
          draw(Chart, el);
        });
        observeScheme();
      },
      function (err) {
        // The table after each chart still has the data.
        console.error("indicator-charts:", err);
      }
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // Material's document$ (instant navigation); init() skips charts and tables already done.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
})();
