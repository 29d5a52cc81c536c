package statetest

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/state"
)

// TestTokens runs the BookingTokens contract. newTokens returns an empty
// store keeping claimed tokens for ttl.
func TestTokens(t *testing.T, newTokens func(t *testing.T, ttl time.Duration, now state.Clock) Tokens) {
	ctx := context.Background()
	t.Run("claimed once", func(t *testing.T) {
		tk := newTokens(t, time.Hour, NewClock().Now)
		tok := issue(t, tk, state.Booking{SessionID: "s1", ContractID: 1, ModuleID: 2})
		var firsts atomic.Int32
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				b, first, err := tk.Claim(ctx, tok, "s1")
				if err != nil {
					t.Error(err)
				}
				if first {
					firsts.Add(1)
				}
				if b.Status != state.BookingClaimed || b.ModuleID != 2 {
					t.Errorf("Claim = %+v, want the claimed booking", b)
				}
			})
		}
		wg.Wait()
		if got := firsts.Load(); got != 1 {
			t.Fatalf("first claims = %d, want 1", got)
		}
		transition(t, tk, tok, state.BookingClaimed, state.BookingBooked, 77, "")
		b, first, err := tk.Claim(ctx, tok, "s1")
		if err != nil || first || b.Status != state.BookingBooked || b.ModuleContractID != 77 {
			t.Errorf("Claim after booked = %+v, %v, %v; want booked 77, not first", b, first, err)
		}
		if _, _, err := tk.Claim(ctx, tok, "s2"); !errors.Is(err, state.ErrForeignToken) {
			t.Errorf("Claim from another session err = %v, want ErrForeignToken", err)
		}
		if _, err := tk.Get(ctx, tok, "s2"); !errors.Is(err, state.ErrForeignToken) {
			t.Errorf("Get from another session err = %v, want ErrForeignToken", err)
		}
		if _, _, err := tk.Claim(ctx, "nope", "s1"); !errors.Is(err, state.ErrUnknownToken) {
			t.Errorf("Claim unknown err = %v, want ErrUnknownToken", err)
		}
		if _, err := tk.Get(ctx, "nope", "s1"); !errors.Is(err, state.ErrUnknownToken) {
			t.Errorf("Get unknown err = %v, want ErrUnknownToken", err)
		}
	})
	t.Run("tokens differ", func(t *testing.T) {
		tk := newTokens(t, time.Hour, NewClock().Now)
		if a, b := issue(t, tk, state.Booking{SessionID: "s"}), issue(t, tk, state.Booking{SessionID: "s"}); a == b || len(a) < 22 {
			t.Errorf("tokens %q and %q, want two different random ones", a, b)
		}
	})
	t.Run("booking kept exactly", func(t *testing.T) {
		testBookingKept(t, newTokens(t, time.Hour, NewClock().Now))
	})
	t.Run("pending by contract and module", func(t *testing.T) {
		testPending(t, newTokens)
	})
	t.Run("one claim per add-on at once", func(t *testing.T) {
		testOneClaimPerAddOn(t, newTokens(t, time.Hour, NewClock().Now))
	})
	t.Run("transitions", func(t *testing.T) {
		testTransitions(t, func() Tokens { return newTokens(t, time.Hour, NewClock().Now) })
	})
	t.Run("transition is compare-and-set", func(t *testing.T) {
		tk := newTokens(t, time.Hour, NewClock().Now)
		tok := issue(t, tk, state.Booking{SessionID: "s"})
		if moved(t, tk, tok, state.BookingClaimed, state.BookingBooked, 1, "") {
			t.Error("an issued token moved as if it were claimed")
		}
		claim(t, tk, tok, "s")
		if !moved(t, tk, tok, state.BookingClaimed, state.BookingBooked, 42, "") {
			t.Fatal("Claimed→Booked refused")
		}
		// A late release (the claimer's error path after another request
		// settled the token) must not re-open a booked token.
		if moved(t, tk, tok, state.BookingClaimed, state.BookingIssued, 0, "") {
			t.Error("release after Booked reported success")
		}
		// Nor can a reconciliation downgrade it.
		if moved(t, tk, tok, state.BookingUncertain, state.BookingUncertain, 0, "booking.uncertain.notfound") {
			t.Error("an uncertain-only move applied to a booked token")
		}
		b := get(t, tk, tok, "s")
		if b.Status != state.BookingBooked || b.ModuleContractID != 42 || b.Outcome != "" {
			t.Errorf("booking after late moves = %+v, want booked 42", b)
		}
		if moved(t, tk, "unknown", state.BookingClaimed, state.BookingIssued, 0, "") {
			t.Error("an unknown token moved")
		}
	})
	t.Run("concurrent transitions: one wins", func(t *testing.T) {
		tk := newTokens(t, time.Hour, NewClock().Now)
		tok := issue(t, tk, state.Booking{SessionID: "s"})
		claim(t, tk, tok, "s")
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				ok, err := tk.Transition(ctx, tok, state.BookingClaimed, state.BookingBooked, int64(100+i), "")
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if got := wins.Load(); got != 1 {
			t.Errorf("%d transitions from Claimed succeeded, want 1", got)
		}
	})
	t.Run("outcome recorded, token expires", func(t *testing.T) {
		clk := NewClock()
		tk := newTokens(t, time.Minute, clk.Now)
		tok := issue(t, tk, state.Booking{SessionID: "s"})
		claim(t, tk, tok, "s")
		transition(t, tk, tok, state.BookingClaimed, state.BookingUncertain, 0, "booking.uncertain.unreachable")
		transition(t, tk, tok, state.BookingUncertain, state.BookingUncertain, 0, "booking.uncertain.notfound")
		if b := get(t, tk, tok, "s"); b.Outcome != "booking.uncertain.notfound" {
			t.Errorf("outcome %q, want the latest finding", b.Outcome)
		}
		clk.Advance(time.Minute)
		if moved(t, tk, tok, state.BookingUncertain, state.BookingBooked, 5, "") {
			t.Error("an expired token moved")
		}
		if _, err := tk.Get(ctx, tok, "s"); !errors.Is(err, state.ErrUnknownToken) {
			t.Errorf("Get expired err = %v, want ErrUnknownToken", err)
		}
	})
	t.Run("an unclaimed token expires", func(t *testing.T) {
		clk := NewClock()
		tk := newTokens(t, time.Minute, clk.Now)
		tok := issue(t, tk, state.Booking{SessionID: "s"})
		clk.Advance(2 * time.Minute)
		if _, _, err := tk.Claim(ctx, tok, "s"); !errors.Is(err, state.ErrUnknownToken) {
			t.Errorf("Claim expired err = %v, want ErrUnknownToken", err)
		}
	})
	// A confirm page nobody submits is forgotten after a couple of hours; a
	// claimed token keeps its outcome for the full TTL, counted from its
	// last change.
	t.Run("unused tokens expire sooner", func(t *testing.T) {
		clk := NewClock()
		tk := newTokens(t, 24*time.Hour, clk.Now)
		unused := issue(t, tk, state.Booking{SessionID: "s"})
		claimed := issue(t, tk, state.Booking{SessionID: "s"})
		clk.Advance(time.Hour)
		claim(t, tk, claimed, "s")
		clk.Advance(state.UnusedTokenTTL - time.Hour)
		if _, err := tk.Get(ctx, unused, "s"); !errors.Is(err, state.ErrUnknownToken) {
			t.Errorf("unused token after %v: err = %v, want ErrUnknownToken", state.UnusedTokenTTL, err)
		}
		clk.Advance(22 * time.Hour) // 23 h after the claim
		transition(t, tk, claimed, state.BookingClaimed, state.BookingBooked, 7, "")
		clk.Advance(23 * time.Hour)
		if b := get(t, tk, claimed, "s"); b.Status != state.BookingBooked {
			t.Errorf("booked token a day later: %+v, want its outcome kept", b)
		}
		clk.Advance(time.Hour)
		if _, err := tk.Get(ctx, claimed, "s"); !errors.Is(err, state.ErrUnknownToken) {
			t.Errorf("booked token after its TTL: err = %v, want ErrUnknownToken", err)
		}
	})
}

