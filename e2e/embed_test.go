package e2e

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// studioSite is the origin of the demo studio's own website in these tests.
const studioSite = "https://www.demo-studio.example"

// withFraming lets the demo studio's website frame it.
func withFraming() envOption {
	return func(c *appConfig) { c.Studios[0].FrameOrigins = []string{studioSite} }
}

// rawGet requests path without following redirects or keeping cookies.
func rawGet(t *testing.T, e *env, path string, header http.Header) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// TestFramingIsPerStudio: a studio's website may frame that studio's
// pages and nothing else; a studio without frame origins stays framed by
// the portal alone.
func TestFramingIsPerStudio(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withFraming())
	tests := []struct {
		path, ancestors, xfo string
	}{
		{"/demo/login", "frame-ancestors 'self' " + studioSite, ""},
		{"/demo/modules", "frame-ancestors 'self' " + studioSite, ""},
		{"/direct/login", "frame-ancestors 'self'", "SAMEORIGIN"},
		{"/", "frame-ancestors 'self'", "SAMEORIGIN"},
	}
	for _, tt := range tests {
		resp := rawGet(t, e, tt.path, nil)
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.HasSuffix(csp, tt.ancestors) && !strings.Contains(csp, tt.ancestors+";") {
			t.Errorf("%s: CSP %q, want %q", tt.path, csp, tt.ancestors)
		}
		if got := resp.Header.Get("X-Frame-Options"); got != tt.xfo {
			t.Errorf("%s: X-Frame-Options %q, want %q", tt.path, got, tt.xfo)
		}
	}
}

// TestFramedCookies: with a framed studio every cookie is made for a
// cross-site frame (SameSite=None; Secure; Partitioned), also on the
// loopback address the demo uses; without one they stay Lax.
func TestFramedCookies(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		opts  []envOption
		want  []string
		never []string
	}{
		{"a framed studio", []envOption{withFraming()}, []string{"portal_csrf=", "SameSite=None", "Secure", "Partitioned", "HttpOnly", "Path=/"}, []string{"Domain="}},
		{"no framed studio", nil, []string{"portal_csrf=", "SameSite=Lax", "HttpOnly"}, []string{"Partitioned", "SameSite=None"}},
		{"served over https", []envOption{withFraming(), func(c *appConfig) { c.Secure = true }}, []string{"__Host-portal_csrf=", "SameSite=None", "Secure", "Partitioned", "Path=/"}, []string{"Domain="}},
	} {
		e := newEnv(t, tt.opts...)
		ck := rawGet(t, e, "/demo/login", nil).Header.Get("Set-Cookie")
		for _, want := range tt.want {
			if !strings.Contains(ck, want) {
				t.Errorf("%s: Set-Cookie %q lacks %s", tt.name, ck, want)
			}
		}
		for _, never := range tt.never {
			if strings.Contains(ck, never) {
				t.Errorf("%s: Set-Cookie %q has %s", tt.name, ck, never)
			}
		}
	}
}

// TestCSRFTokenNeverFromTheAddress: a token in the query string is not a
// token, even a valid one.
func TestCSRFTokenNeverFromTheAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser()
	token := b.csrfToken(t)
	form := url.Values{"customerNumber": {"1-1001"}, "dateOfBirth": {"1990-01-15"}}
	if pg := b.postRaw(t, "/demo/login?_csrf="+url.QueryEscape(token), form, nil); pg.Status != http.StatusForbidden {
		t.Errorf("token in the address: status %d, want 403", pg.Status)
	}
	form.Set("_csrf", token)
	if pg := b.postRaw(t, "/demo/login", form, nil); pathOf(pg.URL) != "/demo/modules" {
		t.Errorf("token in the body → %s, want /demo/modules", pathOf(pg.URL))
	}
}

// TestCSRFTokenRotatesAtLogin: the form token seen before the login is
// worth nothing after it.
func TestCSRFTokenRotatesAtLogin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser()
	before := b.csrfToken(t)
	b.login(t, "demo", "1-1001", "1990-01-15")
	after := b.get(t, "/demo/modules").Doc.Find("input[name=_csrf]").First().AttrOr("value", "")
	if after == "" || after == before {
		t.Fatalf("token after login %q, want a new one", after)
	}
	if pg := b.postRaw(t, "/demo/logout", url.Values{"_csrf": {before}}, nil); pg.Status != http.StatusForbidden {
		t.Errorf("logout with the token from before the login: status %d, want 403", pg.Status)
	}
	if pg := b.postRaw(t, "/demo/logout", url.Values{"_csrf": {after}}, nil); pathOf(pg.URL) != "/demo/login" {
		t.Errorf("logout with the new token → %s", pathOf(pg.URL))
	}
}

