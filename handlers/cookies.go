package handlers

import (
	"net"
	"net/http"
	"strings"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"
)

// hostPrefix marks a cookie the browser only accepts when it is Secure, has
// Path=/ and no Domain: no other host (a subdomain) can set or overwrite it.
const hostPrefix = "__Host-"

// cookieName is a cookie's name as the browser keeps it: with the __Host-
// prefix whenever the portal is served over https.
func (h *Handler) cookieName(base string) string {
	if h.deps.Secure {
		return hostPrefix + base
	}
	return base
}

// cookieOptions are the attributes of every cookie the portal sets (maxAge
// as in http.Cookie: 0 for the browser session, -1 to delete).
//
// Without a framing studio cookies are SameSite=Lax. When any studio may be
// framed by its own website, every cookie is SameSite=None; Secure;
// Partitioned: inside the cross-site frame a Lax cookie is never sent, and
// an unpartitioned third-party cookie is refused by browsers that block
// them (Chromium sent only the partitioned one back), while a partitioned
// cookie (CHIPS) is kept apart per top-level site. The choice is the
// portal's, not the studio's: the cookies are per browser (Path=/, one
// name), and a studio-dependent choice would put two cookies of one name
// into the same jar. Top-level visits keep working: their partition is the
// portal's own site. CSRF protection does not rest on SameSite (see csrf).
//
// Secure needs https, except on the machine itself: browsers treat
// http://localhost and http://127.0.0.1 as secure contexts and keep Secure
// cookies from them (the demo). Framing over plain http elsewhere gets Lax
// cookies, which a cross-site frame never sends: the member is offered a
// new tab.
func (h *Handler) cookieOptions(c echo.Context, maxAge int) *sessions.Options {
	o := &sessions.Options{Path: "/", MaxAge: maxAge, HttpOnly: true, Secure: h.deps.Secure, SameSite: http.SameSiteLaxMode}
	if h.framed && (h.deps.Secure || isLoopback(c.Request().Host)) {
		o.Secure, o.SameSite, o.Partitioned = true, http.SameSiteNoneMode, true
	}
	return o
}

// setCookie sets one plain cookie (CSRF secret, language) with the portal's
// attributes.
func (h *Handler) setCookie(c echo.Context, base, value string, maxAge int) {
	c.SetCookie(sessions.NewCookie(h.cookieName(base), value, h.cookieOptions(c, maxAge)))
}

// isLoopback reports a Host header naming the machine itself.
func isLoopback(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
