package apiclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey is distinctive so a leak into any error or log line is found by a
// plain substring search.
const testKey = "sk-DISTINCTIVE-7f3a9c41-studio-key"

// seen is one request as the fake upstream received it.
type seen struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     string
}

// reply is one scripted answer of the fake upstream.
type reply struct {
	status int
	body   string
	header map[string]string
}

// upstream is an httptest.Server that records every request. It answers with
// the scripted replies in order (the last one repeats) unless handle is set.
type upstream struct {
	*httptest.Server
	mu      sync.Mutex
	reqs    []seen
	replies []reply
	handle  func(n int, w http.ResponseWriter, r *http.Request)
}

func newUpstream(t *testing.T, replies ...reply) *upstream {
	t.Helper()
	u := &upstream{replies: replies}
	u.Server = httptest.NewServer(http.HandlerFunc(u.serve))
	t.Cleanup(u.Close)
	return u
}

// newUpstreamFunc starts an upstream whose answers come from handle, which
// gets the 0-based request number.
func newUpstreamFunc(t *testing.T, handle func(n int, w http.ResponseWriter, r *http.Request)) *upstream {
	t.Helper()
	u := &upstream{handle: handle}
	u.Server = httptest.NewServer(http.HandlerFunc(u.serve))
	t.Cleanup(u.Close)
	return u
}

func (u *upstream) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	u.mu.Lock()
	n := len(u.reqs)
	u.reqs = append(u.reqs, seen{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: string(body)})
	u.mu.Unlock()
	if u.handle != nil {
		u.handle(n, w, r)
		return
	}
	rep := u.replies[min(n, len(u.replies)-1)]
	if rep.body != "" {
		w.Header().Set("Content-Type", "application/json")
	}
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(rep.status)
	io.WriteString(w, rep.body)
}

func (u *upstream) requests() []seen {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]seen(nil), u.reqs...)
}

// sleeper records the backoff delays instead of sleeping.
type sleeper struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.delays = append(s.delays, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeper) recorded() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.delays...)
}

// newTestClient returns a Client for u that never sleeps between retries.
func newTestClient(t *testing.T, u *upstream, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(u.URL, testKey, append([]Option{WithSleep((&sleeper{}).sleep)}, opts...)...)
	if err != nil {
		t.Fatalf("NewClient(%q) error: %v", u.URL, err)
	}
	return c
}

func TestNewClientValidatesBaseURL(t *testing.T) {
	tests := []struct {
		baseURL string
		wantErr bool
	}{
		{"https://demo.open-api.magicline.com", false},
		{"https://demo.open-api.magicline.com/", false},
		{"http://127.0.0.1:8081/sandbox", false},
		{"", true},
		{"/v1", true},
		{"demo.open-api.magicline.com", true},
		{"ftp://demo.example", true},
		{"https://", true},
		{"https://user:pw@demo.example", true},
		{"https://demo.example?x=1", true},
		{"https://demo.example#top", true},
		{"http://[::1", true},
		{"ftp://user:pw@demo.example", true},
		{"http://user:pw@[::1", true},
	}
	for _, tt := range tests {
		_, err := NewClient(tt.baseURL, testKey)
		if got := err != nil; got != tt.wantErr {
			t.Errorf("NewClient(%q) error = %v, want error %v", tt.baseURL, err, tt.wantErr)
		}
		if err != nil && strings.Contains(err.Error(), "pw") {
			t.Errorf("NewClient(%q) error %q repeats the URL's password", tt.baseURL, err)
		}
	}
}

func TestNewClientValidatesKey(t *testing.T) {
	for _, key := range []string{"", "key with space", "key\nX-Injected: 1", "kéy"} {
		_, err := NewClient("https://demo.example", key)
		if !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("NewClient(key %q) error = %v, want ErrInvalidArgument", key, err)
		}
		if key != "" && err != nil && strings.Contains(err.Error(), key) {
			t.Errorf("NewClient error %q repeats the key", err)
		}
	}
}

func TestNewClientDefaults(t *testing.T) {
	c, err := NewClient("https://demo.example", testKey)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.timeout, 10*time.Second; got != want {
		t.Errorf("timeout = %v, want %v", got, want)
	}
	if got, want := c.userAgent, "studio-addons-portal/1.0"; got != want {
		t.Errorf("userAgent = %q, want %q", got, want)
	}
	if got, want := c.retry, (retryPolicy{maxRetries: 3, baseDelay: 100 * time.Millisecond, maxDelay: 2 * time.Second}); got != want {
		t.Errorf("retry = %+v, want %+v", got, want)
	}
	tr, ok := c.httpClient.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport = %T, want *http.Transport", c.httpClient.Transport)
	}
	if tr == http.DefaultTransport {
		t.Error("transport is http.DefaultTransport, want a clone")
	}
	if got := tr.MaxIdleConnsPerHost; got < 32 {
		t.Errorf("MaxIdleConnsPerHost = %d, want >= 32", got)
	}
}

