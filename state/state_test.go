package state

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (f *fakeClock) now() time.Time          { return f.t }
func (f *fakeClock) advance(d time.Duration) { f.t = f.t.Add(d) }

func TestRevocations(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
	r := NewRevocations(clk.now)
	r.Revoke("a", clk.t.Add(time.Hour))
	if !r.IsRevoked("a") {
		t.Fatal("IsRevoked(a) = false after Revoke")
	}
	if r.IsRevoked("b") {
		t.Fatal("IsRevoked(b) = true, never revoked")
	}
	clk.advance(2 * time.Hour)
	if r.IsRevoked("a") {
		t.Fatal("IsRevoked(a) = true after its expiry")
	}
}

func TestThrottle(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
	th := NewThrottle(3, 15*time.Minute, clk.now)
	for i := range 3 {
		if blocked, _ := th.Blocked("k"); blocked {
			t.Fatalf("blocked after %d failures, limit 3", i)
		}
		th.Fail("k")
		clk.advance(time.Minute)
	}
	blocked, wait := th.Blocked("k")
	if !blocked {
		t.Fatal("not blocked after 3 failures")
	}
	if got, want := wait, 12*time.Minute; got != want {
		t.Errorf("wait = %v, want %v", got, want)
	}
	if blocked, _ := th.Blocked("other"); blocked {
		t.Error("other key blocked")
	}
	clk.advance(wait)
	if blocked, _ := th.Blocked("k"); blocked {
		t.Error("still blocked after the wait")
	}
	th.Fail("k")
	th.Reset("k")
	if blocked, _ := th.Blocked("k"); blocked {
		t.Error("blocked after Reset")
	}
}

func TestTokensClaimOnce(t *testing.T) {
	tk := NewTokens(time.Hour, nil)
	tok := tk.Issue(Booking{SessionID: "s1", ContractID: 1, ModuleID: 2})
	var firsts atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if _, first, err := tk.Claim(tok, "s1"); err == nil && first {
				firsts.Add(1)
			}
		})
	}
	wg.Wait()
	if got := firsts.Load(); got != 1 {
		t.Fatalf("first claims = %d, want 1", got)
	}
	tk.Transition(tok, BookingClaimed, BookingBooked, 77, "")
	b, first, err := tk.Claim(tok, "s1")
	if err != nil || first || b.Status != BookingBooked || b.ModuleContractID != 77 {
		t.Errorf("Claim after booked = %+v, %v, %v; want booked 77, not first", b, first, err)
	}
	if _, _, err := tk.Claim(tok, "s2"); err != ErrForeignToken {
		t.Errorf("Claim from another session err = %v, want ErrForeignToken", err)
	}
	if _, _, err := tk.Claim("nope", "s1"); err != ErrUnknownToken {
		t.Errorf("Claim unknown err = %v, want ErrUnknownToken", err)
	}
}

func TestTokensExpire(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
	tk := NewTokens(time.Minute, clk.now)
	tok := tk.Issue(Booking{SessionID: "s"})
	clk.advance(2 * time.Minute)
	if _, _, err := tk.Claim(tok, "s"); err != ErrUnknownToken {
		t.Errorf("Claim expired err = %v, want ErrUnknownToken", err)
	}
}

func TestTokensTransitions(t *testing.T) {
	all := []BookingStatus{BookingIssued, BookingClaimed, BookingUncertain, BookingBooked, BookingFailed}
	allowed := map[[2]BookingStatus]bool{
		{BookingClaimed, BookingIssued}:      true, // released: nothing was sent
		{BookingClaimed, BookingBooked}:      true,
		{BookingClaimed, BookingFailed}:      true,
		{BookingClaimed, BookingUncertain}:   true,
		{BookingUncertain, BookingBooked}:    true, // found on checking again
		{BookingUncertain, BookingUncertain}: true, // checked again, new finding
	}
	for _, from := range all {
		for _, to := range all {
			tk := NewTokens(time.Hour, nil)
			tok := tokenIn(t, tk, from)
			want := allowed[[2]BookingStatus{from, to}]
			if got := tk.Transition(tok, from, to, 9, "why"); got != want {
				t.Errorf("Transition %v→%v = %v, want %v", from, to, got, want)
			}
			b, _ := tk.Get(tok, "s")
			wantStatus := from
			if want {
				wantStatus = to
			}
			if b.Status != wantStatus {
				t.Errorf("after %v→%v: status %v, want %v", from, to, b.Status, wantStatus)
			}
		}
	}
}

