package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// Test routes registered next to the API, so the transport can be tested
// independently of the business endpoints.
const (
	pingPath  = "/v1/test/ping"
	writePath = "/v1/test/writes"
	itemRoute = "/v1/test/items/{id}"
)

// newTestServer starts a sandbox with the test routes on a loopback port.
func newTestServer(t *testing.T, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	s := New(cfg)
	s.mux.HandleFunc("GET "+pingPath, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"studio": tenantFrom(r).slug})
	})
	s.mux.HandleFunc("GET "+itemRoute, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"id": r.PathValue("id")})
	})
	// writePath commits a write, as a purchase does.
	s.mux.HandleFunc("POST "+writePath, func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.writes[tenantFrom(r).slug]++
		n := s.writes[tenantFrom(r).slug]
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]int64{"id": n})
	})
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return s, ts
}

// response is what a test request got back.
type response struct {
	status int
	header http.Header
	body   []byte
}

// errorBody decodes the upstream error body, failing the test if it is none.
func (r response) errorBody(t *testing.T) apiclient.ErrorBody {
	t.Helper()
	var e apiclient.ErrorBody
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("body %q is not an error body: %v", r.body, err)
	}
	if e.ErrorMessage == "" || e.ErrorCode == "" || e.TraceID == "" {
		t.Errorf("error body %+v: want errorMessage, errorCode and traceId", e)
	}
	return e
}

// noKeepAlive avoids the transport's silent retry of dropped idempotent requests.
var noKeepAlive = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

// send makes one request with the headers (name, value pairs).
func send(t *testing.T, ts *httptest.Server, method, path, body string, headers ...string) (response, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := noKeepAlive.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: b}, err
}

// api makes one API request with the studio's key and wants an answer.
func api(t *testing.T, ts *httptest.Server, method, path, key string) response {
	t.Helper()
	r, err := send(t, ts, method, path, "", "X-API-KEY", key)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// newClient is the portal's real client for the studio, retrying without sleeping.
func newClient(t *testing.T, ts *httptest.Server, key string, retries int) *apiclient.Client {
	t.Helper()
	c, err := apiclient.NewClient(ts.URL, key,
		apiclient.WithHTTPClient(noKeepAlive),
		apiclient.WithRetry(retries, time.Millisecond, 2*time.Second), // as in production; sleeping is off
		apiclient.WithSleep(func(ctx context.Context, d time.Duration) error { return ctx.Err() }))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAPIKeyRequired(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	tests := []struct {
		name       string
		key        string
		wantStatus int
		wantStudio string
	}{
		{"missing key", "", http.StatusUnauthorized, ""},
		{"unknown key", "nope", http.StatusUnauthorized, ""},
		{"control key is no API key", DefaultControlKey, http.StatusUnauthorized, ""},
		{"demo key", DemoKey, http.StatusOK, "demo"},
		{"direct key", DirectKey, http.StatusOK, "direct"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := api(t, ts, http.MethodGet, pingPath, tt.key)
			if r.status != tt.wantStatus {
				t.Fatalf("status: got %d, want %d", r.status, tt.wantStatus)
			}
			if tt.wantStatus == http.StatusUnauthorized {
				e := r.errorBody(t)
				if e.ErrorCode != "UNAUTHORIZED" || e.ErrorMessage != "Invalid API key" {
					t.Errorf("error body: got %+v, want UNAUTHORIZED / Invalid API key", e)
				}
				return
			}
			var got map[string]string
			_ = json.Unmarshal(r.body, &got)
			if got["studio"] != tt.wantStudio {
				t.Errorf("studio: got %q, want %q", got["studio"], tt.wantStudio)
			}
		})
	}
}

func TestHEADOnlyChecksKey(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	tests := []struct {
		path, key  string
		wantStatus int
	}{
		{pingPath, DemoKey, http.StatusOK},
		{"/v1/no/such/endpoint", DemoKey, http.StatusOK},
		{"/", DirectKey, http.StatusOK},
		{pingPath, "", http.StatusUnauthorized},
		{"/v1/no/such/endpoint", "wrong", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		r := api(t, ts, http.MethodHead, tt.path, tt.key)
		if r.status != tt.wantStatus || len(r.body) != 0 {
			t.Errorf("HEAD %s key %q: got %d with %d body bytes, want %d and none",
				tt.path, tt.key, r.status, len(r.body), tt.wantStatus)
		}
	}
}

func TestUnmatchedRoutesAnswerErrorBody(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	r := api(t, ts, http.MethodGet, "/v1/no/such/endpoint", DemoKey)
	if r.status != http.StatusNotFound {
		t.Errorf("unknown path: got %d, want 404", r.status)
	}
	if e := r.errorBody(t); e.ErrorCode != "NOT_FOUND" {
		t.Errorf("unknown path: errorCode %q, want NOT_FOUND", e.ErrorCode)
	}
	r = api(t, ts, http.MethodDelete, pingPath, DemoKey)
	if r.status != http.StatusMethodNotAllowed {
		t.Errorf("wrong method: got %d, want 405", r.status)
	}
	if e := r.errorBody(t); e.ErrorCode != "METHOD_NOT_ALLOWED" {
		t.Errorf("wrong method: errorCode %q, want METHOD_NOT_ALLOWED", e.ErrorCode)
	}
	if allow := r.header.Get("Allow"); !strings.Contains(allow, "GET") {
		t.Errorf("Allow: got %q, want GET in it", allow)
	}
}

// fakeClock is a settable clock for the rate limiter.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestRateLimitPerEndpointAndStudio(t *testing.T) {
	s, ts := newTestServer(t, Config{RateLimit: 2})
	clock := &fakeClock{now: time.Date(2025, 3, 1, 10, 0, 15, 0, time.UTC)}
	s.limiter.now = clock.Now

	for i := range 2 {
		if r := api(t, ts, http.MethodGet, pingPath, DemoKey); r.status != http.StatusOK {
			t.Fatalf("request %d: got %d, want 200", i+1, r.status)
		}
	}
	r := api(t, ts, http.MethodGet, pingPath, DemoKey)
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("third request: got %d, want 429", r.status)
	}
	if e := r.errorBody(t); e.ErrorCode != "TOO_MANY_REQUESTS" {
		t.Errorf("errorCode: got %q, want TOO_MANY_REQUESTS", e.ErrorCode)
	}
	if got := r.header.Get("Retry-After"); got != "60" {
		t.Errorf("Retry-After: got %q, want 60 (the whole window is left)", got)
	}
	// Other endpoints and other studios count separately; HEAD is not counted.
	for _, c := range []struct{ path, key string }{
		{"/v1/test/items/1", DemoKey}, {"/v1/test/items/2", DemoKey}, {pingPath, DirectKey},
	} {
		if r := api(t, ts, http.MethodGet, c.path, c.key); r.status != http.StatusOK {
			t.Errorf("GET %s as %s: got %d, want 200", c.path, c.key, r.status)
		}
	}
	if r := api(t, ts, http.MethodHead, pingPath, DemoKey); r.status != http.StatusOK {
		t.Errorf("HEAD while limited: got %d, want 200", r.status)
	}
	// A route pattern is one endpoint, whatever its path values.
	if r := api(t, ts, http.MethodGet, "/v1/test/items/3", DemoKey); r.status != http.StatusTooManyRequests {
		t.Errorf("third request on one pattern: got %d, want 429", r.status)
	}

	clock.Advance(59*time.Second + time.Millisecond)
	if got := api(t, ts, http.MethodGet, pingPath, DemoKey).header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After near the window end: got %q, want 1", got)
	}
	clock.Advance(time.Second)
	if r := api(t, ts, http.MethodGet, pingPath, DemoKey); r.status != http.StatusOK {
		t.Errorf("next window: got %d, want 200", r.status)
	}
}

