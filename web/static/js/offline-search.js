// Searches the saved copy in this page, with MiniSearch, when there is no signal.
// The words typed are never sent anywhere and never stored: the form is handled
// here, and the address and the history never hold them.
(function () {
  "use strict";

  var root = document.querySelector("[data-kb-offline-search]");
  if (!root || !window.caches || !window.MiniSearch) {
    return;
  }
  var META = "kb-meta-v1";
  var SAVED_KEY = "/offline/saved.json";
  var LIMIT = 20;
  var banner = root.querySelector("[data-kb-offline-banner]");
  var form = root.querySelector("form");
  var input = root.querySelector("input[name=q]");
  var count = root.querySelector("[data-kb-offline-count]");
  var list = root.querySelector("[data-kb-offline-results]");
  var engine = null;
  var data = null;

  function formatDate(iso) {
    return new Date(iso).toLocaleDateString("en-GB", {day: "numeric", month: "long",
                                                      year: "numeric"});
  }

  function readSaved() {
    return caches.open(META).then(function (cache) {
      return cache.match(SAVED_KEY);
    }).then(function (found) {
      return found ? found.json() : null;
    });
  }

  function build(index) {
    var bets = {};
    index.best_bets.forEach(function (bet) {
      bet[1].forEach(function (target) {
        bets[target[0] + "#" + target[1]] = (bets[target[0] + "#" + target[1]] || "") +
          " " + bet[0].join(" ; ");
      });
    });
    var search = new window.MiniSearch({
      fields: ["title", "heading", "names", "bets", "text"],
      searchOptions: {boost: {bets: 5, heading: 3, title: 2, names: 2},
                      prefix: true, fuzzy: 0.2}
    });
    search.addAll(index.sections.map(function (s, i) {
      var doc = index.documents[s[0]];
      return {id: i, title: doc[1], heading: s[3], names: doc[4], text: s[4],
              bets: bets[s[0] + "#" + s[1]] || ""};
    }));
    return search;
  }

  function link(section) {
    var doc = data.documents[section[0]];
    var template = root.getAttribute("data-document-url");
    return template.replace("DOC_ID", encodeURIComponent(doc[0])) + "#" + section[1];
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function show(query) {
    list.textContent = "";
    if (!query) {
      count.textContent = "";
      return;
    }
    var found = engine.search(query, {combineWith: "AND"});
    if (!found.length) {
      found = engine.search(query);
    }
    count.textContent = found.length ? found.length + " saved section" +
      (found.length === 1 ? "" : "s") + " match" : "No saved section matches. " +
      "Try other words, or browse the saved documents A to Z.";
    found.slice(0, LIMIT).forEach(function (hit) {
      var section = data.sections[hit.id];
      var doc = data.documents[section[0]];
      var item = element("li", "kb-offline-result");
      var anchor = element("a", "govuk-link govuk-!-font-weight-bold",
                           section[2] + " " + section[3]);
      anchor.href = link(section);
      item.appendChild(anchor);
      item.appendChild(element("p", "govuk-body-s govuk-!-margin-bottom-1", doc[1]));
      item.appendChild(element("p", "govuk-body-s", section[4]));
      list.appendChild(item);
    });
  }

  function start(saved) {
    if (!saved) {
      banner.textContent = "You are offline and no copy of the guidance is saved " +
        "on this device, so search needs a signal. Pages you have opened before, " +
        "and the contacts, still work.";
      return null;
    }
    banner.textContent = "You are offline: searching the copy saved on " +
      formatDate(saved.saved_at) + (saved.label ? " (" + saved.label + ")" : "") + ".";
    return caches.match(saved.search_index, {ignoreVary: true}).then(function (found) {
      if (!found) {
        throw new Error("no saved index");
      }
      return found.json();
    }).then(function (index) {
      data = index;
      engine = build(index);
      var query = new URLSearchParams(window.location.search).get("q") || "";
      input.value = query;
      show(query);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!engine) {
      return;
    }
    // The words stay in the page: never in the address, the history or storage.
    show(input.value.trim());
  });

  readSaved().then(start).catch(function () {
    banner.textContent = "The saved search could not be opened. Save the guidance " +
      "again when you have a signal.";
  });
})();
