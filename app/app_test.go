package app

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/state/redisstate"
	"github.com/studio-addons/portal/state/redistest"
	"github.com/studio-addons/portal/studios"
)

func TestNewHandler(t *testing.T) {
	if _, err := NewHandler(Config{}); err == nil {
		t.Error("no studios accepted")
	}
	bad := Config{Studios: []StudioConfig{{Slug: "s", Name: "S", BaseURL: "not a url", APIKey: "k"}}}
	if _, err := NewHandler(bad); err == nil {
		t.Error("a relative base URL accepted")
	}
	good := Config{Studios: []StudioConfig{{Slug: "s", Name: "S", BaseURL: "https://studio.example", APIKey: "k", Branding: ownLogo}}}
	h, err := NewHandler(good)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("healthz = %d, want 200", rec.Code)
	}
}

// ownLogo is a configured logo: a studio with a name and a logo needs
// nothing from its tenant's studio information.
var ownLogo = studios.Branding{Logo: studios.Image{URL: "https://studio.example/logo.svg"}}

func TestNewHandlerChecksAndBrandsStudios(t *testing.T) {
	bad := Config{Studios: []StudioConfig{
		{Slug: "static", BaseURL: "https://a.example", APIKey: "k"},
		{Slug: "b", BaseURL: "https://b.example", APIKey: "k", Branding: studios.Branding{Primary: "#ffff00"}},
	}}
	_, err := NewHandler(bad)
	var invalid *studios.Error
	if !errors.As(err, &invalid) || len(invalid.Problems) != 2 {
		t.Fatalf("NewHandler(bad) = %v, want both problems", err)
	}
	good := Config{Studios: []StudioConfig{{
		Slug: "fit-mitte", BaseURL: "https://fit.example", APIKey: "k",
		Branding: studios.Branding{Logo: studios.Image{URL: "https://cdn.fit.example/logo.svg"}},
	}}}
	h, err := NewHandler(good)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/fit-mitte/login", nil))
	body := rec.Body.String()
	for _, want := range []string{`data-testid="studio-name">Fit Mitte<`, `src="https://cdn.fit.example/logo.svg"`, `href="/static/studios/fit-mitte/theme.`, "Magicline"} {
		if !strings.Contains(body, want) {
			t.Errorf("login page lacks %s", want)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "https://cdn.fit.example") {
		t.Errorf("CSP %q does not allow the logo's origin", csp)
	}
}

// TestInMemoryStateIsLogged: without Redis the start-up log says, in one
// line, what a restart loses.
func TestInMemoryStateIsLogged(t *testing.T) {
	var logs bytes.Buffer
	cfg := Config{
		Studios: []StudioConfig{{Slug: "s", Name: "S", BaseURL: "https://studio.example", APIKey: "k", Branding: ownLogo}},
		Logger:  slog.New(slog.NewTextHandler(&logs, nil)),
	}
	if _, err := NewHandler(cfg); err != nil {
		t.Fatal(err)
	}
	line := logs.String()
	if strings.Count(line, "\n") != 1 || !strings.Contains(line, "a restart forgets logouts") || !strings.Contains(line, "booking outcome pages and login throttles") {
		t.Errorf("start-up log = %q, want one line saying what a restart loses", line)
	}
}

// TestShareState: with Redis every store a test did not tune is the shared
// one, keeping time by the handlers' clock.
func TestShareState(t *testing.T) {
	rdb, err := redisstate.Connect(context.Background(), redistest.Start(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	noon := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC) // in the past
	d := handlers.Deps{Now: func() time.Time { return noon }}
	d.AddressThrottle = state.NewThrottle(1, time.Minute, d.Now)
	var logs bytes.Buffer
	shareState(&d, Config{Redis: rdb, RedisPrefix: "wiring:"}, slog.New(slog.NewTextHandler(&logs, nil)))
	for name, store := range map[string]any{
		"Revocations": d.Revocations, "Throttle": d.Throttle, "Tokens": d.Tokens,
		"Limiter": d.Limiter, "Once": d.Once, "Bus": d.Bus,
	} {
		if !strings.HasPrefix(reflect.TypeOf(store).String(), "*redisstate.") {
			t.Errorf("%s is %T, want the Redis one", name, store)
		}
	}
	if _, ok := d.AddressThrottle.(*state.Throttle); !ok {
		t.Errorf("the tuned AddressThrottle became %T", d.AddressThrottle)
	}
	if !strings.Contains(logs.String(), "shared state in Redis") {
		t.Errorf("log = %q", logs.String())
	}
	ctx := context.Background()
	if err := d.Revocations.Revoke(ctx, "sid", noon.Add(12*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if revoked, err := d.Revocations.IsRevoked(ctx, "sid"); err != nil || !revoked {
		t.Errorf("IsRevoked = %v, %v; want revoked by the handlers' clock", revoked, err)
	}
	if n, err := rdb.Exists(ctx, "wiring:revoked:sid").Result(); err != nil || n != 1 {
		t.Errorf("key under the configured prefix: %d, %v", n, err)
	}
}

// TestNameAndLogoDefaultToTheTenants: a studio without name or logo in its
// configuration shows its tenant's (studio information), read while the
// handler is built; a configured name and logo win and spare the call.
func TestNameAndLogoDefaultToTheTenants(t *testing.T) {
	sb := sandbox.New(sandbox.Config{})
	srv := httptest.NewServer(sb)
	defer func() { srv.Close(); sb.Close() }()
	cfg := Config{
		Studios: []StudioConfig{
			{Slug: "plain", BaseURL: srv.URL, APIKey: sandbox.DirectKey},
			{Slug: "own", Name: "Own Name", BaseURL: srv.URL, APIKey: sandbox.DemoKey, Branding: ownLogo},
		},
		ImageOrigins: []string{srv.URL},
	}
	h, err := NewHandler(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, name, logo string
	}{
		{"/plain/login", "Direct Studio", srv.URL + "/images/logo-direct.svg"},
		{"/own/login", "Own Name", "https://studio.example/logo.svg"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
		body := rec.Body.String()
		if !strings.Contains(body, `data-testid="studio-name">`+tt.name+`<`) {
			t.Errorf("%s does not show the name %q", tt.path, tt.name)
		}
		if !strings.Contains(body, `src="`+tt.logo+`"`) {
			t.Errorf("%s does not show the logo %s", tt.path, tt.logo)
		}
	}
	if n := sb.Calls("direct", string(apiclient.EndpointStudioInformation)); n != 1 {
		t.Errorf("studio information calls of the unnamed studio = %d, want 1", n)
	}
	if n := sb.Calls("demo", string(apiclient.EndpointStudioInformation)); n != 0 {
		t.Errorf("studio information calls of the configured studio = %d, want 0", n)
	}
}
