package e2e

import (
	"io"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/compress"
)

// browserAcceptEncoding is what Chromium sends.
const browserAcceptEncoding = "gzip, deflate, br, zstd"

// BenchmarkCatalogVsBarePage compares the catalog page (GET /demo/modules,
// logged in, read cache warm: the whole middleware stack, the session and
// CSRF checks, the render, compression) with a bare Echo handler writing a
// byte slice as long as the catalog page, both over loopback HTTP with the
// same kind of client and the browser's Accept-Encoding. The ratio of the
// two ns/op is what the portal's own work costs per page; catalog-identity
// is the catalog asked for without compression, to show what gzip costs;
// alternating fetches both in turn and reports their ratio.
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
	// The same bytes through the portal's compression: what the portal's
	// own page work costs, compression aside.
	bareGz := echo.New()
	bareGz.Use(compress.Middleware(compress.Config{}))
	bareGz.GET("/bare", func(c echo.Context) error {
		return c.Blob(http.StatusOK, echo.MIMETextHTMLCharsetUTF8, body)
	})
	bareGzSrv := httptest.NewServer(bareGz)
	b.Cleanup(bareGzSrv.Close)

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
		{"bare-compressed", bareGzSrv.URL + "/bare", br.client, browserAcceptEncoding},
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
	// The two pages in turn in every iteration, so that a machine whose
	// load changes during the run weighs on both alike: ratio is the
	// catalog's throughput as a share of the bare page's.
	// On a shared machine the processor time the process spends (client
	// and server, both in it) is the steadier measure: cpu-ratio.
	for _, alt := range []struct{ name, bare string }{
		{"alternating", bareSrv.URL + "/bare"},
		{"alternating-compressed", bareGzSrv.URL + "/bare"},
	} {
		b.Run(alt.name, func(b *testing.B) {
			var catalogTime, bareTime, catalogCPU, bareCPU time.Duration
			for b.Loop() {
				start, startCPU := time.Now(), processCPU(b)
				fetchRaw(b, br.client, catalog, browserAcceptEncoding)
				mid, midCPU := time.Now(), processCPU(b)
				fetchRaw(b, br.client, alt.bare, browserAcceptEncoding)
				end, endCPU := time.Now(), processCPU(b)
				catalogTime, bareTime = catalogTime+mid.Sub(start), bareTime+end.Sub(mid)
				catalogCPU, bareCPU = catalogCPU+midCPU-startCPU, bareCPU+endCPU-midCPU
			}
			n := float64(b.N)
			b.ReportMetric(float64(catalogTime.Nanoseconds())/n, "catalog-ns/op")
			b.ReportMetric(float64(bareTime.Nanoseconds())/n, "bare-ns/op")
			b.ReportMetric(float64(bareTime)/float64(catalogTime), "ratio")
			b.ReportMetric(float64(catalogCPU.Nanoseconds())/n, "catalog-cpu-ns/op")
			b.ReportMetric(float64(bareCPU.Nanoseconds())/n, "bare-cpu-ns/op")
			b.ReportMetric(float64(bareCPU)/float64(catalogCPU), "cpu-ratio")
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
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9,de;q=0.8") // as a browser sends it
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

// processCPU is the processor time the test process has used so far.
func processCPU(b testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
