// The service worker: keeps pages for use without a signal. Served at /sw.js.
//
// - Pages: network first. A page that loads is kept ("visited"), unless its
//   response says no-store (search pages, search results, highlights) or it is a
//   search or API URL, or its address holds typed words (?q=, ?highlight=).
//   Without a network, the kept copy is shown with a notice saying which saved
//   copy it is; an unknown page gets the offline page.
// - Static files: fingerprinted, so a kept copy never goes stale: cache first.
// - The core (contacts, offline pages, styles and scripts) is kept on install.
// - The library (every document, glossary, A to Z, search index) is kept only
//   when someone presses "Save for offline use", never by surprise. Once saved,
//   it is refreshed in the background when the index generation changes.
// Search words typed offline are searched in the page (offline-search.js):
// they never reach this worker, the network or any storage.
"use strict";

var CORE = "kb-core-v1";
var VISITED = "kb-visited-v1";
var META = "kb-meta-v1";
var LIBRARY_PREFIX = "kb-library-";
var SAVED_KEY = "/offline/saved.json";
var PAGES_URL = "/offline/pages.json";
var VERSION_URL = "/offline/version.json";
var OFFLINE_PAGE = "/offline";
var OFFLINE_SEARCH = "/offline/search";
var MARKER = "<!--kb-saved-copy-->";
var CHECK_EVERY_MS = 5 * 60 * 1000;
var NEVER_KEPT = [/^\/search(\/|$)/, /^\/api\//, /^\/sw\.js$/, /^\/offline\/(pages|version)\.json$/];
// Query arguments that carry what someone typed (web/security.py, TYPED_ARGS).
var TYPED_WORDS = ["q", "highlight"];

var lastCheck = 0;
var saving = null;

function neverKept(url) {
  return NEVER_KEPT.some(function (pattern) { return pattern.test(url.pathname); }) ||
    TYPED_WORDS.some(function (name) { return url.searchParams.has(name); });
}

function storable(response) {
  var control = response.headers.get("Cache-Control") || "";
  return response.ok && response.type === "basic" && !/no-store|private/.test(control);
}

function stamp(response, version) {
  // A copy of the response that remembers when it was kept and which version it shows.
  var headers = new Headers(response.headers);
  headers.set("X-KB-Saved-At", new Date().toISOString());
  if (version) {
    headers.set("X-KB-Version", version);
  }
  return response.blob().then(function (body) {
    return new Response(body, {status: response.status, statusText: response.statusText,
                               headers: headers});
  });
}

function readSaved() {
  return caches.open(META).then(function (cache) {
    return cache.match(SAVED_KEY);
  }).then(function (found) {
    return found ? found.json() : null;
  });
}

function broadcast(message) {
  return self.clients.matchAll({includeUncontrolled: true}).then(function (clients) {
    clients.forEach(function (client) { client.postMessage(message); });
  });
}

// -- install and activate -----------------------------------------------------

function fetchPages() {
  return fetch(PAGES_URL, {cache: "no-store"}).then(function (response) {
    if (!response.ok) {
      throw new Error("The list of pages to save could not be loaded");
    }
    return response.json();
  });
}

function keepAll(cacheName, urls, onEach) {
  return caches.open(cacheName).then(function (cache) {
    var done = 0;
    var bytes = 0;
    return urls.reduce(function (previous, url) {
      return previous.then(function () {
        // Fingerprinted files never change: the browser's cache may answer.
        var mode = /-[0-9a-f]{32}\./.test(url) ? "default" : "no-cache";
        return fetch(url, {cache: mode}).then(function (response) {
          if (!storable(response)) {
            throw new Error("Could not save " + url + " (" + response.status + ")");
          }
          return stamp(response, response.headers.get("X-KB-Version"));
        }).then(function (copy) {
          return copy.clone().blob().then(function (body) {
            bytes += body.size;
            return cache.put(url, copy);
          });
        }).then(function () {
          done += 1;
          if (onEach) {
            onEach(done, urls.length, bytes);
          }
        });
      });
    }, Promise.resolve()).then(function () { return bytes; });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(fetchPages().then(function (pages) {
    return keepAll(CORE, pages.core);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(readSaved().then(function (saved) {
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        var known = name === CORE || name === VISITED || name === META ||
          (saved && name === saved.cache);
        return !known;
      }).map(function (name) { return caches.delete(name); }));
    });
  }).then(function () { return self.clients.claim(); }));
});

