package e2e

// A booking's budget and the booking outcomes the portal reports.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/state"
)

// bookingMetrics records the booking outcomes the portal reports; the
// other measurements are dropped.
type bookingMetrics struct {
	mu       sync.Mutex
	outcomes []string
}

func (m *bookingMetrics) Booking(studio, outcome string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.outcomes = append(m.outcomes, studio+":"+outcome)
}

func (m *bookingMetrics) got() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.outcomes...)
}

func (*bookingMetrics) Call(string, string, string, time.Duration) {}
func (*bookingMetrics) Cache(string, string, string)               {}
func (*bookingMetrics) Refused(string, string, string)             {}
func (*bookingMetrics) Request(string, string, int, time.Duration) {}
func (*bookingMetrics) Webhook(string, string, string)             {}

// TestBookingBudgetEndsInNotConfirmed: a studio slower than the booking's
// budget (kept below the server's write timeout) gets the member the
// honest 'not confirmed yet' page with Check again, in time, never a cut
// connection; nothing is sent twice.
func TestBookingBudgetEndsInNotConfirmed(t *testing.T) {
	t.Parallel()
	if handlers.DefaultBookingBudget >= 45*time.Second {
		t.Errorf("the default booking budget %v is not below the server's write timeout (45 s)", handlers.DefaultBookingBudget)
	}
	metrics := &bookingMetrics{}
	e := newEnv(t, withDeps(func(d *handlers.Deps) {
		d.BookingBudget = 400 * time.Millisecond
		d.Metrics = metrics
	}))
	b := modLogin(t, e, "1-1001", 0)
	sum := bkSummary(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
	// The studio takes far longer than the budget (the portal's upstream
	// timeout in the harness is 3 s); the sandbox stops waiting once the
	// portal gives up, so the test does not wait it out.
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: purchaseRoute, Latency: 2500 * time.Millisecond})
	start := time.Now()
	done := b.submit(t, sum, "form[data-testid=book-form]", nil)
	took := time.Since(start)
	assertUncertain(t, done)
	if got, want := done.text("[data-testid=booking-message]"), "The studio's system did not answer in time, so we could not check your contract yet."; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if took > 2*time.Second {
		t.Errorf("the booking took %v with a budget of 400ms", took)
	}
	e.Sandbox.ClearFaults()
	again := b.submit(t, done, "form[data-testid=booking-check-form]", nil)
	assertUncertain(t, again)
	if got := again.text("[data-testid=booking-message]"); got != "We checked your contract: the add-on does not appear on it yet." {
		t.Errorf("after checking again: %q", got)
	}
	if got := e.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 1 {
		t.Errorf("%d purchase calls, want 1", got)
	}
	if got := metrics.got(); len(got) != 1 || got[0] != "demo:unknown" {
		t.Errorf("booking outcomes reported %q, want [demo:unknown]", got)
	}
}

// TestBookingOutcomesAreReported: booked and refused bookings are counted.
func TestBookingOutcomesAreReported(t *testing.T) {
	t.Parallel()
	metrics := &bookingMetrics{}
	e := newEnv(t, withDeps(func(d *handlers.Deps) { d.Metrics = metrics }))
	b := modLogin(t, e, "1-1001", 0)
	tab1 := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	tab2 := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	if bkStatus(b.submit(t, tab1, "form[data-testid=book-form]", nil)) != "booked" {
		t.Fatal("the first tab did not book")
	}
	if bkStatus(b.submit(t, tab2, "form[data-testid=book-form]", nil)) != "failed" {
		t.Fatal("the second tab was not refused")
	}
	if got := metrics.got(); len(got) != 2 || got[0] != "demo:booked" || got[1] != "demo:refused" {
		t.Errorf("booking outcomes reported %q, want [demo:booked demo:refused]", got)
	}
}

// purchaseHeldLimiter is the portal's budget store, except that while hold
// is set it refuses the studio's purchase budget, as when the studio's
// purchases of this minute are used up.
type purchaseHeldLimiter struct {
	handlers.Limiter
	hold atomic.Bool
}

func (l *purchaseHeldLimiter) Take(ctx context.Context, key string, limit int, window time.Duration) (bool, time.Duration, error) {
	if l.hold.Load() && strings.HasSuffix(key, ":purchase") {
		return false, 20 * time.Second, nil
	}
	return l.Limiter.Take(ctx, key, limit, window)
}

// TestPurchaseHeldBackByABudgetIsNotUncertain: a purchase the portal's own
// budget held back never reached the studio. The member gets the calm
// "busy, try again" page, not "we could not confirm your booking"; the
// token goes back, so nothing blocks the add-on as pending, and the same
// summary books once the budget allows.
func TestPurchaseHeldBackByABudgetIsNotUncertain(t *testing.T) {
	t.Parallel()
	lim := &purchaseHeldLimiter{Limiter: state.NewLimiter(nil)}
	e := newEnv(t, withDeps(func(d *handlers.Deps) { d.Limiter = lim }))
	b := modLogin(t, e, "1-1001", 0)
	sum := bkSummary(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
	lim.hold.Store(true)
	held := b.submit(t, sum, "form[data-testid=book-form]", nil)
	if got := held.Doc.Find("[data-testid=error]").AttrOr("data-status", ""); got != "503" || held.has("[data-testid=booking]") {
		t.Errorf("held back: error %q, outcome %q; want the busy page (503), no outcome: %s", got, bkStatus(held), held.text("main"))
	}
	if n := e.Sandbox.Calls("demo", "POST "+purchaseRoute); n != 0 {
		t.Fatalf("%d purchase calls reached the studio, want 0", n)
	}
	if pg := b.get(t, fmt.Sprintf("/demo/modules/%d", sandbox.ModuleTowel)); pg.has("[data-testid=pending-booking]") {
		t.Errorf("the add-on shows a pending booking though nothing was sent: %s", pg.text("main"))
	}
	lim.hold.Store(false)
	if got := bkStatus(b.submit(t, sum, "form[data-testid=book-form]", nil)); got != "booked" {
		t.Errorf("the same summary once the budget allows: %q, want booked", got)
	}
}
