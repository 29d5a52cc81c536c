// Package state holds what portal instances share: revoked sessions, login
// throttles, one-time booking tokens, upstream budgets, once-only keys (SSO
// nonces, webhook deliveries) and a broadcast bus for cache invalidation.
// Each concern is a small interface declared by its user (package handlers);
// this package has the in-memory implementations, which serve one process
// only, and package redisstate the shared ones.
package state

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
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

// ErrUnavailable is wrapped by every error of a shared store that could not
// be asked (connection refused, timeout, a failing server). The handlers
// turn it into the 'temporarily unavailable' page: what protects money or
// sessions fails closed, never open.
var ErrUnavailable = errors.New("state: shared store unavailable")

// sweepEvery is how many inserts pass between sweeps of expired entries in
// the in-memory stores, which keeps each of them bounded.
const sweepEvery = 256

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
func (r *Revocations) Revoke(_ context.Context, sid string, until time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids[sid] = until
	if r.revoked++; r.revoked%sweepEvery == 0 {
		r.sweepLocked()
	}
	return nil
}

// IsRevoked reports whether sid was logged out.
func (r *Revocations) IsRevoked(_ context.Context, sid string) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	until, ok := r.ids[sid]
	return ok && r.now().Before(until), nil
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
func (t *Throttle) Blocked(_ context.Context, key string) (bool, time.Duration, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.recentLocked(key)
	if len(recent) < t.limit {
		return false, 0, nil
	}
	// Locked until the oldest failure that still counts leaves the window.
	return true, recent[len(recent)-t.limit].Add(t.window).Sub(t.now()), nil
}

// Fail records a failure for key.
func (t *Throttle) Fail(_ context.Context, key string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := append(t.recentLocked(key), t.now())
	// Only the newest limit failures decide a lockout.
	t.fails[key] = recent[max(0, len(recent)-t.limit):]
	if len(t.fails) > 100_000 {
		t.sweepLocked()
	}
	return nil
}

// Reset forgets key's failures (after a successful login).
func (t *Throttle) Reset(_ context.Context, key string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
	return nil
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
