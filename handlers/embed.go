package handlers

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/static"
)

// fieldEmbed is the address parameter in which the embed script names the
// origin of the studio's page that frames the portal.
const fieldEmbed = "embed"

// embedOrigin is the origin the embed script named for this frame (?embed=),
// when it is one the studio allows to frame it; "" otherwise. The page
// hands it to portal.js, which posts the page's height to it and to no
// other origin.
func embedOrigin(c echo.Context, s *Studio) string {
	o := c.QueryParam(fieldEmbed)
	if o == "" || !slices.Contains(s.FrameOrigins, o) {
		return ""
	}
	return o
}

// withEmbedParams adds the request's embed and lang parameters to a path of
// the same studio, so a redirect inside the frame keeps them.
func withEmbedParams(c echo.Context, path string) string {
	q := url.Values{}
	if o := embedOrigin(c, currentStudio(c)); o != "" {
		q.Set(fieldEmbed, o)
	}
	if loc := queryLanguage(c); loc != "" {
		q.Set(fieldLanguage, string(loc))
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// EmbedScript handles GET /embed.js: the script a studio's website includes
// to frame the portal (static/js/embed.js). Its address is fixed, so it is
// cached briefly rather than fingerprinted.
func (h *Handler) EmbedScript(c echo.Context) error {
	b, err := static.File("js/embed.js")
	if err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set("Cache-Control", "public, max-age=300")
	// The studio's page loads it from another origin.
	hd.Set("Cross-Origin-Resource-Policy", "cross-origin")
	return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", b)
}
