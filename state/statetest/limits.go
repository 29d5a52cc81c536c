package statetest

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/studio-addons/portal/state"
)

// TestLimiter runs the Limiter contract (fixed windows aligned to their
// length). newLimiter returns a limiter with no events recorded.
func TestLimiter(t *testing.T, newLimiter func(t *testing.T, now state.Clock) Limiter) {
	ctx := context.Background()
	t.Run("a budget per key and window", func(t *testing.T) {
		clk := NewClock()
		l := newLimiter(t, clk.Now)
		clk.Advance(10 * time.Second) // 12:00:10; the window ends at 12:01
		tests := []struct {
			key         string
			wantOK      bool
			wantRetryIn time.Duration
		}{
			{"studio|GET contracts", true, 0},
			{"studio|GET contracts", true, 0},
			{"studio|GET contracts", true, 50 * time.Second}, // the last one this minute
			{"studio|GET contracts", false, 50 * time.Second},
			{"studio|GET modules", true, 0},
		}
		for i, tt := range tests {
			ok, retryIn := take(t, l, tt.key, 3, time.Minute)
			if ok != tt.wantOK || retryIn != tt.wantRetryIn {
				t.Errorf("take %d (%s) = %v, %v; want %v, %v", i, tt.key, ok, retryIn, tt.wantOK, tt.wantRetryIn)
			}
		}
		clk.Advance(49 * time.Second)
		if ok, retryIn := take(t, l, "studio|GET contracts", 3, time.Minute); ok || retryIn != time.Second {
			t.Errorf("a second before the minute ends: %v, %v; want refused for 1s", ok, retryIn)
		}
		clk.Advance(time.Second)
		if ok, retryIn := take(t, l, "studio|GET contracts", 3, time.Minute); !ok || retryIn != 0 {
			t.Errorf("in the next minute: %v, %v; want allowed", ok, retryIn)
		}
	})
	t.Run("the same key with another window is another budget", func(t *testing.T) {
		clk := NewClock()
		l := newLimiter(t, clk.Now)
		take(t, l, "member|7", 1, time.Minute)
		if ok, _ := take(t, l, "member|7", 1, time.Second); !ok {
			t.Error("a per-second budget was used up by the per-minute one")
		}
	})
	t.Run("concurrent takes never exceed the limit", func(t *testing.T) {
		l := newLimiter(t, NewClock().Now)
		var oks atomic.Int32
		var wg sync.WaitGroup
		for range 30 {
			wg.Go(func() {
				ok, _, err := l.Take(ctx, "k", 5, time.Minute)
				if err != nil {
					t.Error(err)
				}
				if ok {
					oks.Add(1)
				}
			})
		}
		wg.Wait()
		if got := oks.Load(); got != 5 {
			t.Errorf("%d of 30 concurrent takes allowed, want 5", got)
		}
	})
}

func take(t *testing.T, l Limiter, key string, limit int, window time.Duration) (bool, time.Duration) {
	t.Helper()
	ok, retryIn, err := l.Take(context.Background(), key, limit, window)
	must(t, err)
	return ok, retryIn
}

// TestOnce runs the Once contract. newOnce returns an empty once-only set.
func TestOnce(t *testing.T, newOnce func(t *testing.T, now state.Clock) Once) {
	ctx := context.Background()
	t.Run("first within the ttl", func(t *testing.T) {
		clk := NewClock()
		o := newOnce(t, clk.Now)
		steps := []struct {
			advance time.Duration
			key     string
			want    bool
		}{
			{0, "sso|nonce-1", true},
			{0, "sso|nonce-1", false},
			{0, "sso|nonce-2", true},
			{5*time.Minute - time.Millisecond, "sso|nonce-1", false},
			{time.Millisecond, "sso|nonce-1", true}, // forgotten after its ttl, remembered again
			{time.Minute, "sso|nonce-1", false},
		}
		for i, s := range steps {
			clk.Advance(s.advance)
			first, err := o.First(ctx, s.key, 5*time.Minute)
			must(t, err)
			if first != s.want {
				t.Errorf("step %d: First(%s) = %v, want %v", i, s.key, first, s.want)
			}
		}
	})
	t.Run("concurrent: exactly one first", func(t *testing.T) {
		o := newOnce(t, NewClock().Now)
		var firsts atomic.Int32
		var wg sync.WaitGroup
		for range 30 {
			wg.Go(func() {
				first, err := o.First(ctx, "webhook|uuid-1", time.Hour)
				if err != nil {
					t.Error(err)
				}
				if first {
					firsts.Add(1)
				}
			})
		}
		wg.Wait()
		if got := firsts.Load(); got != 1 {
			t.Errorf("%d firsts, want 1", got)
		}
	})
}