// testBookingKept: what a token was issued for comes back exactly, field by
// field (the purchase compares the confirmed frequency with reflect), with
// money in every currency shape and empty lists apart from absent ones.
func testBookingKept(t *testing.T, tk Tokens) {
	eur := apiclient.NewMoney(1990, "EUR")
	bookings := []state.Booking{
		{
			SessionID: "s", Studio: "berlin", ContractID: 1001, ModuleID: 3001, PaymentFrequencyID: 3011, Trial: true,
			ModuleName: "Sauna – Wellness & Spa „Plus“",
			Frequency: apiclient.PaymentFrequency{
				ID: 3011, Type: apiclient.PaymentFrequencyType("TERM_BASED"),
				Term:  &apiclient.Term{Value: 1, Unit: apiclient.TermUnit("MONTH")},
				Price: &eur,
				MonthDaysToPrices: []apiclient.MonthDayPrice{
					{MonthDay: apiclient.MonthDay{Month: apiclient.Month("JANUARY"), MonthValue: 1, DayOfMonth: 31}, Price: apiclient.NewMoney(-5, "EUR")},
					{Price: apiclient.NewMoney(0, "")},
				},
				TermsToPrices: []apiclient.TermPrice{
					{Term: apiclient.Term{Value: 3, Unit: apiclient.TermUnit("MONTH")}, Price: apiclient.NewMoney(2490, "EUR")},
					{Price: apiclient.NewMoney(1500, "JPY")},
					{Price: apiclient.NewMoney(12345, "KWD")},
					{Price: apiclient.NewMoney(9_007_199_254_740_993, "EUR")}, // beyond a float64's integers
				},
			},
			ExistingModuleContracts: []int64{5001, 5002},
			Terms: apiclient.TermInformation{
				Term: &apiclient.Term{Value: 12, Unit: apiclient.UnitMonth},
				Extension: &apiclient.Extension{ExtensionType: apiclient.ExtensionTermExtension,
					TermExtension: &apiclient.Term{Value: 1, Unit: apiclient.UnitMonth}, ExtensionCancelationPeriod: &apiclient.Term{}},
				CancelationPeriod: &apiclient.Term{Value: 2, Unit: apiclient.TermUnit("FORTNIGHT")},
			},
			TrialConfig: &apiclient.TrialPeriodConfig{Term: &apiclient.Term{Value: 14, Unit: apiclient.UnitDay}, Description: "Zwei Wochen „gratis“"},
		},
		{ // an older tenant: no initial term, a trial without its length
			SessionID: "s", Terms: apiclient.TermInformation{Extension: &apiclient.Extension{ExtensionType: apiclient.ExtensionNew}},
			TrialConfig: &apiclient.TrialPeriodConfig{},
		},
		{ // empty lists, not absent ones
			SessionID: "s", Frequency: apiclient.PaymentFrequency{MonthDaysToPrices: []apiclient.MonthDayPrice{}, TermsToPrices: []apiclient.TermPrice{}},
			ExistingModuleContracts: []int64{},
		},
		{SessionID: "s"}, // nothing at all
	}
	for i, want := range bookings {
		tok := issue(t, tk, want)
		want.Status = state.BookingIssued
		if got := get(t, tk, tok, "s"); !reflect.DeepEqual(got, want) {
			t.Errorf("booking %d: Get =\n%#v\nwant\n%#v", i, got, want)
		}
		got, _ := claim(t, tk, tok, "s")
		want.Status = state.BookingClaimed
		if !reflect.DeepEqual(got, want) {
			t.Errorf("booking %d: Claim =\n%#v\nwant\n%#v", i, got, want)
		}
		transition(t, tk, tok, state.BookingClaimed, state.BookingFailed, 0, "booking.outcome.refused")
		want.Status, want.Outcome = state.BookingFailed, "booking.outcome.refused"
		if got := get(t, tk, tok, "s"); !reflect.DeepEqual(got, want) {
			t.Errorf("booking %d after failing: Get =\n%#v\nwant\n%#v", i, got, want)
		}
	}
}

