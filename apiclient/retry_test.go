package apiclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// hijackClose drops the connection without an answer, as a crashed or
// restarted upstream does.
func hijackClose(_ int, w http.ResponseWriter, _ *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

func TestShouldRetry(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	resp := func(status int) *http.Response { return &http.Response{StatusCode: status} }
	tests := []struct {
		name       string
		method     string
		ctx        context.Context
		resp       *http.Response
		err        error
		wantRetry  bool
		wantReason string
	}{
		{"GET 429", http.MethodGet, nil, resp(429), nil, false, ""},
		{"GET 502", http.MethodGet, nil, resp(502), nil, true, "upstream unavailable (502)"},
		{"GET 503", http.MethodGet, nil, resp(503), nil, true, "upstream unavailable (503)"},
		{"GET 504", http.MethodGet, nil, resp(504), nil, true, "upstream unavailable (504)"},
		{"HEAD 503", http.MethodHead, nil, resp(503), nil, true, "upstream unavailable (503)"},
		{"GET connection error", http.MethodGet, nil, nil, io.EOF, true, "connection error"},
		{"GET 200", http.MethodGet, nil, resp(200), nil, false, ""},
		{"GET 400", http.MethodGet, nil, resp(400), nil, false, ""},
		{"GET 401", http.MethodGet, nil, resp(401), nil, false, ""},
		{"GET 404", http.MethodGet, nil, resp(404), nil, false, ""},
		{"GET 409", http.MethodGet, nil, resp(409), nil, false, ""},
		{"GET 500", http.MethodGet, nil, resp(500), nil, false, ""},
		{"POST 503", http.MethodPost, nil, resp(503), nil, false, ""},
		{"POST 429", http.MethodPost, nil, resp(429), nil, false, ""},
		{"POST connection error", http.MethodPost, nil, nil, io.EOF, false, ""},
		{"GET caller deadline", http.MethodGet, nil, nil, fmt.Errorf("x: %w", context.DeadlineExceeded), false, ""},
		{"GET caller canceled", http.MethodGet, nil, nil, context.Canceled, false, ""},
		{"GET 503 after cancel", http.MethodGet, canceled, resp(503), nil, false, ""},
		{"GET bad certificate", http.MethodGet, nil, nil, &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}, false, ""},
	}
	for _, tt := range tests {
		ctx := tt.ctx
		if ctx == nil {
			ctx = context.Background()
		}
		req, err := http.NewRequestWithContext(ctx, tt.method, "https://demo.example/v1/x", nil)
		if err != nil {
			t.Fatal(err)
		}
		gotRetry, gotReason := shouldRetry(req, tt.resp, tt.err)
		if gotRetry != tt.wantRetry || gotReason != tt.wantReason {
			t.Errorf("%s: shouldRetry = %v, %q; want %v, %q", tt.name, gotRetry, gotReason, tt.wantRetry, tt.wantReason)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{" 0 ", 0, true},
		{"-1", 0, false},
		{"99999999999999", 24 * time.Hour, true},
		{"soon", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.value, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.value, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestBackoffIsCappedExponentialWithJitter(t *testing.T) {
	p := retryPolicy{maxRetries: 10, baseDelay: 100 * time.Millisecond, maxDelay: 2 * time.Second}
	steps := []time.Duration{100, 200, 400, 800, 1600, 2000, 2000, 2000}
	for attempt, step := range steps {
		step *= time.Millisecond
		for range 50 {
			got := p.delay(attempt, nil, time.Now())
			if got < step/2 || got > step {
				t.Fatalf("delay(%d) = %v, want within [%v, %v]", attempt, got, step/2, step)
			}
		}
	}
	if got := (retryPolicy{}).delay(3, nil, time.Now()); got != 0 {
		t.Errorf("delay with zero policy = %v, want 0", got)
	}
	if got := p.delay(62, nil, time.Now()); got > p.maxDelay {
		t.Errorf("delay(62) = %v, want capped at %v", got, p.maxDelay)
	}
}

// delayRange is an accepted interval for one recorded backoff delay.
type delayRange struct{ lo, hi time.Duration }

func exactly(d time.Duration) delayRange { return delayRange{d, d} }

func TestRetries(t *testing.T) {
	ms := time.Millisecond
	// jittered is the equal-jitter interval of a backoff step.
	jittered := func(step time.Duration) delayRange { return delayRange{step / 2, step} }
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	errBody := func(trace string) string { return `{"errorMessage":"busy","traceId":"` + trace + `"}` }
	get := func(ctx context.Context, c *Client) error { _, err := c.ListAdditionalModules(ctx); return err }
	head := func(ctx context.Context, c *Client) error { return c.CheckKey(ctx) }
	post := func(ctx context.Context, c *Client) error {
		_, err := c.PurchaseAdditionalModule(ctx, 5001, AdditionalModuleRequest{AdditionalModuleID: 11, PaymentFrequencyID: 103})
		return err
	}
	tests := []struct {
		name         string
		call         func(context.Context, *Client) error
		replies      []reply
		wantRequests int
		wantDelays   []delayRange
		wantErr      error  // nil: success
		wantTrace    string // traceId of the returned *APIError: the last answer's
	}{
		{"503 twice then success", get,
			[]reply{{status: 503, body: errBody("t1")}, {status: 503, body: errBody("t2")}, {status: 200, body: `[]`}},
			3, []delayRange{jittered(100 * ms), jittered(200 * ms)}, nil, ""},
		{"503 with Retry-After seconds", get,
			[]reply{{status: 503, header: map[string]string{"Retry-After": "1"}}, {status: 200, body: `[]`}},
			2, []delayRange{exactly(time.Second)}, nil, ""},
		{"429 is answered at once, not retried inside its minute", get,
			[]reply{{status: 429, body: errBody("rl"), header: map[string]string{"Retry-After": "0"}}, {status: 200, body: `[]`}},
			1, nil, ErrRateLimited, "rl"},
		{"503 with a Retry-After date past maxDelay is answered at once", get,
			[]reply{{status: 503, body: errBody("later"), header: map[string]string{"Retry-After": future}}, {status: 200, body: `[]`}},
			1, nil, ErrUnavailable, "later"},
		{"502 and 504 are retried", get,
			[]reply{{status: 502}, {status: 504}, {status: 200, body: `[]`}},
			3, []delayRange{jittered(100 * ms), jittered(200 * ms)}, nil, ""},
		{"gives up after max retries with the last error", get,
			[]reply{{status: 503, body: errBody("t1")}, {status: 503, body: errBody("t2")}, {status: 503, body: errBody("t3")}, {status: 503, body: errBody("t4")}},
			4, []delayRange{jittered(100 * ms), jittered(200 * ms), jittered(400 * ms)}, ErrUnavailable, "t4"},
		{"HEAD is retried", head,
			[]reply{{status: 503}, {status: 200}},
			2, []delayRange{jittered(100 * ms)}, nil, ""},
		{"500 is not retried", get,
			[]reply{{status: 500, body: errBody("t500")}}, 1, nil, ErrUnavailable, "t500"},
		{"404 is not retried", get,
			[]reply{{status: 404, body: errBody("t404")}}, 1, nil, ErrNotFound, "t404"},
		{"POST is not retried on 503", post,
			[]reply{{status: 503, body: errBody("p1")}, {status: 200, body: `{"id":1}`}}, 1, nil, ErrUnavailable, "p1"},
		{"POST is not retried on 429", post,
			[]reply{{status: 429, body: errBody("p2")}, {status: 200, body: `{"id":1}`}}, 1, nil, ErrRateLimited, "p2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := newUpstream(t, tt.replies...)
			s := &sleeper{}
			c := newTestClient(t, u, WithRetry(3, 100*ms, 2*time.Second), WithSleep(s.sleep))
			err := tt.call(t.Context(), c)
			if tt.wantErr == nil && err != nil {
				t.Fatalf("err = %v, want success", err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got, want := TraceID(err), tt.wantTrace; got != want {
				t.Errorf("TraceID(err) = %q, want %q", got, want)
			}
			if got, want := len(u.requests()), tt.wantRequests; got != want {
				t.Errorf("requests = %d, want %d", got, want)
			}
			delays := s.recorded()
			if got, want := len(delays), len(tt.wantDelays); got != want {
				t.Fatalf("delays = %v, want %d of them", delays, want)
			}
			for i, d := range delays {
				if w := tt.wantDelays[i]; d < w.lo || d > w.hi {
					t.Errorf("delay %d = %v, want within [%v, %v]", i, d, w.lo, w.hi)
				}
			}
		})
	}
}

func TestConnectionErrors(t *testing.T) {
	// Without keep-alive every attempt dials anew, so net/http's own retry of
	// a request on a stale pooled connection cannot blur the count.
	noKeepAlive := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	tests := []struct {
		name         string
		call         func(context.Context, *Client) error
		wantRequests int
		wantErr      string // prefix of the error; "" for success
	}{
		{"GET retried until the upstream answers", func(ctx context.Context, c *Client) error {
			_, err := c.ListCancelationReasons(ctx)
			return err
		}, 3, ""},
		{"POST not retried", func(ctx context.Context, c *Client) error {
			_, err := c.WithdrawAdditionalModuleCancelation(ctx, 5001, 9001)
			return err
		}, 1, "apiclient: POST /v1/memberships/5001/self-service/additional-module-contracts/9001/withdraw-cancelation: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := newUpstreamFunc(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if n < 2 {
					hijackClose(n, w, r)
					return
				}
				io.WriteString(w, `[]`)
			})
			c := newTestClient(t, u, WithHTTPClient(noKeepAlive))
			err := tt.call(t.Context(), c)
			if (err != nil) != (tt.wantErr != "") {
				t.Fatalf("err = %v, want error %q", err, tt.wantErr)
			}
			if got, want := len(u.requests()), tt.wantRequests; got != want {
				t.Errorf("requests = %d, want %d", got, want)
			}
			if err == nil {
				return
			}
			if _, ok := errors.AsType[*APIError](err); ok {
				t.Errorf("err = %v, want a transport error, not *APIError", err)
			}
			if got, want := err.Error(), tt.wantErr; !strings.HasPrefix(got, want) {
				t.Errorf("err = %q, want prefix %q", got, want)
			}
		})
	}
}

func TestConnectionErrorGivesUp(t *testing.T) {
	u := newUpstreamFunc(t, hijackClose)
	c := newTestClient(t, u, WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}))
	_, err := c.ListAdditionalModules(t.Context())
	if err == nil {
		t.Fatal("err = nil, want the connection error")
	}
	if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("err = %v, want it to wrap the EOF", err)
	}
	if got, want := len(u.requests()), 4; got != want {
		t.Errorf("requests = %d, want %d", got, want)
	}
}

