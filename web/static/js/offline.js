// Registers the service worker and runs the "Save for offline use" control.
// Nothing is downloaded for offline use until someone presses the button.
(function () {
  "use strict";

  var script = document.currentScript;
  var META = "kb-meta-v1";
  var SAVED_KEY = "/offline/saved.json";

  if (!("serviceWorker" in navigator) || !window.caches || !script) {
    return;  // the pages work as before; the control stays hidden
  }

  function formatDate(iso) {
    return new Date(iso).toLocaleDateString("en-GB", {day: "numeric", month: "long",
                                                      year: "numeric"});
  }

  function formatSize(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" :
      Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function age(iso) {
    var days = Math.floor((Date.now() - new Date(iso).getTime()) / 86400000);
    return days <= 0 ? "today" : days === 1 ? "yesterday" : days + " days ago";
  }

  function describe(saved) {
    return "Saved copy of " + formatDate(saved.saved_at) + " (saved " +
      age(saved.saved_at) + "): " + saved.pages + " pages, " +
      formatSize(saved.bytes) + ". It updates itself when the guidance changes " +
      "and you have a signal.";
  }

  function readSaved() {
    return caches.open(META).then(function (cache) {
      return cache.match(SAVED_KEY);
    }).then(function (found) {
      return found ? found.json() : null;
    });
  }

  function controls() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-kb-offline]"));
  }

  function show(control, state) {
    var status = control.querySelector("[data-kb-offline-status]");
    var progress = control.querySelector("[data-kb-offline-progress]");
    var save = control.querySelector("[data-kb-offline-save]");
    var remove = control.querySelector("[data-kb-offline-remove]");
    if (status && state.text !== undefined) {
      status.textContent = state.text;
    }
    if (progress) {
      progress.hidden = state.busy === undefined ? progress.hidden : !state.busy;
      if (state.total) {
        progress.max = state.total;
        progress.value = state.done;
      }
    }
    if (save) {
      save.disabled = !!state.busy;
      if (state.saved !== undefined) {
        save.textContent = state.saved ? "Update the saved copy" : "Save for offline use";
      }
    }
    if (remove && state.saved !== undefined) {
      remove.hidden = !state.saved;
    }
  }

  function showAll(state) {
    controls().forEach(function (control) { show(control, state); });
  }

  function refresh() {
    return readSaved().then(function (saved) {
      showAll(saved ? {text: describe(saved), saved: true} :
              {text: "", saved: false});
    });
  }

  function send(type) {
    return navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage({type: type});
    });
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "kb-offline-progress") {
      showAll({busy: true, done: data.done, total: data.total,
               text: "Saving: " + data.done + " of " + data.total + " (" +
                     formatSize(data.bytes) + ")"});
    } else if (data.type === "kb-offline-saved") {
      showAll({busy: false, saved: true, text: describe(data.saved)});
    } else if (data.type === "kb-offline-failed") {
      showAll({busy: false, text: "Not saved: " + data.message +
               ". Try again when you have a better signal."});
    } else if (data.type === "kb-offline-removed") {
      showAll({busy: false, saved: false, text: "The saved copy has been removed."});
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-kb-offline-save], [data-kb-offline-remove]");
    if (!target) {
      return;
    }
    if (target.hasAttribute("data-kb-offline-save")) {
      showAll({busy: true, text: "Saving…"});
      send("kb-offline-save");
    } else {
      send("kb-offline-remove");
    }
  });

  controls().forEach(function (control) { control.hidden = false; });
  refresh();

  function register() {
    var firstVisit = !navigator.serviceWorker.controller;
    navigator.serviceWorker.register(script.getAttribute("data-kb-worker"),
                                     {scope: script.getAttribute("data-kb-scope")});
    if (firstVisit) {
      // This page loaded before the worker ran: ask it to keep this page too.
      navigator.serviceWorker.ready.then(function (registration) {
        registration.active.postMessage({type: "kb-offline-visited",
                                         path: location.pathname + location.search});
      });
    }
  }
  if (document.readyState === "complete") {
    register();
  } else {
    window.addEventListener("load", register);
  }
})();
