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
  var ROW = 30; // px per bar of a horizontal chart
  var FORMATS = {};

  function formatter(spec) {
    var key = spec.decimals + ":" + spec.style;
    if (!FORMATS[key]) {
      FORMATS[key] = new Intl.NumberFormat("id-ID", {
        minimumFractionDigits: spec.decimals,
        maximumFractionDigits: spec.decimals,
      });
    }
    var numbers = FORMATS[key];
    return function (value) {
      if (value === null || value === undefined) return "—";
      var text = numbers.format(value);
      if (spec.style === "rupiah") return "Rp " + text;
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
    var horizontal = spec.kind === "hbar" || spec.kind === "stacked";
    var stacked = spec.kind === "stacked";
    var colours = palette(figure);
    var text = window.getComputedStyle(figure).color;
    var format = formatter(spec);
    var many = spec.datasets.length > 1;

    if (horizontal) {
      // Tall enough for every label (CSSOM, which the policy allows; no style attribute).
      area.style.height = spec.labels.length * ROW + (many ? 90 : 60) + "px";
    }
    var valueAxis = {
      beginAtZero: true,
      stacked: stacked,
      ticks: { color: text, callback: function (v) { return format(v); }, precision: spec.decimals ? undefined : 0 },
      title: { display: !!spec.unit, text: spec.unit, color: text },
      grid: { color: "rgba(0,0,0,0.08)" },
    };
    var labelAxis = {
      stacked: stacked,
      ticks: { color: text, autoSkip: !horizontal },
      grid: { display: false },
    };
    area.hidden = false;
    try {
      drawInto(area, spec, horizontal, stacked, colours, text, format, many, valueAxis, labelAxis);
    } catch (error) {
      area.hidden = true; // the table, still open, says it all
      throw error;
    }
    var table = figure.querySelector("details.chart-table");
    if (table) table.open = false;
  }

  function drawInto(area, spec, horizontal, stacked, colours, text, format, many, valueAxis, labelAxis) {
    new window.Chart(area.querySelector("canvas"), {
      type: spec.kind === "line" ? "line" : "bar",
      data: {
        labels: spec.labels,
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
    });
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
