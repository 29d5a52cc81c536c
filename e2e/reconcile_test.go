package e2e

// Bookings whose answer was lost: reconciliation after the purchase and
// "Check again", which only ever reads.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
)

func TestBookAnswerLostAfterCommitIsReconciled(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	pg := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, true)
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: purchaseRoute, CommitThenDrop: true})
	done := b.submit(t, pg, "form[data-testid=book-form]", nil)
	ids := bkNewContracts(e)
	if len(ids) != 1 {
		t.Fatalf("module contracts %v, want exactly one", ids)
	}
	if got := done.Doc.Find("[data-testid=booking]").AttrOr("data-status", ""); got != "booked" {
		t.Fatalf("status %q, want booked (reconciled): %s", got, done.text("main"))
	}
	if got := done.Doc.Find("[data-testid=booked-link]").AttrOr("href", ""); got != fmt.Sprintf("/demo/my-modules/%d", ids[0]) {
		t.Errorf("link %q", got)
	}
}

func TestBookAnswerLostBeforeCommitIsHonest(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	pg := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	writes := e.Sandbox.WriteCount("demo")
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: purchaseRoute, Drop: true})
	done := b.submit(t, pg, "form[data-testid=book-form]", nil)
	if ids := bkNewContracts(e); len(ids) != 0 {
		t.Fatalf("module contracts %v, want none", ids)
	}
	assertUncertain(t, done)
	if got := done.text("[data-testid=booking-message]"); got != "We checked your contract: the add-on does not appear on it yet." {
		t.Errorf("message %q", got)
	}

	// The fault is gone; checking again reads, never purchases.
	e.Sandbox.ClearFaults()
	again := b.submit(t, done, "form[data-testid=booking-check-form]", nil)
	if pathOf(again.URL) != pathOf(done.URL) {
		t.Errorf("check again ended on %s, want %s", again.URL, done.URL)
	}
	assertUncertain(t, again)
	if ids := bkNewContracts(e); len(ids) != 0 {
		t.Errorf("check again booked %v", ids)
	}
	// Resubmitting the same confirm page does not purchase either.
	resubmit := b.submit(t, pg, "form[data-testid=book-form]", nil)
	assertUncertain(t, resubmit)
	if got := e.Sandbox.WriteCount("demo"); got != writes || len(bkNewContracts(e)) != 0 {
		t.Errorf("writes %d (want %d), contracts %v", got, writes, bkNewContracts(e))
	}
	if got := e.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 1 {
		t.Errorf("%d purchase calls, want only the lost one", got)
	}
}

func assertUncertain(t *testing.T, pg *page) {
	t.Helper()
	if got := pg.Doc.Find("[data-testid=booking]").AttrOr("data-status", ""); got != "uncertain" {
		t.Fatalf("status %q, want uncertain: %s", got, pg.text("main"))
	}
	if got := pg.text("[data-testid=booking-uncertain] h1"); got != "We could not confirm your booking yet" {
		t.Errorf("heading %q", got)
	}
	if !pg.has("form[data-testid=booking-check-form] [data-testid=booking-check]") {
		t.Error("no check-again button")
	}
	if got := pg.Doc.Find("[data-testid=booking-mymodules]").AttrOr("href", ""); got != "/demo/my-modules" {
		t.Errorf("link to My add-ons %q, want /demo/my-modules", got)
	}
	// It may have been booked: nothing may say otherwise or invite a second booking.
	main := strings.ToLower(pg.text("main"))
	for _, claim := range []string{"failed", "not booked", "you can book", "book it again from"} {
		if strings.Contains(main, claim) {
			t.Errorf("an unconfirmed booking says %q: %s", claim, pg.text("main"))
		}
	}
	if pg.has("[data-testid=booking-restart]") || pg.has("main a[href^='/demo/modules/']") {
		t.Error("an unconfirmed booking offers to book the add-on again")
	}
}

func TestBookBrokenAnswersAreReconciled(t *testing.T) {
	tests := []struct {
		name   string
		fault  sandbox.Fault
		opts   []envOption
		booked bool
	}{
		// The purchase ran, its answer is cut in half.
		{"truncated answer", sandbox.Fault{Body: sandbox.FaultBodyTruncated}, nil, true},
		// A proxy answered instead of the studio: nothing ran.
		{"garbage answer", sandbox.Fault{Body: sandbox.FaultBodyGarbage}, nil, false},
		// The portal gave up waiting before the studio ran it.
		{"timeout", sandbox.Fault{Latency: 2 * time.Second},
			[]envOption{func(c *appConfig) { c.UpstreamTimeout = 300 * time.Millisecond }}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.opts...)
			b := modLogin(t, e, "1-1001", 0)
			pg := bkSummary(t, b, sandbox.ModuleDrink, sandbox.FrequencyDrink, false)
			f := tt.fault
			f.Method, f.Path = http.MethodPost, purchaseRoute
			e.Sandbox.SetFault(f)
			done := b.submit(t, pg, "form[data-testid=book-form]", nil)
			ids := bkNewContracts(e)
			if tt.booked {
				if len(ids) != 1 || done.Doc.Find("[data-testid=booking]").AttrOr("data-status", "") != "booked" {
					t.Errorf("contracts %v, page %s; want one, booked", ids, done.text("main"))
				}
				return
			}
			if len(ids) != 0 {
				t.Errorf("contracts %v, want none", ids)
			}
			assertUncertain(t, done)
		})
	}
}

