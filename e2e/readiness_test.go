package e2e

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/handlers"
)

// TestReadyzNamesAMissingScopeAndMembersGetTheUnavailablePage: a key
// without a scope the portal needs fails readiness, naming the scope, which
// is logged once; members meet the unavailable page, not a broken one.
func TestReadyzNamesAMissingScopeAndMembersGetTheUnavailablePage(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	e := newEnv(t, func(c *appConfig) {
		c.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	}, withDeps(func(d *handlers.Deps) { d.ReadyTTL = -1 })) // every probe checks anew
	e.Sandbox.RevokeScope("demo", apiclient.ScopeModuleRead)
	b := e.browser()
	for range 2 {
		pg := b.get(t, "/readyz")
		if pg.Status != http.StatusServiceUnavailable || !strings.Contains(pg.Body, "studio demo lacks scope MEMBERSHIP_SELF_SERVICE_ADDITIONAL_MODULE_READ") {
			t.Errorf("readyz = %d %q, want 503 naming the scope", pg.Status, pg.Body)
		}
	}
	if got := strings.Count(logs.String(), `"scope":"MEMBERSHIP_SELF_SERVICE_ADDITIONAL_MODULE_READ"`); got != 1 {
		t.Errorf("missing scope logged %d times, want once:\n%s", got, logs.String())
	}
	b = modLoginFails(t, e)
	pg := b.get(t, "/demo/modules")
	if pg.Status != http.StatusServiceUnavailable || pg.text("[data-testid=error] h1") != "Temporarily unavailable" {
		t.Errorf("the catalog without its scope: %d %q, want the unavailable page", pg.Status, pg.text("[data-testid=error] h1"))
	}
	assertNoInternals(t, pg)
	e.Sandbox.GrantScope("demo", apiclient.ScopeModuleRead)
	if pg := b.get(t, "/readyz"); pg.Status != http.StatusOK {
		t.Errorf("readyz with the scope back = %d %q", pg.Status, pg.Body)
	}
}

// modLoginFails logs 1-1001 in without looking at the page after the login,
// which needs the catalog.
func modLoginFails(t *testing.T, e *env) *browser {
	t.Helper()
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	if b.cookie("portal_session") == nil {
		t.Fatal("no session after login")
	}
	return b
}
