package apiclient

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for the rate-limit blocks.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func TestRateLimitBlocksTheEndpointForTheRestOfTheMinute(t *testing.T) {
	u := newUpstream(t,
		reply{status: 429, body: `{"errorMessage":"Too many requests","traceId":"t-429"}`},
		reply{status: 200, body: `{"name":"Sauna","price":{"amount":9.9,"currency":"EUR"},"startDate":"2025-01-01","contractCancelationCanBeWithdrawn":false}`})
	clock := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 20, 0, time.UTC)}
	c := newTestClient(t, u, WithClock(clock.now))
	ctx := t.Context()

	_, err := c.GetAdditionalModuleContract(ctx, 2002, 5001)
	if !errors.Is(err, ErrRateLimited) || TraceID(err) != "t-429" {
		t.Fatalf("first call: err = %v, want the upstream's 429 with its traceId", err)
	}
	if wait, ok := RetryIn(err); !ok || wait != 40*time.Second {
		t.Errorf("RetryIn(first) = %v, %v; want 40s (to 12:01:00), true", wait, ok)
	}

	// Another id on the same endpoint, 30 s later: answered without a request.
	clock.set(clock.now().Add(30 * time.Second))
	_, err = c.GetAdditionalModuleContract(ctx, 2007, 5101)
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("blocked call: err = %v, want ErrRateLimited", err)
	}
	if wait, ok := RetryIn(err); !ok || wait != 10*time.Second {
		t.Errorf("RetryIn(blocked) = %v, %v; want 10s, true", wait, ok)
	}
	if rl, ok := errors.AsType[*RateLimitError](err); !ok || rl.Endpoint != EndpointModuleContract {
		t.Errorf("blocked call: err = %#v, want a *RateLimitError for %s", err, EndpointModuleContract)
	}
	if got := len(u.requests()); got != 1 {
		t.Errorf("requests while blocked = %d, want 1 (no network call)", got)
	}

	// Other endpoints are not blocked.
	if _, err := c.ListCancelationReasons(ctx); errors.Is(err, ErrRateLimited) && len(u.requests()) == 1 {
		t.Errorf("another endpoint was blocked too: %v", err)
	}

	// At the next minute the endpoint is open again.
	clock.set(time.Date(2026, 3, 1, 12, 1, 0, 0, time.UTC))
	if _, err := c.GetAdditionalModuleContract(ctx, 2002, 5001); err != nil {
		t.Fatalf("after the minute: err = %v, want success", err)
	}
}

func TestRateLimitHonoursALongerRetryAfter(t *testing.T) {
	u := newUpstream(t, reply{status: 429, header: map[string]string{"Retry-After": "90"}, body: `{"errorMessage":"slow"}`})
	clock := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 50, 0, time.UTC)}
	c := newTestClient(t, u, WithClock(clock.now))
	_, err := c.ListAdditionalModules(t.Context())
	if wait, _ := RetryIn(err); wait != 90*time.Second {
		t.Errorf("RetryIn = %v, want the Retry-After of 90s (longer than the 10s left in the minute)", wait)
	}
	clock.set(clock.now().Add(80 * time.Second))
	_, err = c.ListAdditionalModules(t.Context())
	if wait, ok := RetryIn(err); !ok || wait != 10*time.Second || len(u.requests()) != 1 {
		t.Errorf("80s later: RetryIn = %v, %v after %d requests; want 10s, true after 1", wait, ok, len(u.requests()))
	}
}

func TestRateLimitBlocksAWriteEndpointToo(t *testing.T) {
	u := newUpstream(t, reply{status: 429, body: `{"errorMessage":"slow"}`})
	clock := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	c := newTestClient(t, u, WithClock(clock.now))
	req := AdditionalModuleRequest{AdditionalModuleID: 301, PaymentFrequencyID: 3011}
	for range 3 {
		if _, err := c.PurchaseAdditionalModule(t.Context(), 2001, req); !errors.Is(err, ErrRateLimited) {
			t.Fatalf("purchase: err = %v, want ErrRateLimited", err)
		}
	}
	if got := len(u.requests()); got != 1 {
		t.Errorf("purchase requests = %d, want 1", got)
	}
}

func TestRetryInOtherErrors(t *testing.T) {
	for _, err := range []error{nil, ErrRateLimited, &APIError{StatusCode: http.StatusTooManyRequests}, context.Canceled} {
		if d, ok := RetryIn(err); ok || d != 0 {
			t.Errorf("RetryIn(%v) = %v, %v; want 0, false", err, d, ok)
		}
	}
}

func TestRateLimitErrorKeepsTheKeyOut(t *testing.T) {
	u := newUpstream(t, reply{status: 429, body: `{"errorMessage":"key ` + testKey + ` is limited"}`})
	c := newTestClient(t, u)
	_, err := c.ListAdditionalModules(t.Context())
	if err == nil || !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
	if msg := err.Error(); strings.Contains(msg, testKey) {
		t.Errorf("error leaks the key: %s", msg)
	}
}
