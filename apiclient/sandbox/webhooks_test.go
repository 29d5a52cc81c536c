package sandbox

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// delivery is one request a test webhook receiver got.
type delivery struct {
	key, contentType string
	event            apiclient.WebhookEvent
}

// newReceiver starts a webhook receiver that reports each delivery.
func newReceiver(t *testing.T) (*httptest.Server, <-chan delivery) {
	t.Helper()
	got := make(chan delivery, 10)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev apiclient.WebhookEvent
		if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
			t.Errorf("webhook body: %v", err)
		}
		got <- delivery{key: r.Header.Get("x-api-key"), contentType: r.Header.Get("Content-Type"), event: ev}
	}))
	t.Cleanup(rcv.Close)
	return rcv, got
}

// emit emits an event as the business rules do, with s.mu held.
func emit(s *Server, studio, eventType string, customerID, contractID, moduleContractID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emitLocked(studio, eventType, customerID, contractID, moduleContractID)
}

// await returns the next delivery or fails after a while.
func await(t *testing.T, got <-chan delivery) delivery {
	t.Helper()
	select {
	case d := <-got:
		return d
	case <-time.After(5 * time.Second):
		t.Fatal("no webhook delivery")
		return delivery{}
	}
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestWebhookDelivery(t *testing.T) {
	rcv, got := newReceiver(t)
	s := New(Config{Webhooks: map[string]WebhookTarget{"demo": {URL: rcv.URL + "/hook", Key: "wh-demo"}}})
	defer s.Close()

	before := time.Now().UnixMilli()
	emit(s, "demo", "CONTRACT_ADDITIONAL_MODULE_CREATED", 1001, 2001, 3001)
	d := await(t, got)

	if d.key != "wh-demo" || d.contentType != "application/json" {
		t.Errorf("headers: got key %q type %q, want wh-demo and application/json", d.key, d.contentType)
	}
	if d.event.EntityID != 1001 || !uuidV4.MatchString(d.event.UUID) || len(d.event.Payload) != 1 {
		t.Fatalf("event: got %+v, want entityId 1001, a v4 uuid and one payload", d.event)
	}
	p := d.event.Payload[0]
	if p.Type != "CONTRACT_ADDITIONAL_MODULE_CREATED" || p.Timestamp < before || p.Timestamp > time.Now().UnixMilli() {
		t.Errorf("payload: got %+v, want the type and a timestamp in ms of now", p)
	}
	var c apiclient.ModuleEventContent
	if err := json.Unmarshal(p.Content, &c); err != nil || c.ContractID != 2001 || c.ModuleContractID != 3001 {
		t.Errorf("content %s: want contractId 2001, moduleContractId 3001", p.Content)
	}

	emit(s, "demo", "CONTRACT_UPDATED", 1001, 2001, 3001)
	if again := await(t, got); again.event.UUID == d.event.UUID {
		t.Errorf("second event reuses uuid %s", d.event.UUID)
	}
}

func TestWebhookTargetFromControlAndOnlyForItsStudio(t *testing.T) {
	rcv, got := newReceiver(t)
	s, ts := newTestServer(t, Config{})
	control(t, ts, http.MethodPut, "/_sandbox/studios/direct/webhook", `{"url":"`+rcv.URL+`","key":"wh-direct"}`)

	emit(s, "demo", "CONTRACT_UPDATED", 1, 2, 3) // no target: nothing sent
	emit(s, "direct", "CONTRACT_UPDATED", 4, 5, 6)
	if d := await(t, got); d.key != "wh-direct" || d.event.EntityID != 4 {
		t.Errorf("got key %q entity %d, want the direct studio's event", d.key, d.event.EntityID)
	}
	s.SetWebhook("direct", WebhookTarget{})
	emit(s, "direct", "CONTRACT_UPDATED", 7, 8, 9)
	s.Close()
	select {
	case d := <-got:
		t.Errorf("got %+v after the target was removed or for a studio without one", d)
	default:
	}
}

func TestHangingWebhookDoesNotBlockTheWrite(t *testing.T) {
	release := make(chan struct{})
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	s := New(Config{Webhooks: map[string]WebhookTarget{"demo": {URL: rcv.URL, Key: "k"}}})
	defer func() {
		close(release) // before s.Close and rcv.Close, which wait for the delivery
		s.Close()
		rcv.Close()
	}()

	start := time.Now()
	emit(s, "demo", "CONTRACT_ADDITIONAL_MODULE_CREATED", 1, 2, 3)
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Errorf("emit took %s, want it to return at once", took)
	}
	if !s.mu.TryLock() {
		t.Fatal("s.mu is held while the webhook hangs")
	}
	s.mu.Unlock()
}

