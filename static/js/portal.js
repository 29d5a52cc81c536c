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
  // An htmx form shows it is busy on its submit button without disabling
  // it, so the button keeps the focus while the request runs (a disabled
  // button drops it); hx-sync on the form drops a second submit.
  function busy(form, on) {
    if (!(form instanceof HTMLFormElement)) return;
    form.querySelectorAll("button[type=submit]").forEach(function (b) {
      b.classList.toggle("is-busy", on);
      if (on) b.setAttribute("aria-disabled", "true"); else b.removeAttribute("aria-disabled");
    });
  }
  document.addEventListener("htmx:beforeRequest", function (ev) { busy(ev.detail.elt, true); });
  document.addEventListener("htmx:afterRequest", function (ev) { busy(ev.detail.elt, false); });
  // After htmx swaps new content into a target marked data-swap-focus,
  // the focus moves to the content's heading, else its first marked field,
  // so a screen reader and the keyboard continue from what changed.
  document.addEventListener("htmx:afterSettle", function (ev) {
    var target = ev.detail.target;
    if (!target || !target.hasAttribute || !target.hasAttribute("data-swap-focus")) return;
    var el = target.querySelector("h1, h2, h3") || document.querySelector("[aria-invalid=true]");
    if (!el) return;
    if (!el.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) el.setAttribute("tabindex", "-1");
    el.focus();
  });
  // Print buttons (receipts) work only with JavaScript: show them now.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
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
