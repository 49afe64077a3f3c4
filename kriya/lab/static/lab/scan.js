/* Scan a sample label's QR with the phone camera (jsQR, vendored) and submit the
   look-up form. Typing the code works without this script. */
(function () {
  "use strict";
  var form = document.getElementById("lookup-form");
  var button = document.getElementById("scan-button");
  if (!form || !button || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) {
    return;
  }
  var input = form.querySelector("input[name=kode]");
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  button.hidden = false;

  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    video.hidden = true;
  }

  function tick() {
    if (!stream) { return; }
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (code && code.data) {
        input.value = code.data;
        stop();
        form.submit();
        return;
      }
    }
    window.requestAnimationFrame(tick);
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      video.setAttribute("playsinline", "");
      video.play();
      status.textContent = status.dataset.scanning;
      window.requestAnimationFrame(tick);
    }).catch(function () {
      status.textContent = status.dataset.denied;
    });
  });
})();