func TestNewClientOptions(t *testing.T) {
	hc := &http.Client{}
	logger := slog.New(slog.DiscardHandler)
	c, err := NewClient("https://demo.example", testKey,
		WithHTTPClient(hc), WithTimeout(time.Second), WithUserAgent("ua/2"),
		WithRetry(-1, -time.Second, 0), WithLogger(logger),
		WithHTTPClient(nil), WithUserAgent(""), WithSleep(nil), WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.timeout, time.Second; got != want {
		t.Errorf("timeout = %v, want %v", got, want)
	}
	if got, want := c.userAgent, "ua/2"; got != want {
		t.Errorf("userAgent = %q, want %q", got, want)
	}
	if got, want := c.retry, (retryPolicy{}); got != want {
		t.Errorf("retry = %+v, want %+v (negative values clamp to 0)", got, want)
	}
	if c.logger != logger {
		t.Error("WithLogger(nil) replaced the logger")
	}
	if c.sleep == nil {
		t.Error("WithSleep(nil) removed the sleep function")
	}
	if hc.CheckRedirect != nil {
		t.Error("NewClient changed the caller's http.Client")
	}
	if c.httpClient.CheckRedirect == nil {
		t.Error("the client's copy follows redirects, want them refused")
	}
}

func TestBaseURLPathPrefix(t *testing.T) {
	u := newUpstream(t, reply{status: 200, body: `[]`})
	for _, base := range []string{u.URL + "/tenant", u.URL + "/tenant/"} {
		c, err := NewClient(base, testKey)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ListCancelationReasons(t.Context()); err != nil {
			t.Fatalf("ListCancelationReasons via %q: %v", base, err)
		}
	}
	for i, r := range u.requests() {
		if got, want := r.Path, "/tenant/v1/memberships/self-service/contract-cancelation-reasons"; got != want {
			t.Errorf("request %d path = %q, want %q", i, got, want)
		}
	}
}

func TestUserAgentOption(t *testing.T) {
	u := newUpstream(t, reply{status: 200, body: `[]`})
	c := newTestClient(t, u, WithUserAgent("portal-test/9"))
	if _, err := c.ListAdditionalModules(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, want := u.requests()[0].Header.Get("User-Agent"), "portal-test/9"; got != want {
		t.Errorf("User-Agent = %q, want %q", got, want)
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	other := newUpstream(t, reply{status: 200, body: `[]`})
	u := newUpstream(t, reply{status: http.StatusFound, header: map[string]string{"Location": other.URL + "/v1/elsewhere"}})
	c := newTestClient(t, u)
	_, err := c.ListAdditionalModules(t.Context())
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if got, want := apiErr.StatusCode, http.StatusFound; got != want {
		t.Errorf("StatusCode = %d, want %d", got, want)
	}
	if got := len(other.requests()); got != 0 {
		t.Errorf("redirect target got %d requests (with the key), want 0", got)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name      string
		handle    func(w http.ResponseWriter)
		wantCause error // nil: any cause
	}{
		{"inexact amount", func(w http.ResponseWriter) {
			io.WriteString(w, `{"name":"drink flat","price":{"amount":19.999,"currency":"EUR"},"startDate":"2024-02-01","contractCancelationCanBeWithdrawn":false}`)
		}, ErrInexactAmount},
		{"html instead of json", func(w http.ResponseWriter) {
			io.WriteString(w, `<html><body>maintenance</body></html>`)
		}, nil},
		{"truncated json", func(w http.ResponseWriter) {
			io.WriteString(w, `{"name":"drink flat","price":{"amount":20`)
		}, nil},
		{"empty body", func(w http.ResponseWriter) {}, nil},
		{"wrong type", func(w http.ResponseWriter) {
			io.WriteString(w, `{"name":42}`)
		}, nil},
		{"invalid date", func(w http.ResponseWriter) {
			io.WriteString(w, `{"name":"x","startDate":"2024-02-30"}`)
		}, nil},
		{"body cut short of Content-Length", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "500")
			io.WriteString(w, `{"name":"drink flat"`)
		}, io.ErrUnexpectedEOF},
		{"oversized body", func(w http.ResponseWriter) {
			io.WriteString(w, `{"name":"`+strings.Repeat("x", maxSuccessBody)+`"}`)
		}, errBodyTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := newUpstreamFunc(t, func(_ int, w http.ResponseWriter, _ *http.Request) { tt.handle(w) })
			c := newTestClient(t, u, WithRetry(0, 0, 0))
			got, err := c.GetAdditionalModuleContract(t.Context(), 5001, 9001)
			if got != nil {
				t.Errorf("result = %+v, want nil", got)
			}
			if !errors.Is(err, ErrBadResponse) {
				t.Fatalf("err = %v, want ErrBadResponse", err)
			}
			de, ok := errors.AsType[*DecodeError](err)
			if !ok {
				t.Fatalf("err = %T, want *DecodeError", err)
			}
			if got, want := de.StatusCode, 200; got != want {
				t.Errorf("StatusCode = %d, want %d", got, want)
			}
			if got, want := de.Method+" "+de.Path, "GET /v1/memberships/5001/self-service/additional-module-contracts/9001"; got != want {
				t.Errorf("call = %q, want %q", got, want)
			}
			if tt.wantCause != nil && !errors.Is(err, tt.wantCause) {
				t.Errorf("err = %v, want cause %v", err, tt.wantCause)
			}
			if msg := err.Error(); len(msg) > 300 || strings.Contains(msg, "maintenance") {
				t.Errorf("message %q carries the body, want a short message without it", msg)
			}
		})
	}
}

