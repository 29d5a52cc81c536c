package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/studio-addons/portal/apiclient/sandbox"
)

// acceptLanguage makes every request of a browser carry the header, as a
// browser set to that language does.
type acceptLanguage struct {
	value string
	next  http.RoundTripper
}

func (a acceptLanguage) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Accept-Language", a.value)
	return a.next.RoundTrip(r)
}

// browserIn returns a new browser set to the given Accept-Language.
func (e *env) browserIn(lang string) *browser {
	b := e.browser()
	b.client.Transport = acceptLanguage{value: lang, next: http.DefaultTransport}
	return b
}

// lang is the page's <html lang>.
func (p *page) lang() string { return p.Doc.Find("html").AttrOr("lang", "") }

// switchLanguage uses the footer's language switch like a browser without
// JavaScript: it posts the form and follows the redirect.
func (b *browser) switchLanguage(t testing.TB, pg *page, lang string) *page {
	t.Helper()
	if !pg.has("[data-testid=language-" + lang + "]") {
		t.Fatalf("no switch to %s on %s (current: %q)", lang, pg.URL, pg.text("[data-testid=language-current]"))
	}
	return b.submit(t, pg, "[data-testid=language-switch]", url.Values{"lang": {lang}})
}

func TestAcceptLanguageGermanGetsGermanPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browserIn("de-AT,de;q=0.9,en;q=0.5")
	pg := b.get(t, "/demo/login")
	if got := pg.lang(); got != "de" {
		t.Errorf("html lang = %q, want de", got)
	}
	if got, want := pg.text("title"), "Anmelden · Demo Studio"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if got, want := pg.text("h1"), "Anmelden"; got != want {
		t.Errorf("h1 = %q, want %q", got, want)
	}
	if got, want := pg.text("[data-testid=language-current]"), "Deutsch"; got != want {
		t.Errorf("current language = %q, want %q", got, want)
	}
	// 1-1001 has no preferredLanguage: the browser's language holds after login.
	pg = b.login(t, "demo", "1-1001", "1990-01-15")
	if pathOf(pg.URL) != "/demo/modules" || pg.lang() != "de" {
		t.Fatalf("after login: %s in %q, want /demo/modules in de", pg.URL, pg.lang())
	}
	towel := modCard(pg, sandbox.ModuleTowel)
	if got := strings.TrimSpace(towel.Find("[data-testid=price]").First().Text()); got != "4,50\u00a0€ monatlich" {
		t.Errorf("towel price = %q, want %q", got, "4,50\u00a0€ monatlich")
	}
	if got, want := pg.text("h1"), "Zusatzleistungen"; got != want {
		t.Errorf("h1 = %q, want %q", got, want)
	}
	assertNoInternals(t, pg)
}

func TestNoAcceptLanguageGetsTheStudioDefault(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, header := range []string{"", "fr-FR,fr;q=0.9"} {
		pg := e.browserIn(header).get(t, "/demo/login")
		if got := pg.lang(); got != "en" {
			t.Errorf("Accept-Language %q: html lang = %q, want en (the studio's default)", header, got)
		}
		if got := pg.text("h1"); got != "Log in" {
			t.Errorf("Accept-Language %q: h1 = %q", header, got)
		}
	}
}

// TestLanguageSwitchWithoutJS switches with the footer's form: the page
// comes back in the chosen language, at the same address, and the choice
// outlives the login, outranks the customer's preferredLanguage and stays
// in the session.
func TestLanguageSwitchWithoutJS(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser()
	pg := b.get(t, "/demo/login")
	if pg.lang() != "en" {
		t.Fatalf("first visit in %q, want en", pg.lang())
	}
	pg = b.switchLanguage(t, pg, "de")
	if got := pathOf(pg.URL); got != "/demo/login" {
		t.Errorf("switch led to %s, want back to /demo/login", got)
	}
	if pg.lang() != "de" || pg.text("h1") != "Anmelden" {
		t.Errorf("after the switch: lang %q, h1 %q; want de, Anmelden", pg.lang(), pg.text("h1"))
	}

	// 1-1003 prefers English (preferredLanguage en-GB); the choice before
	// login wins.
	pg = b.login(t, "demo", "1-1003", "1978-11-02")
	if pathOf(pg.URL) != "/demo/modules" || pg.lang() != "de" {
		t.Fatalf("after login: %s in %q, want /demo/modules in de", pg.URL, pg.lang())
	}

	// Switching on a deep page with a query comes back to it.
	detail := fmt.Sprintf("/demo/my-modules/%d", sandbox.ModuleContractSaunaCanceled)
	pg = b.get(t, detail+"?from=list")
	pg = b.switchLanguage(t, pg, "en")
	if got := pg.URL; !strings.HasSuffix(got, detail+"?from=list") {
		t.Errorf("switch led to %s, want back to %s?from=list", got, detail)
	}
	if pg.lang() != "en" {
		t.Errorf("after switching to English: lang %q", pg.lang())
	}
	pg = b.switchLanguage(t, pg, "de")
	if pg.lang() != "de" {
		t.Errorf("after switching back: lang %q", pg.lang())
	}

	// The session keeps the choice even without the browser's cookie.
	b.setCookie(&http.Cookie{Name: "portal_lang", Value: "", MaxAge: -1, Path: "/"})
	if b.cookie("portal_lang") != nil {
		t.Fatal("the language cookie is still in the jar")
	}
	if pg = b.get(t, "/demo/my-modules"); pg.lang() != "de" {
		t.Errorf("without the cookie, the session's choice: lang %q, want de", pg.lang())
	}
	assertNoInternals(t, pg)
}

