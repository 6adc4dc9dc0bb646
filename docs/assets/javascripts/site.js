/* The site's own behaviour, on top of Material. Each part is re-attached after
   every instant navigation through Material's document$ observable. */
(function () {
  "use strict";

  /* The edition's words and the editions' addresses, written by the build into the page
     (#__explainer, from explainer/editions.py): this file holds no reader-visible text. */
  var site = (function () {
    try { return JSON.parse(document.getElementById("__explainer").textContent); } catch (err) { return {}; }
  })();
  function t(key, values) {
    var text = (site.strings || {})[key] || "";
    return text.replace(/\{(\w+)\}/g, function (all, name) { return values && name in values ? values[name] : all; });
  }

  /* The language menu: the same page and section in the other edition. Material keeps the
     header (and its menu) across instant navigation, so the menu's addresses may name the
     first page read; the address is made from where the reader is now: the part of the
     address after the edition's root (path, ?q=, #section) under the other edition's root. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    var editions = site.editions || {};
    if (!link || !editions[link.getAttribute("hreflang")]) return;
    if (event.button || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var here = location.href;
    var root = Object.keys(editions).map(function (k) { return editions[k]; })
      .filter(function (r) { return here.indexOf(r) === 0; })
      .sort(function (a, b) { return b.length - a.length; })[0];
    if (!root) return;
    event.preventDefault();
    event.stopPropagation();  // before Material's own handling of alternate links
    location.assign(editions[link.getAttribute("hreflang")] + here.slice(root.length));
  }, true);

  /* Anchors that moved: an old id (an alias) forwards to the current one, so
     links shared years ago land on the right section, marked like a :target. */
  function followAlias() {
    document.querySelectorAll(".anchor-target").forEach(function (el) {
      el.classList.remove("anchor-target");
    });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var alias = document.getElementById(id);
    var target = alias && document.getElementById(alias.getAttribute("data-alias-for") || "");
    if (!target) return;
    history.replaceState(history.state, "", "#" + encodeURIComponent(target.id));
    target.classList.add("anchor-target");
    target.scrollIntoView();
  }

  /* A link into a long page lands on its target; then the blocks around it are laid out
     for the first time (content-visibility: auto in site.css) and, where their height
     differs from the estimate the browser used, the target moves. Until its place has held
     for a few frames (or the reader scrolls), a target pushed out of the top half of the
     screen is brought back. */
  function keepTargetInView() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var header = document.querySelector(".md-header");
    var last = null, still = 0, frames = 0, stop = false;
    function reader() { stop = true; }
    var events = ["wheel", "touchstart", "keydown"];
    events.forEach(function (e) { window.addEventListener(e, reader, { once: true, passive: true }); });
    (function check() {
      var top = target.getBoundingClientRect().top;
      var min = header ? header.getBoundingClientRect().bottom : 0;
      if (!stop && (top < min - 1 || top > window.innerHeight / 2)) target.scrollIntoView();
      still = last !== null && Math.abs(top - last) < 1 ? still + 1 : 0;
      last = top;
      frames += 1;
      if (!stop && still < 5 && frames < 60) window.requestAnimationFrame(check);
      else events.forEach(function (e) { window.removeEventListener(e, reader); });
    })();
  }

  /* Glossary: narrow the list as the reader types. An entry matches when its term,
     aliases or definition contain what was typed, from the start of a word (hyphens and
     spaces alike, British and American spellings alike: the table comes with the page);
     the Related and Source lines do not count. Term and alias matches come first. */
  function setUpGlossaryFilter() {
    var box = document.querySelector("[data-glossary-filter]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var list = document.getElementById("glossary-terms");
    var entries = Array.prototype.slice.call(document.querySelectorAll(".glossary-entry"));
    var letters = Array.prototype.slice.call(document.querySelectorAll(".glossary-letters a"));
    var total = entries.length;
    var spellings = (box.getAttribute("data-spellings") || "").split("|").filter(Boolean).map(function (pair) {
      var both = pair.split(" ");
      return [new RegExp(" " + both[0], "g"), " " + both[1]];
    });
    function normalize(text) {
      var out = " " + text.toLowerCase().replace(/[^a-z0-9.\u00c0-\uffff]+/g, " ").replace(/\s+/g, " ").trim();
      spellings.forEach(function (s) { out = out.replace(s[0], s[1]); });
      return out + " ";
    }
    var names = null, texts = null, leading = null; // read on the first keystroke, not at page load
    function apply() {
      if (!names) {
        leading = entries.map(function (entry) {
          var before = [], el = entry.previousElementSibling;
          while (el && entries.indexOf(el) === -1) { before.unshift(el); el = el.previousElementSibling; }
          return before;
        });
        names = entries.map(function (entry) {
          var heading = entry.querySelector("h2");
          var aliases = entry.querySelectorAll(".glossary-aliases em");
          return normalize([heading ? heading.textContent.replace(/\u00b6/g, "") : ""].concat(
            Array.prototype.map.call(aliases, function (a) { return a.textContent; })).join(" / "));
        });
        texts = entries.map(function (entry) {
          var copy = entry.cloneNode(true);
          copy.querySelectorAll(".glossary-meta, .headerlink").forEach(function (el) { el.remove(); });
          return normalize(copy.textContent);
        });
      }
      var query = normalize(input.value).trim();
      var words = query ? query.split(" ") : [];
      // A word starts after a space; Chinese has none, so a Han character matches anywhere.
      var needle = /[\u3400-\u9fff\uf900-\ufaff]/.test(query) ? query : " " + query;
      var shown = 0;
      var seenLetters = {};
      var first = [], rest = [];
      entries.forEach(function (entry, i) {
        var byName = !query || names[i].indexOf(needle) !== -1;
        var match = byName || texts[i].indexOf(needle) !== -1;
        entry.hidden = !match;
        (byName ? first : rest).push(entry);
        if (match) {
          shown += 1;
          var name = entry.querySelector("h2");
          var letter = entry.getAttribute("data-letter") || (name ? name.textContent.trim().charAt(0).toUpperCase() : "");
          if (letter) seenLetters[letter] = true;
        }
      });
      // Term and alias matches first, each group in alphabetical order (moved in the page, so
      // reading and Tab order follow what is shown; only when the order changes). Whatever
      // stood before an entry (an old id's anchor) moves with it.
      var order = first.concat(rest);
      var current = Array.prototype.filter.call(list ? list.children : [], function (el) {
        return entries.indexOf(el) !== -1;
      });
      if (list && order.some(function (entry, i) { return current[i] !== entry; })) {
        order.forEach(function (entry) {
          leading[entries.indexOf(entry)].forEach(function (el) { list.appendChild(el); });
          list.appendChild(entry);
        });
      }
      letters.forEach(function (a) {
        var letter = a.getAttribute("data-letter");
        var off = words.length > 0 && !seenLetters[letter];
        a.classList.toggle("glossary-letters__off", off);
        // A letter with no match leaves the Tab order: it would jump to a hidden entry.
        if (off) {
          a.setAttribute("aria-disabled", "true");
          a.setAttribute("tabindex", "-1");
        } else {
          a.removeAttribute("aria-disabled");
          a.removeAttribute("tabindex");
        }
      });
      status.textContent = words.length
        ? (shown === 0 ? t("noMatch", { q: input.value.trim() }) : t("someMatch", { shown: shown, total: total }))
        : t("allTerms", { n: total });
    }
    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) {
        input.value = "";
        apply();
        event.stopPropagation();
      }
    });
  }

  /* FAQ: a button beside each question copies the answer's full URL. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  function setUpFaqCopy() {
    var status = document.querySelector("[data-faq-status]");
    document.querySelectorAll("button.faq-copy").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        var url = location.href.split("#")[0] + "#" + button.getAttribute("data-faq-id");
        var heading = document.getElementById(button.getAttribute("data-faq-id"));
        var question = heading ? heading.textContent.replace(/\u00b6$/, "").trim() : "";
        copyText(url).then(function () {
          button.textContent = t("linkCopied");
          button.classList.add("faq-copy--done");
          if (status) status.textContent = t("linkCopiedStatus", { question: question, url: url });
        }, function () {
          button.textContent = t("copyFailed");
          if (status) status.textContent = t("copyFailedStatus", { url: url });
        });
        window.setTimeout(function () {
          button.textContent = t("copyLink");
          button.classList.remove("faq-copy--done");
        }, 2500);
      });
    });
  }

  /* Glossary terms in the text: a definition preview. Nothing is built per link at
     load: the term linker writes the short definition as the link's title (what
     assistive technology reads as its description, with or without this script), and
     one delegated listener builds a single preview box the first time a reader
     hovers, focuses or taps a term. While it is shown, the title moves to data-short
     (no second, native tooltip) and aria-describedby points at the box. On touch the
     first tap shows the definition (by focusing the link); a second tap follows it. */
  var preview = null;
  var previewFor = null;
  var hideTimer = 0;
  function termOf(node) {
    return node && node.closest ? node.closest(".md-typeset a.glossary-term") : null;
  }
  function showPreview(term) {
    window.clearTimeout(hideTimer);
    var text = term.getAttribute("title");
    if (text) {
      term.setAttribute("data-short", text);
      term.removeAttribute("title");
    }
    text = term.getAttribute("data-short");
    if (!text) return;
    if (!preview) {
      preview = document.createElement("div");
      preview.id = "term-preview";
      preview.className = "term-preview";
      preview.setAttribute("role", "tooltip");
      preview.addEventListener("pointerenter", function () { window.clearTimeout(hideTimer); });
      preview.addEventListener("pointerleave", function () { hidePreview(0); });
      document.body.appendChild(preview);
    }
    if (previewFor && previewFor !== term) previewFor.removeAttribute("aria-describedby");
    previewFor = term;
    preview.textContent = text;
    term.setAttribute("aria-describedby", preview.id);
    preview.hidden = false;
    // Below the term, or above it when the screen has no room below; inside the screen.
    var box = term.getBoundingClientRect();
    var width = preview.offsetWidth;
    var left = Math.min(Math.max(8, box.left), document.documentElement.clientWidth - width - 8);
    var top = box.bottom + 6;
    if (top + preview.offsetHeight > window.innerHeight && box.top - preview.offsetHeight - 6 > 56) {
      top = box.top - preview.offsetHeight - 6;
    }
    preview.style.left = Math.max(8, left) + window.scrollX + "px";
    preview.style.top = top + window.scrollY + "px";
    preview.classList.add("term-preview--active");
  }
  function hidePreview(delay) {
    if (!preview || !previewFor) return;
    window.clearTimeout(hideTimer);
    hideTimer = window.setTimeout(function () {
      preview.classList.remove("term-preview--active");
      preview.hidden = true;
      if (previewFor) {
        // Back to the title: the description assistive technology reads without the box.
        previewFor.setAttribute("title", previewFor.getAttribute("data-short"));
        previewFor.removeAttribute("aria-describedby");
        previewFor.classList.remove("glossary-term--open");
      }
      previewFor = null;
    }, delay);
  }

  var lastPointer = "mouse";
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
  }, true);
  document.addEventListener("pointerover", function (event) {
    var term = termOf(event.target);
    if (term && event.pointerType === "mouse") showPreview(term);
  });
  document.addEventListener("pointerout", function (event) {
    var term = termOf(event.target);
    if (!term || event.pointerType !== "mouse" || term.contains(event.relatedTarget)) return;
    if (preview && preview.contains(event.relatedTarget)) return;
    if (term !== document.activeElement) hidePreview(150);
  });
  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    if (term) showPreview(term);
  });
  document.addEventListener("focusout", function (event) {
    if (termOf(event.target)) hidePreview(0);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && previewFor) hidePreview(0);
  });
  document.addEventListener("click", function (event) {
    var term = termOf(event.target);
    if (!term || lastPointer !== "touch") return;
    if (!term.classList.contains("glossary-term--open")) {
      event.preventDefault();
      event.stopPropagation();
      document.querySelectorAll("a.glossary-term--open").forEach(function (other) {
        other.classList.remove("glossary-term--open");
      });
      term.classList.add("glossary-term--open");
      term.focus();
      showPreview(term);
    }
  }, true);

  window.addEventListener("hashchange", followAlias);
  window.addEventListener("hashchange", keepTargetInView);

  /* Accessibility of markup we do not write (Material's partials, Markdown's tables),
     fixed where only the page can fix it; assets/stylesheets/site.css does the styling
     side. Each fix is checked by axe-core in tests/browser/test_accessibility.py. */
  function fixMarkupAccessibility() {
    // aria-dialog-name: the search overlay is role="dialog" with no name; take its box's.
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) {
      var box = search.querySelector(".md-search__input");
      search.setAttribute("aria-label", (box && box.getAttribute("aria-label")) || t("search"));
    }
    // aria-progressbar-name, region: the instant-loading bar is a role="progressbar"
    // outside any landmark that only a CSS variable drives (no name, no value): it
    // would tell assistive technology nothing, so it is left to the eye.
    var progress = document.querySelector(".md-progress[role=progressbar]");
    if (progress) progress.setAttribute("aria-hidden", "true");
    // empty-table-header: Markdown writes a table's empty top-left cell as <th>; a cell
    // that heads nothing is a <td>, as in the WAI tables tutorial. A header row with no
    // heading at all (a "| | |" key-value table) is an empty band: it is hidden.
    document.querySelectorAll(".md-typeset table > thead th").forEach(function (th) {
      if (th.textContent.trim() || th.querySelector("img, svg")) return;
      var td = document.createElement("td");
      Array.prototype.forEach.call(th.attributes, function (a) { td.setAttribute(a.name, a.value); });
      var thead = th.closest("thead");
      th.replaceWith(td);
      if (!thead.querySelector("th")) thead.hidden = true;
    });
  }

  /* scrollable-region-focusable: a table wider than the screen scrolls inside its box
     (Material's .md-typeset__scrollwrap), which the keyboard can only scroll once it
     has focus. Such a box joins the Tab order, named after the section it is in;
     Material does the same for code blocks. Checked again when the window resizes. */
  function markScrollingTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        var heading = null;
        for (var el = wrap.previousElementSibling; el && !heading; el = el.previousElementSibling) {
          if (/^H[1-6]$/.test(el.tagName)) heading = el;
        }
        var title = heading ? heading.textContent.replace(/\u00b6$/, "").trim() : "";
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", title ? t("tableTitled", { title: title }) : t("table"));
      } else if (!scrolls && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  var resizing = 0;
  window.addEventListener("resize", function () {
    window.cancelAnimationFrame(resizing);
    resizing = window.requestAnimationFrame(markScrollingTables);
  });

  /* Search "share" (search.share): Material 9.8.2 sets the link to copy before it
     updates the link, so the copy lags one keystroke behind ("?q=red+teamin" for
     "red teaming"). Keep what is copied equal to the link the button shows. */
  function setUpSearchShare() {
    var share = document.querySelector("[data-md-component=search-share]");
    if (!share || share.dataset.synced) return;
    share.dataset.synced = "1";
    new MutationObserver(function () {
      if (share.getAttribute("data-clipboard-text") !== share.href) {
        share.setAttribute("data-clipboard-text", share.href);
      }
    }).observe(share, { attributes: true, attributeFilter: ["href", "data-clipboard-text"] });
  }

  /* Work that measures the layout waits until the browser is idle: run during start-up,
     it would force a layout of the whole page in the middle of Material's (blocking
     time on a phone). The content is marked once it has run; the tests wait for that. */
  function whenIdle(fn) {
    if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 1000 });
    else window.setTimeout(fn, 200);
  }

  function setUp() {
    hidePreview(0); // a new page (instant navigation): no preview left over
    followAlias();
    keepTargetInView();
    setUpGlossaryFilter();
    setUpFaqCopy();
    fixMarkupAccessibility();
    setUpSearchShare();
    var content = document.querySelector(".md-content");
    whenIdle(function () {
      markScrollingTables();
      if (content) content.setAttribute("data-site-ready", "");
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