func TestPerCallTimeout(t *testing.T) {
	u := newUpstreamFunc(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c := newTestClient(t, u, WithTimeout(50*time.Millisecond))
	start := time.Now()
	_, err := c.ListAdditionalModules(t.Context())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("call took %v, want about 50ms", elapsed)
	}
	if got, want := len(u.requests()), 1; got != want {
		t.Errorf("requests = %d, want %d (no retry after the deadline)", got, want)
	}
	if strings.Contains(err.Error(), testKey) {
		t.Errorf("error %q contains the API key", err)
	}
}

func TestCallerDeadlineWithoutClientTimeout(t *testing.T) {
	u := newUpstreamFunc(t, func(_ int, w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c := newTestClient(t, u, WithTimeout(0))
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if err := c.CheckKey(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

// TestAPIKeyNeverInErrors drives every error path with a distinctive key and
// an upstream that echoes it back wherever it can.
func TestAPIKeyNeverInErrors(t *testing.T) {
	echo := func(status int, contentType, body string) func(int, http.ResponseWriter, *http.Request) {
		return func(_ int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(status)
			io.WriteString(w, strings.ReplaceAll(body, "KEY", r.Header.Get("X-API-KEY")))
		}
	}
	tests := []struct {
		name   string
		handle func(int, http.ResponseWriter, *http.Request)
		opts   []Option
	}{
		{"401 json echoing the key", echo(401, "application/json",
			`{"errorMessage":"invalid key KEY","errorCode":"KEY","traceId":"KEY","reference":"KEY"}`), nil},
		{"403 json", echo(403, "application/json", `{"errorMessage":"missing scope","traceId":"t-403"}`), nil},
		{"500 html echoing the key", echo(500, "text/html", `<html>X-API-KEY: KEY</html>`), nil},
		{"503 empty", echo(503, "text/plain", ``), []Option{WithRetry(1, 0, 0)}},
		{"decode error", echo(200, "application/json", `{"KEY": `), nil},
		{"connection closed", hijackClose, []Option{WithRetry(1, 0, 0)}},
		{"timeout", func(_ int, _ http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			[]Option{WithTimeout(20 * time.Millisecond)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			u := newUpstreamFunc(t, tt.handle)
			c := newTestClient(t, u, append([]Option{WithLogger(logger)}, tt.opts...)...)
			_, err := c.GetCustomerBy(t.Context(), LookupPIN, "4711")
			if err == nil {
				t.Fatal("err = nil, want an error")
			}
			for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), logs.String()} {
				if strings.Contains(s, testKey) {
					t.Errorf("key leaked into %q", s)
				}
				if strings.Contains(s, "4711") {
					t.Errorf("lookup value (a PIN) leaked into %q", s)
				}
			}
			if got := u.requests()[0].Header.Get("X-API-KEY"); got != testKey {
				t.Errorf("X-API-KEY = %q, want the test key", got)
			}
		})
	}
}

func TestCallsAreLoggedAtDebug(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	u := newUpstream(t, reply{status: 503}, reply{status: 200, body: `[]`})
	c := newTestClient(t, u, WithLogger(logger))
	if _, err := c.ListAdditionalModules(t.Context()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	wants := [][]string{
		{"level=DEBUG", `msg="apiclient: call"`, "method=GET", "path=/v1/memberships/self-service/additional-modules", "attempt=1", "status=503", "duration="},
		{"level=DEBUG", `msg="apiclient: retrying"`, "attempt=1", `reason="upstream unavailable (503)"`, "delay="},
		{"level=DEBUG", `msg="apiclient: call"`, "attempt=2", "status=200", "duration="},
	}
	if got, want := len(lines), len(wants); got != want {
		t.Fatalf("log lines = %d, want %d:\n%s", got, want, logs.String())
	}
	for i, want := range wants {
		for _, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("log line %d = %q, want it to contain %q", i, lines[i], w)
			}
		}
	}
}

func TestInvalidMethodIsReported(t *testing.T) {
	c, err := NewClient("https://demo.example", testKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.do(t.Context(), "BAD METHOD", "/v1/x", nil, nil, nil); err == nil {
		t.Error("do with an invalid method: err = nil, want an error")
	}
	if err := c.do(t.Context(), http.MethodPost, "/v1/x", nil, func() {}, nil); err == nil {
		t.Error("do with an unencodable body: err = nil, want an error")
	}
}