// -- saving the library -----------------------------------------------------

function saveLibrary() {
  if (saving) {
    return saving;
  }
  var name = LIBRARY_PREFIX + Date.now();
  saving = fetchPages().then(function (pages) {
    var urls = pages.core.concat(pages.library);
    var version = pages.version || {};
    return keepAll(name, urls, function (done, total, bytes) {
      broadcast({type: "kb-offline-progress", done: done, total: total, bytes: bytes});
    }).then(function (bytes) {
      var saved = {cache: name, saved_at: new Date().toISOString(),
                   version: version.id || "", label: version.label || "",
                   pages: urls.length, bytes: bytes, search_index: urls.filter(
                     function (url) { return /\/offline\/index\.json$/.test(url); })[0]};
      return caches.open(META).then(function (cache) {
        return cache.put(SAVED_KEY, new Response(JSON.stringify(saved), {
          headers: {"Content-Type": "application/json"}}));
      }).then(function () { return saved; });
    });
  }).then(function (saved) {
    lastCheck = Date.now();
    return removeLibraries(saved.cache).then(function () {
      return broadcast({type: "kb-offline-saved", saved: saved});
    });
  }, function (error) {
    // Keep the copy we had: a half-saved library is thrown away whole.
    return caches.delete(name).then(function () {
      return broadcast({type: "kb-offline-failed", message: String(error.message)});
    });
  }).then(function () {
    saving = null;
  }, function () {
    saving = null;
  });
  return saving;
}

function removeLibraries(keep) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(LIBRARY_PREFIX) === 0 && name !== keep;
    }).map(function (name) { return caches.delete(name); }));
  });
}

function removeSaved() {
  return removeLibraries(null).then(function () {
    return caches.open(META);
  }).then(function (cache) {
    return cache.delete(SAVED_KEY);
  }).then(function () {
    return broadcast({type: "kb-offline-removed"});
  });
}

function keepVisited(path) {
  // The page that installed the worker loaded before the worker ran: keep it too,
  // from the browser's own cache when it is there (force-cache: no new download).
  var url = new URL(path, self.location.origin);
  if (url.origin !== self.location.origin || neverKept(url)) {
    return Promise.resolve();
  }
  return fetch(url.href, {cache: "force-cache"}).then(function (response) {
    if (!storable(response)) {
      return null;
    }
    return stamp(response, response.headers.get("X-KB-Version")).then(function (copy) {
      return caches.open(VISITED).then(function (cache) { return cache.put(url.href, copy); });
    });
  }).catch(function () { return null; });
}

self.addEventListener("message", function (event) {
  var type = event.data && event.data.type;
  if (type === "kb-offline-visited" && typeof event.data.path === "string") {
    event.waitUntil(keepVisited(event.data.path));
  } else if (type === "kb-offline-save") {
    event.waitUntil(saveLibrary());
  } else if (type === "kb-offline-remove") {
    event.waitUntil(removeSaved());
  }
});

// -- freshness ---------------------------------------------------------------

function refreshIfChanged() {
  // Online, with a saved copy: when the index generation changed, save again.
  if (saving || Date.now() - lastCheck < CHECK_EVERY_MS) {
    return Promise.resolve();
  }
  lastCheck = Date.now();
  return readSaved().then(function (saved) {
    if (!saved) {
      return null;
    }
    return fetch(VERSION_URL, {cache: "no-store"}).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (current) {
      if (current && current.id !== saved.version) {
        return saveLibrary();
      }
      return null;
    });
  }).catch(function () {
    lastCheck = 0;  // no signal after all: check again next time
  });
}

