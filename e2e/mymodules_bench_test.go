package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
)

// myAddOnsReads are the upstream reads a My add-ons page may make: the
// member's contracts, the studio's catalog (renewals) and one add-on
// contract (endpoint 5).
var myAddOnsReads = []apiclient.Endpoint{
	apiclient.EndpointContracts, apiclient.EndpointAdditionalModules, apiclient.EndpointModuleContract,
}

// withUpstreamLatency makes every read of My add-ons take d at the sandbox.
func withUpstreamLatency(e *env, d time.Duration) {
	for _, ep := range myAddOnsReads {
		_, path, _ := strings.Cut(string(ep), " ")
		e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodGet, Path: path, Latency: d})
	}
}

// bookDirectly books a module onto contract at the sandbox, past the
// portal (e.g. a member with exactly one add-on).
func bookDirectly(t testing.TB, e *env, contract, module, frequency int64) {
	t.Helper()
	c, err := apiclient.NewClient(e.SandboxURL, sandbox.DemoKey)
	if err != nil {
		t.Fatal(err)
	}
	req := apiclient.AdditionalModuleRequest{AdditionalModuleID: module, PaymentFrequencyID: frequency}
	if _, err := c.PurchaseAdditionalModule(context.Background(), contract, req); err != nil {
		t.Fatalf("book module %d onto %d: %v", module, contract, err)
	}
}

// BenchmarkMyAddOnsCold compares a cold My add-ons page (read cache off,
// as after the member's data expired) for 1-1006 (25 add-ons, 5 current)
// with one for a member with a single add-on, every upstream read taking
// 50 ms. Each iteration views both pages; the benchmark reports the mean
// time of each and their ratio (target ≤ 1.1). Run it with a fixed count,
// so the sandbox's per-minute limit of 1000 reads per endpoint holds:
//
//	go test ./e2e -run '^$' -bench BenchmarkMyAddOnsCold -benchtime 20x
func BenchmarkMyAddOnsCold(b *testing.B) {
	e := newEnv(b)
	bookDirectly(b, e, sandbox.ContractNoAddOns, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly)
	many := mmLogin(b, e, "demo", "1-1006")
	one := mmLogin(b, e, "demo", "1-1001")
	withUpstreamLatency(e, 50*time.Millisecond)
	view := func(br *browser, want int) time.Duration {
		start := time.Now()
		pg := br.get(b, "/demo/my-modules")
		took := time.Since(start)
		if pg.Status != http.StatusOK || pg.count("[data-testid=module-contract]") != want {
			b.Fatalf("status %d with %d add-ons, want 200 with %d", pg.Status, pg.count("[data-testid=module-contract]"), want)
		}
		return took
	}
	view(many, 25)
	view(one, 1)
	var tMany, tOne time.Duration
	n := 0
	for b.Loop() {
		tMany += view(many, 25)
		tOne += view(one, 1)
		n++
	}
	b.ReportMetric(float64(tMany.Milliseconds())/float64(n), "ms/view-1006")
	b.ReportMetric(float64(tOne.Milliseconds())/float64(n), "ms/view-one")
	b.ReportMetric(float64(tMany)/float64(tOne), "ratio")
}
