package handlers

import (
	"bytes"
	"net/http"
	"strings"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/upstream"
	"github.com/studio-addons/portal/views"
)

// renderBuffers keeps the buffers pages are rendered into: a page is ~10 KB
// and grown from empty would be copied several times on every request.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps a rare huge page's buffer out of the pool.
const maxPooledBuffer = 256 << 10

// render writes comp with status. It renders into a buffer first so that a
// failing template still becomes a clean error page instead of half a page.
func render(c echo.Context, status int, comp templ.Component) error {
	buf := renderBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			renderBuffers.Put(buf)
		}
	}()
	ctx := c.Request().Context()
	if status == http.StatusUnprocessableEntity {
		ctx = views.WithFormErrors(ctx) // the one status of a form with errors
	}
	if err := comp.Render(ctx, buf); err != nil {
		return err
	}
	// Blob has written (or copied) every byte when it returns.
	return c.Blob(status, echo.MIMETextHTMLCharsetUTF8, buf.Bytes())
}

// page builds the layout data for the current request: studio, member,
// CSRF token and the pending flash message (consumed here).
func (h *Handler) page(c echo.Context, title, nav string) views.Page {
	p := views.Page{Title: title, Nav: nav, CSRF: csrfToken(c), Paths: h.paths}
	if s := currentStudio(c); s != nil {
		p.Studio = s.view()
		if s.Stylesheet != "" {
			p.Stylesheets = []string{s.Stylesheet}
		}
		p.Return = pageReturnPath(c, s.Slug)
		p.FrameOrigins = strings.Join(s.FrameOrigins, " ")
		p.EmbedOrigin = embedOrigin(c, s)
	}
	if m := currentMember(c); m != nil {
		p.Member = &views.Member{FirstName: m.FirstName, Bound: m.ContractID != 0}
		if m.Several && m.ContractID != 0 {
			p.Member.Contract = m.ContractName
		}
	}
	p.Flash = h.takeFlash(c)
	h.flashReceipt(c, p.Flash)
	// A page some of whose data came stale from the cache (the studio's
	// system or the budget said no) says as of when.
	if v, ok := c.Get(ctxUpstream).(*upstream.View); ok {
		if since := v.StaleSince(); !since.IsZero() {
			p.AsOf = since.In(studioZone)
		}
	}
	return p
}

// renderEither is the one page-or-partial decision (the htmx strategy in
// htmx.go): an htmx request gets partial, any other the full page, which is
// built only then (building it takes the pending flash message).
func renderEither(c echo.Context, status int, partial templ.Component, page func() templ.Component) error {
	if isHTMX(c) {
		return render(c, status, partial)
	}
	return render(c, status, page())
}

// renderOK renders a full page with 200.
func renderOK(c echo.Context, comp templ.Component) error { return render(c, http.StatusOK, comp) }