// testPending: a claimed or uncertain token of a studio's contract's module
// is found from any session; issued, booked, failed and released ones,
// other modules, other contracts and another studio's contract of the same
// id are not; of several, the last changed.
func testPending(t *testing.T, newTokens func(t *testing.T, ttl time.Duration, now state.Clock) Tokens) {
	ctx := context.Background()
	clk := NewClock()
	tk := newTokens(t, time.Hour, clk.Now)
	pendingAt := func(studio string, contract, module int64) (string, state.Booking, bool) {
		t.Helper()
		tok, b, ok, err := tk.Pending(ctx, studio, contract, module)
		must(t, err)
		return tok, b, ok
	}
	pending := func(contract, module int64) (string, state.Booking, bool) {
		t.Helper()
		return pendingAt("demo", contract, module)
	}
	sauna := state.Booking{SessionID: "s1", Studio: "demo", ContractID: 2001, ModuleID: 301, ModuleName: "Sauna", PaymentFrequencyID: 3011}
	if _, _, ok := pending(2001, 301); ok {
		t.Fatal("an empty store has a pending booking")
	}
	issued := issue(t, tk, sauna)
	if _, _, ok := pending(2001, 301); ok {
		t.Error("an issued token (a summary on screen) counts as pending")
	}
	claim(t, tk, issued, "s1")
	tok, b, ok := pending(2001, 301)
	if !ok || tok != issued || b.Status != state.BookingClaimed || b.ModuleName != "Sauna" || b.SessionID != "s1" {
		t.Fatalf("claimed: Pending = %q, %+v, %v; want the claimed token", tok, b, ok)
	}
	for _, other := range [][2]int64{{2001, 302}, {2002, 301}} {
		if _, _, ok := pending(other[0], other[1]); ok {
			t.Errorf("Pending(%d, %d) found another add-on's booking", other[0], other[1])
		}
	}
	// Another studio's contract 2001 is another contract.
	if tok, _, ok := pendingAt("direct", 2001, 301); ok {
		t.Errorf("Pending at another studio found %q, want none", tok)
	}
	transition(t, tk, issued, state.BookingClaimed, state.BookingUncertain, 0, "booking.uncertain.notfound")
	if tok, b, ok := pending(2001, 301); !ok || tok != issued || b.Status != state.BookingUncertain || b.Outcome != "booking.uncertain.notfound" {
		t.Errorf("uncertain: Pending = %q, %+v, %v; want the uncertain token", tok, b, ok)
	}
	// A second session's summary of the same add-on cannot be claimed
	// while the first is pending; the refusal changes nothing.
	clk.Advance(time.Second)
	second := issue(t, tk, state.Booking{SessionID: "s2", Studio: "demo", ContractID: 2001, ModuleID: 301})
	if _, first, err := tk.Claim(ctx, second, "s2"); !errors.Is(err, state.ErrBookingPending) || first {
		t.Errorf("claim while another is pending: first %v, err %v; want ErrBookingPending", first, err)
	}
	if tok, b, ok := pending(2001, 301); !ok || tok != issued || b.SessionID != "s1" {
		t.Errorf("after a refused claim: Pending = %q (session %q), %v; want the first one", tok, b.SessionID, ok)
	}
	if b := get(t, tk, second, "s2"); b.Status != state.BookingIssued {
		t.Errorf("refused claim left the token %v, want issued", b.Status)
	}
	// Another studio's contract of the same id is not blocked.
	elsewhere := issue(t, tk, state.Booking{SessionID: "s3", Studio: "direct", ContractID: 2001, ModuleID: 301})
	claim(t, tk, elsewhere, "s3")
	clk.Advance(time.Second)
	transition(t, tk, issued, state.BookingUncertain, state.BookingBooked, 5101, "")
	if tok, _, ok := pending(2001, 301); ok {
		t.Errorf("after booked: Pending = %q, want none", tok)
	}
	// Settled, the first no longer stands in the way.
	claim(t, tk, second, "s2")
	if tok, b, ok := pending(2001, 301); !ok || tok != second || b.SessionID != "s2" {
		t.Errorf("second claimed: Pending = %q (session %q), %v; want the second", tok, b.SessionID, ok)
	}
	transition(t, tk, second, state.BookingClaimed, state.BookingIssued, 0, "") // released: nothing was sent
	if tok, _, ok := pending(2001, 301); ok {
		t.Errorf("after booked and released: Pending = %q, want none", tok)
	}
	failed := issue(t, tk, sauna)
	claim(t, tk, failed, "s1")
	transition(t, tk, failed, state.BookingClaimed, state.BookingFailed, 0, "booking.outcome.refused")
	if tok, _, ok := pending(2001, 301); ok {
		t.Errorf("after failed: Pending = %q, want none", tok)
	}
	// A pending token that expires is pending no more.
	late := issue(t, tk, sauna)
	claim(t, tk, late, "s1")
	clk.Advance(59 * time.Minute)
	if tok, _, ok := pending(2001, 301); !ok || tok != late {
		t.Errorf("before its TTL: Pending = %q, %v; want %q", tok, ok, late)
	}
	clk.Advance(time.Minute)
	if tok, _, ok := pending(2001, 301); ok {
		t.Errorf("after its TTL: Pending = %q, want none", tok)
	}
	// A token that stays uncertain for longer than the TTL (checked again
	// now and then) is still found.
	kept := issue(t, tk, sauna)
	claim(t, tk, kept, "s1")
	transition(t, tk, kept, state.BookingClaimed, state.BookingUncertain, 0, "booking.uncertain.unreachable")
	for range 3 {
		clk.Advance(50 * time.Minute)
		transition(t, tk, kept, state.BookingUncertain, state.BookingUncertain, 0, "booking.uncertain.notfound")
	}
	if tok, _, ok := pending(2001, 301); !ok || tok != kept {
		t.Errorf("uncertain for %v, checked again: Pending = %q, %v; want %q", 150*time.Minute, tok, ok, kept)
	}
}

