package static

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func TestFingerprintedURLsServeImmutableFiles(t *testing.T) {
	u := URL("css/app.css")
	if !regexp.MustCompile(`^/static/css/app\.[0-9a-f]{12}\.css$`).MatchString(u) {
		t.Fatalf("URL(css/app.css) = %q, want a fingerprinted path", u)
	}
	rec := httptest.NewRecorder()
	Handler(nil).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("GET %s = %d %q", u, rec.Code, rec.Header().Get("Content-Type"))
	}
	if got := rec.Header().Get("Cache-Control"); !strings.Contains(got, "immutable") {
		t.Errorf("Cache-Control = %q, want immutable", got)
	}
	for _, bad := range []string{"/static/css/app.css", "/static/css/app.000000000000.css", "/static/../static.go"} {
		rec := httptest.NewRecorder()
		Handler(nil).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, bad, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", bad, rec.Code)
		}
	}
}

func TestHtmxIsVendored(t *testing.T) {
	rec := httptest.NewRecorder()
	Handler(nil).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, URL("js/htmx-2.0.11.min.js"), nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "htmx") {
		t.Errorf("vendored htmx not served: %d", rec.Code)
	}
}

func TestUnknownFilePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("URL of a missing file did not panic")
		}
	}()
	URL("css/missing.css")
}

func TestGeneratedFilesServeLikeEmbeddedOnes(t *testing.T) {
	g := NewGenerated()
	a := g.Add("studios/a/theme.css", []byte("[data-studio=\"a\"]{--brand:#000000}"))
	b := g.Add("studios/b/theme.css", []byte("[data-studio=\"b\"]{--brand:#111111}"))
	logo := g.Add("studios/a/logo.svg", []byte("<svg/>"))
	if a == b || !regexp.MustCompile(`^/static/studios/a/theme\.[0-9a-f]{12}\.css$`).MatchString(a) {
		t.Fatalf("URLs %q, %q: want distinct fingerprinted paths", a, b)
	}
	h := Handler(g)
	for _, tt := range []struct{ url, ctype, body string }{
		{a, "text/css", `--brand:#000000`},
		{b, "text/css", `--brand:#111111`},
		{logo, "image/svg+xml", "<svg/>"},
		{URL("css/app.css"), "text/css", "--brand"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.url, nil))
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), tt.ctype) || !strings.Contains(rec.Body.String(), tt.body) {
			t.Errorf("GET %s = %d %q %q", tt.url, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
		if got := rec.Header().Get("Cache-Control"); !strings.Contains(got, "immutable") {
			t.Errorf("GET %s: Cache-Control = %q, want immutable", tt.url, got)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/static/studios/a/theme.css", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("unfingerprinted generated file = %d, want 404", rec.Code)
	}
}
