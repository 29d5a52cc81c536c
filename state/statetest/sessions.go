package statetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/studio-addons/portal/state"
)

// TestRevoker runs the Revoker contract. newRevoker returns an empty
// revocation list that tells time by now.
func TestRevoker(t *testing.T, newRevoker func(t *testing.T, now state.Clock) Revoker) {
	ctx := context.Background()
	t.Run("revoked until its time", func(t *testing.T) {
		clk := NewClock()
		r := newRevoker(t, clk.Now)
		must(t, r.Revoke(ctx, "a", clk.Now().Add(time.Hour)))
		if got := isRevoked(t, r, "a"); !got {
			t.Fatal("IsRevoked(a) = false after Revoke")
		}
		if got := isRevoked(t, r, "b"); got {
			t.Fatal("IsRevoked(b) = true, never revoked")
		}
		clk.Advance(time.Hour - time.Millisecond)
		if got := isRevoked(t, r, "a"); !got {
			t.Error("IsRevoked(a) = false just before its time")
		}
		clk.Advance(time.Millisecond)
		if got := isRevoked(t, r, "a"); got {
			t.Error("IsRevoked(a) = true at its time")
		}
	})
	t.Run("a time already past revokes nothing", func(t *testing.T) {
		clk := NewClock()
		r := newRevoker(t, clk.Now)
		must(t, r.Revoke(ctx, "old", clk.Now().Add(-time.Minute)))
		if isRevoked(t, r, "old") {
			t.Error("IsRevoked(old) = true for a cookie past its lifetime")
		}
	})
	t.Run("revoking again extends", func(t *testing.T) {
		clk := NewClock()
		r := newRevoker(t, clk.Now)
		must(t, r.Revoke(ctx, "a", clk.Now().Add(time.Minute)))
		must(t, r.Revoke(ctx, "a", clk.Now().Add(time.Hour)))
		clk.Advance(30 * time.Minute)
		if !isRevoked(t, r, "a") {
			t.Error("IsRevoked(a) = false before the later time")
		}
	})
}

func isRevoked(t *testing.T, r Revoker, sid string) bool {
	t.Helper()
	ok, err := r.IsRevoked(context.Background(), sid)
	must(t, err)
	return ok
}

// TestThrottle runs the Throttle contract. newThrottle returns a throttle
// with no failures recorded, allowing limit failures per key within window.
func TestThrottle(t *testing.T, newThrottle func(t *testing.T, limit int, window time.Duration, now state.Clock) Throttle) {
	ctx := context.Background()
	t.Run("locks out at the limit until the oldest failure leaves the window", func(t *testing.T) {
		clk := NewClock()
		th := newThrottle(t, 3, 15*time.Minute, clk.Now)
		for i := range 3 {
			if blocked, _ := blocked(t, th, "k"); blocked {
				t.Fatalf("blocked after %d failures, limit 3", i)
			}
			must(t, th.Fail(ctx, "k"))
			clk.Advance(time.Minute)
		}
		isBlocked, wait := blocked(t, th, "k")
		if !isBlocked {
			t.Fatal("not blocked after 3 failures")
		}
		if got, want := wait, 12*time.Minute; got != want {
			t.Errorf("wait = %v, want %v", got, want)
		}
		if b, _ := blocked(t, th, "other"); b {
			t.Error("other key blocked")
		}
		clk.Advance(wait - time.Millisecond)
		if b, _ := blocked(t, th, "k"); !b {
			t.Error("not blocked just before the wait ends")
		}
		clk.Advance(time.Millisecond)
		if b, _ := blocked(t, th, "k"); b {
			t.Error("still blocked after the wait")
		}
		// The failures at minutes 1 and 2 still count: one more blocks.
		must(t, th.Fail(ctx, "k"))
		if b, wait := blocked(t, th, "k"); !b || wait != time.Minute {
			t.Errorf("after a fourth failure: blocked %v for %v, want 1m0s", b, wait)
		}
	})
	t.Run("reset forgets", func(t *testing.T) {
		clk := NewClock()
		th := newThrottle(t, 2, time.Hour, clk.Now)
		must(t, th.Fail(ctx, "k"))
		must(t, th.Fail(ctx, "k"))
		must(t, th.Reset(ctx, "k"))
		if b, _ := blocked(t, th, "k"); b {
			t.Error("blocked after Reset")
		}
		must(t, th.Fail(ctx, "k"))
		if b, _ := blocked(t, th, "k"); b {
			t.Error("blocked by one failure after Reset, limit 2")
		}
	})
	t.Run("concurrent failures all count", func(t *testing.T) {
		clk := NewClock()
		th := newThrottle(t, 20, time.Hour, clk.Now)
		var wg sync.WaitGroup
		for range 19 {
			wg.Go(func() {
				if err := th.Fail(ctx, "k"); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if b, _ := blocked(t, th, "k"); b {
			t.Fatal("blocked after 19 failures, limit 20")
		}
		must(t, th.Fail(ctx, "k"))
		if b, _ := blocked(t, th, "k"); !b {
			t.Error("not blocked after 20 failures: a concurrent one was lost")
		}
	})
}

func blocked(t *testing.T, th Throttle, key string) (bool, time.Duration) {
	t.Helper()
	b, wait, err := th.Blocked(context.Background(), key)
	must(t, err)
	return b, wait
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
