// Copy buttons for citations, and the session pack kept in this browser.
// Everything here enhances links and text that already work without JavaScript.
(function () {
  "use strict";

  var STORE = "kb-pack";

  function announce(element, message) {
    var status = element.parentNode.querySelector("[data-kb-status]");
    if (status) {
      status.textContent = message;
    }
  }

  function copyText(button) {
    var source = document.getElementById(button.getAttribute("data-kb-copy"));
    if (!source || !navigator.clipboard) {
      return;
    }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      announce(button, "Copied");
    }, function () {
      announce(button, "Could not copy: select the text and copy it instead");
    });
  }

  function readPack() {
    try {
      var items = JSON.parse(window.localStorage.getItem(STORE) || "[]");
      return Array.isArray(items) ? items.filter(function (item) {
        return typeof item === "string";
      }) : [];
    } catch (error) {
      return [];
    }
  }

  function writePack(items) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(items));
      return true;
    } catch (error) {
      return false;
    }
  }

  function packUrl(base, items) {
    var query = items.map(function (item) {
      return "s=" + encodeURIComponent(item);
    }).join("&");
    return query ? base + "?" + query : base;
  }

  function addToPack(link, event) {
    var item = link.getAttribute("data-kb-pack-add");
    var items = readPack();
    if (items.indexOf(item) === -1) {
      items.push(item);
    }
    if (!writePack(items)) {
      return;  // storage is blocked: follow the link instead
    }
    event.preventDefault();
    var view = link.parentNode.querySelector("[data-kb-pack-view]");
    if (view) {
      view.href = packUrl(link.getAttribute("data-kb-pack-url"), items);
      view.textContent = "View pack (" + items.length + ")";
      view.hidden = false;
    }
    announce(link, "Added to your pack");
  }

  function removeFromPack(link) {
    var item = link.getAttribute("data-kb-pack-remove");
    writePack(readPack().filter(function (kept) { return kept !== item; }));
  }

  function restorePack(page) {
    var items = readPack();
    if (page.getAttribute("data-kb-pack-empty") === "true" && items.length) {
      window.location.replace(packUrl(page.getAttribute("data-kb-pack-url"), items));
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-kb-copy], [data-kb-pack-add], " +
                                      "[data-kb-pack-remove], [data-kb-pack-clear]");
    if (!target) {
      return;
    }
    if (target.hasAttribute("data-kb-copy")) {
      copyText(target);
    } else if (target.hasAttribute("data-kb-pack-add")) {
      addToPack(target, event);
    } else if (target.hasAttribute("data-kb-pack-remove")) {
      removeFromPack(target);
    } else {
      writePack([]);
    }
  });

  document.querySelectorAll("[data-kb-copy]").forEach(function (button) {
    button.hidden = !navigator.clipboard;
  });
  var page = document.querySelector("[data-kb-pack-page]");
  if (page) {
    restorePack(page);
  }
})();
