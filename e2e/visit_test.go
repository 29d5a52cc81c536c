package e2e

// A whole booking visit: the upstream calls each page makes (asserted, so a
// regression fails) and the time the server spends on it with every
// upstream call slowed down (a benchmark).

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
)

// visitStep is one request of the visit: what the member asked for, how
// long the server took and the upstream calls it made, by endpoint.
type visitStep struct {
	name  string
	took  time.Duration
	calls map[apiclient.Endpoint]int64
}

// upstreamCalls counts the sandbox's calls of every endpoint at demo.
func upstreamCalls(e *env) map[apiclient.Endpoint]int64 {
	out := map[apiclient.Endpoint]int64{}
	for _, ep := range apiclient.Endpoints() {
		if n := e.Sandbox.Calls("demo", string(ep)); n > 0 {
			out[ep] = n
		}
	}
	return out
}

// withLatency slows every upstream endpoint of the sandbox down by d.
func withLatency(e *env, d time.Duration) {
	for _, ep := range apiclient.Endpoints() {
		if ep.Method() == http.MethodHead {
			continue
		}
		_, path, _ := strings.Cut(string(ep), " ")
		e.Sandbox.SetFault(sandbox.Fault{Method: ep.Method(), Path: path, Latency: d})
	}
}

// bookingVisit is 1-1001 logging in, opening the catalog and the towel
// flat-rate, continuing with the monthly price to the summary, booking,
// reading the booked page and My add-ons. Every request is one step: a
// redirect is followed by the next step, not inside one.
func bookingVisit(t testing.TB, e *env) []visitStep {
	t.Helper()
	b := e.browser()
	noFollow := *b.client
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	var steps []visitStep
	step := func(name, method, path string, form url.Values) *page {
		t.Helper()
		var body *strings.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		} else {
			body = strings.NewReader("")
		}
		req, err := http.NewRequest(method, b.abs(path), body)
		if err != nil {
			t.Fatal(err)
		}
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		before := upstreamCalls(e)
		start := time.Now()
		pg := read(t, &noFollow, req)
		took := time.Since(start)
		after := upstreamCalls(e)
		calls := map[apiclient.Endpoint]int64{}
		for ep, n := range after {
			if d := n - before[ep]; d > 0 {
				calls[ep] = d
			}
		}
		steps = append(steps, visitStep{name, took, calls})
		if pg.Status >= 400 {
			t.Fatalf("%s %s: status %d: %s", method, path, pg.Status, pg.text("main"))
		}
		return pg
	}
	formOf := func(pg *page, sel string, extra url.Values) url.Values {
		v := formValues(pg.Doc.Find(sel))
		for k, vs := range extra {
			v[k] = vs
		}
		return v
	}
	login := b.get(t, "/demo/login") // the login form itself reads nothing
	step("login", http.MethodPost, "/demo/login", formOf(login, "form[action$='/login']",
		url.Values{"customerNumber": {"1-1001"}, "dateOfBirth": {"1990-01-15"}}))
	step("catalog", http.MethodGet, "/demo/modules", nil)
	addOn := step("add-on", http.MethodGet, "/demo/modules/302", nil)
	cont := step("continue", http.MethodPost, "/demo/modules/302/continue", formOf(addOn, "form[data-testid=check-form]", nil))
	summary := step("summary", http.MethodGet, cont.Header.Get("Location"), nil)
	book := step("book", http.MethodPost, "/demo/modules/302/book", formOf(summary, "form[data-testid=book-form]", nil))
	booked := step("booked page", http.MethodGet, book.Header.Get("Location"), nil)
	if bkStatus(booked) != "booked" {
		t.Fatalf("the visit did not book: %s", booked.text("main"))
	}
	step("my add-ons", http.MethodGet, "/demo/my-modules", nil)
	return steps
}

// warmVisit starts a portal with its read cache on, as in production, and
// warms the studio-wide data (the catalog) with another member's visit.
func warmVisit(t testing.TB) *env {
	t.Helper()
	e := newEnv(t, withCache())
	b := e.browser()
	b.login(t, "demo", "1-1002", "1985-06-30")
	b.get(t, "/demo/modules")
	return e
}

func callsText(calls map[apiclient.Endpoint]int64) string {
	var parts []string
	for _, ep := range slices.Sorted(maps.Keys(calls)) {
		parts = append(parts, fmt.Sprintf("%s ×%d", ep, calls[ep]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// TestBookingVisitUpstreamCalls: what each page of a booking visit asks the
// studio, with the read cache on and the catalog warm. Nothing is read
// twice: the login's contract list serves the catalog and the token; the
// catalog validates the two trials it may show (sauna, drink flat) beside
// its purchasable list, which says the towel (no trial) can be bought, so
// neither the add-on page nor Continue validates; the summary and the
// booked page read nothing; the purchase reads a fresh catalog for its
// price check and does not validate, and once booked reads, at once, what
// My add-ons then shows from the cache.
func TestBookingVisitUpstreamCalls(t *testing.T) {
	t.Parallel()
	e := warmVisit(t)
	want := map[string]map[apiclient.Endpoint]int64{
		"login":    {apiclient.EndpointCustomerBy: 1, apiclient.EndpointContracts: 1},
		"catalog":  {apiclient.EndpointPurchasableModules: 1, apiclient.EndpointValidateModule: 2},
		"add-on":   {},
		"continue": {},
		"summary":  {},
		"book": {apiclient.EndpointAdditionalModules: 1, apiclient.EndpointPurchaseModule: 1,
			apiclient.EndpointContracts: 1, apiclient.EndpointModuleContract: 1},
		"booked page": {},
		"my add-ons":  {},
	}
	for _, s := range bookingVisit(t, e) {
		t.Logf("%-12s %s", s.name, callsText(s.calls))
		if !maps.Equal(s.calls, want[s.name]) {
			t.Errorf("%s: %s; want %s", s.name, callsText(s.calls), callsText(want[s.name]))
		}
	}
}

// BenchmarkBookingVisit is a whole booking visit with 300 ms injected into
// every upstream call, the catalog warm in the cache: the server's time
// summed over the visit's requests (ms/visit) and per page.
//
//	go test ./e2e -run '^$' -bench BookingVisit -benchtime 3x
func BenchmarkBookingVisit(b *testing.B) {
	var total time.Duration
	perStep := map[string]time.Duration{}
	var names []string
	for range b.N {
		b.StopTimer()
		e := warmVisit(b)
		withLatency(e, 300*time.Millisecond)
		b.StartTimer()
		steps := bookingVisit(b, e)
		for _, s := range steps {
			total += s.took
			if _, seen := perStep[s.name]; !seen {
				names = append(names, s.name)
			}
			perStep[s.name] += s.took
		}
	}
	n := time.Duration(b.N)
	for _, name := range names {
		b.Logf("%-12s %6.0f ms", name, float64((perStep[name]/n).Microseconds())/1000)
	}
	b.ReportMetric(float64((total/n).Microseconds())/1000, "ms/visit")
}
