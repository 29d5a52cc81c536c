package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/state/statetest"
)

// newEnvWithSandbox is newEnv with the sandbox configured by cfg (its
// today is the tests' today).
func newEnvWithSandbox(t testing.TB, cfg sandbox.Config, opts ...envOption) *env {
	t.Helper()
	cfg.Today = today
	sb := sandbox.New(cfg)
	sbSrv := httptest.NewServer(sb)
	t.Cleanup(func() { sbSrv.Close(); sb.Close() })
	e := &env{Sandbox: sb, SandboxURL: sbSrv.URL, opts: opts}
	e.URL = e.startPortal(t)
	return e
}

// TestOneMemberCannotUseUpTheStudiosBudget: the studio's limit is 100
// calls per endpoint and minute, the portal keeps to 90. A member's data is
// not cached (CACHE_MEMBER_TTL=off, the worst case: every add-on page and
// Continue asks the studio). One member floods add-on pages, Continue and
// logins from their address; another member, at home, logs in, browses,
// continues and books without a single busy or slow-down page, and the
// studio never answers 429.
func TestOneMemberCannotUseUpTheStudiosBudget(t *testing.T) {
	t.Parallel()
	e := newEnvWithSandbox(t, sandbox.Config{RateLimit: 100},
		func(c *appConfig) { c.TrustProxy = true },
		withDeps(func(d *handlers.Deps) {
			d.StudioCacheTTL, d.ContractCacheTTL = time.Minute, -1
			d.StudioBudget, d.MemberBudget = 90, 60
		}))

	flooder := e.browser().from("203.0.113.9")
	flooder.login(t, "demo", "1-1002", "1985-06-30")
	modules := []int64{sandbox.ModuleSauna, sandbox.ModuleTowel, 303, 304, 305, 306, 307}
	held := map[int]int{} // the flooder's statuses
	for i := range 120 {
		mod := modules[i%len(modules)]
		trial := []string{"", "on"}[i/len(modules)%2]
		held[flooder.get(t, fmt.Sprintf("/demo/modules/%d?trial=%s", mod, trial)).Status]++
		pg := flooder.post(t, fmt.Sprintf("/demo/modules/%d/continue", mod),
			url.Values{"paymentFrequency": {fmt.Sprint(mod*10 + 1)}, "trial": {trial}})
		held[pg.Status]++
		// Logins from the same address, wrong birth dates for numbers
		// that mostly do not exist.
		held[e.browser().from("203.0.113.9").login(t, "demo", fmt.Sprintf("1-%d", 3000+i), "2000-01-01").Status]++
	}
	if held[http.StatusTooManyRequests] == 0 {
		t.Errorf("the flooder's statuses %v: never held back", held)
	}

	member := e.browser().from("198.51.100.20")
	var visited []*page
	visited = append(visited, member.login(t, "demo", "1-1001", "1990-01-15"))
	visited = append(visited, member.get(t, "/demo/modules"))
	addOn := member.get(t, "/demo/modules/302")
	visited = append(visited, addOn)
	summary := member.submit(t, addOn, "form[data-testid=check-form]", nil)
	visited = append(visited, summary)
	booked := member.submit(t, summary, "form[data-testid=book-form]", nil)
	visited = append(visited, booked, member.get(t, "/demo/my-modules"))
	for _, pg := range visited {
		if pg.Status >= 400 || pg.has("[data-testid=error]") {
			t.Errorf("%s: status %d, %q", pathOf(pg.URL), pg.Status, pg.text("[data-testid=error] h1"))
		}
	}
	if got := bkStatus(booked); got != "booked" {
		t.Errorf("the member's booking: %q, want booked", got)
	}
	// The portal kept every endpoint under the studio's limit.
	for _, ep := range apiclient.Endpoints() {
		if n := e.Sandbox.Calls("demo", string(ep)); n > 90 {
			t.Errorf("%s: %d calls, over the portal's 90", ep, n)
		}
	}
}

// TestBusyStudioAnswersFromTheCacheAsOf: when the studio's system refuses
// (429) after the member's data expired in the cache, My add-ons shows what
// the studio said last, and says as of when; a member with nothing cached
// gets the busy page.
func TestBusyStudioAnswersFromTheCacheAsOf(t *testing.T) {
	t.Parallel()
	clock := statetest.ClockAt(testNow())
	e := newEnv(t, withCache(), withDeps(func(d *handlers.Deps) { d.Now = clock.Now }))
	b := mmLogin(t, e, "demo", "1-1002")
	if pg := b.get(t, "/demo/my-modules"); pg.has("[data-testid=as-of]") {
		t.Fatal("a current page says it is old")
	}
	clock.Advance(20 * time.Second) // past the member data's 15 s
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodGet, Path: "/v1/customers/{customerId}/contracts", Status: http.StatusTooManyRequests})
	pg := b.get(t, "/demo/my-modules")
	if pg.Status != http.StatusOK || pg.count("[data-testid=module-contract]") == 0 {
		t.Fatalf("status %d with %d add-ons, want the cached list", pg.Status, pg.count("[data-testid=module-contract]"))
	}
	if got := pg.text("[data-testid=as-of]"); got != "The studio's system is busy: this page shows what it said at 12:00." {
		t.Errorf("as-of line %q", got)
	}
	// Another member logging in now has nothing cached: the busy page,
	// saying when to try again.
	busy := e.browser().login(t, "demo", "1-1001", "1990-01-15")
	if busy.Status != http.StatusServiceUnavailable || busy.text("[data-testid=retry-in]") == "" {
		t.Errorf("nothing cached: status %d, retry %q; want the busy page saying when", busy.Status, busy.text("[data-testid=retry-in]"))
	}
}