// -- answering requests ------------------------------------------------------

function formatDate(iso) {
  return new Date(iso).toLocaleDateString("en-GB", {day: "numeric", month: "long",
                                                    year: "numeric"});
}

function age(iso) {
  // "today", "yesterday" or "3 days ago": how old the saved copy is.
  var days = Math.floor((Date.now() - new Date(iso).getTime()) / 86400000);
  return days <= 0 ? "today" : days === 1 ? "yesterday" : days + " days ago";
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
  });
}

function notice(response, unsaved) {
  // The kept page, with a notice saying it is a saved copy and of when.
  // The page itself names its version; the notice gives the date and age only,
  // so a page never shows two version codes.
  var savedAt = response.headers.get("X-KB-Saved-At") || new Date().toISOString();
  var title = unsaved ? "This page is not saved on this device" :
    "Saved copy of " + formatDate(savedAt) + " (saved " + age(savedAt) + ")";
  var body = unsaved ?
    "You have no signal, or the site cannot be reached. The pages below are saved." :
    "You have no signal, or the site cannot be reached, so this is the copy kept " +
    "on this device. It may be out of date: check the official source before you act.";
  var html = '<div class="govuk-notification-banner kb-saved-copy" role="region" ' +
    'aria-labelledby="kb-saved-copy-title" data-kb-saved-copy>' +
    '<div class="govuk-notification-banner__header"><h2 class="govuk-notification-' +
    'banner__title" id="kb-saved-copy-title">Saved copy</h2></div>' +
    '<div class="govuk-notification-banner__content"><p class="govuk-notification-' +
    'banner__heading">' + escapeHtml(title) + '</p><p class="govuk-body">' +
    escapeHtml(body) + "</p></div></div>";
  return response.text().then(function (text) {
    var headers = new Headers(response.headers);
    headers.delete("Content-Length");
    return new Response(text.replace(MARKER, html), {status: 200, headers: headers});
  });
}

function fromCache(request) {
  // The same address, or the same page without its search highlighting.
  return caches.match(request, {ignoreVary: true}).then(function (found) {
    var url = new URL(request.url);
    if (found || !url.searchParams.has("highlight")) {
      return found;
    }
    url.searchParams.delete("highlight");
    url.hash = "";
    return caches.match(url.href, {ignoreVary: true});
  });
}

function page(event, url) {
  var request = event.request;
  if (/^\/search(\/|$)/.test(url.pathname)) {
    // Search: online as usual; with no signal, the saved copy is searched in the page.
    return fetch(request).catch(function () {
      return caches.match(OFFLINE_SEARCH, {ignoreSearch: true});
    }).then(function (response) {
      return response || Response.error();
    });
  }
  return fetch(request).then(function (response) {
    if (!neverKept(url) && storable(response)) {
      var copy = response.clone();
      event.waitUntil(stamp(copy, copy.headers.get("X-KB-Version")).then(
        function (stamped) {
          return caches.open(VISITED).then(function (cache) {
            return cache.put(request, stamped);
          });
        }));
    }
    event.waitUntil(refreshIfChanged());
    return response;
  }, function () {
    lastCheck = 0;
    return fromCache(request).then(function (found) {
      if (found) {
        return notice(found, false);
      }
      return caches.match(OFFLINE_PAGE).then(function (fallback) {
        return fallback ? notice(fallback, true) : Response.error();
      });
    });
  });
}

function asset(request) {
  return caches.match(request).then(function (found) {
    return found || fetch(request).then(function (response) {
      if (storable(response) && /-[0-9a-f]{32}\./.test(request.url)) {
        var copy = response.clone();
        caches.open(VISITED).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (/^\/api\//.test(url.pathname)) {
    return;  // the API is never answered from a copy
  }
  if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (/^\/static\//.test(url.pathname)) {
    event.respondWith(asset(request));
  } else if (!neverKept(url)) {
    event.respondWith(fetch(request).catch(function () {
      return fromCache(request).then(function (found) {
        return found || Response.error();
      });
    }));
  }
});
