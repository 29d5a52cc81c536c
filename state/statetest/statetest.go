// Package statetest is the contract every implementation of the shared
// state meets: one suite per interface, run against the in-memory stores
// (package state) and the Redis ones (package redisstate). Each suite takes
// a constructor and drives time through the clock it hands to it, so
// nothing waits out a real window or TTL.
package statetest

import (
	"context"
	"sync"
	"time"

	"github.com/studio-addons/portal/state"
)

// The interfaces under test; their methods are those of the interfaces
// package handlers declares.
type (
	// Revoker remembers logged-out sessions.
	Revoker interface {
		Revoke(ctx context.Context, sid string, until time.Time) error
		IsRevoked(ctx context.Context, sid string) (bool, error)
	}
	// Throttle counts failures per key (one limit and window).
	Throttle interface {
		Blocked(ctx context.Context, key string) (bool, time.Duration, error)
		Fail(ctx context.Context, key string) error
		Reset(ctx context.Context, key string) error
	}
	// Tokens are the one-time booking tokens.
	Tokens interface {
		Issue(ctx context.Context, b state.Booking) (string, error)
		Claim(ctx context.Context, token, sessionID string) (state.Booking, bool, error)
		Get(ctx context.Context, token, sessionID string) (state.Booking, error)
		Transition(ctx context.Context, token string, from, to state.BookingStatus, moduleContractID int64, outcome string) (bool, error)
		Pending(ctx context.Context, studio string, contractID, moduleID int64) (string, state.Booking, bool, error)
	}
	// Receipts keep members' records of their changes.
	Receipts interface {
		Add(ctx context.Context, r state.Receipt) error
		Get(ctx context.Context, studio string, customerID int64, id string) (state.Receipt, error)
		ForModuleContract(ctx context.Context, studio string, customerID, moduleContractID int64) ([]state.Receipt, error)
	}
	// Limiter keeps budgets per key.
	Limiter interface {
		Take(ctx context.Context, key string, limit int, window time.Duration) (bool, time.Duration, error)
	}
	// Once tells a key's first sighting from the later ones.
	Once interface {
		First(ctx context.Context, key string, ttl time.Duration) (bool, error)
	}
	// Bus broadcasts messages by topic.
	Bus interface {
		Publish(ctx context.Context, topic string, msg []byte) error
		Subscribe(ctx context.Context, topic string, fn func(msg []byte)) error
	}
)

// Clock is a settable clock, safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at a fixed noon (on a full minute).
func NewClock() *Clock {
	return ClockAt(time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC))
}

// ClockAt returns a clock standing at t.
func ClockAt(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time; pass it as a state.Clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
