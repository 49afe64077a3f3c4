// Kriya's header menu: everything works without this file (a <details> disclosure);
// it only adds what a script does better. docs/design-system.md, "Header and navigation".
(function () {
  "use strict";
  var WIDE = window.matchMedia("(min-width: 64rem)");

  function ready() {
    var menu = document.querySelector("[data-site-menu]");
    // Browsers without ::details-content cannot show the closed menu's links on a wide
    // screen by CSS alone: keep it open there (and the summary hidden by .menu-static).
    if (menu && !(window.CSS && CSS.supports && CSS.supports("selector(::details-content)"))) {
      var sync = function () {
        menu.open = WIDE.matches;
        menu.classList.toggle("menu-static", WIDE.matches);
      };
      sync();
      WIDE.addEventListener("change", sync);
    }
    var groups = document.querySelectorAll(".site-header details");
    // One open dropdown at a time; a click elsewhere or Escape closes them.
    document.addEventListener("click", function (event) {
      groups.forEach(function (group) {
        if (group.open && !group.contains(event.target) && !group.classList.contains("menu-static")) {
          group.open = false;
        }
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      groups.forEach(function (group) {
        if (group.open && !group.classList.contains("menu-static")) {
          group.open = false;
          var summary = group.querySelector("summary");
          if (group.contains(document.activeElement) && summary) summary.focus();
        }
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
