package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/studio-addons/portal/studios"
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

// TestTextFilesArePrecompressed: CSS and JavaScript go out in the coding
// the browser accepts best (brotli before gzip), each with its own ETag,
// decoding to the file; images that are compressed already go out as
// they are.
func TestTextFilesArePrecompressed(t *testing.T) {
	g := NewGenerated()
	png := g.Add("studios/a/logo.png", bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 600))
	css := URL("css/app.css")
	original, err := files.ReadFile("css/app.css")
	if err != nil {
		t.Fatal(err)
	}
	h := Handler(g)
	tests := []struct {
		url, accept, coding, etagSuffix string
		vary                            bool
	}{
		{css, "gzip, deflate, br, zstd", "br", "-br\"", true},
		{css, "gzip, br;q=0.5", "gzip", "-gz\"", true},
		{css, "gzip", "gzip", "-gz\"", true},
		{css, "", "", "\"", true},
		{css, "br;q=0, gzip;q=0", "", "\"", true},
		{png, "gzip, br", "", "\"", false},
	}
	etags := map[string]string{}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, tt.url, nil)
		if tt.accept != "" {
			req.Header.Set("Accept-Encoding", tt.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		res := rec.Result()
		if got := res.Header.Get("Content-Encoding"); got != tt.coding {
			t.Errorf("%s with %q: Content-Encoding %q, want %q", tt.url, tt.accept, got, tt.coding)
		}
		etag := res.Header.Get("ETag")
		if !strings.HasSuffix(etag, tt.etagSuffix) || strings.Count(etag, "\"") != 2 {
			t.Errorf("%s with %q: ETag %s, want one ending %s", tt.url, tt.accept, etag, tt.etagSuffix)
		}
		if prev, ok := etags[tt.url+tt.coding]; ok && prev != etag {
			t.Errorf("%s %s: ETag %s then %s", tt.url, tt.coding, prev, etag)
		}
		etags[tt.url+tt.coding] = etag
		if got := res.Header.Get("Vary") == "Accept-Encoding"; got != tt.vary {
			t.Errorf("%s: Vary %q, want Accept-Encoding: %v", tt.url, res.Header.Get("Vary"), tt.vary)
		}
		// http.ServeContent sends a length only for the file as it is.
		if tt.coding == "" && res.Header.Get("Content-Length") != strconv.Itoa(rec.Body.Len()) {
			t.Errorf("%s: Content-Length %s for %d bytes", tt.url, res.Header.Get("Content-Length"), rec.Body.Len())
		}
		if tt.url != css {
			continue
		}
		body := decodeBody(t, tt.coding, rec.Body.Bytes())
		if !bytes.Equal(body, original) {
			t.Errorf("%s in %q decodes to %d bytes, want the file's %d", tt.url, tt.coding, len(body), len(original))
		}
		if tt.coding != "" && rec.Body.Len() >= len(original)/2 {
			t.Errorf("%s: %d bytes in %s for %d, want far smaller", tt.url, rec.Body.Len(), tt.coding, len(original))
		}
	}
	if etags[css+"br"] == etags[css+"gzip"] || etags[css+"gzip"] == etags[css] {
		t.Errorf("codings share an ETag: %v", etags)
	}

	// A revalidation with the brotli ETag is answered 304 without a body.
	req := httptest.NewRequest(http.MethodGet, css, nil)
	req.Header.Set("Accept-Encoding", "br")
	req.Header.Set("If-None-Match", etags[css+"br"])
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match with the brotli ETag: %d with %d bytes, want 304 and none", rec.Code, rec.Body.Len())
	}
}

func decodeBody(t *testing.T, coding string, b []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch coding {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", coding, err)
	}
	return out
}

// TestDefaultFocusRingContrast: the portal's own colours (what a studio
// without branding shows) give the focus ring 3:1 where it is drawn: the
// accent on white cards and the page, the white inner ring on the header's
// brand colour. package studios checks a studio's configured colours the
// same way; the browser tests measure the rendered ring.
func TestDefaultFocusRingContrast(t *testing.T) {
	css, err := files.ReadFile("css/app.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]studios.Color{}
	for _, m := range regexp.MustCompile(`(--[a-z-]+):\s*(#[0-9a-fA-F]{6})`).FindAllStringSubmatch(string(css), -1) {
		if _, seen := vars[m[1]]; !seen {
			vars[m[1]] = studios.Color(m[2])
		}
	}
	if !strings.Contains(string(css), "box-shadow: 0 0 0 2px #fff, 0 0 0 5px var(--accent)") {
		t.Fatal("the focus ring is no longer white inside --accent: update this test with it")
	}
	for _, tt := range []struct {
		ring, behind string
	}{
		{"--accent", "--card"}, {"--accent", "--bg"}, {"--accent", "--info-bg"}, {"--accent", "--bad-bg"}, {"--accent", "--warn-bg"},
	} {
		ring, behind := vars[tt.ring], vars[tt.behind]
		if ring == "" || behind == "" {
			t.Fatalf("app.css lacks %s or %s", tt.ring, tt.behind)
		}
		if r := studios.Contrast(ring, behind); r < 3 {
			t.Errorf("focus ring %s (%s) on %s (%s): %.2f:1, want 3:1", tt.ring, ring, tt.behind, behind, r)
		}
	}
	if r := studios.Contrast("#ffffff", vars["--brand"]); r < 3 {
		t.Errorf("white inner ring on the header's --brand %s: %.2f:1, want 3:1", vars["--brand"], r)
	}
}
