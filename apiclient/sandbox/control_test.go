package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/studio-addons/portal/apiclient"
)

// control makes one control request with the default control key.
func control(t *testing.T, ts *httptest.Server, method, path, body string) response {
	t.Helper()
	r, err := send(t, ts, method, path, body, "X-SANDBOX-KEY", DefaultControlKey,
		"Content-Type", "application/json")
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// decode unmarshals a JSON answer, failing the test on bad JSON.
func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("answer %q: %v", r.body, err)
	}
	return v
}

func TestControlKeyRequired(t *testing.T) {
	_, ts := newTestServer(t, Config{ControlKey: "ctl-secret"})
	for _, key := range []string{"", DefaultControlKey, DemoKey} {
		r, err := send(t, ts, http.MethodGet, "/_sandbox/clock", "", "X-SANDBOX-KEY", key, "X-API-KEY", DemoKey)
		if err != nil {
			t.Fatal(err)
		}
		if r.status != http.StatusUnauthorized {
			t.Errorf("control key %q: got %d, want 401", key, r.status)
		}
		r.errorBody(t)
	}
	r, _ := send(t, ts, http.MethodGet, "/_sandbox/clock", "", "X-SANDBOX-KEY", "ctl-secret")
	if r.status != http.StatusOK {
		t.Errorf("right control key: got %d, want 200", r.status)
	}
	r, _ = send(t, ts, http.MethodGet, "/_sandbox/nope", "", "X-SANDBOX-KEY", "ctl-secret")
	if r.status != http.StatusNotFound {
		t.Errorf("unknown control path: got %d, want 404", r.status)
	}
	r.errorBody(t)
}

func TestControlClock(t *testing.T) {
	s, ts := newTestServer(t, Config{Today: apiclient.NewDate(2025, 3, 1)})
	type clock struct {
		Today string `json:"today"`
		Fixed bool   `json:"fixed"`
	}
	if got := decode[clock](t, control(t, ts, http.MethodGet, "/_sandbox/clock", "")); got != (clock{"2025-03-01", true}) {
		t.Errorf("GET: got %+v, want 2025-03-01 fixed", got)
	}
	r := control(t, ts, http.MethodPost, "/_sandbox/clock", `{"today":"2025-12-31"}`)
	if got := decode[clock](t, r); got != (clock{"2025-12-31", true}) {
		t.Errorf("POST: got %+v, want 2025-12-31 fixed", got)
	}
	if got := s.Today(); got != apiclient.NewDate(2025, 12, 31) {
		t.Errorf("Today(): got %s, want 2025-12-31", got)
	}
	r = control(t, ts, http.MethodPost, "/_sandbox/clock", `{"today":""}`)
	if got := decode[clock](t, r); got.Fixed || got.Today == "" {
		t.Errorf("POST real date: got %+v, want today's real date, not fixed", got)
	}
	for _, body := range []string{`{"today":"31.12.2025"}`, `{}`, `{"date":"2025-01-01"}`, `not json`} {
		r := control(t, ts, http.MethodPost, "/_sandbox/clock", body)
		if r.status != http.StatusBadRequest {
			t.Errorf("POST %s: got %d, want 400", body, r.status)
		}
		r.errorBody(t)
	}
}

func TestControlFaults(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	r := control(t, ts, http.MethodPost, "/_sandbox/faults",
		`{"method":"get","path":"`+pingPath+`","studio":"demo","status":503,"times":1}`)
	if r.status != http.StatusOK {
		t.Fatalf("POST fault: got %d %s, want 200", r.status, r.body)
	}
	got := decode[faultsBody](t, control(t, ts, http.MethodGet, "/_sandbox/faults", ""))
	want := Fault{Method: "GET", Path: pingPath, Studio: "demo", Status: 503, Times: 1}
	if len(got.Faults) != 1 || got.Faults[0] != want {
		t.Errorf("GET faults: got %+v, want [%+v]", got.Faults, want)
	}
	if got := api(t, ts, http.MethodGet, pingPath, DemoKey).status; got != 503 {
		t.Errorf("API with fault: got %d, want 503", got)
	}

	control(t, ts, http.MethodPost, "/_sandbox/faults", `{"path":"`+pingPath+`","drop":true}`)
	if r := control(t, ts, http.MethodDelete, "/_sandbox/faults", ""); r.status != http.StatusOK {
		t.Errorf("DELETE faults: got %d, want 200", r.status)
	}
	if got := api(t, ts, http.MethodGet, pingPath, DemoKey).status; got != 200 {
		t.Errorf("API after DELETE: got %d, want 200", got)
	}
}

