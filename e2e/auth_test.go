package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/state/statetest"
)

const genericFailure = "We could not log you in with these details. Please check your member number and date of birth."

func TestLoginOutcomes(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, number, dob string
		wantPath          string // where the member ends up
		wantStatus        int
		wantTestID        string // an element that must be on that page
	}{
		{"one active contract binds the session", "1-1001", "1990-01-15", "/demo/modules", 200, "logout"},
		{"several contracts: choose one", "1-1004", "1992-03-08", "/demo/contracts", 200, "contract-option"},
		{"inactive contract: explained", "1-1005", "1970-07-07", "/demo/login", 200, "no-contract"},
		{"prospect: generic failure", "1-1007", "2001-05-05", "/demo/login", 401, "login-failure"},
		{"wrong date of birth: generic failure", "1-1001", "1990-01-16", "/demo/login", 401, "login-failure"},
		{"unknown number: generic failure", "9-9999", "1990-01-15", "/demo/login", 401, "login-failure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := e.browser()
			pg := b.login(t, "demo", tt.number, tt.dob)
			if got := pathOf(pg.URL); got != tt.wantPath {
				t.Errorf("ended on %s, want %s", got, tt.wantPath)
			}
			if pg.Status != tt.wantStatus {
				t.Errorf("status = %d, want %d", pg.Status, tt.wantStatus)
			}
			if !pg.has("[data-testid='" + tt.wantTestID + "']") {
				t.Errorf("no [data-testid=%s] on %s:\n%s", tt.wantTestID, pg.URL, pg.text("main"))
			}
			if tt.wantTestID == "login-failure" {
				if got := pg.text("[data-testid=login-failure]"); got != genericFailure {
					t.Errorf("failure message = %q, want the generic one", got)
				}
				if pg.has("[data-testid=dateOfBirth-error], [data-testid=customerNumber-error]") {
					t.Error("a field-specific error hints which field was wrong")
				}
			}
		})
	}
}

func TestLoginFieldErrors(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	tests := []struct {
		number, dob string
		wantField   []string
	}{
		{"", "", []string{"customerNumber", "dateOfBirth"}},
		{"1-1001", "not-a-date", []string{"dateOfBirth"}},
		{"1-1001", "1990-02-30", []string{"dateOfBirth"}},
		{strings.Repeat("1", 200), "1990-01-15", []string{"customerNumber"}},
		{"<script>", "1990-01-15", []string{"customerNumber"}},
	}
	for _, tt := range tests {
		pg := b.login(t, "demo", tt.number, tt.dob)
		if pg.Status != http.StatusUnprocessableEntity {
			t.Errorf("login(%q, %q) status = %d, want 422", tt.number, tt.dob, pg.Status)
		}
		for _, f := range tt.wantField {
			if !pg.has("[data-testid=" + f + "-error]") {
				t.Errorf("login(%q, %q): no error for %s", tt.number, tt.dob, f)
			}
			if got := pg.Doc.Find("#"+f).AttrOr("aria-describedby", ""); !strings.Contains(got, f+"-error") {
				t.Errorf("field %s aria-describedby = %q, want it tied to its error", f, got)
			}
		}
	}
}

func TestLoginDateOfBirthGermanFormat(t *testing.T) {
	e := newEnv(t)
	pg := e.browser().login(t, "demo", "1-1001", "15.01.1990")
	if got := pathOf(pg.URL); got != "/demo/modules" {
		t.Errorf("ended on %s, want /demo/modules", got)
	}
}

func TestChooseContract(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	pg := b.login(t, "demo", "1-1004", "1992-03-08")
	if got := pg.count("[data-testid=contract-option]"); got != 2 {
		t.Fatalf("contract options = %d, want 2", got)
	}
	// Before choosing, the member area is closed.
	if got := pathOf(b.get(t, "/demo/modules").URL); got != "/demo/contracts" {
		t.Errorf("modules before choosing → %s, want /demo/contracts", got)
	}
	// A contract id that is not the member's is refused.
	bad := b.submit(t, pg, "form[action$='/contracts']", url.Values{"contract": {"1"}})
	if bad.Status != http.StatusUnprocessableEntity || !bad.has("[data-testid=contract-error]") {
		t.Errorf("foreign contract: status %d, error shown %v; want 422 with error", bad.Status, bad.has("[data-testid=contract-error]"))
	}
	second := pg.Doc.Find("[data-testid=contract-option] input").Eq(1).AttrOr("value", "")
	done := b.submit(t, pg, "form[action$='/contracts']", url.Values{"contract": {second}})
	if got := pathOf(done.URL); got != "/demo/modules" {
		t.Errorf("after choosing → %s, want /demo/modules", got)
	}
}

