// Reading settings (text size, high contrast) that persist across pages in localStorage.
// Loaded in <head> so the chosen settings apply before the page is first drawn; the buttons
// in the header stay hidden without JavaScript, where they could do nothing.
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZE_KEY = "disclosure-text-size", CONTRAST_KEY = "disclosure-contrast";
  var SIZES = ["normal", "large", "larger"];

  function load(key) {
    try { return window.localStorage.getItem(key); } catch (error) { return null; }
  }

  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (error) { /* private mode: this page only */ }
  }

  function settings() {
    var size = load(SIZE_KEY);
    return { size: SIZES.indexOf(size) === -1 ? "normal" : size, contrast: load(CONTRAST_KEY) === "on" };
  }

  function applySettings(current) {
    root.classList.toggle("text-large", current.size === "large");
    root.classList.toggle("text-larger", current.size === "larger");
    root.classList.toggle("contrast", current.contrast);
  }

  function showButtons(current) {
    var bar = document.getElementById("prefs");
    if (!bar) return;
    Array.prototype.forEach.call(bar.querySelectorAll("[data-text-size]"), function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-text-size") === current.size));
    });
    bar.querySelector("[data-contrast]").setAttribute("aria-pressed", String(current.contrast));
  }

  applySettings(settings());

  document.addEventListener("DOMContentLoaded", function () {
    // 打印本页: a button only where a script can press print for the reader.
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    var bar = document.getElementById("prefs");
    if (!bar) return;
    bar.hidden = false;
    showButtons(settings());
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      var current = settings();
      if (button.hasAttribute("data-text-size")) {
        current.size = button.getAttribute("data-text-size");
        save(SIZE_KEY, current.size);
      } else if (button.hasAttribute("data-contrast")) {
        current.contrast = !current.contrast;
        save(CONTRAST_KEY, current.contrast ? "on" : "off");
      }
      applySettings(current);
      showButtons(current);
    });
  });
})();
