package handlers

import (
	"context"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/studio-addons/portal/upstream"
)

// How often a studio's own name and logo are asked for again, and how soon
// after a failed attempt. Names and logos change rarely, and no webhook
// announces it.
const (
	tenantRefresh = 5 * time.Minute
	tenantRetry   = time.Minute
	// tenantCallTimeout bounds one background attempt.
	tenantCallTimeout = 10 * time.Second
)

// tenantBranding is a studio's own name and logo as its tenant tells them
// (GET /v1/studios/information), for a studio whose configuration leaves
// either out. It is read once when the handler is built, bounded by
// Deps.TenantInfoTimeout so a slow tenant cannot hold up the portal's
// start; after that no member's request ever waits for it: a page shows
// what is known and, once that is due, starts one background read through
// the studio's upstream (its cache, studio budget and coalescing).
type tenantBranding struct {
	up  *upstream.Studio
	now func() time.Time
	log *slog.Logger

	mu      sync.Mutex
	name    string
	logo    string
	due     time.Time
	running bool
	bg      sync.WaitGroup
}

func newTenantBranding(up *upstream.Studio, now func() time.Time, log *slog.Logger) *tenantBranding {
	return &tenantBranding{up: up, now: now, log: log}
}

// current returns the tenant's name and logo as known ("" each when not
// known), and starts a background refresh when one is due.
func (t *tenantBranding) current() (name, logo string) {
	if t == nil {
		return "", ""
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.running && !t.now().Before(t.due) {
		t.running = true
		t.bg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), tenantCallTimeout)
			defer cancel()
			t.refresh(ctx)
		})
	}
	return t.name, t.logo
}

// prime reads the studio information before the first page, waiting no
// longer than ctx allows. A tenant too slow for that is still answered in
// the background, and the pages show its name and logo from then on.
func (t *tenantBranding) prime(ctx context.Context) {
	t.mu.Lock()
	t.running = true
	t.mu.Unlock()
	done := make(chan struct{})
	t.bg.Go(func() {
		defer close(done)
		rctx, cancel := context.WithTimeout(context.Background(), tenantCallTimeout)
		defer cancel()
		t.refresh(rctx)
	})
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// refresh reads the studio information once; a failure keeps what is known
// and tries again after tenantRetry.
func (t *tenantBranding) refresh(ctx context.Context) {
	si, err := t.up.For(upstream.Caller{}).Cached().GetStudioInformation(ctx)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.running = false
	if err != nil {
		t.due = t.now().Add(tenantRetry)
		t.log.Warn("studio information not read: the studio's name and logo fall back", slog.String("studio", t.up.Slug()), slog.String("err", err.Error()))
		return
	}
	t.due = t.now().Add(tenantRefresh)
	t.name = tenantName(si.Name)
	t.logo = tenantLogo(si.LogoURL)
}

// tenantName is the tenant's studio name when it is fit for the header:
// one line of at most 80 characters.
func tenantName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 80 || strings.ContainsFunc(name, unicode.IsControl) {
		return ""
	}
	return name
}

// tenantLogo is the tenant's logo URL when a page may load it: https, or
// plain http from the machine itself (the sandbox).
func tenantLogo(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil {
		return ""
	}
	switch host := u.Hostname(); {
	case u.Scheme == "https":
	case u.Scheme == "http" && (host == "localhost" || host == "127.0.0.1" || host == "::1"):
	default:
		return ""
	}
	return u.String()
}

// primeTenants reads every studio's missing name and logo at once, in
// parallel, waiting at most Deps.TenantInfoTimeout.
func (h *Handler) primeTenants() {
	if h.deps.TenantInfoTimeout < 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), h.deps.TenantInfoTimeout)
	defer cancel()
	var wg sync.WaitGroup
	for _, s := range h.order {
		if s.tenant != nil {
			wg.Go(func() { s.tenant.prime(ctx) })
		}
	}
	wg.Wait()
}