func TestLogoutRevokesReplayedCookie(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	old := b.cookie("portal_session")
	if old == nil {
		t.Fatal("no session cookie after login")
	}
	pg := b.get(t, "/demo/modules")
	out := b.submit(t, pg, "form[action$='/logout']", nil)
	if got := pathOf(out.URL); got != "/demo/login" {
		t.Errorf("after logout → %s, want /demo/login", got)
	}
	if got := out.text("[data-testid=flash]"); got != "You are logged out." {
		t.Errorf("flash = %q", got)
	}
	b.setCookie(&http.Cookie{Name: old.Name, Value: old.Value, Path: "/"})
	if got := pathOf(b.get(t, "/demo/modules").URL); got != "/demo/login" {
		t.Errorf("replayed cookie → %s, want /demo/login", got)
	}
}

func TestLogoutIsPostOnly(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	pg := b.get(t, "/demo/logout")
	if pg.Status != http.StatusMethodNotAllowed && pg.Status != http.StatusNotFound {
		t.Errorf("GET logout status = %d, want 405 or 404", pg.Status)
	}
	if got := pathOf(b.get(t, "/demo/modules").URL); got != "/demo/modules" {
		t.Errorf("still logged in? modules → %s", got)
	}
}

func TestTamperedCookieLeadsToLogin(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	ck := b.cookie("portal_session")
	v := []byte(ck.Value)
	v[len(v)/2] ^= 1
	for _, val := range []string{string(v), "garbage", ""} {
		b.setCookie(&http.Cookie{Name: "portal_session", Value: val, Path: "/"})
		pg := b.get(t, "/demo/modules")
		if got := pathOf(pg.URL); got != "/demo/login" || pg.Status != 200 {
			t.Errorf("cookie %.10q → %s (%d), want /demo/login (200)", val, got, pg.Status)
		}
	}
}

func TestSessionExpiry(t *testing.T) {
	// The studio's name and logo are refreshed in the background on the
	// same clock, so it is one that is safe to read while the test moves it.
	clock := statetest.ClockAt(testNow())
	e := newEnv(t, withDeps(func(d *handlers.Deps) {
		d.Now = clock.Now
		d.IdleTimeout = 30 * time.Minute
		d.AbsoluteTimeout = 2 * time.Hour
	}))
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	clock.Advance(29 * time.Minute)
	if got := pathOf(b.get(t, "/demo/modules").URL); got != "/demo/modules" {
		t.Fatalf("within idle timeout → %s", got)
	}
	clock.Advance(31 * time.Minute)
	if got := pathOf(b.get(t, "/demo/modules").URL); got != "/demo/login" {
		t.Errorf("after idle timeout → %s, want /demo/login", got)
	}
	b.login(t, "demo", "1-1001", "1990-01-15")
	for range 5 { // active every 25 minutes, but past the absolute lifetime
		clock.Advance(25 * time.Minute)
		b.get(t, "/demo/modules")
	}
	if got := pathOf(b.get(t, "/demo/modules").URL); got != "/demo/login" {
		t.Errorf("after absolute timeout → %s, want /demo/login", got)
	}
}