func TestCancellationStopsRetries(t *testing.T) {
	t.Run("cancel during backoff", func(t *testing.T) {
		u := newUpstream(t, reply{status: 503})
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		sleeps := 0
		c := newTestClient(t, u, WithSleep(func(ctx context.Context, _ time.Duration) error {
			sleeps++
			cancel() // the member navigated away while we waited
			return ctx.Err()
		}))
		_, err := c.ListAdditionalModules(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if got, want := len(u.requests()), 1; got != want {
			t.Errorf("requests = %d, want %d", got, want)
		}
		if got, want := sleeps, 1; got != want {
			t.Errorf("sleeps = %d, want %d", got, want)
		}
	})
	t.Run("real sleep is interrupted", func(t *testing.T) {
		u := newUpstream(t, reply{status: 503})
		c, err := NewClient(u.URL, testKey, WithRetry(3, 10*time.Second, 10*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(50*time.Millisecond, cancel)
		start := time.Now()
		_, err = c.ListAdditionalModules(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Errorf("call took %v after cancel at 50ms, want prompt return", elapsed)
		}
		if got, want := len(u.requests()), 1; got != want {
			t.Errorf("requests = %d, want %d", got, want)
		}
	})
}

func TestSleepContext(t *testing.T) {
	if err := sleepContext(t.Context(), time.Millisecond); err != nil {
		t.Errorf("sleepContext(1ms) = %v, want nil", err)
	}
	if err := sleepContext(t.Context(), 0); err != nil {
		t.Errorf("sleepContext(0) = %v, want nil", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := sleepContext(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("sleepContext(canceled, 1h) = %v, want context.Canceled", err)
	}
}

// TestNoWaitPastDeadline: when the next wait would outlast the call's
// deadline, the client returns the upstream's last answer (with its traceId)
// instead of sleeping into a bare timeout.
func TestNoWaitPastDeadline(t *testing.T) {
	var calls int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"errorMessage":"slow down","traceId":"t-503"}`))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, "k", WithTimeout(time.Second), WithRetry(3, time.Second, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListAdditionalModules(context.Background())
	if !errors.Is(err, ErrUnavailable) || TraceID(err) != "t-503" {
		t.Fatalf("err = %v (trace %q), want the 503 with its traceId", err, TraceID(err))
	}
	if calls != 1 {
		t.Errorf("calls = %d, want 1 (no retry that cannot finish in time)", calls)
	}
}
