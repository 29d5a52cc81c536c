package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient/sandbox"
)

// TestRunWiresWebhooksAndServesMetrics runs `go run .` with METRICS_ADDR:
// the embedded sandbox sends its webhooks to the portal, so the studio
// verifying a pending cancelation shows on the member's page at once (the
// cache would keep the old status 15 s), and the metrics address (not the
// portal's) serves the measurements and pprof.
func TestRunWiresWebhooksAndServesMetrics(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	env := map[string]string{"LOG_LEVEL": "error", "METRICS_ADDR": "127.0.0.1:0"}
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, w) }()
	banner := map[string]string{}
	lines := bufio.NewScanner(out)
	for lines.Scan() && !strings.HasPrefix(lines.Text(), "Demo logins") {
		if f := strings.Fields(lines.Text()); len(f) > 1 && strings.HasSuffix(f[0], ":") {
			banner[f[0]] = f[len(f)-1]
			if f[0] != "Webhooks:" {
				banner[f[0]] = f[1]
			}
		}
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	portal, metricsURL, sandboxURL := banner["Portal:"], banner["Metrics:"], banner["Sandbox:"]
	if portal == "" || metricsURL == "" || sandboxURL == "" || !strings.HasSuffix(banner["Webhooks:"], "/webhooks") {
		cancel()
		t.Fatalf("banner %v (run: %v)", banner, <-done)
	}

	member := newMember(t)
	member.login(t, portal+"demo/login", "1-1002", "1985-06-30")
	page := fmt.Sprintf("%sdemo/my-modules/%d", portal, sandbox.ModuleContractSaunaPendingCancelation)
	before := member.status(t, page)
	if before == "" {
		t.Fatalf("no status on %s", page)
	}
	start := time.Now()
	verify, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/_sandbox/studios/demo/amendments/%d/verify", sandboxURL, sandbox.ModuleContractSaunaPendingCancelation), nil)
	verify.Header.Set("X-SANDBOX-KEY", sandbox.DefaultControlKey)
	if resp, err := member.client.Do(verify); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("verify through the control API: %v, %v", resp, err)
	} else {
		resp.Body.Close()
	}
	// The webhook is applied in the background; well within the cache's
	// 15 s the page must show the studio's verification.
	var after string
	for after = member.status(t, page); after == before && time.Since(start) < 5*time.Second; after = member.status(t, page) {
		time.Sleep(5 * time.Millisecond)
	}
	if after == before {
		t.Fatalf("status still %q 5 s after the studio verified", after)
	}
	t.Logf("verification to fresh page: %v (%q → %q)", time.Since(start).Round(time.Millisecond), before, after)

	// The event is counted once its handling is done, which may be just
	// after the page already shows its effect.
	const applied = `portal_webhook_events_total{result="applied",studio="demo",type="CONTRACT_UPDATED"}`
	metrics := body(t, member.client, metricsURL)
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(metrics, applied) && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
		metrics = body(t, member.client, metricsURL)
	}
	for _, want := range []string{
		applied,
		`portal_http_request_duration_seconds_count{method="GET",route="/:studio/my-modules/:mc",status="200"}`,
		`portal_upstream_calls_total{endpoint=`,
		`portal_upstream_budget_left{endpoint=`,
		`portal_cache_reads_total{endpoint=`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if got := body(t, member.client, strings.TrimSuffix(metricsURL, "metrics")+"debug/pprof/"); !strings.Contains(got, "goroutine") {
		t.Error("no pprof index on the metrics address")
	}
	for _, path := range []string{"metrics", "debug/pprof/"} {
		resp, err := member.client.Get(portal + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("the portal's own port answers /%s with %d, want 404", path, resp.StatusCode)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run after cancel = %v, want nil", err)
	}
}

// TestMetricsNeverOnThePortalsPort: the same port for both is refused.
func TestMetricsNeverOnThePortalsPort(t *testing.T) {
	env := map[string]string{"LOG_LEVEL": "error", "METRICS_ADDR": ":18080"}
	err := run(context.Background(), []string{"-addr", "127.0.0.1:18080"}, func(k string) string { return env[k] }, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "never go on the public port") {
		t.Errorf("metrics on the portal's port: %v, want refused", err)
	}
}

func TestParseGrace(t *testing.T) {
	for in, want := range map[string]time.Duration{"30s": 30 * time.Second, "45": 45 * time.Second, "1m30s": 90 * time.Second} {
		if got, err := parseGrace(in); err != nil || got != want {
			t.Errorf("parseGrace(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-5s", "soon"} {
		if _, err := parseGrace(in); err == nil {
			t.Errorf("parseGrace(%q) accepted", in)
		}
	}
	env := map[string]string{"LOG_LEVEL": "error", "SHUTDOWN_GRACE": "soon"}
	if err := run(context.Background(), []string{"-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, io.Discard); err == nil || !strings.Contains(err.Error(), "SHUTDOWN_GRACE") {
		t.Errorf("a bad SHUTDOWN_GRACE: %v, want refused", err)
	}
}

// member is a browser for the tests of the whole program.
type member struct{ client *http.Client }

func newMember(t *testing.T) *member {
	jar, _ := cookiejar.New(nil)
	return &member{client: &http.Client{Jar: jar, Timeout: 5 * time.Second}}
}

// login posts the login form at loginURL with its CSRF token.
func (m *member) login(t *testing.T, loginURL, number, dob string) {
	t.Helper()
	doc := getDoc(t, m.client, loginURL)
	form := doc.Find("form[action$='/login']")
	v := url.Values{"customerNumber": {number}, "dateOfBirth": {dob}, "_csrf": {form.Find("input[name=_csrf]").AttrOr("value", "")}}
	resp, err := m.client.PostForm(loginURL, v)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.HasSuffix(resp.Request.URL.Path, "/login") {
		t.Fatalf("login %s: status %d at %s", number, resp.StatusCode, resp.Request.URL)
	}
}

// status is the add-on contract status its page shows.
func (m *member) status(t *testing.T, page string) string {
	t.Helper()
	doc := getDoc(t, m.client, page)
	return strings.Join(strings.Fields(doc.Find("[data-testid=module-contract-status]").Text()), " ")
}

func body(t *testing.T, client *http.Client, u string) string {
	t.Helper()
	resp, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d, %v", u, resp.StatusCode, err)
	}
	return string(b)
}