// from makes the browser's requests come from addr (behind the portal's
// trusted proxy, as X-Forwarded-For).
func (b *browser) from(addr string) *browser {
	base := b.client.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	b.client.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.Header.Set("X-Forwarded-For", addr)
		return base.RoundTrip(r)
	})
	return b
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestLoginThrottled(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *appConfig) { c.TrustProxy = true }, withDeps(func(d *handlers.Deps) {
		d.Throttle = state.NewThrottle(3, 15*time.Minute, testNow)
		d.AddressThrottle = state.NewThrottle(5, 15*time.Minute, testNow)
		d.NumberThrottle = state.NewThrottle(6, 24*time.Hour, testNow)
	}))
	guesser := func() *browser { return e.browser().from("203.0.113.7") }
	for range 3 {
		if pg := guesser().login(t, "demo", "1-1001", "2000-01-01"); pg.Status != http.StatusUnauthorized {
			t.Fatalf("wrong login status = %d, want 401", pg.Status)
		}
	}
	// From that address even the right pair is refused now, with the wait
	// in minutes...
	pg := guesser().login(t, "demo", "1-1001", "1990-01-15")
	if pg.Status != http.StatusTooManyRequests {
		t.Errorf("throttled status = %d, want 429", pg.Status)
	}
	if got := pg.text("[data-testid=login-failure]"); got != "Too many attempts. Please try again in 15 minutes." {
		t.Errorf("throttle message = %q", got)
	}
	// ...but someone else's typos do not lock the member out at home.
	if home := e.browser().from("198.51.100.1").login(t, "demo", "1-1001", "1990-01-15"); pathOf(home.URL) != "/demo/modules" {
		t.Errorf("the member from another address → %s (%d), want logged in", pathOf(home.URL), home.Status)
	}
	// Another member at the guesser's address (the studio's Wi-Fi) is not
	// locked out either...
	if other := guesser().login(t, "demo", "1-1002", "1985-06-30"); pathOf(other.URL) != "/demo/modules" {
		t.Errorf("same address, other member → %s (%d), want logged in", pathOf(other.URL), other.Status)
	}
	// ...until the address itself has too many failures.
	for _, n := range []string{"1-1003", "1-1004"} {
		guesser().login(t, "demo", n, "2000-01-01")
	}
	if late := guesser().login(t, "demo", "1-1006", "1999-12-31"); late.Status != http.StatusTooManyRequests {
		t.Errorf("after 5 failures from one address: status = %d, want 429", late.Status)
	}
	// Guessing one number from many addresses is stopped by the number's
	// long window: 3 more failures elsewhere make 6, and the number is
	// locked everywhere, for hours.
	for i := range 3 {
		e.browser().from(fmt.Sprintf("192.0.2.%d", i+1)).login(t, "demo", "1-1001", "2000-01-01")
	}
	locked := e.browser().from("198.51.100.1").login(t, "demo", "1-1001", "1990-01-15")
	if locked.Status != http.StatusTooManyRequests {
		t.Errorf("after 6 failures from many addresses: status = %d, want 429", locked.Status)
	}
	if got := locked.text("[data-testid=login-failure]"); got != "Too many attempts. Please try again in 24 hours." {
		t.Errorf("long throttle message = %q", got)
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.get(t, "/demo/login")
	form := url.Values{"customerNumber": {"1-1001"}, "dateOfBirth": {"1990-01-15"}}
	if pg := b.postRaw(t, "/demo/login", form, nil); pg.Status != http.StatusForbidden {
		t.Errorf("no token: status = %d, want 403", pg.Status)
	}
	form.Set("_csrf", "forged")
	if pg := b.postRaw(t, "/demo/login", form, nil); pg.Status != http.StatusForbidden {
		t.Errorf("forged token: status = %d, want 403", pg.Status)
	}
	form.Set("_csrf", b.csrfToken(t))
	cross := http.Header{"Sec-Fetch-Site": {"cross-site"}}
	if pg := b.postRaw(t, "/demo/login", form, cross); pg.Status != http.StatusForbidden {
		t.Errorf("cross-site with token: status = %d, want 403", pg.Status)
	}
	foreign := http.Header{"Origin": {"https://evil.example"}}
	if pg := b.postRaw(t, "/demo/login", form, foreign); pg.Status != http.StatusForbidden {
		t.Errorf("foreign origin with token: status = %d, want 403", pg.Status)
	}
	// Another browser's token does not fit this browser's cookie.
	form.Set("_csrf", e.browser().csrfToken(t))
	if pg := b.postRaw(t, "/demo/login", form, nil); pg.Status != http.StatusForbidden {
		t.Errorf("other browser's token: status = %d, want 403", pg.Status)
	}
	same := http.Header{"Sec-Fetch-Site": {"same-origin"}}
	form.Set("_csrf", b.csrfToken(t))
	if pg := b.postRaw(t, "/demo/login", form, same); pathOf(pg.URL) != "/demo/modules" {
		t.Errorf("valid token → %s, want /demo/modules", pathOf(pg.URL))
	}
}

func TestSecurityHeadersAndErrors(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	for _, path := range []string{"/demo/login", "/nope/login", "/demo/does-not-exist", "/healthz"} {
		pg := b.get(t, path)
		csp := pg.Header.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "frame-ancestors 'self'", "default-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code", path)
		}
		if got := pg.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: nosniff = %q", path, got)
		}
		if pg.Header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: no Referrer-Policy", path)
		}
	}
	pg := b.get(t, "/nope/login")
	if pg.Status != http.StatusNotFound || !pg.has("[data-testid=error]") {
		t.Errorf("unknown studio: status %d, want the 404 page", pg.Status)
	}
	if n := pg.count("script:not([src])"); n != 0 {
		t.Errorf("inline scripts on the error page: %d", n)
	}
	big := url.Values{"customerNumber": {strings.Repeat("x", 64<<10)}, "_csrf": {b.csrfToken(t)}}
	if pg := b.postRaw(t, "/demo/login", big, nil); pg.Status != http.StatusRequestEntityTooLarge || !pg.has("[data-testid=error]") {
		t.Errorf("oversized form: status %d, want 413 page", pg.Status)
	}
}

