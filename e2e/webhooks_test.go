package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/app"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/state/redistest"
)

const demoWebhookKey = "demo-webhook-key"

// webhookSeen collects the portal's webhook metrics, so a test waits for
// an event to be applied instead of sleeping.
type webhookSeen struct {
	handlers.Metrics
	mu     sync.Mutex
	events chan string
}

func newWebhookSeen() *webhookSeen {
	return &webhookSeen{Metrics: nopMetrics{}, events: make(chan string, 64)}
}

func (w *webhookSeen) Webhook(studio, eventType, result string) {
	w.events <- studio + " " + eventType + " " + result
}

// next waits for the next webhook outcome (bounded: a lost event fails the
// test instead of hanging it).
func (w *webhookSeen) next(t *testing.T) string {
	t.Helper()
	select {
	case ev := <-w.events:
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no webhook outcome within 5 s")
		return ""
	}
}

type nopMetrics struct{}

func (nopMetrics) Call(string, string, string, time.Duration) {}
func (nopMetrics) Cache(string, string, string)               {}
func (nopMetrics) Refused(string, string, string)             {}
func (nopMetrics) Request(string, string, int, time.Duration) {}
func (nopMetrics) Booking(string, string)                     {}
func (nopMetrics) Webhook(string, string, string)             {}

// withWebhooks gives the demo studio its webhook key and the portal a
// metrics sink the test can wait on.
func withWebhooks(seen *webhookSeen) envOption {
	return func(c *app.Config) {
		c.Studios[0].WebhookKey = demoWebhookKey
		prev := c.Tune
		c.Tune = func(d *handlers.Deps) {
			prev(d)
			d.Metrics = seen
		}
	}
}

func postWebhook(t *testing.T, e *env, key, body string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/webhooks", bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("X-API-KEY", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestWebhookRefusesUnknownKeysAndMalformedBodies(t *testing.T) {
	t.Parallel()
	seen := newWebhookSeen()
	e := newEnv(t, withWebhooks(seen))
	good := `{"entityId":1002,"uuid":"u-1","payload":[{"timestamp":1,"type":"CONTRACT_UPDATED","content":{"contractId":2002}}]}`
	tests := []struct {
		name, key, body string
		want            int
	}{
		{"no key", "", good, http.StatusUnauthorized},
		{"unknown key", "nope", good, http.StatusUnauthorized},
		{"the API key is not the webhook key", sandbox.DemoKey, good, http.StatusUnauthorized},
		{"not JSON", demoWebhookKey, "{", http.StatusBadRequest},
		{"no uuid", demoWebhookKey, `{"entityId":1,"payload":[]}`, http.StatusBadRequest},
		{"too large", demoWebhookKey, `{"uuid":"x","pad":"` + string(bytes.Repeat([]byte("a"), 70<<10)) + `"}`, http.StatusRequestEntityTooLarge},
		{"good", demoWebhookKey, good, http.StatusOK},
	}
	for _, tt := range tests {
		if got := postWebhook(t, e, tt.key, tt.body); got != tt.want {
			t.Errorf("%s: status = %d, want %d", tt.name, got, tt.want)
		}
	}
	if got := seen.next(t); got != "demo CONTRACT_UPDATED applied" {
		t.Errorf("outcome = %q", got)
	}
	// The same delivery again is a duplicate; unknown types are ignored.
	postWebhook(t, e, demoWebhookKey, good)
	if got := seen.next(t); got != "demo  duplicate" {
		t.Errorf("redelivery: outcome = %q, want a duplicate", got)
	}
	postWebhook(t, e, demoWebhookKey, `{"entityId":1,"uuid":"u-2","payload":[{"timestamp":1,"type":"SOMETHING_NEW","content":{"x":[1]},"extra":true}]}`)
	if got := seen.next(t); got != "demo other ignored" {
		t.Errorf("unknown type: outcome = %q, want ignored", got)
	}
}

// blockingOnce holds every webhook worker until released, so the queue
// fills up.
type blockingOnce struct{ release chan struct{} }

func (b blockingOnce) First(ctx context.Context, _ string, _ time.Duration) (bool, error) {
	select {
	case <-b.release:
	case <-ctx.Done():
	}
	return true, nil
}

