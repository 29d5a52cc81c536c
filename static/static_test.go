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
	Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("GET %s = %d %q", u, rec.Code, rec.Header().Get("Content-Type"))
	}
	if got := rec.Header().Get("Cache-Control"); !strings.Contains(got, "immutable") {
		t.Errorf("Cache-Control = %q, want immutable", got)
	}
	for _, bad := range []string{"/static/css/app.css", "/static/css/app.000000000000.css", "/static/../static.go"} {
		rec := httptest.NewRecorder()
		Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, bad, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", bad, rec.Code)
		}
	}
}

func TestHtmxIsVendored(t *testing.T) {
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, URL("js/htmx-2.0.11.min.js"), nil))
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
