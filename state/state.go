// Package state holds what portal instances would have to share once there is
// more than one of them: revoked sessions, login throttles and one-time
// booking tokens. Each concern is a small interface (declared by its user in
// handlers) with the in-memory implementation here; a shared store (e.g.
// Redis) can implement the same methods later.
package state

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// NewID returns a random URL-safe identifier with 128 bits of entropy.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Clock returns the current time; tests replace it.
type Clock func() time.Time

// Revocations remembers session ids that were logged out until their cookie
// could no longer be valid anyway.
type Revocations struct {
	now     Clock
	mu      sync.Mutex
	ids     map[string]time.Time // sid → forget after
	revoked uint64
}

// NewRevocations returns an empty in-memory revocation list.
func NewRevocations(now Clock) *Revocations {
	if now == nil {
		now = time.Now
	}
	return &Revocations{now: now, ids: map[string]time.Time{}}
}

// Revoke marks sid as logged out until the given time.
func (r *Revocations) Revoke(sid string, until time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids[sid] = until
	if r.revoked++; r.revoked%sweepEvery == 0 {
		r.sweepLocked()
	}
}

// IsRevoked reports whether sid was logged out.
func (r *Revocations) IsRevoked(sid string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	until, ok := r.ids[sid]
	return ok && r.now().Before(until)
}

// sweepLocked drops expired entries so the map stays bounded by the number
// of sessions logged out within one absolute session lifetime.
func (r *Revocations) sweepLocked() {
	now := r.now()
	for id, until := range r.ids {
		if !now.Before(until) {
			delete(r.ids, id)
		}
	}
}

// Throttle counts failures per key in a sliding window and locks a key out
// once it reached the limit.
type Throttle struct {
	now    Clock
	limit  int
	window time.Duration
	mu     sync.Mutex
	fails  map[string][]time.Time
}

// NewThrottle allows limit failures per key within window.
func NewThrottle(limit int, window time.Duration, now Clock) *Throttle {
	if now == nil {
		now = time.Now
	}
	return &Throttle{now: now, limit: limit, window: window, fails: map[string][]time.Time{}}
}

// Blocked reports whether key is locked out and for how long still.
func (t *Throttle) Blocked(key string) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.recentLocked(key)
	if len(recent) < t.limit {
		return false, 0
	}
	// Locked until the oldest failure that still counts leaves the window.
	return true, recent[len(recent)-t.limit].Add(t.window).Sub(t.now())
}

// Fail records a failure for key.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fails[key] = append(t.recentLocked(key), t.now())
	if len(t.fails) > 100_000 {
		t.sweepLocked()
	}
}

// Reset forgets key's failures (after a successful login).
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

func (t *Throttle) recentLocked(key string) []time.Time {
	cut := t.now().Add(-t.window)
	fails := t.fails[key]
	i := 0
	for i < len(fails) && !fails[i].After(cut) {
		i++
	}
	if i == len(fails) {
		delete(t.fails, key)
		return nil
	}
	t.fails[key] = fails[i:]
	return fails[i:]
}

func (t *Throttle) sweepLocked() {
	for k := range t.fails {
		t.recentLocked(k)
	}
}
