/* Product photos, several at a time: each chosen photo is made smaller in the browser
   (longest side at most data-max-side pixels, re-encoded as WebP or JPEG, which also
   drops the camera's location data) and uploaded on its own with a progress bar, and
   its result is shown. The server still checks, re-encodes and limits every photo.
   Without JavaScript (or without canvas/XHR upload) the plain multi-file form posts. */
(function () {
  "use strict";

  var QUALITY = 0.85;

  function texts() {
    var node = document.getElementById("photo-upload-texts");
    try {
      return node ? JSON.parse(node.textContent) : {};
    } catch (e) {
      return {};
    }
  }

  function supported() {
    var canvas = document.createElement("canvas");
    return !!(window.FormData && window.XMLHttpRequest && canvas.getContext && canvas.toBlob);
  }

  /* Decoded pixels of the photo. createImageBitmap reads the file without an <img>
     (the strict CSP allows no blob: images) and applies the EXIF orientation. */
  function decode(file) {
    if (!window.createImageBitmap) return Promise.reject(new Error("decode"));
    return createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () {
      return createImageBitmap(file);
    });
  }

  function toBlob(canvas, type) {
    return new Promise(function (resolve) { canvas.toBlob(resolve, type, QUALITY); });
  }

  function preview(source, w, h) {
    var side = 112;
    var scale = Math.min(1, side / Math.max(w, h));
    var small = document.createElement("canvas");
    small.width = Math.max(1, Math.round(w * scale));
    small.height = Math.max(1, Math.round(h * scale));
    small.getContext("2d").drawImage(source, 0, 0, small.width, small.height);
    return small.toDataURL("image/jpeg", 0.7);
  }

  /* The photo made smaller (and its preview as a data: URL); the original file when the
     browser cannot decode it (the server then says why it refuses it). */
  function shrink(file, maxSide) {
    return decode(file).then(function (bitmap) {
      var w = bitmap.width, h = bitmap.height;
      var scale = Math.min(1, maxSide / Math.max(w, h));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(w * scale));
      canvas.height = Math.max(1, Math.round(h * scale));
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff"; // a transparent PNG becomes white, not black, as JPEG
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      if (bitmap.close) bitmap.close();
      var thumb = preview(canvas, canvas.width, canvas.height);
      return toBlob(canvas, "image/webp").then(function (blob) {
        if (blob && blob.type === "image/webp") return { blob: blob, ext: "webp", thumb: thumb };
        return toBlob(canvas, "image/jpeg").then(function (jpeg) {
          return { blob: jpeg, ext: "jpg", thumb: thumb };
        });
      });
    }).then(function (out) {
      if (!out.blob) return { file: file, thumb: "" };
      var base = (file.name || "foto").replace(/\.[^.]*$/, "");
      var name = base + "." + out.ext;
      var made;
      try {
        made = new File([out.blob], name, { type: out.blob.type });
      } catch (e) {
        made = out.blob;
        made.name = name;
      }
      return { file: made, thumb: out.thumb };
    }, function () { return { file: file, thumb: "" }; });
  }

  function row(list, file) {
    var li = document.createElement("li");
    li.className = "pending";
    var thumb = document.createElement("img");
    thumb.className = "upload-thumb";
    thumb.alt = "";
    var name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name || "";
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var status = document.createElement("span");
    status.className = "upload-status";
    li.appendChild(thumb);
    li.appendChild(name);
    li.appendChild(bar);
    li.appendChild(status);
    list.appendChild(li);
    return { li: li, thumb: thumb, bar: bar, status: status };
  }

  function send(form, field, file, onProgress) {
    return new Promise(function (resolve) {
      var data = new FormData();
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      if (token) data.append("csrfmiddlewaretoken", token.value);
      data.append(field, file, file.name || "foto.jpg");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onload = function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        resolve({ status: xhr.status, body: body });
      };
      xhr.onerror = function () { resolve({ status: 0, body: null }); };
      xhr.send(data);
    });
  }

  function enhance(form) {
    var input = form.querySelector("input[type=file]");
    var list = form.querySelector("[data-upload-results]");
    var overall = form.querySelector("[data-upload-overall]");
    var overallBar = overall ? overall.querySelector("progress") : null;
    if (!input || !list) return;
    var t = texts();
    var maxSide = parseInt(form.getAttribute("data-max-side"), 10) || 1600;
    var busy = false;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return;
      var files = Array.prototype.slice.call(input.files || []);
      var left = parseInt(form.getAttribute("data-left"), 10);
      list.textContent = "";
      var oldDone = form.querySelector(".upload-done");
      if (oldDone) oldDone.parentNode.removeChild(oldDone);
      function problem(text) {
        var li = document.createElement("li");
        li.className = "failed";
        var s = document.createElement("span");
        s.className = "upload-status";
        s.setAttribute("role", "alert");
        s.textContent = text;
        li.appendChild(s);
        list.appendChild(li);
      }
      if (!files.length) { problem(t.none || ""); return; }
      if (!isNaN(left) && left <= 0) { problem(t.full || ""); return; }
      if (!isNaN(left) && files.length > left) {
        problem((t.tooMany || "").split("{left}").join(String(left)));
        return;
      }
      busy = true;
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      var rows = files.map(function (file) { return row(list, file); });
      var shares = files.map(function () { return 0; });
      function updateOverall() {
        if (!overallBar) return;
        var sum = shares.reduce(function (a, b) { return a + b; }, 0);
        overallBar.value = Math.round((sum / files.length) * 100);
      }
      if (overall) overall.hidden = false;
      var saved = 0;
      var chain = Promise.resolve();
      files.forEach(function (file, i) {
        chain = chain.then(function () {
          var r = rows[i];
          r.status.textContent = t.preparing || "";
          return shrink(file, maxSide).then(function (small) {
            if (small.thumb) r.thumb.src = small.thumb;
            r.status.textContent = t.uploading || "";
            return send(form, input.name, small.file, function (share) {
              r.bar.value = Math.round(share * 100);
              shares[i] = share;
              updateOverall();
            });
          }).then(function (result) {
            r.bar.value = 100;
            shares[i] = 1;
            updateOverall();
            var body = result.body || {};
            if (result.status >= 200 && result.status < 300 && body.ok) {
              saved += 1;
              r.li.className = "saved";
              r.status.textContent = body.message || t.saved || "";
              if (body.photos && body.photos[0]) r.thumb.src = body.photos[0].thumbnail;
              if (typeof body.left === "number") form.setAttribute("data-left", String(body.left));
            } else {
              r.li.className = "failed";
              r.status.textContent = (t.failed || "") + ": " +
                ((body.errors && body.errors.join(" ")) || t.network || "");
            }
          });
        });
      });
      chain.then(function () {
        busy = false;
        if (button) button.disabled = false;
        input.value = "";
        if (saved) {
          var p = document.createElement("p");
          p.className = "upload-done";
          var a = document.createElement("a");
          a.className = "button secondary";
          a.href = window.location.pathname;
          a.textContent = t.done || "";
          p.appendChild(a);
          list.parentNode.insertBefore(p, list.nextSibling);
        }
      });
    });
  }

  function init() {
    if (!supported() || !window.Promise) return;
    var forms = document.querySelectorAll("form[data-photo-upload]");
    for (var i = 0; i < forms.length; i++) enhance(forms[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
