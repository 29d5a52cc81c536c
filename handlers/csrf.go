package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/state"
)

const (
	csrfCookie = "portal_csrf"
	csrfField  = "_csrf"
	csrfHeader = "X-CSRF-Token"
	ctxCSRF    = "portal.csrf"
)

// errCSRF is a POST that failed the CSRF checks.
var errCSRF = &pageError{status: http.StatusForbidden, titleKey: "error.csrf.title", bodyKey: "error.csrf.body"}

// errNoCookies is a form sent back without the cookie its page set: the
// browser keeps no cookies for the portal here, typically inside a
// studio's website that blocks third-party cookies. Asking again would
// fail again, so the page offers the portal in a new tab instead.
var errNoCookies = &pageError{status: http.StatusForbidden, titleKey: "error.nocookies.title", bodyKey: "error.nocookies.body"}

// csrf protects every unsafe request twice: the browser's Fetch Metadata
// (Sec-Fetch-Site, else Origin) must say the request comes from this site,
// and the form must carry the token derived (HMAC) from this browser's CSRF
// cookie and the studio of the path, so a forged or copied cookie alone is
// not enough, and a token from one studio's page is refused at another's.
// The token is read from the X-CSRF-Token header or the form body, never
// from the address (which ends up in logs, histories and Referer headers).
//
// Neither check rests on SameSite, so they hold with the SameSite=None
// cookies a framed studio needs. A form inside the studio's frame posts to
// the portal from the portal's own page: Chromium sends it with
// Sec-Fetch-Site: same-origin and the portal's Origin, whatever site the
// frame sits in.
func (h *Handler) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		secret := ""
		if ck, err := c.Cookie(h.cookieName(csrfCookie)); err == nil && len(ck.Value) >= 16 && len(ck.Value) <= 64 {
			secret = ck.Value
		}
		hadCookie := secret != ""
		if !hadCookie {
			secret = h.newCSRFSecret(c)
		}
		scope := studioScope(c.Request().URL.Path)
		c.Set(ctxCSRF, h.csrfTokenFor(secret, scope))
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if !sameOrigin(c.Request()) {
			return errCSRF
		}
		got := c.Request().Header.Get(csrfHeader)
		if got == "" {
			got = c.Request().PostFormValue(csrfField)
		}
		if got != "" && !hadCookie {
			// A form from the portal's page, sent back without the cookie
			// that page set: this browser keeps none for the portal here.
			return errNoCookies
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(h.csrfTokenFor(secret, scope))) != 1 {
			return errCSRF
		}
		return next(c)
	}
}

// newCSRFSecret gives the browser a new CSRF secret (cookie) and returns it.
func (h *Handler) newCSRFSecret(c echo.Context) string {
	secret := state.NewID()
	h.setCookie(c, csrfCookie, secret, 0)
	return secret
}

// rotateCSRF replaces the browser's CSRF secret at a login (form or single
// sign-on), so a token seen before it (a shared computer, a page left
// open) is worth nothing after it; the page rendered next carries the new
// token. Switching contracts within a session keeps the secret: the
// member's other open pages stay usable.
func (h *Handler) rotateCSRF(c echo.Context) {
	secret := h.newCSRFSecret(c)
	c.Set(ctxCSRF, h.csrfTokenFor(secret, studioScope(c.Request().URL.Path)))
}

// csrfTokenFor is the token for a browser's secret at one studio (scope).
func (h *Handler) csrfTokenFor(secret, scope string) string {
	mac := hmac.New(sha256.New, h.deps.CSRFKey)
	mac.Write([]byte(scope))
	mac.Write([]byte{0}) // slugs never hold a NUL: scope and secret cannot run into each other
	mac.Write([]byte(secret))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// studioScope is the first segment of a path: the studio's slug under
// /{studio}/, whatever the route (the middleware runs before routing).
func studioScope(path string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return seg
}

// csrfToken returns the form token for this browser.
func csrfToken(c echo.Context) string {
	t, _ := c.Get(ctxCSRF).(string)
	return t
}

// sameOrigin checks Fetch Metadata: Sec-Fetch-Site when the browser sends it,
// else the Origin header; a client sending neither (old browsers, tests)
// falls back on the token alone.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin":
		return true
	case "":
	default: // same-site, cross-site, none
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}
