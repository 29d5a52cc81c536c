package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

func TestFaultStatusAnswersErrorBodyWithoutRunningAPI(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetFault(Fault{Method: "post", Path: writePath, Status: http.StatusServiceUnavailable})

	r := api(t, ts, http.MethodPost, writePath, DemoKey)
	if r.status != http.StatusServiceUnavailable {
		t.Fatalf("status: got %d, want 503", r.status)
	}
	if e := r.errorBody(t); e.ErrorCode != "SERVICE_UNAVAILABLE" {
		t.Errorf("errorCode: got %q, want SERVICE_UNAVAILABLE", e.ErrorCode)
	}
	if got := r.header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After: got %q, want 1", got)
	}
	if got := s.WriteCount("demo"); got != 0 {
		t.Errorf("writes: got %d, want 0", got)
	}
}

func TestFaultMatching(t *testing.T) {
	tests := []struct {
		name  string
		fault Fault
		hit   []string // "KEY GET path" requests that get the fault
		miss  []string
	}{
		{"route pattern matches every path value",
			Fault{Path: itemRoute, Status: 500},
			[]string{"demo GET /v1/test/items/1", "direct GET /v1/test/items/2"},
			[]string{"demo GET " + pingPath}},
		{"exact path matches only itself",
			Fault{Path: "/v1/test/items/1", Status: 500},
			[]string{"demo GET /v1/test/items/1"},
			[]string{"demo GET /v1/test/items/2"}},
		{"studio",
			Fault{Path: pingPath, Studio: "direct", Status: 500},
			[]string{"direct GET " + pingPath},
			[]string{"demo GET " + pingPath}},
		{"method",
			Fault{Method: http.MethodPost, Path: writePath, Status: 500},
			[]string{"demo POST " + writePath},
			[]string{"demo GET " + pingPath}},
	}
	keys := map[string]string{"demo": DemoKey, "direct": DirectKey}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ts := newTestServer(t, Config{})
			s.SetFault(tt.fault)
			for _, reqs := range []struct {
				list []string
				want int
			}{{tt.hit, 500}, {tt.miss, 200}} {
				for _, req := range reqs.list {
					f := strings.Fields(req)
					if got := api(t, ts, f[1], f[2], keys[f[0]]).status; got != reqs.want {
						t.Errorf("%s: got %d, want %d", req, got, reqs.want)
					}
				}
			}
		})
	}
}

func TestFaultGarbageBody(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetFault(Fault{Path: pingPath, Body: FaultBodyGarbage})
	r := api(t, ts, http.MethodGet, pingPath, DemoKey)
	if r.status != http.StatusOK || json.Valid(r.body) || len(r.body) == 0 {
		t.Errorf("got %d %q, want 200 and a non-JSON body", r.status, r.body)
	}
}

func TestFaultTruncatedBodyCommits(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	full := api(t, ts, http.MethodPost, writePath, DemoKey).body // {"id":1}
	s.SetFault(Fault{Path: writePath, Body: FaultBodyTruncated})

	r := api(t, ts, http.MethodPost, writePath, DemoKey)
	if r.status != http.StatusOK || json.Valid(r.body) {
		t.Fatalf("got %d %q, want 200 and broken JSON", r.status, r.body)
	}
	if want := len(full) / 2; len(r.body) != want || !strings.HasPrefix(string(full), `{"id":`) {
		t.Errorf("body %q: want the first %d bytes of a body like %q", r.body, want, full)
	}
	if got := s.WriteCount("demo"); got != 2 {
		t.Errorf("writes: got %d, want 2 (the truncated POST commits)", got)
	}
}

func TestFaultLatency(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetFault(Fault{Path: pingPath, Latency: 50 * time.Millisecond})
	start := time.Now()
	r := api(t, ts, http.MethodGet, pingPath, DemoKey)
	if took := time.Since(start); took < 50*time.Millisecond {
		t.Errorf("took %s, want at least the latency", took)
	}
	if r.status != http.StatusOK || !strings.Contains(string(r.body), "demo") {
		t.Errorf("after latency: got %d %q, want the API's answer", r.status, r.body)
	}
}