func TestHomeHealthAndReady(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	home := b.get(t, "/")
	if got := home.count("[data-testid=studios] a"); got != 2 {
		t.Errorf("studios listed = %d, want 2", got)
	}
	if pg := b.get(t, "/healthz"); pg.Status != 200 {
		t.Errorf("healthz = %d", pg.Status)
	}
	if pg := b.get(t, "/readyz"); pg.Status != 200 {
		t.Errorf("readyz = %d: %s", pg.Status, pg.Body)
	}
	single := newEnv(t, func(c *appConfig) { c.Studios = c.Studios[:1] })
	if got := pathOf(single.browser().get(t, "/").URL); got != "/demo/login" {
		t.Errorf("one studio: / → %s, want /demo/login", got)
	}
}

func TestReadyzFailsWithWrongKey(t *testing.T) {
	e := newEnv(t, func(c *appConfig) { c.Studios[1].APIKey = "wrong-key" })
	if pg := e.browser().get(t, "/readyz"); pg.Status != http.StatusServiceUnavailable {
		t.Errorf("readyz with a wrong key = %d, want 503", pg.Status)
	}
}

// TestSessionsAcrossStudios: a session is for one studio, and logging in or
// out at another studio revokes it, so a copied cookie never outlives the
// member's last login or logout in that browser.
func TestSessionsAcrossStudios(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	demoCookie := *b.cookie("portal_session")
	if got := pathOf(b.get(t, "/direct/modules").URL); got != "/direct/login" {
		t.Errorf("demo session on /direct → %s, want /direct/login", got)
	}
	b.login(t, "direct", "1-1001", "1990-01-15")
	pg := b.get(t, "/direct/modules")
	b.submit(t, pg, "form[action$='/logout']", nil)

	replay := e.browser()
	replay.setCookie(&http.Cookie{Name: demoCookie.Name, Value: demoCookie.Value, Path: "/"})
	if got := pathOf(replay.get(t, "/demo/modules").URL); got != "/demo/login" {
		t.Errorf("replayed demo cookie after login and logout at /direct → %s, want /demo/login", got)
	}
}

func TestDeepLinkWithoutSessionGetsNoExpiryMessage(t *testing.T) {
	e := newEnv(t)
	pg := e.browser().get(t, "/demo/my-modules")
	if got := pathOf(pg.URL); got != "/demo/login" {
		t.Fatalf("deep link → %s, want /demo/login", got)
	}
	if pg.has("[data-testid=flash]") {
		t.Errorf("first visit shows %q", pg.text("[data-testid=flash]"))
	}
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	b.setCookie(&http.Cookie{Name: "portal_session", Value: "expired-or-tampered", Path: "/"})
	if got := b.get(t, "/demo/my-modules").text("[data-testid=flash]"); got != "Your session has ended. Please log in again." {
		t.Errorf("ended session flash = %q", got)
	}
}

// TestErrorsBeforeTheStudioIsKnown: a refusal raised before the studio's
// middleware ran (the CSRF check) is still the studio's page.
func TestErrorsBeforeTheStudioIsKnown(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	for _, pg := range []*page{
		b.postRaw(t, "/demo/login", url.Values{"customerNumber": {"1-1001"}}, nil),
		b.postRaw(t, "/demo/logout", nil, nil),
	} {
		if pg.Status != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", pg.URL, pg.Status)
		}
		if got := pg.text("[data-testid=studio-name]"); got != "Demo Studio" {
			t.Errorf("%s (%d): studio name %q, want Demo Studio", pg.URL, pg.Status, got)
		}
		if !strings.HasSuffix(pg.Doc.Find("title").Text(), "· Demo Studio") {
			t.Errorf("%s: title %q", pg.URL, pg.Doc.Find("title").Text())
		}
		if got := pg.Doc.Find("[data-testid=error] a").Last().AttrOr("href", ""); got != "/demo/" {
			t.Errorf("%s: start page link %q, want /demo/", pg.URL, got)
		}
	}
}

// TestContractChoiceForOneContract: a member with one contract has nothing
// to choose; a form posted anyway is answered without claiming several.
func TestContractChoiceForOneContract(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	if got := pathOf(b.get(t, "/demo/contracts").URL); got != "/demo/modules" {
		t.Errorf("the contract choice of a member with one contract → %s, want /demo/modules", got)
	}
	pg := b.post(t, "/demo/contracts", url.Values{"contract": {"2004"}}) // another member's
	if pg.Status != http.StatusUnprocessableEntity || !pg.has("[data-testid=contract-error]") {
		t.Fatalf("a foreign contract: status %d; want 422 with the error", pg.Status)
	}
	if got := pg.text("p.lead"); strings.Contains(got, "more than one") {
		t.Errorf("the page tells a member with one contract %q", got)
	}
}