// TestFormWithoutItsCookieOffersANewTab: a browser that keeps no cookie
// for the portal (third-party cookies blocked in the studio's frame) sends
// the login form back without the cookie its page set; it is offered the
// portal in a new tab, in the page's language, instead of failing again.
func TestFormWithoutItsCookieOffersANewTab(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withFraming())
	keeper := e.browser()
	login := keeper.get(t, "/demo/?embed="+url.QueryEscape(studioSite)+"&lang=de")
	form := login.Doc.Find("form[action^='/demo/login']")
	action := form.AttrOr("action", "")
	if pathOf(login.URL) != "/demo/login" || action != "/demo/login?lang=de" {
		t.Fatalf("framed start → %s with form action %q, want the German login", login.URL, action)
	}
	values := formValues(form)
	values.Set("customerNumber", "1-1001")
	values.Set("dateOfBirth", "1990-01-15")
	// The same form, sent by a browser that kept no cookie.
	pg := e.browser().postRaw(t, action, values, http.Header{"Sec-Fetch-Site": {"same-origin"}})
	link := pg.Doc.Find("[data-testid=open-new-tab]")
	if pg.Status != http.StatusForbidden || link.Length() != 1 {
		t.Fatalf("status %d, new-tab link %d; want 403 and the link", pg.Status, link.Length())
	}
	if got := link.AttrOr("href", ""); got != "/demo/login?lang=de" || link.AttrOr("target", "") != "_blank" || link.AttrOr("rel", "") != "noopener" {
		t.Errorf("new-tab link %q target %q rel %q", got, link.AttrOr("target", ""), link.AttrOr("rel", ""))
	}
	if got := pg.text("h1"); !strings.Contains(got, "neuen Tab") {
		t.Errorf("heading %q, want German", got)
	}
	if pg.has("[data-testid=error] a[href='/demo/']") {
		t.Error("the page also offers the start page, which would fail again")
	}
	// The browser that kept its cookie logs in with the same form.
	if got := pathOf(keeper.postRaw(t, action, values, nil).URL); got != "/demo/modules" {
		t.Errorf("with the cookie → %s", got)
	}
}

// TestEmbedParameters: the embed script's origin reaches the page only
// when the studio allows it; the studio's start keeps the parameters on
// its way to the login.
func TestEmbedParameters(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withFraming())
	b := e.browser()
	pg := b.get(t, "/demo/?embed="+url.QueryEscape(studioSite))
	body := pg.Doc.Find("body")
	if got := body.AttrOr("data-embed-origin", ""); got != studioSite {
		t.Errorf("data-embed-origin %q, want %s", got, studioSite)
	}
	if got := body.AttrOr("data-frame-origins", ""); got != studioSite {
		t.Errorf("data-frame-origins %q", got)
	}
	if got := pg.Doc.Find("body").AttrOr("data-embed-origin", ""); got == "" || pathOf(pg.URL) != "/demo/login" {
		t.Errorf("at %s", pg.URL)
	}
	other := b.get(t, "/demo/login?embed="+url.QueryEscape("https://evil.example"))
	if _, ok := other.Doc.Find("body").Attr("data-embed-origin"); ok {
		t.Error("an origin the studio does not allow reached the page")
	}
	if _, ok := b.get(t, "/direct/login").Doc.Find("body").Attr("data-frame-origins"); ok {
		t.Error("a studio without frame origins lists some")
	}
}

// TestEmbedScript: /embed.js is served for other sites' pages, briefly
// cached, and knows the portal's message.
func TestEmbedScript(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	resp, err := http.Get(e.URL + "/embed.js")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body strings.Builder
	_, _ = io.Copy(&body, resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if got := resp.Header.Get("Cache-Control"); got != "public, max-age=300" {
		t.Errorf("Cache-Control %q", got)
	}
	if !strings.Contains(body.String(), "addons-portal:size") || !strings.Contains(body.String(), "ev.origin !== portal") {
		t.Error("embed.js does not check the portal's messages")
	}
}