func TestFaultLatencyEndsWhenClientGivesUp(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetFault(Fault{Path: writePath, Latency: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+writePath, nil)
	req.Header.Set("X-API-KEY", DemoKey)

	start := time.Now()
	if resp, err := noKeepAlive.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("got %d, want the client's timeout", resp.StatusCode)
	}
	ts.Close() // waits for the handler: it must not sit out the minute
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("handler ended after %s, want soon after the client gave up", took)
	}
	if got := s.WriteCount("demo"); got != 0 {
		t.Errorf("writes: got %d, want 0", got)
	}
}

func TestFaultDropLosesRequest(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetFault(Fault{Path: writePath, Drop: true})
	if r, err := send(t, ts, http.MethodPost, writePath, "", "X-API-KEY", DemoKey); err == nil {
		t.Fatalf("got %d, want a connection error", r.status)
	}
	if got := s.WriteCount("demo"); got != 0 {
		t.Errorf("writes: got %d, want 0", got)
	}
}

func TestFaultCommitThenDropCommitsOnce(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetFault(Fault{Method: http.MethodPost, Path: writePath, CommitThenDrop: true, Times: 1})
	if r, err := send(t, ts, http.MethodPost, writePath, "", "X-API-KEY", DemoKey); err == nil {
		t.Fatalf("got %d, want a connection error", r.status)
	}
	if got := s.WriteCount("demo"); got != 1 {
		t.Errorf("writes: got %d, want exactly 1", got)
	}
}

func TestFaultTimesCountsDown(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetFault(Fault{Path: pingPath, Status: http.StatusBadGateway, Times: 2})
	want := []int{502, 502, 200, 200}
	for i, w := range want {
		if got := api(t, ts, http.MethodGet, pingPath, DemoKey).status; got != w {
			t.Errorf("request %d: got %d, want %d", i+1, got, w)
		}
	}
	if got := s.activeFaults(); len(got) != 0 {
		t.Errorf("faults left: %+v, want none", got)
	}
}

func TestSetFaultReplacesSameTargetAndClearFaults(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetFault(Fault{Path: pingPath, Status: 500})
	s.SetFault(Fault{Path: pingPath, Status: 404})
	s.SetFault(Fault{Path: pingPath, Studio: "direct", Status: 409})
	if got := len(s.activeFaults()); got != 2 {
		t.Errorf("faults: got %d, want 2", got)
	}
	if got := api(t, ts, http.MethodGet, pingPath, DemoKey).status; got != 404 {
		t.Errorf("replaced fault: got %d, want 404", got)
	}
	s.ClearFaults()
	if got := api(t, ts, http.MethodGet, pingPath, DirectKey).status; got != 200 {
		t.Errorf("after ClearFaults: got %d, want 200", got)
	}
}

func TestFaultValidate(t *testing.T) {
	tests := []struct {
		fault     Fault
		wantField string // "" with wantErr: a combination error
		wantErr   bool
	}{
		{Fault{Path: pingPath, Status: 503}, "", false},
		{Fault{Method: "POST", Path: writePath, CommitThenDrop: true, Times: 1}, "", false},
		{Fault{Path: pingPath, Latency: time.Second, Body: FaultBodyTruncated}, "", false},
		{Fault{Path: "v1/x", Status: 500}, "path", true},
		{Fault{Method: "FETCH", Path: pingPath, Status: 500}, "method", true},
		{Fault{Path: pingPath, Latency: -time.Second}, "latency", true},
		{Fault{Path: pingPath, Latency: time.Hour}, "latency", true},
		{Fault{Path: pingPath, Status: 200}, "status", true},
		{Fault{Path: pingPath, Body: "empty"}, "body", true},
		{Fault{Path: pingPath, Drop: true, Times: -1}, "times", true},
		{Fault{Path: pingPath, Drop: true, Status: 500}, "", true},
		{Fault{Path: pingPath}, "", true},
	}
	for _, tt := range tests {
		field, err := tt.fault.validate()
		if (err != nil) != tt.wantErr || field != tt.wantField {
			t.Errorf("%+v: got %q %v, want field %q error %v", tt.fault, field, err, tt.wantField, tt.wantErr)
		}
	}
}

