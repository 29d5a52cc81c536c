package compress

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/labstack/echo/v4"
)

func TestNegotiate(t *testing.T) {
	prefer := []string{Gzip, Brotli}
	tests := []struct {
		header string
		want   string
	}{
		{"gzip, deflate, br, zstd", Gzip}, // equal q: the server's preference
		{"br", Brotli},
		{"br;q=1.0, gzip;q=0.5", Brotli},
		{"gzip;q=0.2, br;q=0.9", Brotli},
		{"gzip;q=0, br", Brotli},
		{"gzip;q=0", ""},
		{"identity", ""},
		{"", ""},
		{"*", Gzip},
		{"*;q=0.5, br", Brotli},
		{"br;q=0, *", Gzip},
		{"gzip;q=0, *;q=0", ""},
		{"GZIP", Gzip},
		{" br ; q=0.8 ,gzip;q=0.7", Brotli},
		{"gzip;q=abc, br", Brotli}, // an element that does not parse is ignored
		{"gzip;q=2", ""},
		{"deflate, zstd", ""},
	}
	for _, tt := range tests {
		if got := Negotiate(tt.header, prefer...); got != tt.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
	if got := Negotiate("gzip, br", Brotli, Gzip); got != Brotli {
		t.Errorf("with brotli preferred: %q, want br", got)
	}
}

func TestCompressible(t *testing.T) {
	for ct, want := range map[string]bool{
		"text/html; charset=UTF-8": true, "text/css": true, "text/javascript; charset=utf-8": true,
		"application/javascript": true, "application/json": true, "image/svg+xml": true,
		"image/x-icon": true, "application/problem+json": true,
		"image/png": false, "image/jpeg": false, "image/webp": false, "font/woff2": false,
		"application/gzip": false, "application/zip": false, "": false, "video/mp4": false,
	} {
		if got := Compressible(ct); got != want {
			t.Errorf("Compressible(%q) = %v, want %v", ct, got, want)
		}
	}
}

// page is an HTML body well above MinSize.
var page = []byte("<!DOCTYPE html><html><body>" + strings.Repeat("<p>Sauna, towel flat-rate, drinks.</p>", 100) + "</body></html>")

// server is an Echo instance with the middleware and a few routes.
func server(t *testing.T) *echo.Echo {
	t.Helper()
	e := echo.New()
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		_ = c.HTMLBlob(http.StatusNotFound, page) // an error page as large as a page
	}
	e.Use(Middleware(Config{}))
	e.Match([]string{http.MethodGet, http.MethodHead}, "/page", func(c echo.Context) error { return c.HTMLBlob(http.StatusOK, page) })
	e.GET("/small", func(c echo.Context) error { return c.HTML(http.StatusOK, "<p>ok</p>") })
	e.GET("/png", func(c echo.Context) error { return c.Blob(http.StatusOK, "image/png", page) })
	e.GET("/sniffed", func(c echo.Context) error { _, err := c.Response().Write(page); return err })
	var css bytes.Buffer
	bw := brotli.NewWriterLevel(&css, brotli.BestCompression)
	_, _ = bw.Write(page)
	_ = bw.Close()
	e.GET("/precompressed", func(c echo.Context) error {
		c.Response().Header().Set("Content-Encoding", "br")
		return c.Blob(http.StatusOK, "text/css", css.Bytes())
	})
	e.GET("/sized", func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Length", strconv.Itoa(len(page)))
		h.Set("ETag", `"abc"`)
		return c.HTMLBlob(http.StatusOK, page)
	})
	e.GET("/error", func(c echo.Context) error { return echo.ErrNotFound })
	e.GET("/redirect", func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, "/page") })
	e.GET("/nocontent", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })
	e.GET("/chunks", func(c echo.Context) error {
		c.Response().Header().Set("Content-Type", "text/html")
		c.Response().WriteHeader(http.StatusCreated)
		for range 3 {
			if _, err := c.Response().Write(page[:400]); err != nil {
				return err
			}
		}
		return nil
	})
	return e
}

// fetch sends one request and returns the response with its body decoded
// per Content-Encoding.
func fetch(t *testing.T, h http.Handler, method, path, acceptEncoding string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	return res, decode(t, res.Header.Get("Content-Encoding"), rec.Body)
}

func decode(t *testing.T, coding string, r io.Reader) []byte {
	t.Helper()
	var err error
	switch coding {
	case Gzip:
		if r, err = gzip.NewReader(r); err != nil {
			t.Fatalf("gzip: %v", err)
		}
	case Brotli:
		r = brotli.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", coding, err)
	}
	return b
}

