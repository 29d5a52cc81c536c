package e2e

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/handlers"
)

// withCache turns the portal's read cache on, as it is in production.
func withCache() envOption {
	return withDeps(func(d *handlers.Deps) {
		d.StudioCacheTTL, d.ContractCacheTTL = time.Minute, 15*time.Second
	})
}

// TestCacheSparesTheStudiosRateLimit: a member reloading My add-ons (25
// add-ons) costs the studio's rate limit once per TTL, not once per view.
func TestCacheSparesTheStudiosRateLimit(t *testing.T) {
	e := newEnv(t, withCache())
	b := e.browser()
	b.login(t, "demo", "1-1006", "1999-12-31")
	for range 5 {
		if pg := b.get(t, "/demo/my-modules"); pg.count("[data-testid=module-contract]") != 25 {
			t.Fatalf("my add-ons shows %d, want 25", pg.count("[data-testid=module-contract]"))
		}
	}
	if got := e.Sandbox.Calls("demo", "GET "+moduleContractRoute); got != 25 {
		t.Errorf("add-on contract reads for 5 views = %d, want 25", got)
	}
}

// TestCacheShowsOwnWritesAtOnce: after the member's own cancelation the
// add-on's page shows the new status, not the cached one.
func TestCacheShowsOwnWritesAtOnce(t *testing.T) {
	e := newEnv(t, withCache())
	b := e.browser()
	b.login(t, "demo", "1-1002", "1985-06-30")
	before := b.get(t, "/demo/my-modules/5001")
	if got := before.text("[data-testid=module-contract-status]"); got != "Active" {
		t.Fatalf("status before = %q, want Active", got)
	}
	form := b.get(t, "/demo/my-modules/5001/cancel")
	reason := form.Doc.Find("[data-testid=cancel-reason-option] input").First().AttrOr("value", "")
	review := b.submit(t, form, "[data-testid=cancel-form]", url.Values{"cancelationReason": {reason}})
	after := b.submit(t, review, "[data-testid=cancel-confirm-form]", nil)
	if got := after.text("[data-testid=module-contract-status]"); !strings.Contains(got, "waiting for the studio") {
		t.Errorf("status right after the own cancelation = %q, want it pending", got)
	}
	list := b.get(t, "/demo/my-modules")
	if got := list.text("[data-id='5001'] [data-testid=module-contract-status]"); !strings.Contains(got, "waiting for the studio") {
		t.Errorf("my add-ons right after the own cancelation = %q, want it pending", got)
	}
}
