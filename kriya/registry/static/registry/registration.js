// The business form in steps: move focus to the error summary, and
// "Gunakan lokasi saya" (the browser's location into the hidden latitude/longitude).
// Without JavaScript the button stays hidden and the form works without a point.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();

    var button = document.querySelector("[data-use-location]");
    if (!button || !("geolocation" in navigator)) return;
    var status = document.querySelector("[data-location-status]");
    var lat = document.getElementById("id_latitude");
    var lng = document.getElementById("id_longitude");
    if (!lat || !lng) return;
    button.hidden = false;

    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = button.dataset.msgBusy;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          lat.value = position.coords.latitude.toFixed(6);
          lng.value = position.coords.longitude.toFixed(6);
          var metres = Math.max(1, Math.round(position.coords.accuracy || 0));
          status.textContent = button.dataset.msgDone.replace("{m}", metres);
          button.disabled = false;
        },
        function (error) {
          status.textContent =
            error && error.code === 1 ? button.dataset.msgDenied : button.dataset.msgFailed;
          button.disabled = false;
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
      );
    });
  });
})();
