// Package redisstate keeps the state portal instances share in Redis (or
// Valkey): session revocations, login throttles, booking tokens and their
// outcomes, upstream budgets, once-only keys and the cache-invalidation bus.
// It implements the same interfaces as package state's in-memory stores.
//
// Every compare-and-set step is one Lua script, so it is atomic in Redis.
// Decisions use the instance's clock (instances are expected to keep their
// clocks in step, as NTP does); every key also carries a Redis TTL, so Redis
// stays bounded even where nobody reads a key again. Key layout, under a
// configurable prefix (default "portal:"):
//
//	revoked:{sid}                    string: revoked-until (Unix ms); TTL until then
//	throttle:{name}:{sha256(key)}    sorted set of failures scored by Unix ms; TTL one window
//	booking:{token}                  hash: b (booking JSON), sid, st, mc, out, exp, ix; TTL 2 h unused, then the store's TTL
//	bookings:{studio}:{contract}:{module} set of the tokens issued for that add-on (pending lookup); TTL the store's, from the last change
//	receipt:{id}                     string: receipt JSON; TTL the receipts' (90 days)
//	receipts:{studio}:{customer}:{mc} sorted set of receipt ids by time received; TTL the receipts', from the last one
//	limit:{key}:{window ms}:{start}  string: events in one fixed window; TTL to the window's end + 1 s
//	once:{key}                       string: remembered-until (Unix ms); TTL the caller's
//	bus:{topic}                      pub/sub channel
package redisstate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/studio-addons/portal/state"
)

// DefaultPrefix namespaces the portal's keys when nothing else is configured.
const DefaultPrefix = "portal:"

// Store makes the shared stores on one Redis client.
type Store struct {
	rdb     redis.UniversalClient
	prefix  string
	now     state.Clock
	onError func(op string)
}

// New returns the stores on rdb with keys under prefix (DefaultPrefix when
// empty), deciding expiry by now (time.Now when nil).
func New(rdb redis.UniversalClient, prefix string, now state.Clock) *Store {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	if now == nil {
		now = time.Now
	}
	return &Store{rdb: rdb, prefix: prefix, now: now}
}

// Connect opens a client for a redis:// or rediss:// URL (user, password,
// database and options such as dial_timeout as go-redis reads them) and
// checks that the server answers. Timeouts are short unless the URL sets
// them: an unreachable store should turn into the 'unavailable' page fast
// rather than hold a member's request.
func Connect(ctx context.Context, rawURL string) (*redis.Client, error) {
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		// The parser's message may repeat the URL and with it a password.
		return nil, errors.New("redisstate: REDIS_URL is not a valid redis:// or rediss:// URL")
	}
	if opt.DialTimeout == 0 {
		opt.DialTimeout = 2 * time.Second
	}
	if opt.ReadTimeout == 0 {
		opt.ReadTimeout = time.Second
	}
	if opt.WriteTimeout == 0 {
		opt.WriteTimeout = time.Second
	}
	if opt.MaxRetries == 0 {
		opt.MaxRetries = 1
	}
	if opt.DialerRetries == 0 {
		opt.DialerRetries = 2
	}
	rdb := redis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, unavailable("ping", err)
	}
	return rdb, nil
}

// OnError has fn called with the operation ("claim token", "is revoked",
// ...) whenever a store call fails with state.ErrUnavailable (the metrics'
// store errors). A call given up by its caller (a canceled context) is not
// Redis failing and is not reported. Set it before the stores are used.
func (s *Store) OnError(fn func(op string)) {
	s.onError = fn
}

// unavailable is the package's unavailable, reported to OnError.
func (s *Store) unavailable(op string, err error) error {
	if s.onError != nil && !errors.Is(err, context.Canceled) {
		s.onError(op)
	}
	return unavailable(op, err)
}

// LogTo sends the Redis client's own messages (a lost connection, a
// failed dial in the background) to logger at Warn instead of stderr. The
// client has one logger for the whole process.
func LogTo(logger *slog.Logger) {
	redis.SetLogger(clientLog{logger})
}

type clientLog struct{ l *slog.Logger }

func (c clientLog) Printf(ctx context.Context, format string, v ...any) {
	c.l.WarnContext(ctx, "redis client", slog.String("detail", fmt.Sprintf(format, v...)))
}

// unavailable wraps a failed Redis call so that errors.Is finds both
// state.ErrUnavailable and the cause (a canceled context stays one).
func unavailable(op string, err error) error {
	return fmt.Errorf("redisstate: %s: %w: %w", op, state.ErrUnavailable, err)
}

func (s *Store) key(parts ...string) string {
	k := s.prefix
	for i, p := range parts {
		if i > 0 {
			k += ":"
		}
		k += p
	}
	return k
}

// ms is t in Unix milliseconds, as the scripts compare times.
func ms(t time.Time) int64 { return t.UnixMilli() }

// pttl is d for a Redis TTL: at least one millisecond.
func pttl(d time.Duration) time.Duration { return max(d, time.Millisecond) }