func TestMiddleware(t *testing.T) {
	e := server(t)
	const chrome = "gzip, deflate, br, zstd"
	tests := []struct {
		name, method, path, accept string
		status                     int
		coding                     string
		body                       []byte
	}{
		{"page, browser", http.MethodGet, "/page", chrome, 200, Gzip, page},
		{"page, brotli only", http.MethodGet, "/page", "br", 200, Brotli, page},
		{"page, brotli preferred", http.MethodGet, "/page", "gzip;q=0.5, br", 200, Brotli, page},
		{"page, no Accept-Encoding", http.MethodGet, "/page", "", 200, "", page},
		{"page, HEAD", http.MethodHead, "/page", chrome, 200, "", nil},
		{"tiny body", http.MethodGet, "/small", chrome, 200, "", []byte("<p>ok</p>")},
		{"compressed type", http.MethodGet, "/png", chrome, 200, "", page},
		{"type sniffed", http.MethodGet, "/sniffed", chrome, 200, Gzip, page},
		{"already encoded", http.MethodGet, "/precompressed", chrome, 200, Brotli, page}, // passed through once, not compressed again
		{"error page", http.MethodGet, "/error", chrome, 404, Gzip, page},
		{"unknown route", http.MethodGet, "/nowhere", "br", 404, Brotli, page},
		{"redirect", http.MethodGet, "/redirect", chrome, 303, "", nil},
		{"no content", http.MethodGet, "/nocontent", chrome, 204, "", nil},
		{"several writes", http.MethodGet, "/chunks", chrome, 201, Gzip, bytes.Repeat(page[:400], 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := fetch(t, e, tt.method, tt.path, tt.accept)
			if res.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", res.StatusCode, tt.status)
			}
			if got := res.Header.Get("Content-Encoding"); got != tt.coding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.coding)
			}
			if got := res.Header.Values("Vary"); len(got) != 1 || got[0] != "Accept-Encoding" {
				t.Errorf("Vary = %q, want Accept-Encoding once", got)
			}
			if tt.method == http.MethodGet && !bytes.Equal(body, tt.body) {
				t.Errorf("body (%d bytes) differs from the handler's (%d bytes)", len(body), len(tt.body))
			}
		})
	}
}

func TestMiddlewareDropsLengthAndWeakensETag(t *testing.T) {
	res, body := fetch(t, server(t), http.MethodGet, "/sized", "gzip")
	if res.Header.Get("Content-Encoding") != Gzip || !bytes.Equal(body, page) {
		t.Fatalf("not compressed: %q", res.Header.Get("Content-Encoding"))
	}
	if got := res.Header.Get("Content-Length"); got != "" {
		t.Errorf("Content-Length %s of the uncompressed body kept", got)
	}
	if got := res.Header.Get("ETag"); got != `W/"abc"` {
		t.Errorf("ETag = %s, want W/\"abc\"", got)
	}
}

// TestMiddlewareStreams: a handler that flushes gets each part to the
// browser at the flush, compressed, before it has finished.
func TestMiddlewareStreams(t *testing.T) {
	next := make(chan struct{})
	e := echo.New()
	e.Use(Middleware(Config{}))
	e.GET("/stream", func(c echo.Context) error {
		c.Response().Header().Set("Content-Type", "text/event-stream")
		for _, part := range []string{"data: one\n\n", "data: two\n\n"} {
			if _, err := io.WriteString(c.Response(), part); err != nil {
				return err
			}
			c.Response().Flush()
			<-next
		}
		return nil
	})
	srv := httptest.NewServer(e)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/stream", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Encoding") != Gzip {
		t.Fatalf("Content-Encoding = %q, want gzip", res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewReader(zr)
	for _, want := range []string{"data: one\n", "data: two\n"} {
		got, err := lines.ReadString('\n')
		if err != nil || got != want {
			t.Fatalf("read %q (%v), want %q before the handler goes on", got, err, want)
		}
		_, _ = lines.ReadString('\n') // the blank line
		next <- struct{}{}
	}
}

func BenchmarkMiddleware(b *testing.B) {
	e := echo.New()
	e.Use(Middleware(Config{}))
	e.GET("/page", func(c echo.Context) error { return c.HTMLBlob(http.StatusOK, page) })
	for _, coding := range []string{Gzip, Brotli} {
		b.Run(coding, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/page", nil)
			req.Header.Set("Accept-Encoding", coding)
			b.ReportAllocs()
			for b.Loop() {
				e.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
}

func TestMiddlewareRefusesUnknownCodings(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a preference for zstd, which it cannot produce, was accepted")
		}
	}()
	Middleware(Config{Prefer: []string{"zstd", Gzip}})
}
