package redisstate

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/studio-addons/portal/state"
)

// Revocations is the shared list of logged-out sessions.
type Revocations struct{ s *Store }

// Revocations returns the shared revocation list.
func (s *Store) Revocations() *Revocations { return &Revocations{s: s} }

// Revoke marks sid as logged out until the given time; the key expires then.
func (r *Revocations) Revoke(ctx context.Context, sid string, until time.Time) error {
	ttl := until.Sub(r.s.now())
	if ttl <= 0 {
		return nil // a cookie that old is refused anyway
	}
	if err := r.s.rdb.Set(ctx, r.s.key("revoked", sid), ms(until), pttl(ttl)).Err(); err != nil {
		return r.s.unavailable("revoke", err)
	}
	return nil
}

// IsRevoked reports whether sid was logged out.
func (r *Revocations) IsRevoked(ctx context.Context, sid string) (bool, error) {
	v, err := r.s.rdb.Get(ctx, r.s.key("revoked", sid)).Int64()
	switch {
	case errors.Is(err, redis.Nil):
		return false, nil
	case err != nil:
		return false, r.s.unavailable("is revoked", err)
	}
	return r.s.now().UnixMilli() < v, nil
}

// Throttle counts failures per key in a sliding window shared by every
// instance, and locks a key out once it reached the limit.
type Throttle struct {
	s      *Store
	name   string
	limit  int
	window time.Duration
}

// Throttle returns the shared throttle called name (one name per limit and
// window, e.g. "login-member") allowing limit failures per key within window.
func (s *Store) Throttle(name string, limit int, window time.Duration) *Throttle {
	return &Throttle{s: s, name: name, limit: limit, window: window}
}

// throttleKey hashes the caller's key (a member number, a client address):
// Redis needs to tell keys apart, not to read them.
func (t *Throttle) throttleKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return t.s.key("throttle", t.name, base64.RawURLEncoding.EncodeToString(sum[:18]))
}

// failScript records one failure: it drops those that left the window,
// adds this one, keeps only the newest limit (all a lockout looks at) and
// lets the key expire one window after the last failure.
//
// KEYS[1] the throttle key; ARGV: now (ms), window (ms), limit, a unique member.
var failScript = redis.NewScript(`
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(limit + 1))
redis.call('PEXPIRE', KEYS[1], window)
return 1
`)

// Blocked reports whether key is locked out and for how long still.
func (t *Throttle) Blocked(ctx context.Context, key string) (bool, time.Duration, error) {
	now := t.s.now()
	cut := strconv.FormatInt(ms(now.Add(-t.window)), 10)
	fails, err := t.s.rdb.ZRangeByScoreWithScores(ctx, t.throttleKey(key), &redis.ZRangeBy{Min: "(" + cut, Max: "+inf"}).Result()
	if err != nil {
		return false, 0, t.s.unavailable("throttle blocked", err)
	}
	if len(fails) < t.limit {
		return false, 0, nil
	}
	// Locked until the oldest failure that still counts leaves the window.
	oldest := time.UnixMilli(int64(fails[len(fails)-t.limit].Score))
	return true, oldest.Add(t.window).Sub(now), nil
}

// Fail records a failure for key.
func (t *Throttle) Fail(ctx context.Context, key string) error {
	args := []any{ms(t.s.now()), t.window.Milliseconds(), t.limit, state.NewID()}
	if err := failScript.Run(ctx, t.s.rdb, []string{t.throttleKey(key)}, args...).Err(); err != nil {
		return t.s.unavailable("throttle fail", err)
	}
	return nil
}

// Reset forgets key's failures (after a successful login).
func (t *Throttle) Reset(ctx context.Context, key string) error {
	if err := t.s.rdb.Del(ctx, t.throttleKey(key)).Err(); err != nil {
		return t.s.unavailable("throttle reset", err)
	}
	return nil
}
