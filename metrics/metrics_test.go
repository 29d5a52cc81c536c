package metrics

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/upstream"
)

type catalogAPI struct{ upstream.API }

func (catalogAPI) ListAdditionalModules(context.Context) ([]apiclient.AdditionalModule, error) {
	return []apiclient.AdditionalModule{{ID: 1}}, nil
}

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestMetricsReportTheUpstreamAndThePortal(t *testing.T) {
	m := New()
	s := upstream.New("demo", catalogAPI{}, upstream.Config{Observer: m, StudioBudget: 900})
	m.WatchBudgets(s)
	v := s.For(upstream.Caller{Session: "s1", Customer: 1001})
	for range 3 {
		if _, err := v.Cached().ListAdditionalModules(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	m.Request("/:studio/modules", "GET", 200, 30*time.Millisecond)
	m.Booking("demo", "booked")
	m.Webhook("demo", "CONTRACT_UPDATED", "applied")
	m.StoreError("tokens.claim")
	out := scrape(t, m)
	for _, want := range []string{
		`portal_upstream_calls_total{endpoint="additional-modules",outcome="ok",studio="demo"} 1`,
		`portal_cache_reads_total{endpoint="additional-modules",result="hit",studio="demo"} 2`,
		`portal_cache_reads_total{endpoint="additional-modules",result="miss",studio="demo"} 1`,
		`portal_upstream_budget_left{endpoint="additional-modules",studio="demo"} 899`,
		`portal_upstream_budget_left{endpoint="contracts",studio="demo"} 900`,
		`portal_http_request_duration_seconds_count{method="GET",route="/:studio/modules",status="200"} 1`,
		`portal_bookings_total{outcome="booked",studio="demo"} 1`,
		`portal_webhook_events_total{result="applied",studio="demo",type="CONTRACT_UPDATED"} 1`,
		`portal_store_errors_total{op="tokens.claim"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestPprofIsServed(t *testing.T) {
	srv := httptest.NewServer(New().Handler())
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("pprof status = %d", resp.StatusCode)
	}
}
