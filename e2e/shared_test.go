package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/state/redistest"
)

// Several portal instances behind one load balancer share their state in
// one Redis: each test starts a Redis, the sandbox and two instances with
// the same keys (as PORTAL_SECRET gives them), and a member's browser
// whose requests land on either.

// twoInstances starts Redis and two portal instances sharing it and the
// sandbox.
func twoInstances(t *testing.T) (*env, *env, *redistest.Server) {
	t.Helper()
	redis := redistest.Start(t)
	a := newEnv(t, withRedis(t, redis.URL), withSharedKeys())
	return a, a.another(t), redis
}

func TestSharedLogoutRefusedOnOtherInstance(t *testing.T) {
	t.Parallel()
	a, b, _ := twoInstances(t)
	onA := modLogin(t, a, "1-1001", 0)
	onB := onA.on(b)
	if got := pathOf(onB.get(t, "/demo/modules").URL); got != "/demo/modules" {
		t.Fatalf("the session from instance A on B → %s, want /demo/modules", got)
	}
	old := onA.cookie("portal_session")
	out := onA.submit(t, onA.get(t, "/demo/modules"), "form[action$='/logout']", nil)
	if got := pathOf(out.URL); got != "/demo/login" {
		t.Fatalf("after logout on A → %s, want /demo/login", got)
	}
	replay := &http.Cookie{Name: old.Name, Value: old.Value, Path: "/"}
	onB.setCookie(replay)
	if got := pathOf(onB.get(t, "/demo/modules").URL); got != "/demo/login" {
		t.Errorf("the logged-out cookie on B → %s, want /demo/login", got)
	}
	// A restarted instance (nothing in its memory) refuses it too.
	restarted := onA.on(a.another(t))
	restarted.setCookie(replay)
	if got := pathOf(restarted.get(t, "/demo/modules").URL); got != "/demo/login" {
		t.Errorf("the logged-out cookie after a restart → %s, want /demo/login", got)
	}
}

