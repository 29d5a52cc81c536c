package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/handlers"
)

// withCache turns the portal's read cache on, as it is in production.
func withCache() envOption {
	return withDeps(func(d *handlers.Deps) {
		d.StudioCacheTTL, d.ContractCacheTTL = time.Minute, 15*time.Second
	})
}

// TestCacheSparesTheStudiosRateLimit: a member reloading My add-ons (25
// add-ons, 5 current) costs the studio's rate limit once per TTL, not once
// per view: at most the 5 current add-ons for the first view (none when
// the pages before read them), nothing for the next four.
func TestCacheSparesTheStudiosRateLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCache())
	b := e.browser()
	b.login(t, "demo", "1-1006", "1999-12-31")
	reads := func() int64 { return e.Sandbox.Calls("demo", "GET "+moduleContractRoute) }
	base := reads()
	var first int64
	for i := range 5 {
		if pg := b.get(t, "/demo/my-modules"); pg.count("[data-testid=module-contract]") != 25 {
			t.Fatalf("my add-ons shows %d, want 25", pg.count("[data-testid=module-contract]"))
		}
		if i == 0 {
			first = reads() - base
		}
	}
	if first > 5 {
		t.Errorf("add-on contract reads for the first view = %d, want at most the 5 current ones", first)
	}
	if rest := reads() - base - first; rest != 0 {
		t.Errorf("the four views after the first read %d add-on contracts, want none", rest)
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

// TestCacheBookingFlow books with the read cache on, after the member's
// contract and catalog were cached by browsing: the booked page's link,
// the add-on's page, My add-ons and the catalog all show the new add-on at
// once, and a purchase whose answer was lost still reconciles to booked.
func TestCacheBookingFlow(t *testing.T) {
	for _, lost := range []bool{false, true} {
		t.Run(fmt.Sprintf("answer lost=%v", lost), func(t *testing.T) {
			e := newEnv(t, withCache())
			b := modLogin(t, e, "1-1001", 0)
			b.get(t, "/demo/modules")    // caches catalog, contracts, purchasable
			b.get(t, "/demo/my-modules") // caches the (empty) add-on list
			pg := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, true)
			if lost {
				e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: purchaseRoute, CommitThenDrop: true})
			}
			done := b.submit(t, pg, "form[data-testid=book-form]", nil)
			if got := done.Doc.Find("[data-testid=booking]").AttrOr("data-status", ""); got != "booked" {
				t.Fatalf("booking status %q, want booked: %s", got, done.text("main"))
			}
			link := done.Doc.Find("[data-testid=booked-link]").AttrOr("href", "")
			if detail := b.get(t, link); detail.Status != http.StatusOK || detail.text("[data-testid=module-contract-name]") != "Sauna" {
				t.Errorf("booked link %s → %d %q, want the sauna's page", link, detail.Status, detail.text("[data-testid=module-contract-name]"))
			}
			if n := b.get(t, "/demo/my-modules").count("[data-testid=module-contract]"); n != 1 {
				t.Errorf("my add-ons lists %d, want the new one", n)
			}
			if !b.get(t, "/demo/modules").has("[data-testid=booked-badge]") {
				t.Error("the catalog does not mark the sauna booked")
			}
		})
	}
}
