package e2e

import (
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/sso"
	"github.com/studio-addons/portal/state/redistest"
)

// The studios' single sign-on secrets in these tests: demo rotates (the
// previous secret still works), direct shares demo's current one, so only
// the studio in the signed line tells their links apart.
const (
	ssoSecret         = "e2e-current-sso-secret-0123456789abcdef"
	ssoPreviousSecret = "e2e-previous-sso-secret-0123456789abcdef"
)

// withSSO gives demo and direct their single sign-on secrets.
func withSSO() envOption {
	return func(c *appConfig) {
		c.Studios[0].SSOSecrets = []string{ssoSecret, ssoPreviousSecret}
		c.Studios[1].SSOSecrets = []string{ssoSecret}
	}
}

// ssoLink is a link for a customer at a studio, valid for five minutes of
// the tests' clock, signed with secret.
func ssoLink(studio string, customer, contract int64, secret string) string {
	return sso.New(studio, customer, contract, testNow(), sso.MaxLifetime).URL("", secret)
}

// assertRefusedLink: the link lands on the login page with the message,
// and the browser has no session afterwards.
func assertRefusedLink(t *testing.T, b *browser, pg *page, studio, message string) {
	t.Helper()
	if pg.Status != http.StatusForbidden || !pg.has("form[action^='/"+studio+"/login']") {
		t.Errorf("refused link: status %d at %s, want 403 with the login form", pg.Status, pathOf(pg.URL))
	}
	if got := pg.text("[data-testid=login-failure]"); !strings.Contains(got, message) {
		t.Errorf("refused link says %q, want %q", got, message)
	}
	if got := pg.Doc.Find("[data-testid=language-switch] input[name=return]").AttrOr("value", ""); got != "/"+studio+"/login" {
		t.Errorf("language switch returns to %q, want the login", got)
	}
	if b.cookie("portal_session") != nil {
		t.Error("a refused link left a session cookie")
	}
	if got := pathOf(b.get(t, "/"+studio+"/modules").URL); got != "/"+studio+"/login" {
		t.Errorf("after a refused link /%s/modules → %s, want the login", studio, got)
	}
}

// TestSingleSignOn: a genuine link logs the member in without the form,
// once; every kind of bad link lands on the login page with a message
// saying why and creates no session.
func TestSingleSignOn(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withSSO())

	t.Run("genuine, then replayed", func(t *testing.T) {
		link := ssoLink("demo", 1001, 0, ssoSecret)
		b := e.browser()
		pg := b.get(t, link)
		if pathOf(pg.URL) != "/demo/modules" || !pg.has("[data-testid=logout]") {
			t.Fatalf("genuine link → %s (status %d), want the add-ons, logged in", pathOf(pg.URL), pg.Status)
		}
		again := e.browser()
		assertRefusedLink(t, again, again.get(t, link), "demo", "already been used")
	})
	t.Run("signed with the previous secret during a rotation", func(t *testing.T) {
		if got := pathOf(e.browser().get(t, ssoLink("demo", 1002, 0, ssoPreviousSecret)).URL); got != "/demo/modules" {
			t.Errorf("→ %s, want /demo/modules", got)
		}
	})
	t.Run("several contracts: the link's contract is bound", func(t *testing.T) {
		pg := e.browser().get(t, ssoLink("demo", 1004, sandbox.ContractCancelled, ssoSecret))
		if pathOf(pg.URL) != "/demo/modules" {
			t.Fatalf("→ %s, want /demo/modules", pathOf(pg.URL))
		}
		// The cancelled contract can book nothing: its cards say so.
		if n, unavailable := pg.count("[data-testid=module-card]"), pg.count("[data-testid=module-card][data-state=unavailable]"); n == 0 || n != unavailable {
			t.Errorf("%d of %d cards unavailable, want all (contract %d bound)", unavailable, n, sandbox.ContractCancelled)
		}
		// As after a login with the form: the header names the bound
		// contract of the two and offers the switch.
		if got := pg.text("[data-testid=active-contract-name]"); got != "Student Flex" || !pg.has("[data-testid=switch-contract]") {
			t.Errorf("active contract %q (switch offered: %v), want Student Flex and the switch", got, pg.has("[data-testid=switch-contract]"))
		}
	})
	t.Run("several contracts, none in the link: the choice", func(t *testing.T) {
		pg := e.browser().get(t, ssoLink("demo", 1004, 0, ssoSecret))
		if pathOf(pg.URL) != "/demo/contracts" || pg.count("[data-testid=contract-option]") != 2 {
			t.Errorf("→ %s with %d options, want the choice of two", pathOf(pg.URL), pg.count("[data-testid=contract-option]"))
		}
	})
	t.Run("a contract that is not the customer's: the choice as after a login", func(t *testing.T) {
		pg := e.browser().get(t, ssoLink("demo", 1001, sandbox.ContractCancelled, ssoSecret))
		if pathOf(pg.URL) != "/demo/modules" {
			t.Errorf("→ %s, want /demo/modules with 1-1001's one contract", pathOf(pg.URL))
		}
	})
	t.Run("no active contract", func(t *testing.T) {
		b := e.browser()
		pg := b.get(t, ssoLink("demo", 1005, 0, ssoSecret))
		if !pg.has("[data-testid=no-contract]") || b.cookie("portal_session") != nil {
			t.Errorf("inactive contract: no-contract page %v, session %v", pg.has("[data-testid=no-contract]"), b.cookie("portal_session") != nil)
		}
	})

	refused := []struct {
		name, path, message string
	}{
		{"expired", sso.Link{Studio: "demo", Customer: 1001, Expires: testNow().Add(-time.Minute), Nonce: sso.NewNonce()}.URL("", ssoSecret), "has expired"},
		{"valid for an hour", sso.Link{Studio: "demo", Customer: 1001, Expires: testNow().Add(time.Hour), Nonce: sso.NewNonce()}.URL("", ssoSecret), "not valid"},
		{"tampered customer", strings.Replace(ssoLink("demo", 1001, 0, ssoSecret), "customer=1001", "customer=1002", 1), "not valid"},
		{"another studio's link", strings.Replace(ssoLink("demo", 1001, 0, ssoSecret), "/demo/", "/direct/", 1), "not valid"},
		{"a secret the studio does not have", ssoLink("direct", 1001, 0, ssoPreviousSecret), "not valid"},
		{"no signature", regexp.MustCompile(`&sig=[0-9a-f]+`).ReplaceAllString(ssoLink("demo", 1001, 0, ssoSecret), ""), "not valid"},
		{"a customer the studio does not know", ssoLink("demo", 9999, 0, ssoSecret), "not valid"},
		{"a prospect, not a member", ssoLink("demo", 1007, 0, ssoSecret), "for members of the studio"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			b := e.browser()
			assertRefusedLink(t, b, b.get(t, tt.path), studioOf(tt.path), tt.message)
		})
	}

	t.Run("fetched as an image by another site", func(t *testing.T) {
		b := e.browser()
		req, _ := http.NewRequest(http.MethodGet, e.URL+ssoLink("demo", 1001, 0, ssoSecret), nil)
		req.Header.Set("Sec-Fetch-Dest", "image")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		assertRefusedLink(t, b, b.do(t, req), "demo", "not valid")
	})
	t.Run("in German when the link asks for it", func(t *testing.T) {
		b := e.browser()
		pg := b.get(t, ssoLink("demo", 1001, 0, "not-the-secret-of-the-demo-studio!!")+"&lang=de")
		if got := pg.text("[data-testid=login-failure]"); !strings.Contains(got, "Anmeldelink ist ungültig") {
			t.Errorf("German refusal = %q", got)
		}
		if got := pg.Doc.Find("form[action^='/demo/login']").AttrOr("action", ""); got != "/demo/login?lang=de" {
			t.Errorf("login form posts to %q, want it to keep the language", got)
		}
	})
}

