package e2e

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/app"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/state/redistest"
)

// An instance told to stop (SIGTERM: the binary's context ends and it
// calls app.Serve's shutdown, as these tests do) while a member's purchase
// is on its way to the studio. The purchase is held at a gate in front of
// the sandbox until the test lets it through, so nothing depends on timing.

// purchaseGate holds the sandbox's purchase requests until released.
type purchaseGate struct {
	next    http.Handler
	arrived chan struct{} // one per purchase held
	release chan struct{} // closed by open: let them through
	passed  chan struct{} // one per purchase the sandbox answered
	once    sync.Once
}

// open lets every held purchase through, once.
func (g *purchaseGate) open() { g.once.Do(func() { close(g.release) }) }

func newPurchaseGate(next http.Handler) *purchaseGate {
	return &purchaseGate{next: next, arrived: make(chan struct{}, 4), release: make(chan struct{}), passed: make(chan struct{}, 4)}
}

func (g *purchaseGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/self-service/additional-modules/purchase") {
		g.next.ServeHTTP(w, r)
		return
	}
	g.arrived <- struct{}{}
	select {
	case <-g.release:
	case <-r.Context().Done():
		return
	}
	g.next.ServeHTTP(w, r)
	g.passed <- struct{}{}
}

// wait waits for a signal on ch, bounded so a lost one fails the test.
func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("no %s within 10 s", what)
	}
}

// logSink is a log the test can wait on.
type logSink struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newLogSink() *logSink { return &logSink{changed: make(chan struct{}, 1)} }

func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case l.changed <- struct{}{}:
	default:
	}
	return l.buf.Write(p)
}

func (l *logSink) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// waitFor waits until the log holds s.
func (l *logSink) waitFor(t *testing.T, s string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !strings.Contains(l.String(), s) {
		select {
		case <-l.changed:
		case <-deadline:
			t.Fatalf("the log never said %q:\n%s", s, l.String())
		}
	}
}

// servedPortal is a portal served as the binary serves it.
type servedPortal struct {
	env  *env // e with URL set to this portal
	addr string
	logs *logSink
	stop func() error // begins the shutdown and returns Serve's answer
}

// serve starts a portal of e's configuration with app.Serve and the given
// shutdown grace.
func (e *env) serve(t *testing.T, grace time.Duration) *servedPortal {
	t.Helper()
	cfg := e.portalConfig()
	logs := newLogSink()
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	cfg.InFlight = handlers.NewInFlight()
	h, err := app.NewHandler(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- app.Serve(ctx, ln, h, app.ServeOptions{Grace: grace, Logger: cfg.Logger, InFlight: cfg.InFlight})
	}()
	var once sync.Once
	var served error
	stop := func() error {
		once.Do(func() { cancel(); served = <-done })
		return served
	}
	t.Cleanup(func() { _ = stop() })
	o := *e
	o.URL = "http://" + ln.Addr().String()
	return &servedPortal{env: &o, addr: ln.Addr().String(), logs: logs, stop: stop}
}

// gatedInstances starts Redis, the sandbox behind a purchase gate, an
// instance A served with the grace, and an instance B (the one a load
// balancer sends the member to next) sharing Redis and the keys.
func gatedInstances(t *testing.T, grace time.Duration) (*servedPortal, *env, *purchaseGate) {
	t.Helper()
	redis := redistest.Start(t)
	sb := sandbox.New(sandbox.Config{Today: today})
	gate := newPurchaseGate(sb)
	srv := httptest.NewServer(gate)
	t.Cleanup(func() { srv.Close(); sb.Close() })
	t.Cleanup(gate.open) // runs first: a failed test must not hold a purchase
	e := &env{Sandbox: sb, SandboxURL: srv.URL, opts: []envOption{
		withRedis(t, redis.URL), withSharedKeys(),
		// The held purchase must not time out while the test looks.
		func(c *appConfig) { c.UpstreamTimeout = 30 * time.Second },
	}}
	a := e.serve(t, grace)
	return a, e.another(t), gate
}

// submitBook sends the confirm page's book form without following the
// redirect, in the background: the answer (or the error of a cut
// connection) arrives on the channel.
func submitBook(t *testing.T, br *browser, confirm *page) <-chan bookAnswer {
	t.Helper()
	form := bkBookValues(confirm)
	path := fmt.Sprintf("/demo/modules/%d/book", sandbox.ModuleTowel)
	req, err := http.NewRequest(http.MethodPost, br.abs(path), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := *br.client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	answer := make(chan bookAnswer, 1)
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			answer <- bookAnswer{err: err}
			return
		}
		resp.Body.Close()
		answer <- bookAnswer{status: resp.StatusCode, location: resp.Header.Get("Location")}
	}()
	return answer
}

