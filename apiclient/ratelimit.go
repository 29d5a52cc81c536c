package apiclient

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// RateLimitError is the error of a call refused by the studio's rate limit:
// the upstream's 429 (Err is then its *APIError, with the traceId), or a
// call the client answered itself, without a request, because the endpoint
// got a 429 earlier in the same minute (Err is nil). It matches
// ErrRateLimited; RetryIn tells how long until the endpoint is open again.
type RateLimitError struct {
	Endpoint Endpoint
	// Until is when the client will send requests to Endpoint again.
	Until time.Time
	// Wait is Until less the time the error was made.
	Wait time.Duration
	Err  error
}

// Error names the endpoint and the wait; the upstream's 429 follows.
func (e *RateLimitError) Error() string {
	msg := fmt.Sprintf("apiclient: %s rate limited for %s", e.Endpoint, e.Wait.Round(time.Second))
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg + " (answered without a request)"
}

// Unwrap returns the upstream's 429, if this call got one.
func (e *RateLimitError) Unwrap() error { return e.Err }

// Is makes every RateLimitError match ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// RetryIn returns how long after err was made the endpoint that refused it
// opens again: for a *RateLimitError the rest of the blocked minute (or the
// upstream's Retry-After when longer). ok is false for any other error.
func RetryIn(err error) (time.Duration, bool) {
	if rl, ok := errors.AsType[*RateLimitError](err); ok {
		return rl.Wait, true
	}
	return 0, false
}

// blocks remembers, per endpoint, until when the upstream refuses it. A
// Client serves one studio, so the blocks are the studio's. The upstream
// documents a counter per endpoint and minute, past which every request
// gets 429 for the rest of that minute, and no Retry-After: the block
// lasts to the end of the current minute, or longer when the upstream does
// send a longer Retry-After.
type blocks struct {
	mu    sync.Mutex
	until map[Endpoint]time.Time
}

// check returns a *RateLimitError while ep is blocked at now.
func (b *blocks) check(ep Endpoint, now time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	until, ok := b.until[ep]
	if !ok {
		return nil
	}
	if !now.Before(until) {
		delete(b.until, ep)
		return nil
	}
	return &RateLimitError{Endpoint: ep, Until: until, Wait: until.Sub(now)}
}

// block records a 429 for ep answered at now and returns the call's error
// as a *RateLimitError wrapping err (the *APIError).
func (b *blocks) block(ep Endpoint, resp *http.Response, now time.Time, err error) error {
	until := now.Truncate(time.Minute).Add(time.Minute)
	if ra, ok := retryAfter(resp.Header.Get("Retry-After"), now); ok && now.Add(ra).After(until) {
		until = now.Add(ra)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.until == nil {
		b.until = map[Endpoint]time.Time{}
	}
	if until.After(b.until[ep]) {
		b.until[ep] = until
	}
	return &RateLimitError{Endpoint: ep, Until: until, Wait: until.Sub(now), Err: err}
}
