// portal.js: small progressive enhancements. Every flow works without it.
(function () {
  "use strict";
  // A plain (non-htmx) form shows it is busy and cannot be sent twice while
  // the browser waits; the server's one-time tokens guard money anyway.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("hx-post")) return;
    if (form.dataset.busy === "1") { ev.preventDefault(); return; }
    form.dataset.busy = "1";
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
      b.setAttribute("aria-disabled", "true");
      b.classList.add("is-busy");
    });
  });
  // The title says "Error:" first while a form shows errors (the server
  // does so for full pages); htmx answers bring errors in or take them away.
  document.addEventListener("htmx:afterSettle", function () {
    var d = document.body.dataset;
    if (!d.title || !d.titleError) return;
    document.title = document.querySelector('[aria-invalid="true"]') ? d.titleError : d.title;
  });
  // Back/forward cache restores a page as it was: let its forms work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-busy]").forEach(function (f) {
      delete f.dataset.busy;
      f.querySelectorAll(".is-busy").forEach(function (b) {
        b.classList.remove("is-busy");
        b.removeAttribute("aria-disabled");
      });
    });
  });
})();
