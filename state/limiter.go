package state

import (
	"context"
	"sync"
	"time"
)

// Limiter keeps budgets of events per key in fixed windows aligned to the
// window's length since the Unix epoch: a one-minute window runs from one
// full minute to the next, like an upstream's own per-minute counter.
type Limiter struct {
	now   Clock
	mu    sync.Mutex
	slots map[string]*limitSlot
	takes uint64
}

type limitSlot struct {
	end   time.Time // the window's end
	count int
}

// NewLimiter returns an empty in-memory limiter.
func NewLimiter(now Clock) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{now: now, slots: map[string]*limitSlot{}}
}

// WindowEnd returns the end of the fixed window of length window (counted
// from the Unix epoch) that now falls in.
func WindowEnd(now time.Time, window time.Duration) time.Time {
	ns := now.UnixNano()
	start := ns - ns%int64(window)
	if ns < 0 && ns%int64(window) != 0 {
		start -= int64(window)
	}
	return time.Unix(0, start).Add(window)
}

// Take records one event for key if fewer than limit were recorded in the
// current window. retryIn is when the next event would be allowed: 0 while
// the window has room left, else the time until the window ends.
func (l *Limiter) Take(_ context.Context, key string, limit int, window time.Duration) (bool, time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	end := WindowEnd(now, window)
	s, ok := l.slots[key]
	if !ok || !s.end.Equal(end) {
		s = &limitSlot{end: end}
		l.slots[key] = s
		if l.takes++; l.takes%sweepEvery == 0 {
			l.sweepLocked(now)
		}
	}
	if s.count >= limit {
		return false, end.Sub(now), nil
	}
	s.count++
	if s.count >= limit {
		return true, end.Sub(now), nil
	}
	return true, 0, nil
}

// Count returns how many events key has in the current window (for the
// budget gauges).
func (l *Limiter) Count(_ context.Context, key string, window time.Duration) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s, ok := l.slots[key]; ok && s.end.Equal(WindowEnd(l.now(), window)) {
		return s.count, nil
	}
	return 0, nil
}

func (l *Limiter) sweepLocked(now time.Time) {
	for k, s := range l.slots {
		if !now.Before(s.end) {
			delete(l.slots, k)
		}
	}
}

// Once remembers keys for a while, so that a nonce or a delivery is acted
// on once only.
type Once struct {
	now   Clock
	mu    sync.Mutex
	keys  map[string]time.Time // key → forget after
	added uint64
}

// NewOnce returns an empty in-memory once-only set.
func NewOnce(now Clock) *Once {
	if now == nil {
		now = time.Now
	}
	return &Once{now: now, keys: map[string]time.Time{}}
}

// First reports whether key is seen for the first time within ttl, and
// remembers it for ttl.
func (o *Once) First(_ context.Context, key string, ttl time.Duration) (bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.now()
	if until, ok := o.keys[key]; ok && now.Before(until) {
		return false, nil
	}
	o.keys[key] = now.Add(ttl)
	if o.added++; o.added%sweepEvery == 0 {
		for k, until := range o.keys {
			if !now.Before(until) {
				delete(o.keys, k)
			}
		}
	}
	return true, nil
}