// testOneClaimPerAddOn: of many summaries of one add-on (tabs, devices,
// instances) sent at once, exactly one is claimed; the others are refused
// with ErrBookingPending and stay issued.
func testOneClaimPerAddOn(t *testing.T, tk Tokens) {
	ctx := context.Background()
	toks := make([]string, 20)
	for i := range toks {
		toks[i] = issue(t, tk, state.Booking{SessionID: "s", Studio: "demo", ContractID: 2002, ModuleID: 302})
	}
	var firsts, refused atomic.Int32
	var wg sync.WaitGroup
	for _, tok := range toks {
		wg.Go(func() {
			_, first, err := tk.Claim(ctx, tok, "s")
			switch {
			case first && err == nil:
				firsts.Add(1)
			case errors.Is(err, state.ErrBookingPending):
				refused.Add(1)
			default:
				t.Errorf("Claim = first %v, err %v", first, err)
			}
		})
	}
	wg.Wait()
	if f, r := firsts.Load(), refused.Load(); f != 1 || r != int32(len(toks)-1) {
		t.Errorf("claims of one add-on at once: %d first, %d refused; want 1 and %d", f, r, len(toks)-1)
	}
}

// testTransitions tries every pair of statuses: only the allowed moves
// happen, and a refused one leaves the token as it was.
func testTransitions(t *testing.T, newTokens func() Tokens) {
	all := []state.BookingStatus{state.BookingIssued, state.BookingClaimed, state.BookingUncertain, state.BookingBooked, state.BookingFailed}
	allowed := map[[2]state.BookingStatus]bool{
		{state.BookingClaimed, state.BookingIssued}:      true, // released: nothing was sent
		{state.BookingClaimed, state.BookingBooked}:      true,
		{state.BookingClaimed, state.BookingFailed}:      true,
		{state.BookingClaimed, state.BookingUncertain}:   true,
		{state.BookingUncertain, state.BookingBooked}:    true, // found on checking again
		{state.BookingUncertain, state.BookingUncertain}: true, // checked again, new finding
	}
	tk := newTokens()
	for _, from := range all {
		for _, to := range all {
			tok := tokenIn(t, tk, from)
			want := allowed[[2]state.BookingStatus{from, to}]
			if got := moved(t, tk, tok, from, to, 9, "why"); got != want {
				t.Errorf("Transition %v→%v = %v, want %v", from, to, got, want)
			}
			wantStatus := from
			if want {
				wantStatus = to
			}
			if b := get(t, tk, tok, "s"); b.Status != wantStatus {
				t.Errorf("after %v→%v: status %v, want %v", from, to, b.Status, wantStatus)
			}
		}
	}
}

