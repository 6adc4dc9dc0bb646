/* Search on demand: Material's search index and worker are fetched the first time
   a reader shows intent to search, not on every page load.

   Material for MkDocs 9.8.2 has no option for this. At start-up its bundle
     - requests search/search_index.json with an XMLHttpRequest
       (bundle.ts fetchSearchIndex -> browser/request requestJSON -> request:
        new XMLHttpRequest(); req.open("GET", url); ...; req.send()), and
     - creates the search worker (browser/worker watchWorker: new Worker(config.search))
       and posts the index to it once the request completes.
   This file runs before the bundle (block scripts in overrides/main.html) and holds
   back exactly those two things: the index request's send() and the Worker. Both are
   released together on the first sign of intent. Material's own code then carries on
   as if the network had been slow: queries typed meanwhile are sent to the worker once
   it says it is ready (components/search/query: worker "ready" re-reads the input).

   Intent: focus or click on the search field, a click on the phone's search icon
   (label[for=__search]), the search toggle turning on, the "/", "s" or "f" shortcut,
   or arriving with ?q= (a search.share link) or ?h= (search.highlight needs the index).

   Keyed to 9.8.2 (its bundle is byte for byte that of 9.8.1): tests/test_search_on_demand_shape.py checks the bundle still has this code
   shape, and the browser tests check no index or worker is requested at load.
   window.__searchOnDemand tells the tests what was held back and when it was released. */
