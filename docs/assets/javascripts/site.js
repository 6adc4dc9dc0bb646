/* The site's own behaviour, on top of Material. Each part is re-attached after
   every instant navigation through Material's document$ observable. */
(function () {
  "use strict";

  /* Anchors that moved: an old id (an alias) forwards to the current one, so
     links shared years ago land on the right section and it gets marked. */
  function followAlias() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var alias = document.getElementById(id);
    var target = alias && alias.getAttribute("data-alias-for");
    if (target && document.getElementById(target)) {
      location.replace("#" + encodeURIComponent(target));
    }
  }

  /* Glossary: narrow the list as the reader types (term, alias or definition). */
  function setUpGlossaryFilter() {
    var box = document.querySelector("[data-glossary-filter]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    box.hidden = false;
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var entries = Array.prototype.slice.call(document.querySelectorAll(".glossary-entry"));
    var letters = Array.prototype.slice.call(document.querySelectorAll(".glossary-letters a"));
    var total = entries.length;
    var haystacks = entries.map(function (entry) {
      return ((entry.getAttribute("data-names") || "") + " " + entry.textContent).toLowerCase();
    });
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      var seenLetters = {};
      entries.forEach(function (entry, i) {
        var match = words.every(function (w) { return haystacks[i].indexOf(w) !== -1; });
        entry.hidden = !match;
        if (match) {
          shown += 1;
          var name = entry.querySelector("h2");
          if (name) seenLetters[name.textContent.trim().charAt(0).toUpperCase()] = true;
        }
      });
      letters.forEach(function (a) {
        var letter = a.getAttribute("data-letter");
        var off = words.length > 0 && !seenLetters[letter];
        a.classList.toggle("glossary-letters__off", off);
        if (off) a.setAttribute("aria-disabled", "true"); else a.removeAttribute("aria-disabled");
      });
      status.textContent = words.length
        ? (shown === 0 ? "No term matches \u201c" + input.value.trim() + "\u201d" :
           shown + " of " + total + " terms match")
        : total + " terms";
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
      button.hidden = false;
      button.addEventListener("click", function () {
        var url = location.href.split("#")[0] + "#" + button.getAttribute("data-faq-id");
        var heading = document.getElementById(button.getAttribute("data-faq-id"));
        var question = heading ? heading.textContent.replace(/\u00b6$/, "").trim() : "";
        copyText(url).then(function () {
          button.textContent = "Link copied";
          button.classList.add("faq-copy--done");
          if (status) status.textContent = "Link to \u201c" + question + "\u201d copied: " + url;
        }, function () {
          button.textContent = "Copy failed";
          if (status) status.textContent = "Could not copy. The link is " + url;
        });
        window.setTimeout(function () {
          button.textContent = "Copy link";
          button.classList.remove("faq-copy--done");
        }, 2500);
      });
    });
  }

  /* Glossary terms in the text: on touch, the first tap shows the definition
     (by focusing the link, which opens Material's tooltip); a second tap follows it. */
  var lastPointer = "mouse";
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
  }, true);
  document.addEventListener("click", function (event) {
    var term = event.target.closest && event.target.closest("a.glossary-term");
    if (!term || lastPointer !== "touch") return;
    if (!term.classList.contains("glossary-term--open")) {
      event.preventDefault();
      event.stopPropagation();
      document.querySelectorAll("a.glossary-term--open").forEach(function (other) {
        other.classList.remove("glossary-term--open");
      });
      term.classList.add("glossary-term--open");
      term.focus();
    }
  }, true);
  document.addEventListener("focusout", function (event) {
    if (event.target.classList && event.target.classList.contains("glossary-term--open")) {
      event.target.classList.remove("glossary-term--open");
    }
  });

  window.addEventListener("hashchange", followAlias);

  function setUp() {
    followAlias();
    setUpGlossaryFilter();
    setUpFaqCopy();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