func TestControlFaultsRejectsBadInput(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	tests := []struct{ body, wantRef string }{
		{`{"path":"/v1/x","status":200}`, "status"},
		{`{"path":"/v1/x","latency":"soon"}`, "latency"},
		{`{"path":"/v1/x","latency":100}`, ""},
		{`{"path":"/v1/x","drop":true,"studio":"nowhere"}`, "studio"},
		{`{"path":"/v1/x","drop":true,"times":-1}`, "times"},
		{`{"path":"/v1/x","status":500,"drop":true}`, ""},
		{`{"path":"/v1/x","stauts":500}`, ""},
		{`{"status":500}`, "path"},
	}
	for _, tt := range tests {
		r := control(t, ts, http.MethodPost, "/_sandbox/faults", tt.body)
		if r.status != http.StatusBadRequest {
			t.Errorf("%s: got %d, want 400", tt.body, r.status)
			continue
		}
		if e := r.errorBody(t); e.Reference != tt.wantRef {
			t.Errorf("%s: reference %q, want %q (%s)", tt.body, e.Reference, tt.wantRef, e.ErrorMessage)
		}
	}
}

func TestControlReset(t *testing.T) {
	s, ts := newTestServer(t, Config{RateLimit: 1, Today: apiclient.NewDate(2025, 3, 1)})
	api(t, ts, http.MethodPost, writePath, DemoKey)
	api(t, ts, http.MethodGet, pingPath, DemoKey)
	s.SetFault(Fault{Path: itemRoute, Status: 500})

	if r := control(t, ts, http.MethodPost, "/_sandbox/reset", ""); r.status != http.StatusOK {
		t.Fatalf("reset: got %d, want 200", r.status)
	}
	if got := s.WriteCount("demo"); got != 0 {
		t.Errorf("writes after reset: got %d, want 0", got)
	}
	if got := api(t, ts, http.MethodGet, pingPath, DemoKey).status; got != 200 {
		t.Errorf("rate limit after reset: got %d, want 200", got)
	}
	if got := api(t, ts, http.MethodGet, "/v1/test/items/1", DemoKey).status; got != 200 {
		t.Errorf("fault after reset: got %d, want 200", got)
	}
	if got := s.Today(); got != apiclient.NewDate(2025, 3, 1) {
		t.Errorf("clock after reset: got %s, want it kept", got)
	}
}

func TestControlWrites(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	api(t, ts, http.MethodPost, writePath, DirectKey)
	api(t, ts, http.MethodPost, writePath, DirectKey)
	for studio, want := range map[string]int64{"demo": 0, "direct": 2} {
		got := decode[map[string]int64](t, control(t, ts, http.MethodGet, "/_sandbox/studios/"+studio+"/writes", ""))
		if got["writes"] != want {
			t.Errorf("%s: got %v, want writes %d", studio, got, want)
		}
	}
	if r := control(t, ts, http.MethodGet, "/_sandbox/studios/nowhere/writes", ""); r.status != http.StatusNotFound {
		t.Errorf("unknown studio: got %d, want 404", r.status)
	}
}

func TestControlWebhook(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	r := control(t, ts, http.MethodPut, "/_sandbox/studios/demo/webhook",
		`{"url":"http://127.0.0.1:9/hook","key":"wh-secret"}`)
	if r.status != http.StatusOK || strings.Contains(string(r.body), "wh-secret") {
		t.Errorf("PUT: got %d %s, want 200 without the key", r.status, r.body)
	}
	s.mu.Lock()
	got := s.webhooks["demo"]
	s.mu.Unlock()
	if want := (WebhookTarget{URL: "http://127.0.0.1:9/hook", Key: "wh-secret"}); got != want {
		t.Errorf("target: got %+v, want %+v", got, want)
	}
	tests := []struct {
		path, body string
		want       int
	}{
		{"/_sandbox/studios/demo/webhook", `{"url":"ftp://x/hook","key":"k"}`, 400},
		{"/_sandbox/studios/demo/webhook", `{"url":"/hook","key":"k"}`, 400},
		{"/_sandbox/studios/demo/webhook", `{"url":"http://x/hook"}`, 400},
		{"/_sandbox/studios/nowhere/webhook", `{"url":"http://x/hook","key":"k"}`, 404},
		{"/_sandbox/studios/demo/webhook", `{"url":""}`, 200},
	}
	for _, tt := range tests {
		if r := control(t, ts, http.MethodPut, tt.path, tt.body); r.status != tt.want {
			t.Errorf("PUT %s %s: got %d, want %d", tt.path, tt.body, r.status, tt.want)
		}
	}
	s.mu.Lock()
	_, still := s.webhooks["demo"]
	s.mu.Unlock()
	if still {
		t.Error("empty url: target kept, want removed")
	}
}

