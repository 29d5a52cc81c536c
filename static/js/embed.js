// embed.js frames the studio add-ons portal in a studio's own website:
//
//   <div data-addons-portal></div>
//   <script src="https://portal.example/embed.js" data-studio="berlin" data-lang="de" async></script>
//
// It puts an iframe of the studio's portal pages into the placeholder (or
// right after the script when there is none) and keeps the frame as tall
// as the page inside it, so the frame never scrolls. It listens only to
// messages from the portal's origin and from its own frame. Optional:
// data-lang (en, de) sets the language; data-sso takes a single sign-on
// link of the same portal and studio; data-title names the frame for
// screen readers until the portal's page names it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.URL) return;
  var portal = new URL(script.src, window.location.href).origin;
  var studio = script.getAttribute("data-studio") || "";
  if (!/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(studio)) {
    if (window.console) window.console.warn("embed.js: data-studio must name the studio's slug");
    return;
  }
  var src = new URL(portal + "/" + studio + "/");
  var sso = script.getAttribute("data-sso");
  if (sso) {
    var link = new URL(sso, portal);
    if (link.origin === portal && link.pathname === "/" + studio + "/sso") src = link;
  }
  src.searchParams.set("embed", window.location.origin);
  var lang = script.getAttribute("data-lang");
  if (lang) src.searchParams.set("lang", lang);

  var frame = document.createElement("iframe");
  frame.src = src.href;
  frame.title = script.getAttribute("data-title") || studio;
  frame.setAttribute("scrolling", "no");
  frame.style.display = "block";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.overflow = "hidden";
  frame.style.height = "640px"; // until the portal says how tall its page is

  var place = document.querySelector("[data-addons-portal]:not([data-addons-portal-ready])");
  if (place) {
    place.setAttribute("data-addons-portal-ready", "");
    place.appendChild(frame);
  } else {
    script.parentNode.insertBefore(frame, script.nextSibling);
  }

  var loads = 0;
  window.addEventListener("message", function (ev) {
    if (ev.origin !== portal || ev.source !== frame.contentWindow) return;
    var d = ev.data;
    if (!d || d.type !== "addons-portal:size") return;
    var height = Number(d.height);
    if (height > 0 && height < 100000) frame.style.height = Math.ceil(height) + "px";
    if (typeof d.title === "string" && d.title) frame.title = d.title.slice(0, 200);
    // A new page in the frame starts at its top: bring that into view
    // when the member had scrolled past it (not on the first page).
    if (d.load && loads++ > 0 && frame.getBoundingClientRect().top < 0) frame.scrollIntoView();
  });
})();