func TestFaultJSONRoundTrip(t *testing.T) {
	in := Fault{Method: "POST", Path: writePath, Studio: "demo", Latency: 1500 * time.Millisecond,
		Status: 503, Times: 3}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"latency":"1.5s"`) {
		t.Errorf("JSON %s: want latency as a duration string", b)
	}
	var out Fault
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("round trip: got %+v %v, want %+v", out, err, in)
	}
	if err := json.Unmarshal([]byte(`{"path":"/x","latency":"soon"}`), &out); err == nil {
		t.Error("bad latency: got no error")
	}
}

// purchasePattern is the purchase endpoint's route, as tests and e2e set faults on it.
const purchasePattern = "/v1/memberships/{contractId}/self-service/additional-modules/purchase"

var saunaMonthly = apiclient.AdditionalModuleRequest{
	AdditionalModuleID: ModuleSauna, PaymentFrequencyID: FrequencySaunaMonthly,
}

func TestPurchaseCommitThenDropCommitsExactlyOnce(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetFault(Fault{Method: http.MethodPost, Path: purchasePattern, CommitThenDrop: true, Times: 1})
	c := newClient(t, ts, DemoKey, 3)
	ctx := context.Background()

	if res, err := c.PurchaseAdditionalModule(ctx, ContractNoAddOns, saunaMonthly); err == nil {
		t.Fatalf("purchase: got id %d, want the dropped connection", res.ID)
	}
	if got := s.WriteCount("demo"); got != 1 {
		t.Errorf("writes: got %d, want exactly 1", got)
	}
	if got := s.ModuleContractIDs("demo", ContractNoAddOns); len(got) != 1 {
		t.Errorf("module contracts after the drop: got %v, want the one booked", got)
	}
	// What a reconciling client finds: the booking happened.
	v, err := c.ValidateAdditionalModule(ctx, ContractNoAddOns, saunaMonthly)
	if err != nil || v.ValidationStatus != apiclient.ValidationAlreadyPurchased {
		t.Errorf("validate after the drop: got %+v %v, want already purchased", v, err)
	}
}

func TestPurchaseDropCommitsNothing(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetFault(Fault{Method: http.MethodPost, Path: purchasePattern, Drop: true})
	if _, err := newClient(t, ts, DemoKey, 3).PurchaseAdditionalModule(context.Background(), ContractNoAddOns, saunaMonthly); err == nil {
		t.Fatal("purchase: got an answer, want the dropped connection")
	}
	if got := s.WriteCount("demo"); got != 0 {
		t.Errorf("writes: got %d, want 0", got)
	}
}

func TestClientRetriesThroughInjected503(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetFault(Fault{Path: "/v1/memberships/self-service/additional-modules", Status: 503, Times: 2})
	modules, err := newClient(t, ts, DemoKey, 3).ListAdditionalModules(context.Background())
	if err != nil || len(modules) == 0 {
		t.Errorf("list: got %d modules, %v; want the third attempt to succeed", len(modules), err)
	}
}

func TestClientSeesBrokenBodies(t *testing.T) {
	for _, body := range []string{FaultBodyGarbage, FaultBodyTruncated} {
		s, ts := newTestServer(t, Config{})
		s.SetFault(Fault{Path: "/v1/memberships/self-service/contract-cancelation-reasons", Body: body})
		_, err := newClient(t, ts, DemoKey, 0).ListCancelationReasons(context.Background())
		if !errors.Is(err, apiclient.ErrBadResponse) {
			t.Errorf("%s: got %v, want ErrBadResponse", body, err)
		}
	}
}
