package e2e

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
)

const customersByRoute = "/v1/customers/by"

// TestLoginUpstreamFaults: every way the upstream can fail during login ends
// on a page a member understands, with the upstream's traceId where it sent
// one, and never a 500 or a Go error string.
func TestLoginUpstreamFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      sandbox.Fault
		wantStatus int
		wantTitle  string
		wantTrace  bool
	}{
		{"rate limited", sandbox.Fault{Method: "GET", Path: customersByRoute, Status: 429}, 503, "Busy right now", true},
		{"unavailable", sandbox.Fault{Method: "GET", Path: customersByRoute, Status: 503}, 503, "Temporarily unavailable", true},
		{"internal error", sandbox.Fault{Method: "GET", Path: customersByRoute, Status: 500}, 503, "Temporarily unavailable", true},
		{"garbage body", sandbox.Fault{Method: "GET", Path: customersByRoute, Body: sandbox.FaultBodyGarbage}, 503, "Temporarily unavailable", false},
		{"truncated body", sandbox.Fault{Method: "GET", Path: customersByRoute, Body: sandbox.FaultBodyTruncated}, 503, "Temporarily unavailable", false},
		{"timeout", sandbox.Fault{Method: "GET", Path: customersByRoute, Latency: 2 * time.Second}, 503, "Temporarily unavailable", false},
		{"dropped connection", sandbox.Fault{Method: "GET", Path: customersByRoute, Drop: true}, 503, "Temporarily unavailable", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// One portal each: a 429 blocks the endpoint for its minute.
			e := newEnv(t, func(c *appConfig) { c.UpstreamTimeout = 1500 * time.Millisecond })
			e.Sandbox.SetFault(tt.fault)
			pg := e.browser().login(t, "demo", "1-1001", "1990-01-15")
			if pg.Status != tt.wantStatus {
				t.Errorf("status = %d, want %d", pg.Status, tt.wantStatus)
			}
			if got := pg.text("[data-testid=error] h1"); got != tt.wantTitle {
				t.Errorf("title = %q, want %q", got, tt.wantTitle)
			}
			trace := pg.text("[data-testid=trace-id]")
			if tt.wantTrace && len(trace) < 8 {
				t.Errorf("trace id = %q, want the upstream's", trace)
			}
			assertNoInternals(t, pg)
		})
	}
}

// TestA429BlocksTheEndpointForItsMinute: the client does not retry a 429
// (the upstream refuses the endpoint for the rest of its minute); the next
// login in that minute is answered "busy, try again in N seconds" without a call, and
// the one after the minute goes through.
func TestA429BlocksTheEndpointForItsMinute(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 11, 21, 12, 0, 20, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newEnv(t, func(c *appConfig) { c.ClientOptions = []apiclient.Option{apiclient.WithClock(clock)} })
	e.Sandbox.SetFault(sandbox.Fault{Method: "GET", Path: customersByRoute, Status: 429, Times: 1})
	for i := range 2 {
		pg := e.browser().login(t, "demo", "1-1001", "1990-01-15")
		if pg.Status != http.StatusServiceUnavailable || pg.text("[data-testid=error] h1") != "Busy right now" {
			t.Errorf("login %d in the blocked minute: status %d, want 503 and the busy page", i+1, pg.Status)
		}
		if pg.text("[data-testid=retry-in]") == "" {
			t.Errorf("login %d in the blocked minute: the page does not say when to try again", i+1)
		}
	}
	if got := e.Sandbox.Calls("demo", "GET "+customersByRoute); got != 1 {
		t.Errorf("customer lookups sent = %d, want 1 (the second is answered by the client)", got)
	}
	mu.Lock()
	now = now.Add(40 * time.Second)
	mu.Unlock()
	pg := e.browser().login(t, "demo", "1-1001", "1990-01-15")
	if got := pathOf(pg.URL); got != "/demo/modules" || pg.Status != http.StatusOK {
		t.Errorf("login in the next minute → %s (%d), want /demo/modules (200)", got, pg.Status)
	}
}

// TestFailedPageOffersRetry: a page that failed because the studio's system
// was away links back to itself; once the system is back, that link works.
func TestFailedPageOffersRetry(t *testing.T) {
	e := newEnv(t, func(c *appConfig) { c.UpstreamTimeout = 500 * time.Millisecond })
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	e.Sandbox.SetFault(sandbox.Fault{Method: "GET", Path: "/v1/memberships/self-service/additional-modules", Status: 503})
	pg := b.get(t, "/demo/modules")
	retry := pg.Doc.Find("[data-testid=error] a").First().AttrOr("href", "")
	if pg.Status != http.StatusServiceUnavailable || retry != "/demo/modules" {
		t.Fatalf("status %d, retry link %q; want 503 with a link to /demo/modules", pg.Status, retry)
	}
	e.Sandbox.ClearFaults()
	if again := b.get(t, retry); again.Status != http.StatusOK || !again.has("[data-testid=modules]") {
		t.Errorf("retry → %d, want the add-ons page", again.Status)
	}
}

// TestUnusualUpstreamStatuses: statuses without their own page (a
// gateway's 520, a 422, ...) still end on the "unavailable" page, never on
// a 500 that blames nobody.
func TestUnusualUpstreamStatuses(t *testing.T) {
	e := newEnv(t, func(c *appConfig) { c.UpstreamTimeout = 500 * time.Millisecond })
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	for _, status := range []int{408, 410, 422, 501, 520, 524} {
		e.Sandbox.ClearFaults()
		e.Sandbox.SetFault(sandbox.Fault{Method: "GET", Path: "/v1/memberships/self-service/additional-modules", Status: status})
		pg := b.get(t, "/demo/modules")
		if pg.Status == http.StatusInternalServerError || pg.text("[data-testid=error] h1") != "Temporarily unavailable" {
			t.Errorf("upstream %d → %d %q, want the unavailable page", status, pg.Status, pg.text("[data-testid=error] h1"))
		}
		assertNoInternals(t, pg)
	}
}
