/* Offline-first check-in (verify/_checkin.html; docs/verify.md "Check-in").
   Scans (camera, pasted QR text, or a name ticked on the manual list) are kept in
   localStorage, each with its own nonce, shown as "menunggu sinkron" and sent to the
   sync URL when the browser is online (the 'online' event, the "Sinkronkan" button, and
   after each scan). The server stores a nonce once, so sending again never
   double-counts. The roster is kept too, and a service worker (/pindai/sw.js) keeps
   the page itself, so the page opens and works without a connection. */
(function () {
  "use strict";
  var root = document.querySelector("[data-checkin]");
  if (!root) return;
  var d = root.dataset;
  var key = "kriya-checkin:" + location.pathname + ":" + d.context;
  var rosterKey = key + ":roster";
  var $ = function (sel) { return root.querySelector(sel); };
  var state = { scans: load(key, []), roster: load(rosterKey, { people: [] }), syncing: false };

  function load(name, fallback) {
    try { return JSON.parse(localStorage.getItem(name)) || fallback; } catch (e) { return fallback; }
  }
  function save() { localStorage.setItem(key, JSON.stringify(state.scans)); }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // The KRY1: payload in what was scanned or pasted: the bare text or the QR's URL (?q=).
  function payloadOf(text) {
    text = (text || "").trim();
    try {
      var q = new URL(text.indexOf("://") < 0 && text.indexOf("/") > 0 ? "https://" + text : text).searchParams.get("q");
      if (q) text = q;
    } catch (e) { /* not a URL */ }
    var at = text.toUpperCase().indexOf("KRY1:");
    return at < 0 ? "" : text.slice(at).trim();  // Base45 has spaces: keep them
  }

  function person(number, payload) {
    var people = state.roster.people || [];
    for (var i = 0; i < people.length; i++) {
      if ((number && people[i].number === number) || (payload && people[i].payload === payload)) return people[i];
    }
    return null;
  }

  function message(text) { $("[data-checkin-message]").textContent = text || ""; }

  function record(scan) {
    state.scans.unshift(scan);
    save();
    render();
    sync();
  }

  function scanned(text) {
    var payload = payloadOf(text);
    if (!payload) { message(d.labelEmpty); return false; }
    var who = person("", payload);
    var again = state.scans.some(function (s) {
      return s.payload === payload || (who && s.number === who.number && s.status !== "rejected");
    });
    if (again) { message(d.labelAgain + (who ? ": " + who.name : "")); return true; }
    record({ nonce: uuid(), payload: payload, scanned_at: new Date().toISOString(),
             number: who ? who.number : "", name: who ? who.name : "", status: "pending" });
    message((who ? who.name : d.labelUnknown) + " — " + d.labelPending);
    return true;
  }

  function tick(number) {
    var who = person(number, "");
    if (!who || isPresent(who)) return;
    record({ nonce: uuid(), manual_document_number: number, scanned_at: new Date().toISOString(),
             number: number, name: who.name, status: "pending" });
    message(who.name + " — " + d.labelPending);
  }

  function isPresent(p) {
    return p.present || state.scans.some(function (s) { return s.number === p.number && s.status !== "rejected"; });
  }

  function render() {
    var people = state.roster.people || [];
    var present = people.filter(isPresent).length;
    var pending = state.scans.filter(function (s) { return s.status === "pending"; }).length;
    $('[data-count="present"]').textContent = present;
    $('[data-count="total"]').textContent = people.length;
    $('[data-count="pending"]').textContent = pending;
    $("[data-checkin-network]").textContent = navigator.onLine ? d.labelOnline : d.labelOffline;
    var tones = { pending: "warn", accepted: "ok", duplicate: "ok", rejected: "bad" };
    var list = $("[data-checkin-scans]");
    list.textContent = "";
    state.scans.slice(0, 50).forEach(function (s) {
      var li = document.createElement("li");
      li.dataset.status = s.status;
      var name = document.createElement("span");
      name.textContent = s.name || s.number || d.labelUnknown;
      var tag = document.createElement("span");
      tag.className = "tag " + tones[s.status];
      tag.textContent = d["label" + s.status.charAt(0).toUpperCase() + s.status.slice(1)];
      li.appendChild(name); li.appendChild(tag);
      if (s.reason && s.status === "rejected") {
        var why = document.createElement("span");
        why.className = "reason muted"; why.textContent = s.reason; li.appendChild(why);
      }
      list.appendChild(li);
    });
    var manual = $("[data-checkin-people]");
    manual.textContent = "";
    people.forEach(function (p) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      name.textContent = p.name;
      li.appendChild(name);
      if (isPresent(p)) {
        var tag = document.createElement("span");
        tag.className = "tag ok"; tag.textContent = d.labelPresent; li.appendChild(tag);
      } else {
        var b = document.createElement("button");
        b.type = "button"; b.className = "button secondary small"; b.textContent = d.labelPresent;
        b.setAttribute("aria-label", d.labelPresent + ": " + p.name);
        b.addEventListener("click", function () { tick(p.number); });
        li.appendChild(b);
      }
      manual.appendChild(li);
    });
  }

  function csrf() {
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    var cookie = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return cookie ? decodeURIComponent(cookie[1]) : (input ? input.value : "");
  }

  function sync() {
    var pending = state.scans.filter(function (s) { return s.status === "pending"; });
    if (state.syncing || !pending.length || !navigator.onLine) { render(); return Promise.resolve(); }
    state.syncing = true;
    var body = pending.map(function (s) {
      var out = { nonce: s.nonce, scanned_at: s.scanned_at };
      if (s.manual_document_number) out.manual_document_number = s.manual_document_number;
      else out.payload = s.payload;
      return out;
    });
    return fetch(d.syncUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ scans: body })
    }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }).then(function (answer) {
      var byNonce = {};
      (answer.results || []).forEach(function (r) { byNonce[r.nonce] = r; });
      state.scans.forEach(function (s) {
        var r = byNonce[s.nonce];
        if (!r) return;
        s.status = r.status; s.reason = r.reason;
        if (r.name) s.name = r.name;
        if (r.number) s.number = r.number;
      });
      save();
      message(d.labelSynced);
      return loadRoster();
    }).catch(function () { message(d.labelSyncFailed); }).then(function () {
      state.syncing = false;
      render();
    });
  }

  function loadRoster() {
    return fetch(d.rosterUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (roster) {
        state.roster = roster;
        localStorage.setItem(rosterKey, JSON.stringify(roster));
        render();
      }).catch(function () { render(); });
  }

  $("[data-checkin-paste]").addEventListener("submit", function (event) {
    event.preventDefault();
    var field = root.querySelector("#checkin-text");
    if (scanned(field.value)) field.value = "";
  });
  $("[data-checkin-sync]").addEventListener("click", function () { sync(); });
  window.addEventListener("online", function () { sync(); });
  window.addEventListener("offline", render);

  var camera = $("[data-checkin-camera]");
  if (window.KriyaScan && window.KriyaScan.supported) {
    camera.hidden = false;
    var stop = null;
    camera.addEventListener("click", function () {
      if (stop) { stop(); stop = null; return; }
      stop = window.KriyaScan.start($("[data-checkin-video]"), function (text) { scanned(text); return true; },
        function () { stop = null; message(d.labelDenied); });
    });
  }

  if ("serviceWorker" in navigator) {
    var scope = location.pathname.replace(/[^/]*$/, "");
    navigator.serviceWorker.register(d.workerUrl, { scope: scope }).then(function (reg) {
      return navigator.serviceWorker.ready.then(function () {
        var worker = reg.active || reg.waiting || reg.installing;
        if (worker) worker.postMessage({ cache: [location.href, d.rosterUrl] });
      });
    }).catch(function () { /* the page still works online */ });
  }
  render();
  loadRoster().then(sync);
})();