func TestCheckAgainFindsALateBooking(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	pg := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: purchaseRoute, Drop: true, Times: 1})
	done := b.submit(t, pg, "form[data-testid=book-form]", nil)
	assertUncertain(t, done)

	// The studio's system shows the booking later (as if the write landed
	// after all): checking again finds it without purchasing.
	id := bkLateLanding(t, e, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly)
	again := b.submit(t, done, "form[data-testid=booking-check-form]", nil)
	if got := bkStatus(again); got != "booked" {
		t.Fatalf("status %q, want booked: %s", got, again.text("main"))
	}
	if got := again.Doc.Find("[data-testid=booked-link]").AttrOr("href", ""); got != fmt.Sprintf("/demo/my-modules/%d", id) {
		t.Errorf("link %q, want add-on contract %d", got, id)
	}
	if got := e.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 2 || len(bkNewContracts(e)) != 1 {
		t.Errorf("%d purchase calls (want the lost one and the late landing), contracts %v", got, bkNewContracts(e))
	}
}

func TestCheckAgainWhileProcessingOnlyReads(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	pg := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	bookingPath := "/demo/bookings/" + bkBookValues(pg).Get("token")
	// The purchase takes a while: its token stays claimed meanwhile.
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: purchaseRoute, Latency: 1500 * time.Millisecond})
	var wg sync.WaitGroup
	var done *page
	wg.Go(func() { done = b.submit(t, pg, "form[data-testid=book-form]", nil) })
	defer wg.Wait()
	// Wait until the purchase call reached the studio (it is counted before
	// its latency): every read before it is done, the token is claimed.
	for deadline := time.Now().Add(time.Second); e.Sandbox.Calls("demo", "POST "+purchaseRoute) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the purchase never reached the studio")
		}
		time.Sleep(5 * time.Millisecond)
	}
	processing := b.get(t, bookingPath)
	if got := bkStatus(processing); got != "processing" {
		t.Fatalf("status during the purchase %q, want processing", got)
	}
	reads := func() int64 {
		return e.Sandbox.Calls("demo", "GET /v1/memberships/self-service/additional-modules") +
			e.Sandbox.Calls("demo", "GET /v1/customers/{customerId}/contracts")
	}
	before := reads()
	checked := b.submit(t, processing, "form[data-testid=booking-check-form]", nil)
	if got := bkStatus(checked); got != "processing" {
		t.Errorf("check while processing: status %q, want processing", got)
	}
	if got := reads() - before; got != 0 {
		t.Errorf("checking a claimed token made %d upstream reads, want none: its purchase records the outcome", got)
	}
	wg.Wait()
	if got := bkStatus(done); got != "booked" {
		t.Errorf("the purchase ended %q, want booked", got)
	}
	if got := bkStatus(b.get(t, bookingPath)); got != "booked" || len(bkNewContracts(e)) != 1 {
		t.Errorf("afterwards: %q, contracts %v", got, bkNewContracts(e))
	}
}

// bkLateLanding books module through the API directly, as if the portal's
// purchase whose answer was lost had landed after all.
func bkLateLanding(t *testing.T, e *env, moduleID, frequencyID int64) int64 {
	t.Helper()
	c, err := apiclient.NewClient(e.SandboxURL, sandbox.DemoKey)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.PurchaseAdditionalModule(context.Background(), sandbox.ContractNoAddOns, apiclient.AdditionalModuleRequest{
		AdditionalModuleID: moduleID, PaymentFrequencyID: frequencyID})
	if err != nil {
		t.Fatal(err)
	}
	return res.ID
}

func TestCheckAgainFindsABookingOfAModuleTakenOffline(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	pg := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: purchaseRoute, Drop: true, Times: 1})
	done := b.submit(t, pg, "form[data-testid=book-form]", nil)
	assertUncertain(t, done)
	id := bkLateLanding(t, e, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly)
	// The studio stops offering the sauna: the booking is still the member's.
	if err := e.Sandbox.SetModuleActive("demo", sandbox.ModuleSauna, false); err != nil {
		t.Fatal(err)
	}
	again := b.submit(t, done, "form[data-testid=booking-check-form]", nil)
	if got := bkStatus(again); got != "booked" {
		t.Fatalf("status %q, want booked (matched by the confirmed name): %s", got, again.text("main"))
	}
	if got := again.Doc.Find("[data-testid=booked-link]").AttrOr("href", ""); got != fmt.Sprintf("/demo/my-modules/%d", id) {
		t.Errorf("link %q, want add-on contract %d", got, id)
	}
	if got := e.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 2 {
		t.Errorf("%d purchase calls, want 2 (the lost one and the late landing)", got)
	}
}

func TestCheckAgainNewAddOnOfAnotherNameIsUnmatched(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	pg := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: purchaseRoute, Drop: true, Times: 1})
	done := b.submit(t, pg, "form[data-testid=book-form]", nil)
	assertUncertain(t, done)
	// A new add-on appears on the contract, but not one named like the sauna
	// (as if the studio had renamed it): it may be this booking.
	bkLateLanding(t, e, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly)
	again := b.submit(t, done, "form[data-testid=booking-check-form]", nil)
	assertUncertain(t, again)
	want := "Your contract shows a new add-on, but we could not tell whether it is this one. Please look in My add-ons or ask the studio."
	if got := again.text("[data-testid=booking-message]"); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}
