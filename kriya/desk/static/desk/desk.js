/* The service desk's small enhancements; every page works without them.
   - A "copy" button for a billing code: shown only when the Clipboard API exists;
     without JavaScript the code stays selectable text (CSS user-select: all). */
(function () {
  "use strict";

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function setupCopy(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var status = button.closest("section, div, form");
    status = status ? status.querySelector("[data-copy-status]") : null;
    function say(text) {
      if (status) status.textContent = text;
    }
    if (!(navigator.clipboard && window.isSecureContext)) {
      // No clipboard API: leave the text to be selected by hand.
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var code = source.textContent.trim();
      navigator.clipboard.writeText(code).then(
        function () {
          say(button.getAttribute("data-copied"));
          button.setAttribute("data-copied-at", String(Date.now()));
        },
        function () {
          selectText(source);
          say(button.getAttribute("data-failed"));
        }
      );
    });
  }

  function init() {
    var buttons = document.querySelectorAll("button[data-copy]");
    for (var i = 0; i < buttons.length; i++) setupCopy(buttons[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