func TestRequestLogLeavesOutKeys(t *testing.T) {
	var buf syncBuffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	_, ts := newTestServer(t, Config{Logger: logger})
	api(t, ts, http.MethodGet, pingPath, DemoKey)
	api(t, ts, http.MethodGet, pingPath, "secret-wrong-key")

	out := buf.String()
	for _, want := range []string{"method=GET", "path=" + pingPath, "status=200", "studio=demo", "status=401"} {
		if !strings.Contains(out, want) {
			t.Errorf("log %q: want %q in it", out, want)
		}
	}
	for _, secret := range []string{DemoKey, "secret-wrong-key"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains the key %q: %s", secret, out)
		}
	}
}

func TestTenantFromOutsideAPI(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	if got := tenantFrom(r); got != nil {
		t.Errorf("tenantFrom without tenant: got %v, want nil", got)
	}
	want := &tenant{slug: "demo"}
	r = r.WithContext(withTenant(context.Background(), want))
	if got := tenantFrom(r); got != want {
		t.Errorf("tenantFrom: got %v, want %v", got, want)
	}
}

func TestImagesArePublicAndCached(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	for _, name := range []string{"sauna", "towel", "drink", "personal-training", "physio", "summer-pass", "solarium"} {
		r, err := send(t, ts, http.MethodGet, "/images/"+name+".svg", "")
		if err != nil {
			t.Fatal(err)
		}
		if r.status != http.StatusOK || !bytes.HasPrefix(r.body, []byte("<svg")) {
			t.Errorf("%s: got %d %.20q, want 200 and an SVG", name, r.status, r.body)
		}
		if ct := r.header.Get("Content-Type"); ct != "image/svg+xml" {
			t.Errorf("%s: Content-Type %q, want image/svg+xml", name, ct)
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("%s: Cache-Control %q, want a long max-age", name, cc)
		}
	}
	for _, path := range []string{"/images/nope.svg", "/images/sauna.png", "/images/.svg", "/images/a.b.svg"} {
		r, _ := send(t, ts, http.MethodGet, path, "")
		if r.status != http.StatusNotFound {
			t.Errorf("GET %s: got %d, want 404", path, r.status)
		}
	}
	if r, _ := send(t, ts, http.MethodHead, "/images/sauna.svg", ""); r.status != http.StatusOK || len(r.body) != 0 {
		t.Errorf("HEAD image: got %d with %d bytes, want 200 and none", r.status, len(r.body))
	}
}

