package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/singleflight"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/routenames"
	"github.com/studio-addons/portal/views"
)

// Healthz handles GET /healthz: the process is alive.
func (h *Handler) Healthz(c echo.Context) error {
	return c.String(http.StatusOK, "ok")
}

// Readyz handles GET /readyz: every studio's API key is accepted upstream
// and has every scope the portal needs (one cheap read per scope: HEAD
// checks no scope). The answer is cached briefly so probes do not spend the
// studios' rate limits; it names what failed, scopes by name.
func (h *Handler) Readyz(c echo.Context) error {
	if failed := h.ready.check(c.Request().Context()); failed != "" {
		return c.String(http.StatusServiceUnavailable, "not ready: "+failed)
	}
	return c.String(http.StatusOK, "ready")
}

// Home handles GET /: the login of the only studio, or the list of studios.
func (h *Handler) Home(c echo.Context) error {
	if len(h.order) == 1 {
		return c.Redirect(http.StatusSeeOther, h.paths.In(h.order[0].Slug, routenames.Login))
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

// readiness caches the result of checking every studio's key and scopes.
type readiness struct {
	studios []*Studio
	ttl     time.Duration
	now     func() time.Time
	log     *slog.Logger
	group   singleflight.Group
	mu      sync.Mutex
	at      time.Time
	failed  string
	missing map[string]bool // "studio scope" found missing and logged
}

func newReadiness(studios []*Studio, ttl time.Duration, now func() time.Time, log *slog.Logger) *readiness {
	return &readiness{studios: studios, ttl: ttl, now: now, log: log, missing: map[string]bool{}}
}

// check returns "" when ready, else what failed ("studio demo lacks scope
// STUDIO_READ", "studio demo: upstream not reachable or key refused").
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
		var failed []string
		for _, s := range r.studios {
			missing, err := s.Client.CheckScopes(ctx, apiclient.PortalScopes...)
			r.report(s.Slug, missing, err)
			switch {
			case len(missing) > 0:
				names := make([]string, len(missing))
				for i, sc := range missing {
					names[i] = string(sc)
				}
				failed = append(failed, "studio "+s.Slug+" lacks scope "+strings.Join(names, ", "))
			case err != nil:
				failed = append(failed, "studio "+s.Slug+": upstream not reachable or key refused")
			}
		}
		r.mu.Lock()
		r.at, r.failed = r.now(), strings.Join(failed, "; ")
		r.mu.Unlock()
		return r.failed, nil
	})
	return v.(string)
}

// report logs each scope a studio's key lacks once, when it is first found
// missing, and once more when a complete check finds it granted again. The
// scope names are not secret; the key never appears.
func (r *readiness) report(studio string, missing []apiclient.Scope, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := map[string]bool{}
	for _, sc := range missing {
		k := studio + " " + string(sc)
		now[k] = true
		if !r.missing[k] {
			r.missing[k] = true
			r.log.Error("the studio's API key lacks a scope the portal needs: members get the unavailable page",
				slog.String("studio", studio), slog.String("scope", string(sc)))
		}
	}
	if err != nil {
		r.log.Warn("readiness: a scope could not be checked", slog.String("studio", studio), slog.String("err", err.Error()))
		return // unknown scopes stay as they were
	}
	for k := range r.missing {
		if s, sc, _ := strings.Cut(k, " "); s == studio && !now[k] {
			delete(r.missing, k)
			r.log.Info("the studio's API key has the scope again", slog.String("studio", studio), slog.String("scope", sc))
		}
	}
}
