/* Kriya's charts: draws each figure.chart of the page with the vendored Chart.js from
 * the data its view put in the page with json_script (kriya/core/charts.py builds it,
 * kriya/templates/components/_chart.html places it). The data table stays in the page:
 * once the chart is drawn it is folded under "Tabel data", one tap away. Numbers are
 * written the Indonesian way (1.234; Rp 245.000; 12,5%) in both languages.
 * No inline script or style: the Content-Security-Policy forbids them. */
(function () {
  "use strict";

  // Okabe–Ito: told apart also by readers with colour-vision deficiency.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
  var ROW = 22; // px per bar of a horizontal chart, plus LINE a line of its label
  var LINE = 14;
  var FORMATS = {};

  // A long label in lines of about `width` characters, so that a phone shows it whole
  // (Chart.js draws an array as several lines).
  function wrap(label, width) {
    var words = String(label).split(" ");
    var lines = [];
    var line = "";
    for (var i = 0; i < words.length; i++) {
      var next = line ? line + " " + words[i] : words[i];
      if (line && next.length > width) {
        lines.push(line);
        line = words[i];
      } else {
        line = next;
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  // Values in the tooltip with the chart's decimals; on the axis with as few as needed.
  function formatter(spec, axis) {
    var key = spec.decimals + ":" + spec.style + ":" + !!axis;
    if (!FORMATS[key]) {
      FORMATS[key] = new Intl.NumberFormat("id-ID", {
        minimumFractionDigits: axis ? 0 : spec.decimals,
        maximumFractionDigits: spec.decimals,
      });
    }
    var numbers = FORMATS[key];
    return function (value) {
      if (value === null || value === undefined) return "—";
      var text = numbers.format(value);
      if (spec.style === "rupiah") return "Rp\u00a0" + text;
      if (spec.style === "percent") return text + "%";
      return text;
    };
  }

  function palette(figure) {
    var style = window.getComputedStyle(figure);
    return PALETTE.map(function (fallback, i) {
      var value = style.getPropertyValue("--chart-" + (i + 1)).trim();
      return value || fallback;
    });
  }

  function draw(figure) {
    var area = figure.querySelector(".chart-area[data-chart]");
    var source = area && document.getElementById(area.getAttribute("data-chart"));
    if (!area || !source || !window.Chart) return;
    var spec = JSON.parse(source.textContent);
    area.hidden = false; // shown first: the chart takes the width it is given
    try {
      new window.Chart(area.querySelector("canvas"), config(figure, area, spec));
    } catch (error) {
      area.hidden = true; // the table, still open, says it all
      throw error;
    }
    var table = figure.querySelector("details.chart-table");
    if (table) table.open = false;
  }

  function config(figure, area, spec) {
    var horizontal = spec.kind === "hbar" || spec.kind === "stacked";
    var stacked = spec.kind === "stacked";
    var colours = palette(figure);
    var text = window.getComputedStyle(figure).color;
    var format = formatter(spec);
    var axisFormat = formatter(spec, true);
    var many = spec.datasets.length > 1;
    // Labels beside horizontal bars get about a third of the width, in lines.
    var chars = Math.max(12, Math.floor(area.clientWidth / 3 / 6.5));
    var labels = horizontal
      ? spec.labels.map(function (l) { return wrap(l, chars); })
      : spec.labels;
    if (horizontal) {
      // Tall enough for every label (CSSOM, which the policy allows; no style attribute).
      var height = many ? 100 : 64;
      var row = ROW + (stacked ? 0 : 10 * (spec.datasets.length - 1)); // grouped bars
      for (var i = 0; i < labels.length; i++) height += row + LINE * (labels[i].length - 1) + 8;
      area.style.height = height + "px";
    }
    var valueAxis = {
      beginAtZero: true,
      stacked: stacked,
      ticks: {
        color: text,
        callback: function (v) { return axisFormat(v); },
        precision: spec.decimals ? undefined : 0,
      },
      title: { display: !!spec.unit, text: spec.unit, color: text },
      grid: { color: "rgba(0,0,0,0.08)" },
    };
    var labelAxis = {
      stacked: stacked,
      ticks: { color: text, autoSkip: !horizontal, font: { size: 12, lineHeight: 1.15 } },
      grid: { display: false },
    };
    return {
      type: spec.kind === "line" ? "line" : "bar",
      data: {
        labels: labels,
        datasets: spec.datasets.map(function (d, i) {
          return {
            label: d.label,
            data: d.data,
            backgroundColor: colours[i % colours.length],
            borderColor: colours[i % colours.length],
            borderWidth: spec.kind === "line" ? 2 : 0,
            pointRadius: spec.kind === "line" ? 3 : 0,
            spanGaps: false,
          };
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: "id-ID",
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { display: many, position: "bottom", labels: { color: text, boxWidth: 14 } },
          tooltip: {
            callbacks: {
              label: function (item) {
                return (many ? item.dataset.label + ": " : "") + format(item.raw);
              },
            },
          },
        },
      },
    };
  }

  function start() {
    var figures = document.querySelectorAll("figure.chart");
    for (var i = 0; i < figures.length; i++) {
      try {
        draw(figures[i]);
      } catch (error) {
        // The table is still there and open: the page keeps working without the drawing.
        if (window.console) window.console.error(error);
      }
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
