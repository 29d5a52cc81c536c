package handlers

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/singleflight"

	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/views"
)

// Healthz handles GET /healthz: the process is alive.
func (h *Handler) Healthz(c echo.Context) error {
	return c.String(http.StatusOK, "ok")
}

// Readyz handles GET /readyz: every studio's API key is accepted upstream.
// The answer is cached briefly so probes do not hammer the tenants.
func (h *Handler) Readyz(c echo.Context) error {
	if failed := h.ready.check(c.Request().Context()); failed != "" {
		return c.String(http.StatusServiceUnavailable, "not ready: studio "+failed)
	}
	return c.String(http.StatusOK, "ready")
}

// Home handles GET /: the login of the only studio, or the list of studios.
func (h *Handler) Home(c echo.Context) error {
	if len(h.order) == 1 {
		return c.Redirect(http.StatusSeeOther, "/"+h.order[0].Slug+"/login")
	}
	list := make([]views.Studio, 0, len(h.order))
	p := h.page(c, i18n.T(c.Request().Context(), "home.title"), "")
	for _, s := range h.order {
		list = append(list, s.view())
		if s.Stylesheet != "" {
			p.Stylesheets = append(p.Stylesheets, s.Stylesheet)
		}
	}
	return renderOK(c, views.StudioList(p, list))
}

// readiness caches the result of checking every studio's key.
type readiness struct {
	studios []*Studio
	ttl     time.Duration
	now     func() time.Time
	group   singleflight.Group
	mu      sync.Mutex
	at      time.Time
	failed  string
}

func newReadiness(studios []*Studio, ttl time.Duration, now func() time.Time) *readiness {
	return &readiness{studios: studios, ttl: ttl, now: now}
}

// check returns "" when ready, else the slug of a studio that failed.
func (r *readiness) check(ctx context.Context) string {
	r.mu.Lock()
	if !r.at.IsZero() && r.now().Sub(r.at) < r.ttl {
		defer r.mu.Unlock()
		return r.failed
	}
	r.mu.Unlock()
	v, _, _ := r.group.Do("ready", func() (any, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		failed := ""
		for _, s := range r.studios {
			if err := s.Client.CheckKey(ctx); err != nil {
				failed = s.Slug
				break
			}
		}
		r.mu.Lock()
		r.at, r.failed = r.now(), failed
		r.mu.Unlock()
		return failed, nil
	})
	return v.(string)
}
