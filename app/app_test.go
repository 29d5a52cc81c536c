package app

import (
	"net/http"
	"net/http/httptest"
	"testing"
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
