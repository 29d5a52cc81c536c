package e2e

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/studio-addons/portal/apiclient/sandbox"
)

// syncBuffer is a log sink safe for the portal's concurrent requests.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestLogsAreStructuredAndHoldNoSecrets walks a member through login,
// booking, an upstream failure and logout with debug logging on, then checks
// that every line is JSON and none holds the API key, a cookie, a CSRF or
// booking token, or the member's date of birth.
func TestLogsAreStructuredAndHoldNoSecrets(t *testing.T) {
	var logs syncBuffer
	e := newEnv(t, func(c *appConfig) {
		c.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	e.browser().login(t, "demo", "1-1001", "1999-09-09") // a failed login is logged too
	mod := b.get(t, "/demo/modules/301")
	confirm := b.submit(t, mod, "[data-testid=check-form]", url.Values{"trial": {"on"}})
	token := confirm.Doc.Find("[data-testid=book-form] input[name=token]").AttrOr("value", "")
	if token == "" {
		t.Fatalf("no booking token on the confirm page %s", confirm.URL)
	}
	b.submit(t, confirm, "[data-testid=book-form]", nil)
	e.Sandbox.SetFault(sandbox.Fault{Method: "GET", Path: "/v1/memberships/self-service/additional-modules", Status: 503})
	b.get(t, "/demo/modules")
	e.Sandbox.ClearFaults()
	session := b.cookie("portal_session").Value
	csrfCookie := b.cookie("portal_csrf").Value
	csrf := b.csrfToken(t)
	b.submit(t, b.get(t, "/demo/my-modules"), "form[action$='/logout']", nil)

	out := logs.String()
	if !strings.Contains(out, `"level":"ERROR"`) || !strings.Contains(out, "traceId") {
		t.Errorf("the upstream 503 was not logged at error level with its traceId")
	}
	secrets := map[string]string{
		"API key": sandbox.DemoKey, "session cookie": session, "CSRF cookie": csrfCookie,
		"CSRF token": csrf, "booking token": token, "date of birth": "1990-01-15",
	}
	for name, s := range secrets {
		if s != "" && strings.Contains(out, s) {
			t.Errorf("logs contain the %s", name)
		}
	}
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line %d is not JSON: %s", i+1, line)
		}
	}
}

// TestOneRequestCannotFloodTheLog: a path, a query and form values of
// hundreds of kilobytes (the server takes request lines up to 1 MB) end up
// in log lines only clipped, however they get there (an error naming the
// path's id, an attribute).
func TestOneRequestCannotFloodTheLog(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	e := newEnv(t, func(c *appConfig) {
		c.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	huge := strings.Repeat("A", 300<<10)
	query := "?frequency=" + huge + "&x=" + huge[:100<<10]
	for _, path := range []string{
		"/demo/modules/" + huge,                // a module id the handler names in its error
		"/demo/my-modules/" + huge + "/cancel", // an add-on contract id, likewise
		"/demo/modules/301/confirm" + query,    // a long query on a page
		"/demo/" + huge + query,                // no such route
		"/" + huge + "/login" + query,          // no such studio
	} {
		if pg := b.get(t, path); pg.Status < 400 && pg.Status != http.StatusOK {
			t.Errorf("GET %.40s…: status %d", path, pg.Status)
		}
	}
	b.post(t, "/demo/login", url.Values{"customerNumber": {huge[:30<<10]}, "dateOfBirth": {huge[:1<<10]}})

	out := logs.String()
	if !strings.Contains(out, "bytes clipped]") {
		t.Error("nothing was clipped: the long values did not reach the log, so this test tests nothing")
	}
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if len(line) > 8<<10 {
			t.Errorf("log line %d is %d bytes: %.200s…", i+1, len(line), line)
		}
	}
	if len(out) > 200<<10 {
		t.Errorf("the log grew by %d bytes for a few requests", len(out))
	}
}
