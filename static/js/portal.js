// portal.js: small progressive enhancements. Every flow works without it.
(function () {
  "use strict";
  // With htmx running, parts of a page follow the member's choices live;
  // what stands in for that without JavaScript (.no-js-only) hides.
  if (window.htmx) document.documentElement.classList.add("js");
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

  // Inside a studio's website (embed.js): the frame is as tall as this
  // page, told to the studio's page by postMessage on load, after every
  // htmx swap and whenever the page's size changes; links leading out of
  // the portal, and those marked data-top-level (receipts to print), open
  // in a new tab rather than inside the frame.
  if (window.parent !== window) {
    var root = document.documentElement;
    root.classList.add("embedded");
    var target = parentOrigin(document.body);
    if (target) {
      var last = -1;
      var post = function (load) {
        var height = Math.ceil(document.body.getBoundingClientRect().height);
        if (!load && height === last) return;
        last = height;
        window.parent.postMessage({ type: "addons-portal:size", height: height, title: document.title, load: load }, target);
      };
      post(true);
      window.addEventListener("load", function () { post(false); });
      document.addEventListener("htmx:afterSettle", function () { post(false); });
      if (window.ResizeObserver) new ResizeObserver(function () { post(false); }).observe(document.body);
    }
    document.addEventListener("click", function (ev) {
      var a = ev.target instanceof Element ? ev.target.closest("a[href]") : null;
      if (!a || a.target) return;
      var url = new URL(a.href, window.location.href);
      if (url.protocol !== "http:" && url.protocol !== "https:") return;
      if (url.origin !== window.location.origin || a.hasAttribute("data-top-level")) {
        a.target = "_blank";
        a.rel = "noopener";
      }
    });
  }

  // parentOrigin is the origin of the studio's page framing this one, when
  // the studio allows it (data-frame-origins): the browser's
  // ancestorOrigins where it has them, else the origin embed.js named
  // (data-embed-origin, checked by the portal), remembered for the frame's
  // later pages. "" means no one to tell.
  function parentOrigin(body) {
    var allowed = (body.getAttribute("data-frame-origins") || "").split(" ");
    var known = function (o) { return o && allowed.indexOf(o) >= 0 ? o : ""; };
    var ancestors = window.location.ancestorOrigins;
    if (ancestors && ancestors.length) return known(ancestors[0]);
    var named = known(body.getAttribute("data-embed-origin"));
    try {
      if (named) window.sessionStorage.setItem("addons-portal:embed", named);
      else named = known(window.sessionStorage.getItem("addons-portal:embed"));
    } catch (e) {
      // Storage refused inside the frame: only a page that was named knows.
    }
    return named;
  }
})();