// tokenIns counts the tokens tokenIn made, so each is for an add-on of
// its own (a pending one would refuse the next claim of the same add-on).
var tokenIns atomic.Int64

// tokenIn issues a token for session "s" and walks it to status st.
func tokenIn(t *testing.T, tk Tokens, st state.BookingStatus) string {
	t.Helper()
	tok := issue(t, tk, state.Booking{SessionID: "s", ModuleName: "Sauna", ModuleID: tokenIns.Add(1)})
	if st == state.BookingIssued {
		return tok
	}
	claim(t, tk, tok, "s")
	if st != state.BookingClaimed && !moved(t, tk, tok, state.BookingClaimed, st, 0, "") {
		t.Fatalf("cannot reach %v", st)
	}
	return tok
}

func issue(t *testing.T, tk Tokens, b state.Booking) string {
	t.Helper()
	tok, err := tk.Issue(context.Background(), b)
	must(t, err)
	return tok
}

// claim claims tok and fails the test unless this was the first claim.
func claim(t *testing.T, tk Tokens, tok, sid string) (state.Booking, bool) {
	t.Helper()
	b, first, err := tk.Claim(context.Background(), tok, sid)
	must(t, err)
	if !first {
		t.Fatalf("Claim(%s): not first", tok)
	}
	return b, first
}

func get(t *testing.T, tk Tokens, tok, sid string) state.Booking {
	t.Helper()
	b, err := tk.Get(context.Background(), tok, sid)
	must(t, err)
	return b
}

func moved(t *testing.T, tk Tokens, tok string, from, to state.BookingStatus, mc int64, outcome string) bool {
	t.Helper()
	ok, err := tk.Transition(context.Background(), tok, from, to, mc, outcome)
	must(t, err)
	return ok
}

// transition moves tok and fails the test if it did not move.
func transition(t *testing.T, tk Tokens, tok string, from, to state.BookingStatus, mc int64, outcome string) {
	t.Helper()
	if !moved(t, tk, tok, from, to, mc, outcome) {
		t.Fatalf("Transition %v→%v refused", from, to)
	}
}
