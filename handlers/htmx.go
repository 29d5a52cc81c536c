package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// The htmx strategy, in one place: every URL renders a full page without
// JavaScript; a request with HX-Request (and not boosted) gets only the
// partial (renderEither decides, in render.go); redirects after POST are
// 303, or HX-Redirect for htmx (redirect, below). The few other places that
// ask isHTMX do something else for htmx rather than render less: a
// refusal on Continue is swapped in for htmx but redirected to the add-on
// page without JavaScript, so that no POST answer is a page a reload would
// send again.
const (
	hxRequest  = "HX-Request"
	hxBoosted  = "HX-Boosted"
	hxRedirect = "HX-Redirect"
)

// isHTMX reports whether the request wants a partial.
func isHTMX(c echo.Context) bool {
	h := c.Request().Header
	return h.Get(hxRequest) == "true" && h.Get(hxBoosted) != "true"
}

// redirect ends a POST (or an expired session) by sending the browser to url.
func redirect(c echo.Context, url string) error {
	if isHTMX(c) {
		c.Response().Header().Set(hxRedirect, url)
		return c.NoContent(http.StatusOK)
	}
	return c.Redirect(http.StatusSeeOther, url)
}