// TestPreferredLanguage: a customer's preferredLanguage decides after login,
// over the browser's Accept-Language, until the member chooses.
func TestPreferredLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name, accept, number, dob string
		before, after             string
	}{
		{"German preference, English browser", "en-GB,en;q=0.9", "1-1008", "1988-04-12", "en", "de"},
		{"German preference, no header", "", "1-1008", "1988-04-12", "en", "de"},
		{"English preference, German browser", "de-DE,de;q=0.9", "1-1003", "1978-11-02", "de", "en"},
		{"no preference: the browser's", "de", "1-1001", "1990-01-15", "de", "de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := e.browserIn(tt.accept)
			if got := b.get(t, "/demo/login").lang(); got != tt.before {
				t.Errorf("login page in %q, want %q", got, tt.before)
			}
			pg := b.login(t, "demo", tt.number, tt.dob)
			if pathOf(pg.URL) != "/demo/modules" {
				t.Fatalf("login ended on %s", pg.URL)
			}
			if got := pg.lang(); got != tt.after {
				t.Errorf("after login in %q, want %q", got, tt.after)
			}
		})
	}

	t.Run("a choice after login outranks the preference, also at the next login", func(t *testing.T) {
		b := e.browser()
		pg := b.login(t, "demo", "1-1008", "1988-04-12")
		if pg.lang() != "de" {
			t.Fatalf("after login in %q, want de", pg.lang())
		}
		pg = b.switchLanguage(t, pg, "en")
		if pathOf(pg.URL) != "/demo/modules" || pg.lang() != "en" || pg.text("h1") != "Add-ons" {
			t.Errorf("after the switch: %s in %q (h1 %q)", pg.URL, pg.lang(), pg.text("h1"))
		}
		pg = b.submit(t, pg, "[data-testid=logout]", nil)
		if pg.lang() != "en" || pg.text("[data-testid=flash]") != "You are logged out." {
			t.Errorf("after logout: %q, flash %q", pg.lang(), pg.text("[data-testid=flash]"))
		}
		if pg = b.login(t, "demo", "1-1008", "1988-04-12"); pg.lang() != "en" {
			t.Errorf("next login in %q, want en (she chose)", pg.lang())
		}
	})
}

// TestLanguageSwitchRefusesWhatItShouldNot: the switch only redirects
// within the studio, only takes a language the portal speaks, and only with
// the form's CSRF token.
func TestLanguageSwitchRefusesWhatItShouldNot(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser()
	noFollow := *b.client
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	token := b.csrfToken(t)
	post := func(values url.Values) *http.Response {
		t.Helper()
		resp, err := noFollow.PostForm(e.URL+"/demo/language", values)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(url.Values{"_csrf": {token}, "lang": {"fr"}, "return": {"/demo/login"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("lang=fr: status %d, want 400", resp.StatusCode)
	}
	if resp := post(url.Values{"lang": {"de"}, "return": {"/demo/login"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("without the CSRF token: status %d, want 403", resp.StatusCode)
	}
	// A GET never changes the language (it is no route: the member area's
	// guard sends it to the login).
	if pg := b.get(t, "/demo/language?lang=de&return=/demo/modules"); pg.lang() != "en" {
		t.Errorf("GET /demo/language: a page in %q", pg.lang())
	}
	if ck := b.cookie("portal_lang"); ck != nil {
		t.Errorf("a refused switch set the language cookie to %q", ck.Value)
	}
	// A return address outside the studio is replaced by the studio's
	// start; the choice itself counts.
	for _, ret := range []string{"https://evil.example/", "//evil.example/demo/login", "/direct/login", "/demo/../direct/login", `/\evil.example`} {
		resp := post(url.Values{"_csrf": {token}, "lang": {"de"}, "return": {ret}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/demo/" {
			t.Errorf("return %q: %d → %q, want 303 → /demo/", ret, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if got := b.get(t, "/demo/login").lang(); got != "de" {
		t.Errorf("after the switches the login page is %q, want de", got)
	}
}
