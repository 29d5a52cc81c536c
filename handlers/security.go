package handlers

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// securityHeaders sets the headers every response carries. The CSP allows
// no inline script at all; htmx is configured (in the layout) not to need it.
func (h *Handler) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	img := strings.Join(append([]string{"'self'", "data:", "https:"}, h.deps.ImageOrigins...), " ")
	csp := strings.Join([]string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src " + img,
		"connect-src 'self'",
		"form-action 'self'",
		"base-uri 'none'",
		"frame-ancestors 'self'",
	}, "; ")
	return func(c echo.Context) error {
		hd := c.Response().Header()
		hd.Set("Content-Security-Policy", csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "SAMEORIGIN")
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
