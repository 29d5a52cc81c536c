package state_test

import (
	"testing"
	"time"

	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/state/statetest"
)

// The in-memory stores meet the same contract as the shared ones.

func TestRevocations(t *testing.T) {
	statetest.TestRevoker(t, func(_ *testing.T, now state.Clock) statetest.Revoker { return state.NewRevocations(now) })
}

func TestThrottle(t *testing.T) {
	statetest.TestThrottle(t, func(_ *testing.T, limit int, window time.Duration, now state.Clock) statetest.Throttle {
		return state.NewThrottle(limit, window, now)
	})
}

func TestTokens(t *testing.T) {
	statetest.TestTokens(t, func(_ *testing.T, ttl time.Duration, now state.Clock) statetest.Tokens {
		return state.NewTokens(ttl, now)
	})
}

func TestLimiter(t *testing.T) {
	statetest.TestLimiter(t, func(_ *testing.T, now state.Clock) statetest.Limiter { return state.NewLimiter(now) })
}

func TestOnce(t *testing.T) {
	statetest.TestOnce(t, func(_ *testing.T, now state.Clock) statetest.Once { return state.NewOnce(now) })
}

func TestBus(t *testing.T) {
	statetest.TestBus(t, func(*testing.T) (statetest.Bus, statetest.Bus) {
		b := state.NewBus()
		return b, b
	})
}

func TestReceipts(t *testing.T) {
	statetest.TestReceipts(t, func(_ *testing.T, ttl time.Duration, now state.Clock) statetest.Receipts {
		return state.NewReceipts(ttl, now)
	})
}