func TestControlStudioParams(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	tests := []struct {
		path, body string
		want       int
	}{
		{"/_sandbox/studios/nowhere/amendments/1/verify", "", 404},
		{"/_sandbox/studios/demo/amendments/abc/verify", "", 400},
		{"/_sandbox/studios/demo/amendments/-1/verify", "", 400},
		{"/_sandbox/studios/nowhere/modules/1/active", `{"active":false}`, 404},
		{"/_sandbox/studios/demo/modules/x/active", `{"active":false}`, 400},
		{"/_sandbox/studios/demo/modules/1/active", `{}`, 400},
		{"/_sandbox/studios/demo/modules/1/active", `{"active":"no"}`, 400},
	}
	for _, tt := range tests {
		r := control(t, ts, http.MethodPost, tt.path, tt.body)
		if r.status != tt.want {
			t.Errorf("POST %s %s: got %d, want %d", tt.path, tt.body, r.status, tt.want)
		}
		r.errorBody(t)
	}
}

func TestControlVerifyAmendment(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	path := "/_sandbox/studios/demo/amendments/" + strconv.FormatInt(ModuleContractSaunaPendingCancelation, 10) + "/verify"
	if r := control(t, ts, http.MethodPost, path, ""); r.status != http.StatusOK {
		t.Fatalf("verify: got %d %s, want 200", r.status, r.body)
	}
	mc, err := newClient(t, ts, DemoKey, 0).GetAdditionalModuleContract(context.Background(),
		ContractWithAddOns, ModuleContractSaunaPendingCancelation)
	if err != nil || mc.ContractCancelationStatus != apiclient.CancelationCanceled {
		t.Errorf("after verify: got %+v %v, want CANCELED", mc, err)
	}
	if got := s.WriteCount("demo"); got != 1 {
		t.Errorf("writes: got %d, want 1", got)
	}
	tests := []struct {
		path     string
		want     int
		wantCode string
	}{
		{path, http.StatusConflict, "CONFLICT"}, // nothing pending any more
		{"/_sandbox/studios/demo/amendments/999999/verify", http.StatusNotFound, "NOT_FOUND"},
	}
	for _, tt := range tests {
		r := control(t, ts, http.MethodPost, tt.path, "")
		if r.status != tt.want || r.errorBody(t).ErrorCode != tt.wantCode {
			t.Errorf("POST %s: got %d %s, want %d %s", tt.path, r.status, r.body, tt.want, tt.wantCode)
		}
	}
}

func TestControlModuleActive(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	c := newClient(t, ts, DemoKey, 0)
	path := "/_sandbox/studios/demo/modules/" + strconv.FormatInt(ModuleSauna, 10) + "/active"
	listed := func() bool {
		modules, err := c.ListAdditionalModules(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(modules, func(m apiclient.AdditionalModule) bool { return m.ID == ModuleSauna })
	}
	for _, active := range []bool{false, true} {
		r := control(t, ts, http.MethodPost, path, `{"active":`+strconv.FormatBool(active)+`}`)
		if r.status != http.StatusOK {
			t.Fatalf("active %v: got %d %s, want 200", active, r.status, r.body)
		}
		if got := listed(); got != active {
			t.Errorf("active %v: sauna listed %v, want %v", active, got, active)
		}
	}
	r := control(t, ts, http.MethodPost, "/_sandbox/studios/demo/modules/999999/active", `{"active":false}`)
	if r.status != http.StatusNotFound {
		t.Errorf("unknown module: got %d, want 404", r.status)
	}
}
