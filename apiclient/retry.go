package apiclient

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryPolicy is the client's retry configuration (see WithRetry).
type retryPolicy struct {
	maxRetries int
	baseDelay  time.Duration
	maxDelay   time.Duration
}

// shouldRetry is the one place that decides whether an attempt is repeated,
// and why (the reason goes to the log). Only GET and HEAD are retried: a
// POST such as purchase moves money and the upstream has no idempotency key,
// so a lost answer must be reconciled by the caller, not re-sent. Retryable
// are 502/503/504 (the documented adaptive throttling, and gateways in
// front of it) and connection errors; never the caller's own cancellation or
// deadline, and never a 429: the upstream refuses the endpoint for the rest
// of its minute, so a retry inside it only meets another 429 and counts
// against the studio's limit (the client blocks the endpoint instead).
func shouldRetry(req *http.Request, resp *http.Response, err error) (bool, string) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return false, ""
	}
	if req.Context().Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false, ""
	}
	if err != nil {
		// A certificate the client rejects now will be rejected again.
		if _, ok := errors.AsType[*tls.CertificateVerificationError](err); ok {
			return false, ""
		}
		return true, "connection error"
	}
	switch resp.StatusCode {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true, fmt.Sprintf("upstream unavailable (%d)", resp.StatusCode)
	}
	return false, ""
}

// delay returns how long to wait before retry number attempt+1. A
// Retry-After header wins (capped by maxDelay, so one header cannot stall a
// member's page); otherwise capped exponential backoff with equal jitter:
// half of the step is fixed, so the wait never collapses to zero, and half
// random, so parallel clients do not retry in lockstep.
func (p retryPolicy) delay(attempt int, resp *http.Response, now time.Time) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), now); ok {
			return min(d, p.maxDelay)
		}
	}
	step := p.baseDelay
	for range attempt {
		if step >= p.maxDelay {
			break
		}
		step *= 2
	}
	step = min(step, p.maxDelay)
	if step <= 0 {
		return 0
	}
	return step/2 + rand.N(step/2+1)
}

// retryAfter parses a Retry-After value, either delay-seconds or an HTTP
// date; a date in the past means "now".
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		// Clamp before multiplying so a huge value cannot overflow.
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// sleepContext waits for d or until ctx is done, whichever comes first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