// TestSingleSignOnNeedsSecrets: a studio without SSO secrets takes no link.
func TestSingleSignOnNeedsSecrets(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser()
	assertRefusedLink(t, b, b.get(t, ssoLink("demo", 1001, 0, ssoSecret)), "demo", "not valid")
}

// TestSingleSignOnOnceAcrossInstances: with shared state a link used at
// one instance is refused at another.
func TestSingleSignOnOnceAcrossInstances(t *testing.T) {
	t.Parallel()
	r := redistest.Start(t)
	a := newEnv(t, withSSO(), withRedis(t, r.URL), withSharedKeys())
	other := a.another(t)
	link := ssoLink("demo", 1001, 0, ssoSecret)
	if got := pathOf(a.browser().get(t, link).URL); got != "/demo/modules" {
		t.Fatalf("first use → %s", got)
	}
	b := other.browser()
	assertRefusedLink(t, b, b.get(t, link), "demo", "already been used")
}

// TestSingleSignOnOpenSSLSigner runs the README's openssl one-liner and
// follows the link it prints: the portal takes it.
func TestSingleSignOnOpenSSLSigner(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?m)^    (exp=.*openssl dgst.*)$").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no openssl one-liner (an indented line starting exp=)")
	}
	// The one-liner signs with date(1): the portal keeps real time here.
	e := newEnv(t, withSSO(), withDeps(func(d *handlers.Deps) { d.Now = time.Now }))
	cmd := exec.Command("sh", "-c", string(m[1]))
	cmd.Env = append(os.Environ(), "PORTAL_URL="+e.URL, "STUDIO=demo", "CUSTOMER=1001", "SSO_SECRET="+ssoSecret)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("one-liner: %v\n%s", err, out)
	}
	link := strings.TrimSpace(string(out))
	if _, err := url.Parse(link); err != nil || !strings.HasPrefix(link, e.URL+"/demo/sso?") {
		t.Fatalf("one-liner printed %q", link)
	}
	if got := pathOf(e.browser().get(t, link).URL); got != "/demo/modules" {
		t.Errorf("the one-liner's link → %s, want /demo/modules", got)
	}
}
