package state

import (
	"context"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (f *fakeClock) now() time.Time          { return f.t }
func (f *fakeClock) advance(d time.Duration) { f.t = f.t.Add(d) }

// TestRevocationsStayBounded: expired revocations are swept.
func TestRevocationsStayBounded(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
	r := NewRevocations(clk.now)
	for i := range 4 * sweepEvery {
		_ = r.Revoke(context.Background(), NewID(), clk.t.Add(time.Minute))
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

// TestLimiterAndOnceStayBounded: windows and keys past their time are swept.
func TestLimiterAndOnceStayBounded(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
	l, o := NewLimiter(clk.now), NewOnce(clk.now)
	ctx := context.Background()
	for i := range 4 * sweepEvery {
		_, _, _ = l.Take(ctx, NewID(), 1, time.Minute)
		_, _ = o.First(ctx, NewID(), time.Minute)
		if i%sweepEvery == 0 {
			clk.advance(2 * time.Minute)
		}
	}
	if n := len(l.slots); n > 2*sweepEvery {
		t.Errorf("limiter windows kept = %d, want expired ones swept", n)
	}
	if n := len(o.keys); n > 2*sweepEvery {
		t.Errorf("once keys kept = %d, want expired ones swept", n)
	}
}

func TestWindowEnd(t *testing.T) {
	tests := []struct {
		now    time.Time
		window time.Duration
		want   time.Time
	}{
		{time.Date(2026, 11, 21, 12, 0, 10, 0, time.UTC), time.Minute, time.Date(2026, 11, 21, 12, 1, 0, 0, time.UTC)},
		{time.Date(2026, 11, 21, 12, 1, 0, 0, time.UTC), time.Minute, time.Date(2026, 11, 21, 12, 2, 0, 0, time.UTC)},
		{time.Date(2026, 11, 21, 13, 0, 10, 0, time.FixedZone("CET", 3600)), time.Minute, time.Date(2026, 11, 21, 12, 1, 0, 0, time.UTC)},
		{time.Unix(7, 0), 5 * time.Second, time.Unix(10, 0)},
		{time.Unix(-3, 0), 5 * time.Second, time.Unix(0, 0)},
	}
	for _, tt := range tests {
		if got := WindowEnd(tt.now, tt.window); !got.Equal(tt.want) {
			t.Errorf("WindowEnd(%v, %v) = %v, want %v", tt.now, tt.window, got, tt.want)
		}
	}
}
