package app

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

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
	good := Config{Studios: []StudioConfig{{Slug: "s", Name: "S", BaseURL: "https://studio.example", APIKey: "k"}}}
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
