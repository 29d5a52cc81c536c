package handlers

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// securityHeaders sets the headers every response carries. The CSP allows
// no inline script at all; htmx is configured (in the layout) not to need it.
//
// Framing: a studio's pages may be framed by the portal itself and by the
// studio's FrameOrigins (CSP frame-ancestors), and by no one else. Such a
// studio's pages carry no X-Frame-Options, which knows no list of origins
// and would contradict the CSP in browsers that still read it; every other
// page keeps SAMEORIGIN.
func (h *Handler) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	img := strings.Join(append([]string{"'self'", "data:", "https:"}, h.deps.ImageOrigins...), " ")
	policy := func(ancestors []string) string {
		return strings.Join([]string{
			"default-src 'none'",
			"script-src 'self'",
			"style-src 'self'",
			"img-src " + img,
			"connect-src 'self'",
			"form-action 'self'",
			"base-uri 'none'",
			"frame-ancestors " + strings.Join(append([]string{"'self'"}, ancestors...), " "),
		}, "; ")
	}
	csp := policy(nil)
	framed := map[string]string{}
	for slug, s := range h.studios {
		if len(s.FrameOrigins) > 0 {
			framed[slug] = policy(s.FrameOrigins)
		}
	}
	return func(c echo.Context) error {
		hd := c.Response().Header()
		if p, ok := framed[studioScope(c.Request().URL.Path)]; ok {
			hd.Set("Content-Security-Policy", p)
		} else {
			hd.Set("Content-Security-Policy", csp)
			hd.Set("X-Frame-Options", "SAMEORIGIN")
		}
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		if h.deps.Secure {
			hd.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if !strings.HasPrefix(c.Request().URL.Path, "/static/") {
			// Pages carry member data and one-time tokens: never cache them.
			hd.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}