func TestWebhookQueueFullAnswers503(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	defer close(release)
	e := newEnv(t, withWebhooks(newWebhookSeen()), withDeps(func(d *handlers.Deps) {
		d.Once = blockingOnce{release: release}
		d.WebhookQueue = 1
	}))
	statuses := map[int]int{}
	for i := range 5 { // 2 workers hold one each, the queue takes one more
		statuses[postWebhook(t, e, demoWebhookKey, fmt.Sprintf(`{"entityId":1,"uuid":"q-%d","payload":[]}`, i))]++
	}
	if statuses[http.StatusServiceUnavailable] == 0 || statuses[http.StatusOK] == 0 {
		t.Errorf("statuses = %v, want some 200 and then 503 once the queue is full", statuses)
	}
}

// TestStudioVerificationShowsAtOnce: with the read cache on, the studio
// verifying a pending cancelation reaches the member's page through the
// webhook, not after the cache's 15 s.
func TestStudioVerificationShowsAtOnce(t *testing.T) {
	t.Parallel()
	seen := newWebhookSeen()
	e := newEnv(t, withCache(), withWebhooks(seen))
	e.Sandbox.SetWebhook("demo", sandbox.WebhookTarget{URL: e.URL + "/webhooks", Key: demoWebhookKey})
	b := e.browser()
	b.login(t, "demo", "1-1002", "1985-06-30")
	path := fmt.Sprintf("/demo/my-modules/%d", sandbox.ModuleContractSaunaPendingCancelation)
	before := b.get(t, path)
	if got := before.text("[data-testid=module-contract-status]"); got == "" {
		t.Fatalf("no status on %s", path)
	}
	start := time.Now()
	if err := e.Sandbox.VerifyAmendment("demo", sandbox.ModuleContractSaunaPendingCancelation); err != nil {
		t.Fatal(err)
	}
	// The verification emits the add-on event and CONTRACT_UPDATED.
	for range 2 {
		if got := seen.next(t); got != "demo "+eventOf(got)+" applied" {
			t.Errorf("outcome = %q", got)
		}
	}
	after := b.get(t, path)
	t.Logf("verification to fresh page: %v", time.Since(start))
	if after.text("[data-testid=module-contract-status]") == before.text("[data-testid=module-contract-status]") {
		t.Errorf("status still %q after the studio verified", after.text("[data-testid=module-contract-status]"))
	}
}

// eventOf returns the event type of a "studio type result" outcome.
func eventOf(outcome string) string {
	var studio, typ, result string
	fmt.Sscan(outcome, &studio, &typ, &result)
	return typ
}

// TestWebhookOnOneInstanceRefreshesTheOther: two instances with their read
// caches on share one Redis; the studio's webhook reaches only A, yet the
// member's page on B shows the studio's verification at once. (The tests'
// clock stands still, so B's cached answer would never expire: only the
// invalidation A broadcast can change what B shows.)
func TestWebhookOnOneInstanceRefreshesTheOther(t *testing.T) {
	t.Parallel()
	seen := newWebhookSeen()
	redis := redistest.Start(t)
	a := newEnv(t, withRedis(t, redis.URL), withSharedKeys(), withCache(), withWebhooks(seen))
	b := a.another(t)
	a.Sandbox.SetWebhook("demo", sandbox.WebhookTarget{URL: a.URL + "/webhooks", Key: demoWebhookKey})
	onA := a.browser()
	onA.login(t, "demo", "1-1002", "1985-06-30")
	onB := onA.on(b)
	path := fmt.Sprintf("/demo/my-modules/%d", sandbox.ModuleContractSaunaPendingCancelation)
	status := func() string { return onB.get(t, path).text("[data-testid=module-contract-status]") }
	before := status()
	if before == "" || status() != before {
		t.Fatalf("no steady status on B: %q", before)
	}
	reads := a.Sandbox.Calls("demo", "GET "+moduleContractRoute)

	start := time.Now()
	if err := a.Sandbox.VerifyAmendment("demo", sandbox.ModuleContractSaunaPendingCancelation); err != nil {
		t.Fatal(err)
	}
	after := status()
	for ; after == before && time.Since(start) < 5*time.Second; after = status() {
		time.Sleep(time.Millisecond)
	}
	latency := time.Since(start)
	if after == before {
		t.Fatalf("B still shows %q 5 s after the studio verified", after)
	}
	t.Logf("webhook on A to fresh page on B: %v (%q → %q)", latency.Round(100*time.Microsecond), before, after)
	// A applied both events of the verification; B read the add-on afresh.
	for range 2 {
		if got := seen.next(t); !strings.HasSuffix(got, " applied") {
			t.Errorf("outcome on A = %q", got)
		}
	}
	if got := a.Sandbox.Calls("demo", "GET "+moduleContractRoute); got <= reads {
		t.Error("B showed the new status without reading the add-on again")
	}
}