func TestImageURL(t *testing.T) {
	tests := []struct {
		name  string
		tls   bool
		proto string
		want  string
	}{
		{"plain", false, "", "http://sandbox.test:8081/images/sauna.svg"},
		{"tls", true, "", "https://sandbox.test:8081/images/sauna.svg"},
		{"behind proxy", false, "https", "https://sandbox.test:8081/images/sauna.svg"},
		{"proxy says http", false, "http", "http://sandbox.test:8081/images/sauna.svg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "http://sandbox.test:8081/v1/x", nil)
			if tt.tls {
				r = httptest.NewRequest(http.MethodGet, "https://sandbox.test:8081/v1/x", nil)
			}
			if tt.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			if got := imageURL(r, "sauna"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLimiterFixedWindow(t *testing.T) {
	l := newLimiter(2, time.Minute)
	t0 := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	steps := []struct {
		key       string
		at        time.Duration
		wantOK    bool
		wantRetry time.Duration
	}{
		{"a", 0, true, 0},
		{"a", 10 * time.Second, true, 0},
		{"a", 20 * time.Second, false, 40 * time.Second},
		{"b", 20 * time.Second, true, 0},
		{"a", 59 * time.Second, false, time.Second},
		{"a", time.Minute, true, 0},
		{"a", -time.Hour, true, 0}, // a clock jump back opens a new window
	}
	for i, st := range steps {
		ok, retry := l.allow(st.key, t0.Add(st.at))
		if ok != st.wantOK || retry != st.wantRetry {
			t.Errorf("step %d (%s at %s): got %v %s, want %v %s", i, st.key, st.at, ok, retry, st.wantOK, st.wantRetry)
		}
	}
	l.allow("c", t0)
	l.allow("c", t0)
	l.reset()
	if ok, _ := l.allow("c", t0); !ok {
		t.Error("after reset: refused, want allowed")
	}
}

func TestRetryAfterSecondsRoundsUp(t *testing.T) {
	for d, want := range map[time.Duration]int{
		0: 1, time.Millisecond: 1, time.Second: 1, 1500 * time.Millisecond: 2, time.Minute: 60,
	} {
		if got := retryAfterSeconds(d); got != want {
			t.Errorf("retryAfterSeconds(%s): got %d, want %d", d, got, want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server's and the test's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestClientCheckKey(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	if err := newClient(t, ts, DemoKey, 0).CheckKey(context.Background()); err != nil {
		t.Errorf("demo key: got %v, want nil", err)
	}
	if err := newClient(t, ts, "wrong-key", 0).CheckKey(context.Background()); !errors.Is(err, apiclient.ErrUnauthorized) {
		t.Errorf("wrong key: got %v, want ErrUnauthorized", err)
	}
}

func TestClientSeesRateLimit(t *testing.T) {
	_, ts := newTestServer(t, Config{RateLimit: 1})
	c := newClient(t, ts, DemoKey, 0)
	if _, err := c.ListAdditionalModules(context.Background()); err != nil {
		t.Fatalf("first call: %v", err)
	}
	if _, err := c.ListAdditionalModules(context.Background()); !errors.Is(err, apiclient.ErrRateLimited) {
		t.Errorf("second call: got %v, want ErrRateLimited", err)
	}
	if _, err := c.ListCancelationReasons(context.Background()); err != nil {
		t.Errorf("other endpoint: got %v, want its own counter", err)
	}
}

func TestCatalogImagesResolve(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	modules, err := newClient(t, ts, DemoKey, 0).ListAdditionalModules(context.Background())
	if err != nil || len(modules) == 0 {
		t.Fatalf("catalog: got %d modules, %v", len(modules), err)
	}
	for _, m := range modules {
		if !strings.HasPrefix(m.ImageURL, ts.URL+imagePrefix) {
			t.Errorf("%s: imageUrl %q, want one on the sandbox", m.Name, m.ImageURL)
			continue
		}
		r, err := send(t, ts, http.MethodGet, strings.TrimPrefix(m.ImageURL, ts.URL), "")
		if err != nil || r.status != http.StatusOK || r.header.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("%s: GET %s: got %d %v, want an SVG", m.Name, m.ImageURL, r.status, err)
		}
	}
}

func TestCallsCountsRequestsPerRoute(t *testing.T) {
	s := New(Config{})
	srv := httptest.NewServer(s)
	defer srv.Close()
	route := "GET /v1/memberships/self-service/additional-modules"
	for range 3 {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/memberships/self-service/additional-modules", nil)
		req.Header.Set("X-API-KEY", DemoKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if got := s.Calls("demo", route); got != 3 {
		t.Errorf("Calls(demo) = %d, want 3", got)
	}
	if got := s.Calls("direct", route); got != 0 {
		t.Errorf("Calls(direct) = %d, want 0", got)
	}
	s.Reset()
	if got := s.Calls("demo", route); got != 0 {
		t.Errorf("Calls after Reset = %d, want 0", got)
	}
}