(function () {
  "use strict";

  var config;
  try {
    config = JSON.parse(document.getElementById("__config").textContent);
  } catch (err) {
    return; // no Material configuration: nothing to defer
  }
  // file:// uses a <script> index and an iframe worker shim; leave that path alone.
  if (location.protocol === "file:" || !config.search || !window.Worker || !window.XMLHttpRequest) return;

  var base = new URL(config.base, location.href);
  var indexUrl = new URL("search/search_index.json", base).href;
  var workerUrl = new URL(config.search, location.href).href;

  var state = window.__searchOnDemand = {
    material: "9.8.2",
    heldIndex: false,   // the index request was held back at start-up
    heldWorker: false,  // the worker was held back at start-up
    released: null,     // what released them ("focus", "?q=", ...), once it happened
    releasedAt: null    // performance.now() at release
  };
  var waiting = [];     // functions to run on release

  function release(reason) {
    if (state.released) return;
    state.released = reason;
    state.releasedAt = performance.now();
    var run = waiting;
    waiting = [];
    run.forEach(function (fn) { fn(); });
  }

  /* Two editions (explainer/editions.py): each page names its equivalent in the other edition
     in <link rel="alternate" hreflang>, and Material (integrations/alternate) then requests a
     "sitemap.xml" beside each of those addresses, to steer its own handling of language links.
     Such a file exists only at an edition's root, and site.js handles the language menu itself
     (keeping the section): those requests are not sent at all (no download, no failed request;
     Material's alternate links stay unresolved, which it handles by leaving links alone). The
     edition roots come from the page (#__explainer). */
  var roots = [];  // the editions' root paths ("/repo/", "/repo/zh-TW/")
  try {
    var site = JSON.parse(document.getElementById("__explainer").textContent);
    roots = Object.keys(site.editions).map(function (k) { return new URL(site.editions[k]).pathname; });
  } catch (err) { /* one edition: nothing to hold back */ }
  var ownSitemap = new URL("sitemap.xml", base).href;  // instant navigation's: always sent
  function besidePage(href) {
    var path = new URL(href).pathname;
    if (!roots.length || href === ownSitemap || !/\/sitemap\.xml$/.test(path)) return false;
    return roots.indexOf(path.slice(0, path.length - "sitemap.xml".length)) === -1;
  }

  /* Also held back: a second load of the stylesheets. At start-up Material's instant navigation
     makes every relative address in the page absolute by assigning it to itself
     (integrations/instant resolve(): el.href = el.href), and for a <link rel=stylesheet>
     Chromium then processes the sheet again and restyles the whole page inside Material's
     start-up task. The build writes the stylesheet links from the site's root (the same words
     on every page: explainer/postbuild.py), so such a self-assignment changes nothing but the
     cost and is skipped; Material, finding the same link on the next page, keeps it. */
  var linkHref = Object.getOwnPropertyDescriptor(HTMLLinkElement.prototype, "href");
  if (linkHref && linkHref.set) {
    Object.defineProperty(HTMLLinkElement.prototype, "href", {
      configurable: true,
      enumerable: linkHref.enumerable,
      get: linkHref.get,
      set: function (value) {
        var written = this.getAttribute("href") || "";
        if (this.rel === "stylesheet" && /^\/(?!\/)/.test(written) && String(value) === this.href) return;
        linkHref.set.call(this, value);
      }
    });
  }

  /* The index request: open() records the URL, send() waits for intent. */
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    var href = new URL(String(url), location.href).href;
    this.__searchIndex = href === indexUrl;
    this.__besidePage = besidePage(href);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__besidePage) return;  // an alternate's sitemap: see above
    if (!this.__searchIndex || state.released) return send.apply(this, arguments);
    state.heldIndex = true;
    var req = this, args = arguments;
    waiting.push(function () {
      if (req.readyState === XMLHttpRequest.OPENED) send.apply(req, args); // not aborted meanwhile
    });
  };

  /* The worker: a stand-in that keeps Material's listeners and messages until the
     real worker exists, then forwards both ways. Material uses only
     addEventListener("message") and postMessage (browser/worker recv/send). */
  var RealWorker = window.Worker;
  /* Chinese is written without spaces, and the index holds each Han character as a word of
     its own (the search separator splits between them: mkdocs.yml). Material segments a
     query's Han run against the index, but never keeps its last character
     (query/segment: j < query.length), so "權重" would look for 權 alone. Each Han
     character of a query is therefore sent as a word of its own: "權 重" finds pages with
     either, those with both first. (Material's query message: { type: 2, data: query }.) */
  var HAN = /([\u3400-\u9fff\uf900-\ufaff])(?=[\u3400-\u9fff\uf900-\ufaff])/g;
  function query(message) {
    if (message && message.type === 2 && typeof message.data === "string")
      return { type: message.type, data: message.data.replace(HAN, "$1 ") };
    return message;
  }
  function HeldWorker(url, options) {
    var target = new EventTarget();
    var queue = [];
    var real = null;
    target.postMessage = function (message) {
      message = query(message);
      if (real) real.postMessage(message); else queue.push(message);
    };
    target.terminate = function () {
      if (real) real.terminate();
      queue = null;
    };
    waiting.push(function () {
      if (queue === null) return;
      real = new RealWorker(url, options);
      real.addEventListener("message", function (event) {
        target.dispatchEvent(new MessageEvent("message", { data: event.data }));
      });
      real.addEventListener("error", function () {
        target.dispatchEvent(new Event("error"));
      });
      queue.forEach(function (message) { real.postMessage(message); });
      queue = [];
    });
    return target;
  }
  window.Worker = function Worker(url, options) {
    var search = new URL(String(url), location.href).href === workerUrl;
    if (!state.released && search) {
      state.heldWorker = true;
      return HeldWorker(url, options);
    }
    var worker = new RealWorker(url, options);
    if (search) {
      var post = worker.postMessage;
      worker.postMessage = function (message) { return post.call(worker, query(message)); };
    }
    return worker;
  };
  window.Worker.prototype = RealWorker.prototype;

  /* Intent. */
  var params = new URLSearchParams(location.search);
  if (params.has("q")) return release("?q=");
  if (params.get("h")) return release("?h=");

  function isSearchField(el) {
    return !!(el && el.closest && el.closest(".md-search, label[for=__search]"));
  }
  document.addEventListener("focusin", function (event) {
    if (isSearchField(event.target)) release("focus");
  }, true);
  document.addEventListener("pointerdown", function (event) {
    if (isSearchField(event.target)) release("pointer");
  }, true);
  document.addEventListener("click", function (event) {
    if (isSearchField(event.target)) release("click");
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) release("toggle");
  }, true);
  // Material's global shortcuts, outside form fields and without modifiers.
  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (event.key !== "/" && event.key !== "s" && event.key !== "f") return;
    var el = event.target;
    if (el && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName))) return;
    release("key " + event.key);
  }, true);
})();
