/* The light/dark toggle in the header, in place of Material's palette component.

   Material 9.8.2 mounts that component when its bundle runs (bundle.ts:
   getComponentElements("palette").map(el => mountPalette(el))). At load it marks <body>
   with data-md-color-switching (its CSS has "[data-md-color-switching] *": every element
   is restyled), sets the colour attributes again, reads the header's computed style (a
   forced restyle) and removes the mark a task later (every element again). The reader
   sees nothing of it: Material's inline script in the header applied the stored palette
   before the first paint, and overrides/main.html stores the device's palette until the
   reader chooses. Material has no option to keep the toggle without the component, and
   copying its header partial into overrides/ would have to be redone on every upgrade.

   So this file runs before the bundle (block scripts in overrides/main.html) and takes the
   form's data-md-component away: the bundle finds no palette to mount. At load it shows
   the toggle of the palette in force (Material hides every label until it mounts) and
   touches nothing else; the browser's colour meta tags wait until it is idle. A click, a
   tap or Enter switches as the component did. Until the reader chooses (__palette_chosen)
   the palette follows the device, also when the device switches while the page is open.
   Listeners are on document, so they outlive instant navigation (which keeps the header).

   Keyed to 9.8.2: tests/test_palette_shape.py checks the bundle still mounts the palette
   this way; tests/browser/test_navigation.py that it no longer does (no
   data-md-color-switching on <body> at load, one on each switch). */
(function () {
  "use strict";

  var form = document.querySelector("form[data-md-component=palette]");
  if (!form || !window.__md_get || !window.__md_set) return;
  form.removeAttribute("data-md-component");

  var KEYS = ["media", "scheme", "primary", "accent"];
  var darkDevice = window.matchMedia("(prefers-color-scheme: dark)");

  // Material's __md_get throws where storage is blocked; the palette still works, unsaved.
  function stored(key) {
    try { return window.__md_get(key); } catch (err) { return null; }
  }
  function options() {
    return document.querySelectorAll("input[name=__palette]");
  }
  function colorOf(input) {
    var color = {};
    KEYS.forEach(function (key) { color[key] = input.getAttribute("data-md-color-" + key); });
    return color;
  }
  function deviceIndex() {
    return Array.prototype.findIndex.call(options(), function (input) {
      return window.matchMedia(input.getAttribute("data-md-color-media")).matches;
    });
  }

  // Each option's label (its toggle) switches to the next option; only the current one's shows.
  function showToggle(index) {
    Array.prototype.forEach.call(options(), function (input, i) {
      var label = input.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = i !== index;
    });
  }

  // The browser's colours (address bar, form controls), as Material sets them: the
  // header's background and colour scheme. Reading them forces a restyle when styles
  // are pending, so at load they are read in a ResizeObserver callback: the browser runs
  // it in a frame's rendering step, just after it has brought style and layout up to
  // date (an idle callback may find styles pending, and force a pass of its own).
  function meta(name) {
    var el = document.head.querySelector("meta[name='" + name + "']");
    if (!el) {
      el = document.createElement("meta");
      el.name = name;
      document.head.appendChild(el);
    }
    return el;
  }
  function fillMeta() {
    var header = document.querySelector("[data-md-component=header]");
    if (!header) return;
    var style = window.getComputedStyle(header);
    set(meta("theme-color"), "#" + style.backgroundColor.match(/\d+/g).slice(0, 3)
      .map(function (value) { return (+value).toString(16).padStart(2, "0"); }).join(""));
    set(meta("color-scheme"), style.colorScheme);
  }
  // A changed color-scheme tag restyles every element: written only when it changes.
  function set(tag, value) {
    if (tag.content !== value) tag.content = value;
  }

  var current;
  // What Material's component did on each switch: transitions off for the switch
  // (data-md-color-switching, removed on the next task), the option's colours on <body>,
  // its toggle shown, the choice stored, the browser's colours updated.
  function apply(index) {
    var input = options()[index];
    if (!input) return;
    var body = document.body, color = colorOf(input);
    body.setAttribute("data-md-color-switching", "");
    KEYS.forEach(function (key) { body.setAttribute("data-md-color-" + key, color[key]); });
    input.checked = true;
    current = index;
    showToggle(index);
    window.__md_set("__palette", { index: index, color: color });
    fillMeta();
    window.setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
  }

  // At load: the palette in force is the stored one (overrides/main.html stores the
  // device's until the reader chooses), else the device's.
  var saved = stored("__palette");
  var count = options().length;
  current = saved && typeof saved.index === "number" ? saved.index : deviceIndex();
  current = Math.max(0, Math.min(current, count - 1));
  var want = colorOf(options()[current]);
  if (KEYS.every(function (key) { return document.body.getAttribute("data-md-color-" + key) === want[key]; })) {
    showToggle(current);
  } else {
    apply(current); // storage blocked, or colours stored before the configuration changed
  }
  // theme-color is created now, with the page, and filled in the first frame; overrides/
  // main.html has written color-scheme in the head already (changed now, it would restyle
  // every element), so the first frame finds it right and leaves it alone.
  meta("theme-color");
  var header = document.querySelector("[data-md-component=header]");
  if (header) {  // ResizeObserver: Material's bundle needs it too
    var firstFrame = new ResizeObserver(function () {
      firstFrame.disconnect();
      fillMeta();
    });
    firstFrame.observe(header);
  }

  // A reader's choice: a click or tap on the toggle (the label checks the next option),
  // the arrow keys or Space on the options.
  document.addEventListener("change", function (event) {
    if (event.target.name !== "__palette") return;
    var index = Array.prototype.indexOf.call(options(), event.target);
    if (index < 0) return;
    window.__md_set("__palette_chosen", true);
    apply(index);
  });
  // Enter on the focused toggle moves to the next option, as Material's keydown handler did.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.closest) return;
    var within = event.target.closest("form");
    if (!within || !within.querySelector("input[name=__palette]")) return;
    var next = options()[(current + 1) % count];
    next.click();
    next.focus();
  });
  // The device switched while the page is open: follow it until the reader has chosen.
  darkDevice.addEventListener("change", function () {
    if (stored("__palette_chosen")) return;
    var index = deviceIndex();
    if (index >= 0 && index !== current) apply(index);
  });
})();
