package redisstate

import (
	"context"
	"errors"
	"net"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/state/redistest"
	"github.com/studio-addons/portal/state/statetest"
)

// newClient starts a redis-server for t and connects to it.
func newClient(t *testing.T) *redis.Client {
	t.Helper()
	rdb, err := Connect(context.Background(), redistest.Start(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// fresh returns stores under a prefix of their own, so subtests sharing a
// server start empty.
func fresh(rdb redis.UniversalClient, now state.Clock) *Store {
	return New(rdb, "test-"+state.NewID()+":", now)
}

func TestRevocations(t *testing.T) {
	rdb := newClient(t)
	statetest.TestRevoker(t, func(_ *testing.T, now state.Clock) statetest.Revoker { return fresh(rdb, now).Revocations() })
}

func TestThrottle(t *testing.T) {
	rdb := newClient(t)
	statetest.TestThrottle(t, func(_ *testing.T, limit int, window time.Duration, now state.Clock) statetest.Throttle {
		return fresh(rdb, now).Throttle("login", limit, window)
	})
}

func TestTokens(t *testing.T) {
	rdb := newClient(t)
	statetest.TestTokens(t, func(_ *testing.T, ttl time.Duration, now state.Clock) statetest.Tokens {
		return fresh(rdb, now).Tokens(ttl)
	})
}

func TestReceipts(t *testing.T) {
	rdb := newClient(t)
	statetest.TestReceipts(t, func(_ *testing.T, ttl time.Duration, now state.Clock) statetest.Receipts {
		return fresh(rdb, now).Receipts(ttl)
	})
}

func TestLimiter(t *testing.T) {
	rdb := newClient(t)
	statetest.TestLimiter(t, func(_ *testing.T, now state.Clock) statetest.Limiter { return fresh(rdb, now).Limiter() })
}

func TestOnce(t *testing.T) {
	rdb := newClient(t)
	statetest.TestOnce(t, func(_ *testing.T, now state.Clock) statetest.Once { return fresh(rdb, now).Once() })
}

// TestBus: two instances, each with its own connection, on one Redis.
func TestBus(t *testing.T) {
	url := redistest.Start(t).URL
	statetest.TestBus(t, func(t *testing.T) (statetest.Bus, statetest.Bus) {
		prefix := "test-" + state.NewID() + ":"
		var buses [2]statetest.Bus
		for i := range buses {
			rdb, err := Connect(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = rdb.Close() })
			buses[i] = New(rdb, prefix, nil).Bus()
		}
		return buses[0], buses[1]
	})
}

// TestKeysAreNamespacedAndExpire: every key the stores write lies under
// the prefix and carries a TTL no longer than its purpose needs, so Redis
// stays bounded; throttle keys do not hold member numbers or addresses.
func TestKeysAreNamespacedAndExpire(t *testing.T) {
	rdb := newClient(t)
	ctx := context.Background()
	clk := statetest.NewClock()
	s := New(rdb, "portal:", clk.Now)
	must(t, s.Revocations().Revoke(ctx, "sid-1", clk.Now().Add(12*time.Hour)))
	must(t, s.Throttle("login-member", 5, 15*time.Minute).Fail(ctx, "demo|1-1001"))
	tokens := s.Tokens(24 * time.Hour)
	unused, err := tokens.Issue(ctx, state.Booking{SessionID: "sid-1", Studio: "demo", ContractID: 2001, ModuleID: 301})
	must(t, err)
	claimed, err := tokens.Issue(ctx, state.Booking{SessionID: "sid-1", Studio: "demo", ContractID: 2001, ModuleID: 301})
	must(t, err)
	if _, _, err := tokens.Claim(ctx, claimed, "sid-1"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(10 * time.Second)
	if _, _, err := s.Limiter().Take(ctx, "studio|demo", 10, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Once().First(ctx, "sso|n-1", 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Duration{
		"portal:revoked:sid-1":                                  12 * time.Hour,
		"portal:booking:" + unused:                              2 * time.Hour,
		"portal:booking:" + claimed:                             24 * time.Hour,
		"portal:bookings:demo:2001:301":                         24 * time.Hour,
		"portal:limit:studio|demo:60000:" + msString(clk.Now()): 51 * time.Second, // 50 s to the minute's end + 1 s
		"portal:once:sso|n-1":                                   5 * time.Minute,
	}
	keys, err := rdb.Keys(ctx, "*").Result()
	must(t, err)
	var throttleKeys int
	for _, k := range keys {
		ttl, err := rdb.PTTL(ctx, k).Result()
		must(t, err)
		if strings.HasPrefix(k, "portal:throttle:login-member:") {
			throttleKeys++
			if strings.Contains(k, "1-1001") {
				t.Errorf("throttle key %q holds the member number", k)
			}
			if ttl <= 0 || ttl > 15*time.Minute {
				t.Errorf("%s: TTL %v, want at most 15m", k, ttl)
			}
			continue
		}
		max, ok := want[k]
		if !ok {
			t.Errorf("unexpected key %q", k)
			continue
		}
		delete(want, k)
		if ttl < max*9/10 || ttl > max {
			t.Errorf("%s: TTL %v, want about %v", k, ttl, max)
		}
	}
	if throttleKeys != 1 {
		t.Errorf("%d throttle keys, want 1", throttleKeys)
	}
	for k := range want {
		t.Errorf("key %q missing", k)
	}
}

// msString is the start of t's minute in Unix ms, as limiter keys name it.
func msString(t time.Time) string {
	return strconv.FormatInt(ms(state.WindowEnd(t, time.Minute).Add(-time.Minute)), 10)
}

// TestOutageIsUnavailable: with Redis gone every store answers an error
// that is state.ErrUnavailable (the handlers' 'unavailable' page), never a
// plausible answer, and quickly.
func TestOutageIsUnavailable(t *testing.T) {
	rdb := newClient(t)
	s := New(rdb, "", nil)
	var failed []string
	s.OnError(func(op string) { failed = append(failed, op) })
	ctx := context.Background()
	tokens := s.Tokens(time.Hour)
	tok, err := tokens.Issue(ctx, state.Booking{SessionID: "s"})
	must(t, err)
	// A caller that gave up is not Redis failing.
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Revocations().IsRevoked(canceled, "s"); !errors.Is(err, context.Canceled) {
		t.Errorf("IsRevoked with a canceled context: err = %v, want context.Canceled", err)
	}
	if len(failed) != 0 {
		t.Errorf("a canceled call was reported as a store error: %q", failed)
	}
	if err := rdb.Close(); err != nil {
		t.Fatal(err)
	}
	th := s.Throttle("login", 5, time.Minute)
	calls := map[string]func() error{
		"Revoke":    func() error { return s.Revocations().Revoke(ctx, "s", time.Now().Add(time.Hour)) },
		"IsRevoked": func() error { _, err := s.Revocations().IsRevoked(ctx, "s"); return err },
		"Blocked":   func() error { _, _, err := th.Blocked(ctx, "k"); return err },
		"Fail":      func() error { return th.Fail(ctx, "k") },
		"Reset":     func() error { return th.Reset(ctx, "k") },
		"Issue":     func() error { _, err := tokens.Issue(ctx, state.Booking{}); return err },
		"Claim":     func() error { _, _, err := tokens.Claim(ctx, tok, "s"); return err },
		"Get":       func() error { _, err := tokens.Get(ctx, tok, "s"); return err },
		"Transition": func() error {
			_, err := tokens.Transition(ctx, tok, state.BookingClaimed, state.BookingBooked, 1, "")
			return err
		},
		"Pending": func() error { _, _, _, err := tokens.Pending(ctx, "demo", 1, 2); return err },
		"AddReceipt": func() error {
			return s.Receipts(time.Hour).Add(ctx, state.Receipt{ID: "r", Studio: "demo", CustomerID: 1})
		},
		"GetReceipt": func() error { _, err := s.Receipts(time.Hour).Get(ctx, "demo", 1, "r"); return err },
		"ForModuleContract": func() error {
			_, err := s.Receipts(time.Hour).ForModuleContract(ctx, "demo", 1, 2)
			return err
		},
		"Take":      func() error { _, _, err := s.Limiter().Take(ctx, "k", 1, time.Minute); return err },
		"First":     func() error { _, err := s.Once().First(ctx, "k", time.Minute); return err },
		"Publish":   func() error { return s.Bus().Publish(ctx, "t", nil) },
		"Subscribe": func() error { return s.Bus().Subscribe(ctx, "t", func([]byte) {}) },
	}
	for name, call := range calls {
		failed = failed[:0]
		if err := call(); !errors.Is(err, state.ErrUnavailable) {
			t.Errorf("%s with Redis gone: err = %v, want state.ErrUnavailable", name, err)
		}
		// Every failure reaches the store-error metric, once.
		if len(failed) != 1 || failed[0] == "" {
			t.Errorf("%s with Redis gone: reported %q, want one operation", name, failed)
		}
	}
}

// TestUnreachableIsUnavailable: nothing listens at the address (the server
// stopped): a store call fails fast with state.ErrUnavailable.
func TestUnreachableIsUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if _, err := Connect(context.Background(), "redis://"+addr+"/0"); !errors.Is(err, state.ErrUnavailable) {
		t.Errorf("Connect to a closed port: err = %v, want state.ErrUnavailable", err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialerRetries: 1})
	defer rdb.Close()
	start := time.Now()
	_, err = New(rdb, "", nil).Revocations().IsRevoked(context.Background(), "s")
	if !errors.Is(err, state.ErrUnavailable) {
		t.Errorf("IsRevoked: err = %v, want state.ErrUnavailable", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("refused connection took %v to report", d)
	}
}

// TestConnectKeepsPasswordsOutOfErrors: REDIS_URL may hold a password; an
// error about the URL must not repeat it.
func TestConnectKeepsPasswordsOutOfErrors(t *testing.T) {
	for _, u := range []string{"redis://user:s3cret@127.0.0.1:6379/zero", "http://user:s3cret@host/0", "redis://user:s3cret@[::1/0"} {
		_, err := Connect(context.Background(), u)
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Connect(%q): err = %v, want an error without the password", u, err)
		}
	}
}

// TestRecordsHaveEveryField: a field added to state.Booking or to the
// payment frequency must be kept by the token record too (the booking's
// status, add-on contract and outcome are hash fields of their own).
func TestRecordsHaveEveryField(t *testing.T) {
	tests := []struct {
		model, record reflect.Type
		apart         []string
	}{
		{reflect.TypeFor[state.Booking](), reflect.TypeFor[bookingRecord](), []string{"Status", "ModuleContractID", "Outcome"}},
		{reflect.TypeFor[state.Receipt](), reflect.TypeFor[receiptRecord](), nil},
		{reflect.TypeFor[apiclient.PaymentFrequency](), reflect.TypeFor[frequencyRecord](), nil},
		{reflect.TypeFor[apiclient.MonthDayPrice](), reflect.TypeFor[monthDayPriceRecord](), nil},
		{reflect.TypeFor[apiclient.TermPrice](), reflect.TypeFor[termPriceRecord](), nil},
	}
	for _, tt := range tests {
		for f := range tt.model.Fields() {
			if _, ok := tt.record.FieldByName(f.Name); !ok && !slices.Contains(tt.apart, f.Name) {
				t.Errorf("%s.%s is not kept in a booking token", tt.model, f.Name)
			}
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestThrottleKeepsOnlyWhatCounts: a key hammered with failures holds no
// more entries than the limit, however many there were.
func TestThrottleKeepsOnlyWhatCounts(t *testing.T) {
	rdb := newClient(t)
	ctx := context.Background()
	th := New(rdb, "", statetest.NewClock().Now).Throttle("login", 5, time.Hour)
	for range 20 {
		must(t, th.Fail(ctx, "k"))
	}
	if n, err := rdb.ZCard(ctx, th.throttleKey("k")).Result(); err != nil || n != 5 {
		t.Errorf("entries kept = %d, %v; want 5", n, err)
	}
}