func TestSharedBookingFormBooksOnceOnTwoInstances(t *testing.T) {
	t.Parallel()
	a, b, _ := twoInstances(t)
	onA := modLogin(t, a, "1-1001", 0)
	confirm := bkSummary(t, onA, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
	v := bkBookValues(confirm)
	path := fmt.Sprintf("/demo/modules/%d/book", sandbox.ModuleTowel)
	browsers := []*browser{onA, onA.on(b)}
	results := make([]*page, len(browsers))
	var wg sync.WaitGroup
	for i, br := range browsers {
		wg.Go(func() { results[i] = br.postRaw(t, path, v, nil) })
	}
	wg.Wait()
	if got := a.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 1 {
		t.Errorf("%d purchase calls from two instances, want exactly 1", got)
	}
	if ids := bkNewContracts(a); len(ids) != 1 {
		t.Errorf("module contracts %v, want exactly one", ids)
	}
	outcome := pathOf(results[0].URL)
	if pathOf(results[1].URL) != outcome || !strings.HasPrefix(outcome, "/demo/bookings/") {
		t.Fatalf("the two submits ended on %s and %s, want the same booking page", results[0].URL, results[1].URL)
	}
	// The outcome page survives a restart: it lives in Redis.
	restarted := onA.on(a.another(t))
	pg := restarted.get(t, outcome)
	if got := pg.Doc.Find("[data-testid=booking]").AttrOr("data-status", ""); pg.Status != http.StatusOK || got != "booked" {
		t.Errorf("outcome page after a restart: status %d, booking %q; want 200 booked", pg.Status, got)
	}
}

func TestSharedLoginThrottleCountsAcrossInstances(t *testing.T) {
	t.Parallel()
	a, b, _ := twoInstances(t)
	instances := []*env{a, b}
	for i := range handlers.MemberLoginFailures {
		pg := instances[i%2].browser().login(t, "demo", "1-1001", "2000-01-01")
		if pg.Status != http.StatusUnauthorized {
			t.Fatalf("wrong login %d: status %d, want 401", i+1, pg.Status)
		}
	}
	// Failures on A and B together reached the limit: the right date of
	// birth is refused on both, and on an instance started since.
	for name, e := range map[string]*env{"A": a, "B": b, "restarted": a.another(t)} {
		if pg := e.browser().login(t, "demo", "1-1001", "1990-01-15"); pg.Status != http.StatusTooManyRequests {
			t.Errorf("login on %s after %d failures across instances: status %d, want 429", name, handlers.MemberLoginFailures, pg.Status)
		}
	}
}

// TestRedisOutageFailsClosed: with Redis gone, a logged-in member is
// neither let in nor logged out, and nobody can log in: each gets the
// 'temporarily unavailable' page, without internals.
func TestRedisOutageFailsClosed(t *testing.T) {
	t.Parallel()
	a, _, redis := twoInstances(t)
	member := modLogin(t, a, "1-1001", 0)
	redis.Stop()
	pg := member.get(t, "/demo/modules")
	assertUnavailable(t, "a logged-in member's page", pg)
	if pathOf(pg.URL) != "/demo/modules" {
		t.Errorf("a logged-in member was sent to %s", pathOf(pg.URL))
	}
	assertUnavailable(t, "a login", a.browser().login(t, "demo", "1-1002", "1985-06-30"))
}

// TestTokenStoreDownBooksNothing: when the booking tokens cannot be issued
// or claimed, the member gets the 'unavailable' page and nothing is bought.
func TestTokenStoreDownBooksNothing(t *testing.T) {
	t.Parallel()
	tokens := &failingTokens{BookingTokens: state.NewTokens(time.Hour, testNow)}
	e := newEnv(t, withDeps(func(d *handlers.Deps) { d.Tokens = tokens }))
	b := modLogin(t, e, "1-1001", 0)
	confirm := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)

	tokens.failing.Store(true)
	pg := b.post(t, fmt.Sprintf("/demo/modules/%d/continue", sandbox.ModuleSauna), url.Values{"paymentFrequency": {fmt.Sprint(sandbox.FrequencySaunaMonthly)}})
	assertUnavailable(t, "Continue to the summary", pg)
	if pg.has("form[data-testid=book-form]") {
		t.Error("a book button without a token")
	}
	assertUnavailable(t, "the book form", b.submit(t, confirm, "form[data-testid=book-form]", nil))
	if got := e.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 0 {
		t.Errorf("%d purchase calls, want none", got)
	}
}

// failingTokens fails Issue and Claim (as an unreachable store does) while
// failing is set.
type failingTokens struct {
	handlers.BookingTokens
	failing atomic.Bool
}

func (f *failingTokens) Issue(ctx context.Context, b state.Booking) (string, error) {
	if f.failing.Load() {
		return "", errStoreDown
	}
	return f.BookingTokens.Issue(ctx, b)
}

func (f *failingTokens) Claim(ctx context.Context, token, sid string) (state.Booking, bool, error) {
	if f.failing.Load() {
		return state.Booking{}, false, errStoreDown
	}
	return f.BookingTokens.Claim(ctx, token, sid)
}

var errStoreDown = &storeDown{}

// storeDown is what a shared store answers when it cannot be reached.
type storeDown struct{}

func (*storeDown) Error() string        { return "store down" }
func (*storeDown) Is(target error) bool { return target == state.ErrUnavailable }

func assertUnavailable(t *testing.T, what string, pg *page) {
	t.Helper()
	if pg.Status != http.StatusServiceUnavailable || pg.Doc.Find("[data-testid=error]").AttrOr("data-status", "") != "503" {
		t.Errorf("%s: status %d, %q; want the 503 'temporarily unavailable' page", what, pg.Status, pg.text("main"))
	}
	assertNoInternals(t, pg)
	if strings.Contains(pg.Body, "redis") || strings.Contains(pg.Body, "store down") {
		t.Errorf("%s: the page names the store", what)
	}
}
