/* Camera scanning with the browser's own BarcodeDetector (no library, no CDN).
   window.KriyaScan.start(video, onCode, onError) is shared with the check-in page
   (checkin.js); it returns a function that stops the camera. On /verifikasi/ the
   "Pindai dengan kamera" button fills the field and submits. Where the browser lacks
   BarcodeDetector the buttons stay hidden and typing or pasting works as always. */
(function () {
  "use strict";
  var supported = "BarcodeDetector" in window && !!navigator.mediaDevices;

  function start(video, onCode, onError) {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    var stream = null, stopped = false;
    function stop() {
      stopped = true;
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      video.hidden = true;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      if (stopped) { stop(); return; }
      video.hidden = false;
      video.srcObject = stream;
      video.play();
      function tick() {
        if (stopped) return;
        detector.detect(video).then(function (codes) {
          // onCode returns true to keep scanning (the check-in page scans many passes).
          if (codes.length && !onCode(codes[0].rawValue)) { stop(); }
          else { window.setTimeout(function () { window.requestAnimationFrame(tick); }, codes.length ? 1200 : 0); }
        }, function () { window.requestAnimationFrame(tick); });
      }
      tick();
    }, function () { stop(); if (onError) onError(); });
    return stop;
  }

  window.KriyaScan = { supported: supported, start: start };

  var button = document.getElementById("scan-button");
  var field = document.getElementById("id_q");
  if (!button || !field || !supported) return;
  var video = document.getElementById("scan-video");
  var message = document.getElementById("scan-message");
  button.hidden = false;
  button.addEventListener("click", function () {
    start(video, function (text) { field.value = text; field.form.submit(); return false; }, function () {
      message.hidden = false;
      message.textContent = button.dataset.denied || "";
    });
  });
})();
