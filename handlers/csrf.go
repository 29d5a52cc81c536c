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

// csrf protects every unsafe request twice: the browser's Fetch Metadata
// (Sec-Fetch-Site, else Origin) must say the request comes from this site,
// and the form must carry the token derived (HMAC) from this browser's CSRF
// cookie and the studio of the path, so a forged or copied cookie alone is
// not enough, and a token from one studio's page is refused at another's.
func (h *Handler) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		secret := ""
		if ck, err := c.Cookie(csrfCookie); err == nil && len(ck.Value) >= 16 && len(ck.Value) <= 64 {
			secret = ck.Value
		}
		if secret == "" {
			secret = state.NewID()
			c.SetCookie(&http.Cookie{
				Name: csrfCookie, Value: secret, Path: "/", HttpOnly: true,
				Secure: h.deps.Secure, SameSite: http.SameSiteLaxMode,
			})
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
			got = c.FormValue(csrfField)
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(h.csrfTokenFor(secret, scope))) != 1 {
			return errCSRF
		}
		return next(c)
	}
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