// tokenIn issues a token for session "s" and walks it to status st.
func tokenIn(t *testing.T, tk *Tokens, st BookingStatus) string {
	t.Helper()
	tok := tk.Issue(Booking{SessionID: "s", ModuleName: "Sauna"})
	if st == BookingIssued {
		return tok
	}
	if _, first, err := tk.Claim(tok, "s"); !first || err != nil {
		t.Fatalf("Claim: %v %v", first, err)
	}
	if st != BookingClaimed && !tk.Transition(tok, BookingClaimed, st, 0, "") {
		t.Fatalf("cannot reach %v", st)
	}
	return tok
}

func TestTokensTransitionIsCompareAndSet(t *testing.T) {
	tk := NewTokens(time.Hour, nil)
	tok := tk.Issue(Booking{SessionID: "s"})
	if tk.Transition(tok, BookingClaimed, BookingBooked, 1, "") {
		t.Error("an issued token moved as if it were claimed")
	}
	tk.Claim(tok, "s")
	if !tk.Transition(tok, BookingClaimed, BookingBooked, 42, "") {
		t.Fatal("Claimed→Booked refused")
	}
	// A late release (the claimer's error path after another request
	// settled the token) must not re-open a booked token.
	if tk.Transition(tok, BookingClaimed, BookingIssued, 0, "") {
		t.Error("release after Booked reported success")
	}
	// Nor can a reconciliation downgrade it.
	if tk.Transition(tok, BookingUncertain, BookingUncertain, 0, "booking.uncertain.notfound") {
		t.Error("an uncertain-only move applied to a booked token")
	}
	b, _ := tk.Get(tok, "s")
	if b.Status != BookingBooked || b.ModuleContractID != 42 || b.Outcome != "" {
		t.Errorf("booking after late moves = %+v, want booked 42", b)
	}
	if tk.Transition("unknown", BookingClaimed, BookingIssued, 0, "") {
		t.Error("an unknown token moved")
	}
}

func TestTokensTransitionRecordsOutcomeAndExpires(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
	tk := NewTokens(time.Minute, clk.now)
	tok := tk.Issue(Booking{SessionID: "s"})
	tk.Claim(tok, "s")
	tk.Transition(tok, BookingClaimed, BookingUncertain, 0, "booking.uncertain.unreachable")
	tk.Transition(tok, BookingUncertain, BookingUncertain, 0, "booking.uncertain.notfound")
	if b, _ := tk.Get(tok, "s"); b.Outcome != "booking.uncertain.notfound" {
		t.Errorf("outcome %q, want the latest finding", b.Outcome)
	}
	clk.advance(2 * time.Minute)
	if tk.Transition(tok, BookingUncertain, BookingBooked, 5, "") {
		t.Error("an expired token moved")
	}
}

// TestTokensUnusedExpireSooner: a confirm page nobody submits is forgotten
// after a couple of hours; a claimed token keeps its outcome for the full TTL.
func TestTokensUnusedExpireSooner(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
	tk := NewTokens(24*time.Hour, clk.now)
	unused := tk.Issue(Booking{SessionID: "s"})
	claimed := tk.Issue(Booking{SessionID: "s"})
	if _, first, err := tk.Claim(claimed, "s"); err != nil || !first {
		t.Fatalf("Claim = %v, %v", first, err)
	}
	clk.advance(3 * time.Hour)
	if _, err := tk.Get(unused, "s"); err != ErrUnknownToken {
		t.Errorf("unused token after 3 h: err = %v, want ErrUnknownToken", err)
	}
	if _, err := tk.Get(claimed, "s"); err != nil {
		t.Errorf("claimed token after 3 h: err = %v, want it kept", err)
	}
}

// TestRevocationsStayBounded: expired revocations are swept.
func TestRevocationsStayBounded(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
	r := NewRevocations(clk.now)
	for i := range 4 * sweepEvery {
		r.Revoke(NewID(), clk.t.Add(time.Minute))
		if i%sweepEvery == 0 {
			clk.advance(2 * time.Minute)
		}
	}
	r.mu.Lock()
	n := len(r.ids)
	r.mu.Unlock()
	if n > 2*sweepEvery {
		t.Errorf("revocations kept = %d, want expired ones swept", n)
	}
}