type bookAnswer struct {
	status   int
	location string
	err      error
}

// TestShutdownWaitsForABookingUnderWay: the instance stops accepting, but
// the purchase under way completes and the member gets the redirect to
// the outcome, which the other instance shows as booked.
func TestShutdownWaitsForABookingUnderWay(t *testing.T) {
	t.Parallel()
	a, b, gate := gatedInstances(t, 20*time.Second)
	member := modLogin(t, a.env, "1-1001", 0)
	confirm := bkSummary(t, member, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
	answer := submitBook(t, member, confirm)
	wait(t, gate.arrived, "purchase at the studio")

	start := time.Now()
	stopped := make(chan error, 1)
	go func() { stopped <- a.stop() }()
	a.logs.waitFor(t, "shutting down")
	// No new connections from here on (bounded: Shutdown closes the
	// listener right after the log line).
	for deadline := time.Now().Add(5 * time.Second); ; {
		c, err := net.Dial("tcp", a.addr)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the stopping instance still accepts connections")
		}
	}
	gate.open()

	got := <-answer
	if got.err != nil || got.status != http.StatusSeeOther || !strings.HasPrefix(got.location, "/demo/bookings/") {
		t.Fatalf("the member's book request during the shutdown: %+v; want 303 to the outcome page", got)
	}
	if err := <-stopped; err != nil {
		t.Errorf("shutdown: %v, want a clean one", err)
	}
	t.Logf("booking under SIGTERM: the shutdown waited %v for the purchase", time.Since(start).Round(time.Millisecond))
	pg := member.on(b).get(t, got.location)
	if status := pg.Doc.Find("[data-testid=booking]").AttrOr("data-status", ""); pg.Status != http.StatusOK || status != "booked" {
		t.Errorf("the outcome on the other instance: %d %q, want 200 booked", pg.Status, status)
	}
	if ids := bkNewContracts(a.env); len(ids) != 1 {
		t.Errorf("module contracts %v, want exactly one", ids)
	}
	if strings.Contains(a.logs.String(), "not settled") {
		t.Errorf("a settled booking was logged as not settled:\n%s", a.logs.String())
	}
}

// TestShutdownGraceShorterThanABooking: the grace ends before the studio
// answers. The booking is recorded as 'not confirmed yet' (in Redis, so
// any instance shows it), logged with its contract and a reference that is
// not its token, and Check again finds it once the purchase has landed.
func TestShutdownGraceShorterThanABooking(t *testing.T) {
	t.Parallel()
	a, b, gate := gatedInstances(t, 100*time.Millisecond)
	member := modLogin(t, a.env, "1-1001", 0)
	confirm := bkSummary(t, member, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
	token := bkBookValues(confirm).Get("token")
	answer := submitBook(t, member, confirm)
	wait(t, gate.arrived, "purchase at the studio")

	err := a.stop()
	if err == nil || !strings.Contains(err.Error(), "1 write(s) logged as not settled") {
		t.Errorf("shutdown past the grace: %v, want an error counting the write", err)
	}
	if got := <-answer; got.err == nil {
		t.Logf("the cut request still got %d", got.status) // a cut connection is what a grace too short costs
	}
	logs := a.logs.String()
	for _, want := range []string{
		`"msg":"booking not settled at shutdown"`, `"studio":"demo"`,
		fmt.Sprintf(`"contractId":%d`, sandbox.ContractNoAddOns), fmt.Sprintf(`"moduleId":%d`, sandbox.ModuleTowel),
		`"bookingRef":"` + handlers.BookingRef(token) + `"`, `"recorded":"uncertain"`,
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %s:\n%s", want, logs)
		}
	}
	for name, secret := range map[string]string{"booking token": token, "date of birth": "1990-01-15", "member number": "1-1001"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds the %s", name)
		}
	}

	onB := member.on(b)
	outcome := "/demo/bookings/" + token
	pg := onB.get(t, outcome)
	if status := pg.Doc.Find("[data-testid=booking]").AttrOr("data-status", ""); status != "uncertain" {
		t.Fatalf("the outcome on the other instance: %q, want uncertain", status)
	}
	if got := pg.text("[data-testid=booking-message]"); !strings.Contains(got, "restarted") {
		t.Errorf("message %q, want the interrupted booking's", got)
	}

	// The purchase reaches the studio after all; Check again finds it.
	gate.open()
	wait(t, gate.passed, "purchase answered by the studio")
	checked := onB.submit(t, pg, "form[action$='/check']", nil)
	if status := checked.Doc.Find("[data-testid=booking]").AttrOr("data-status", ""); status != "booked" {
		t.Errorf("after Check again: %q, want booked", status)
	}
	if got := a.env.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 1 {
		t.Errorf("%d purchase calls, want exactly 1", got)
	}
}
