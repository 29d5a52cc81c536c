package e2e

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
)

// browserAcceptEncoding is what Chromium sends.
const browserAcceptEncoding = "gzip, deflate, br, zstd"

// BenchmarkCatalogVsBarePage compares the catalog page (GET /demo/modules,
// logged in, read cache warm: the whole middleware stack, the session and
// CSRF checks, the render, compression) with a bare Echo handler writing a
// byte slice as long as the catalog page, both over loopback HTTP with the
// same kind of client and the browser's Accept-Encoding. The ratio of the
// two ns/op is what the portal's own work costs per page; catalog-identity
// is the catalog asked for without compression, to show what gzip costs.
//
//	go test ./e2e -run '^$' -bench CatalogVsBarePage -benchtime 2s -count 3
func BenchmarkCatalogVsBarePage(b *testing.B) {
	e := newEnv(b, withCache())
	br := mmLogin(b, e, "demo", "1-1001")
	catalog := e.URL + "/demo/modules"
	first := br.get(b, "/demo/modules") // warms the cache
	if first.Status != http.StatusOK || !first.has("[data-testid=modules]") {
		b.Fatalf("catalog page: status %d", first.Status)
	}
	body := []byte(first.Body)

	bare := echo.New()
	bare.GET("/bare", func(c echo.Context) error {
		return c.Blob(http.StatusOK, echo.MIMETextHTMLCharsetUTF8, body)
	})
	bareSrv := httptest.NewServer(bare)
	b.Cleanup(bareSrv.Close)

	for _, bc := range []struct {
		name     string
		url      string
		client   *http.Client
		encoding string
	}{
		{"catalog", catalog, br.client, browserAcceptEncoding},
		{"catalog-identity", catalog, br.client, "identity"},
		// The same client: its cookies for 127.0.0.1 go to the bare page too.
		{"bare", bareSrv.URL + "/bare", br.client, browserAcceptEncoding},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int64
			for b.Loop() {
				n = fetchRaw(b, bc.client, bc.url, bc.encoding)
			}
			b.ReportMetric(float64(n), "wire-bytes")
		})
	}
}

// fetchRaw GETs url with the Accept-Encoding given (so the client does not
// decompress on its own) and returns the body's bytes as received.
func fetchRaw(b testing.TB, client *http.Client, url, acceptEncoding string) int64 {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", acceptEncoding)
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return n
}