func TestWebhookDeliveryTimesOutAndLogsWithoutKey(t *testing.T) {
	release := make(chan struct{})
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer rcv.Close()
	defer close(release)
	var logs syncBuffer
	s := New(Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})

	target := WebhookTarget{URL: rcv.URL + "/hook?token=query-secret", Key: "wh-secret"}
	ev := apiclient.WebhookEvent{EntityID: 1, UUID: newUUID(),
		Payload: []apiclient.WebhookPayload{{Type: "CONTRACT_UPDATED"}}}
	start := time.Now()
	s.deliver("demo", target, ev, 50*time.Millisecond)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("delivery took %s, want the timeout to end it", took)
	}
	out := logs.String()
	if !strings.Contains(out, "webhook delivery failed") || !strings.Contains(out, ev.UUID) {
		t.Errorf("log %q: want the failure with the uuid", out)
	}
	for _, secret := range []string{"wh-secret", "query-secret"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q: %s", secret, out)
		}
	}
}

func TestWebhookNon2xxIsAFailure(t *testing.T) {
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer rcv.Close()
	err := postEvent(WebhookTarget{URL: rcv.URL, Key: "k"}, apiclient.WebhookEvent{}, time.Second)
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("got %v, want an error naming the 401", err)
	}
	if err := postEvent(WebhookTarget{URL: "http://%zz", Key: "k"}, apiclient.WebhookEvent{}, time.Second); err == nil {
		t.Error("bad URL: got no error")
	}
}

func TestNewUUID(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		u := newUUID()
		if !uuidV4.MatchString(u) || seen[u] {
			t.Fatalf("uuid %q: want a fresh v4 uuid", u)
		}
		seen[u] = true
	}
}

func TestPurchaseEmitsWebhooks(t *testing.T) {
	rcv, got := newReceiver(t)
	_, ts := newTestServer(t, Config{Webhooks: map[string]WebhookTarget{"demo": {URL: rcv.URL, Key: "wh-demo"}}})
	res, err := newClient(t, ts, DemoKey, 0).PurchaseAdditionalModule(context.Background(), ContractNoAddOns, saunaMonthly)
	if err != nil {
		t.Fatal(err)
	}
	// The two events travel separately, in either order.
	byType := map[string]delivery{}
	for range 2 {
		d := await(t, got)
		byType[d.event.Payload[0].Type] = d
	}
	for typ, want := range map[string]apiclient.ModuleEventContent{
		apiclient.EventModuleCreated:   {ContractID: ContractNoAddOns, ModuleContractID: res.ID},
		apiclient.EventContractUpdated: {ContractID: ContractNoAddOns},
	} {
		d, ok := byType[typ]
		if !ok {
			t.Errorf("no %s event among %v", typ, byType)
			continue
		}
		var c apiclient.ModuleEventContent
		_ = json.Unmarshal(d.event.Payload[0].Content, &c)
		if d.event.EntityID != CustomerNoAddOns || c != want || d.key != "wh-demo" {
			t.Errorf("%s: got entity %d content %+v key %q, want %d %+v wh-demo",
				typ, d.event.EntityID, c, d.key, CustomerNoAddOns, want)
		}
	}
}

func TestHangingWebhookDoesNotBlockPurchase(t *testing.T) {
	release := make(chan struct{})
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	s, ts := newTestServer(t, Config{Webhooks: map[string]WebhookTarget{"demo": {URL: rcv.URL, Key: "k"}}})
	t.Cleanup(func() { // before newTestServer's cleanup, which waits for deliveries
		close(release)
		rcv.Close()
	})
	start := time.Now()
	if _, err := newClient(t, ts, DemoKey, 0).PurchaseAdditionalModule(context.Background(), ContractNoAddOns, saunaMonthly); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("purchase took %s with a hanging webhook, want it unaffected", took)
	}
	if got := s.WriteCount("demo"); got != 1 {
		t.Errorf("writes: got %d, want 1", got)
	}
}
