package redisstate

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/studio-addons/portal/state"
)

// Limiter keeps shared budgets of events per key in fixed windows aligned
// to the window's length since the Unix epoch (see state.WindowEnd).
type Limiter struct{ s *Store }

// Limiter returns the shared limiter.
func (s *Store) Limiter() *Limiter { return &Limiter{s: s} }

// takeScript counts one event unless the window is full; it answers the
// count after the event, or -1 when it refused.
//
// KEYS[1] the window's counter; ARGV: limit, ttl (ms).
var takeScript = redis.NewScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return -1 end
n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n
`)

// windowSlack keeps a window's counter a little past its end, for
// instances whose clocks run slightly behind.
const windowSlack = time.Second

// Take records one event for key if fewer than limit were recorded in the
// current window. retryIn is when the next event would be allowed: 0 while
// the window has room left, else the time until the window ends.
func (l *Limiter) Take(ctx context.Context, key string, limit int, window time.Duration) (bool, time.Duration, error) {
	now := l.s.now()
	end := state.WindowEnd(now, window)
	start := end.Add(-window)
	k := l.s.key("limit", key, strconv.FormatInt(window.Milliseconds(), 10), strconv.FormatInt(ms(start), 10))
	n, err := takeScript.Run(ctx, l.s.rdb, []string{k}, limit, pttl(end.Sub(now)+windowSlack).Milliseconds()).Int()
	if err != nil {
		return false, 0, l.s.unavailable("limiter take", err)
	}
	switch {
	case n < 0:
		return false, end.Sub(now), nil
	case n >= limit:
		return true, end.Sub(now), nil
	}
	return true, 0, nil
}

// Count returns how many events key has in the current window (for the
// budget gauges).
func (l *Limiter) Count(ctx context.Context, key string, window time.Duration) (int, error) {
	end := state.WindowEnd(l.s.now(), window)
	k := l.s.key("limit", key, strconv.FormatInt(window.Milliseconds(), 10), strconv.FormatInt(ms(end.Add(-window)), 10))
	n, err := l.s.rdb.Get(ctx, k).Int()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, l.s.unavailable("limiter count", err)
	}
	return n, nil
}

// Once is the shared once-only set (SSO nonces, webhook deliveries).
type Once struct{ s *Store }

// Once returns the shared once-only set.
func (s *Store) Once() *Once { return &Once{s: s} }

// onceScript is SET NX with the expiry decided by the instances' clock: a
// key whose remembered-until time has passed counts as new again.
//
// KEYS[1] the key; ARGV: now (ms), remembered until (ms), ttl (ms).
var onceScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v and tonumber(v) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`)

// First reports whether key is seen for the first time within ttl, and
// remembers it for ttl.
func (o *Once) First(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	now := o.s.now()
	args := []any{ms(now), ms(now.Add(ttl)), pttl(ttl).Milliseconds()}
	n, err := onceScript.Run(ctx, o.s.rdb, []string{o.s.key("once", key)}, args...).Int()
	if err != nil {
		return false, o.s.unavailable("once", err)
	}
	return n == 1, nil
}
