/* Optional camera scan on /verifikasi/ with the browser's own BarcodeDetector (no
   library, no CDN). Where the browser lacks it, the button stays hidden and typing or
   pasting works as always. */
(function () {
  "use strict";
  var button = document.getElementById("scan-button");
  var field = document.getElementById("id_q");
  if (!button || !field || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var video = document.getElementById("scan-video");
  var message = document.getElementById("scan-message");
  button.hidden = false;
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.hidden = false;
      video.srcObject = stream;
      video.play();
      function stop() { stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true; }
      function tick() {
        detector.detect(video).then(function (codes) {
          if (codes.length) { stop(); field.value = codes[0].rawValue; field.form.submit(); }
          else { window.requestAnimationFrame(tick); }
        }, function () { window.requestAnimationFrame(tick); });
      }
      tick();
    }, function () {
      message.hidden = false;
      message.textContent = button.dataset.denied || "";
    });
  });
})();
