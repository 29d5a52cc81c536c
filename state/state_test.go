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
	tk.Finish(tok, BookingBooked, 77, "")
	b, first, err := tk.Claim(tok, "s1")
	if err != nil || first || b.Status != BookingBooked || b.ModuleContractID != 77 {
		t.Errorf("Claim after Finish = %+v, %v, %v; want booked 77, not first", b, first, err)
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
