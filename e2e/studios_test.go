package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/studios"
)

// Studios never mix: what a member holds from one studio (session, form
// token, booking token, a cached read) is worth nothing at another.

// TestSessionOfOneStudioIsNothingAtAnother: a demo session opens none of
// direct's member pages, and a POST there changes nothing upstream.
func TestSessionOfOneStudioIsNothingAtAnother(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser()
	b.login(t, "demo", "1-1001", "1990-01-15")
	for _, path := range []string{"/direct/modules", "/direct/my-modules", "/direct/modules/301", "/direct/contracts"} {
		if got := pathOf(b.get(t, path).URL); got != "/direct/login" {
			t.Errorf("demo session at %s → %s, want /direct/login", path, got)
		}
	}
	confirm := fmt.Sprintf("/direct/modules/%d/book", sandbox.ModuleSauna)
	pg := b.post(t, confirm, url.Values{"token": {"whatever"}})
	if got := pathOf(pg.URL); got != "/direct/login" {
		t.Errorf("demo session POST %s → %s, want /direct/login", confirm, got)
	}
	if n := e.Sandbox.WriteCount("direct"); n != 0 {
		t.Errorf("direct upstream writes = %d, want 0", n)
	}
	// The demo session itself is untouched by the visits.
	if got := pathOf(b.get(t, "/demo/modules").URL); got != "/demo/modules" {
		t.Errorf("demo session after visiting direct → %s", got)
	}
}

// TestCSRFTokenOfOneStudioIsRefusedAtAnother: the token is bound to the
// browser's CSRF cookie and to the studio of the page it came from.
func TestCSRFTokenOfOneStudioIsRefusedAtAnother(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser()
	demoToken, directToken := b.csrfTokenAt(t, "demo"), b.csrfTokenAt(t, "direct")
	if demoToken == directToken {
		t.Fatal("demo and direct pages carry the same form token")
	}
	login := url.Values{"customerNumber": {"1-1001"}, "dateOfBirth": {"1990-01-15"}}
	login.Set("_csrf", demoToken)
	if pg := b.postRaw(t, "/direct/login", login, nil); pg.Status != http.StatusForbidden {
		t.Errorf("direct login with demo's token: status %d, want 403", pg.Status)
	}
	login.Set("_csrf", directToken)
	if pg := b.postRaw(t, "/direct/login", login, nil); pathOf(pg.URL) != "/direct/modules" {
		t.Errorf("direct login with direct's token → %s (status %d), want /direct/modules", pathOf(pg.URL), pg.Status)
	}
	if pg := b.postRaw(t, "/demo/logout", url.Values{"_csrf": {directToken}}, nil); pg.Status != http.StatusForbidden {
		t.Errorf("demo logout with direct's token: status %d, want 403", pg.Status)
	}
}

// TestBookingTokenOfOneStudioIsNothingAtAnother: the same member (1-1001
// is a member of both sandbox studios) carries a demo booking token to
// direct: it neither shows nor books anything there, nor at demo.
func TestBookingTokenOfOneStudioIsNothingAtAnother(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	confirm := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	token := bkBookValues(confirm).Get("token")
	if token == "" {
		t.Fatal("no booking token on the confirm page")
	}
	b.login(t, "direct", "1-1001", "1990-01-15")
	if pg := b.get(t, "/direct/bookings/"+token); pg.Status != http.StatusNotFound {
		t.Errorf("demo booking token at direct: status %d, want 404", pg.Status)
	}
	book := fmt.Sprintf("/direct/modules/%d/book", sandbox.ModuleSauna)
	pg := b.post(t, book, bkBookValues(confirm))
	if bkStatus(pg) == "booked" {
		t.Errorf("demo booking token booked at direct: %s", pg.text("main"))
	}
	if d, m := e.Sandbox.WriteCount("direct"), e.Sandbox.WriteCount("demo"); d != 0 || m != 0 {
		t.Errorf("upstream writes: direct %d, demo %d; want none", d, m)
	}
	if n := e.Sandbox.Calls("direct", "POST "+purchaseRoute) + e.Sandbox.Calls("demo", "POST "+purchaseRoute); n != 0 {
		t.Errorf("purchase calls = %d, want 0", n)
	}
}

// TestPendingBookingOfOneStudioIsNothingAtAnother: a booking whose outcome
// is unknown at demo blocks new bookings of that add-on at demo only. At
// direct, where the same member has a contract with the same id, the
// add-on's page offers Continue, and the member books it there.
func TestPendingBookingOfOneStudioIsNothingAtAnother(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	sum := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: purchaseRoute, Drop: true, Times: 1})
	assertUncertain(t, b.submit(t, sum, "form[data-testid=book-form]", nil))
	if pg := b.get(t, fmt.Sprintf("/demo/modules/%d", sandbox.ModuleSauna)); !pg.has("[data-testid=pending-booking]") {
		t.Fatalf("demo's add-on page does not show its pending booking: %s", pg.text("main"))
	}

	direct := e.browser()
	direct.login(t, "direct", "1-1001", "1990-01-15")
	pg := direct.get(t, fmt.Sprintf("/direct/modules/%d", sandbox.ModuleSauna))
	if pg.has("[data-testid=pending-booking]") || !pg.has("form[data-testid=check-form]") {
		t.Fatalf("direct's add-on page shows demo's pending booking: %s", pg.text("main"))
	}
	v := url.Values{"paymentFrequency": {fmt.Sprint(sandbox.FrequencySaunaMonthly)}}
	confirm := direct.submit(t, pg, "form[data-testid=check-form]", v)
	if !confirm.has("form[data-testid=book-form]") || confirm.has("[data-testid=pending-booking]") {
		t.Fatalf("direct's summary: %s", confirm.text("main"))
	}
	if got := bkStatus(direct.submit(t, confirm, "form[data-testid=book-form]", nil)); got != "booked" {
		t.Errorf("booking at direct ended %q, want booked", got)
	}
	if got := e.Sandbox.Calls("direct", "POST "+purchaseRoute); got != 1 {
		t.Errorf("direct purchase calls = %d, want 1", got)
	}
}

// TestCacheIsPerStudio: with the read cache on, what the portal read for
// one studio never answers for another, though both tenants use the same
// contract and module ids.
func TestCacheIsPerStudio(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCache())
	demo := modLogin(t, e, "1-1001", 0)
	if pg := demo.get(t, "/demo/modules"); modCard(pg, sandbox.ModuleTowel).Length() != 1 {
		t.Fatal("demo offers no towel flat-rate")
	}
	demo.get(t, "/demo/my-modules") // caches demo's empty add-on list of contract 2001

	// Behind the portal's back, direct stops offering the towel flat-rate
	// and books a sauna on its contract 2001.
	if err := e.Sandbox.SetModuleActive("direct", sandbox.ModuleTowel, false); err != nil {
		t.Fatal(err)
	}
	c, err := apiclient.NewClient(e.SandboxURL, sandbox.DirectKey)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.PurchaseAdditionalModule(context.Background(), sandbox.ContractNoAddOns, apiclient.AdditionalModuleRequest{
		AdditionalModuleID: sandbox.ModuleSauna, PaymentFrequencyID: sandbox.FrequencySaunaMonthly})
	if err != nil {
		t.Fatal(err)
	}

	direct := e.browser()
	direct.login(t, "direct", "1-1001", "1990-01-15")
	if pg := direct.get(t, "/direct/modules"); modCard(pg, sandbox.ModuleTowel).Length() != 0 {
		t.Error("direct shows the towel flat-rate it no longer offers (demo's cached catalog?)")
	}
	if pg := direct.get(t, "/direct/my-modules"); mmCard(pg, res.ID).Length() != 1 {
		t.Errorf("direct's My add-ons lacks its sauna %d (demo's cached list?): %s", res.ID, pg.text("main"))
	}
	if pg := demo.get(t, "/demo/my-modules"); mmCard(pg, res.ID).Length() != 0 {
		t.Errorf("demo's My add-ons shows direct's sauna %d", res.ID)
	}
}

// withBranding gives the two test studios the demo's branding: logos as
// files, colours, contact and legal links; demo also a favicon URL.
func withBranding() envOption {
	return func(c *appConfig) {
		c.Studios[0].Branding = studios.Branding{
			Logo:    studios.Image{File: "demo.svg", Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" data-studio="demo"/>`)},
			Favicon: studios.Image{URL: "https://cdn.demo-studio.example/favicon.png"},
			Primary: "#0b6e4f", Accent: "#b45309",
		}
		c.Studios[0].Product = studios.Magicline
		c.Studios[0].Contact = studios.Contact{Email: "info@demo-studio.example", Phone: "+49 30 1234567", Address: "Example Street 1, 10115 Berlin"}
		c.Studios[0].Links = studios.Links{Website: "https://www.demo-studio.example/", Imprint: "https://www.demo-studio.example/imprint",
			Privacy: "https://www.demo-studio.example/privacy", Terms: "https://www.demo-studio.example/terms"}
		c.Studios[1].Branding = studios.Branding{
			Logo:    studios.Image{File: "direct.svg", Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" data-studio="direct"/>`)},
			Primary: "#5b21b6",
		}
		c.Studios[1].Product = studios.PerfectGymNext
		c.Studios[1].Name = "" // unset: the tenant's own (studio information)
	}
}

// TestStudioPagesAreBranded: each studio's pages link its own stylesheet,
// logo and favicon, carry its slug for the stylesheet, and end with its
// contact and legal links; nothing is styled inline.
func TestStudioPagesAreBranded(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withBranding())
	b := e.browser()
	demo, direct := b.get(t, "/demo/login"), b.get(t, "/direct/login")

	if got := demo.Doc.Find("body").AttrOr("data-studio", ""); got != "demo" {
		t.Errorf("demo body data-studio = %q", got)
	}
	demoCSS, directCSS := studioStylesheet(t, demo), studioStylesheet(t, direct)
	if demoCSS == "" || directCSS == "" || demoCSS == directCSS {
		t.Fatalf("stylesheets demo %q, direct %q: want one each, different", demoCSS, directCSS)
	}
	checks := []struct{ what, got, want string }{
		{"demo logo", demo.Doc.Find("[data-testid=studio-logo]").AttrOr("src", ""), "/static/studios/demo/logo."},
		{"demo favicon", demo.Doc.Find("link[rel=icon]").AttrOr("href", ""), "https://cdn.demo-studio.example/favicon.png"},
		{"direct logo", direct.Doc.Find("[data-testid=studio-logo]").AttrOr("src", ""), "/static/studios/direct/logo."},
		{"direct favicon is its logo", direct.Doc.Find("link[rel=icon]").AttrOr("href", ""), "/static/studios/direct/logo."},
		{"direct name from the slug", direct.text("[data-testid=studio-name]"), "Direct"},
		{"demo phone", demo.Doc.Find("[data-testid=studio-phone]").AttrOr("href", ""), "tel:+49301234567"},
		{"demo e-mail", demo.Doc.Find("[data-testid=studio-email]").AttrOr("href", ""), "mailto:info@demo-studio.example"},
		{"demo address", demo.text("[data-testid=studio-address]"), "Example Street 1, 10115 Berlin"},
		{"demo website", demo.Doc.Find("[data-testid=studio-website]").AttrOr("href", ""), "https://www.demo-studio.example/"},
		{"demo imprint", demo.Doc.Find("[data-testid=studio-imprint]").AttrOr("href", ""), "https://www.demo-studio.example/imprint"},
		{"demo privacy", demo.Doc.Find("[data-testid=studio-privacy]").AttrOr("href", ""), "https://www.demo-studio.example/privacy"},
		{"demo terms", demo.Doc.Find("[data-testid=studio-terms]").AttrOr("href", ""), "https://www.demo-studio.example/terms"},
		{"demo product", demo.text("[data-testid=studio-product]"), "Bookings go straight into the studio's membership system, Magicline."},
		{"direct product", direct.text("[data-testid=studio-product]"), "Bookings go straight into the studio's membership system, PerfectGym Next."},
	}
	for _, c := range checks {
		if !strings.HasPrefix(c.got, c.want) {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if direct.has("[data-testid=studio-imprint], [data-testid=studio-phone]") {
		t.Error("direct shows contact or legal links it does not have")
	}
	for _, pg := range []*page{demo, direct} {
		if pg.has("[style], style") {
			t.Errorf("%s has inline styles", pg.URL)
		}
		csp := pg.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "style-src 'self';") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("CSP %q: want style-src 'self' and nothing inline", csp)
		}
		if !strings.Contains(csp, "https://cdn.demo-studio.example") {
			t.Errorf("CSP %q does not allow the favicon's origin", csp)
		}
	}
}

// studioStylesheet is the page's generated studio stylesheet URL.
func studioStylesheet(t *testing.T, pg *page) string {
	t.Helper()
	var found string
	pg.Doc.Find("link[rel=stylesheet]").Each(func(_ int, s *goquery.Selection) {
		if href := s.AttrOr("href", ""); strings.HasPrefix(href, "/static/studios/") {
			found = href
		}
	})
	return found
}

// TestStudioStylesheetRoute: the generated stylesheet and logo are served
// like static files: fingerprinted, immutable, the right type, per studio.
func TestStudioStylesheetRoute(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withBranding())
	b := e.browser()
	tests := []struct {
		studio, wantCSS string
	}{
		{"demo", "--brand: #0b6e4f;\n  --brand-ink: #ffffff;\n  --accent: #b45309;"},
		{"direct", "--brand: #5b21b6;\n  --brand-ink: #ffffff;\n  --accent: #5b21b6;"},
	}
	for _, tt := range tests {
		pg := b.get(t, "/"+tt.studio+"/login")
		css := studioStylesheet(t, pg)
		if !strings.HasPrefix(css, "/static/studios/"+tt.studio+"/theme.") {
			t.Fatalf("%s stylesheet URL %q", tt.studio, css)
		}
		resp := fetch(t, e.URL+css)
		if resp.status != http.StatusOK || resp.header.Get("Content-Type") != "text/css; charset=utf-8" {
			t.Errorf("%s: %d %q", css, resp.status, resp.header.Get("Content-Type"))
		}
		if got := resp.header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", css, got)
		}
		if !strings.Contains(resp.body, `[data-studio="`+tt.studio+`"] {`) || !strings.Contains(resp.body, tt.wantCSS) {
			t.Errorf("%s body:\n%s\nwant the studio's scope and\n%s", css, resp.body, tt.wantCSS)
		}
		logo := pg.Doc.Find("[data-testid=studio-logo]").AttrOr("src", "")
		if r := fetch(t, e.URL+logo); r.status != http.StatusOK || r.header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(r.body, `data-studio="`+tt.studio+`"`) {
			t.Errorf("logo %s: %d %q", logo, r.status, r.header.Get("Content-Type"))
		}
		unprinted := "/static/studios/" + tt.studio + "/theme.css"
		if r := fetch(t, e.URL+unprinted); r.status != http.StatusNotFound {
			t.Errorf("%s = %d, want 404", unprinted, r.status)
		}
	}
}

type fetched struct {
	status int
	header http.Header
	body   string
}

func fetch(t *testing.T, u string) fetched {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return fetched{resp.StatusCode, resp.Header, string(b)}
}

// TestStartPageListsStudiosBranded: the start page lists every studio with
// its logo, name and system, each entry marked for its stylesheet, and
// links every studio's stylesheet.
func TestStartPageListsStudiosBranded(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withBranding())
	home := e.browser().get(t, "/")
	entries := home.Doc.Find("[data-testid=studios] li")
	if entries.Length() != 2 {
		t.Fatalf("studios listed = %d, want 2", entries.Length())
	}
	want := []struct{ slug, name, product, href, logo string }{
		{"demo", "Demo Studio", "Magicline", "/demo/login", "/static/studios/demo/logo."},
		{"direct", "Direct Studio", "PerfectGym Next", "/direct/login", "/static/studios/direct/logo."},
	}
	for i, w := range want {
		li := entries.Eq(i)
		got := []string{li.AttrOr("data-studio", ""), squash(li.Find(".name").Text()), squash(li.Find(".product").Text()), li.Find("a").AttrOr("href", "")}
		if strings.Join(got, "|") != strings.Join([]string{w.slug, w.name, w.product, w.href}, "|") {
			t.Errorf("entry %d = %v, want %v", i, got, w)
		}
		if src := li.Find("img").AttrOr("src", ""); !strings.HasPrefix(src, w.logo) {
			t.Errorf("entry %d logo %q, want %s…", i, src, w.logo)
		}
	}
	var sheets int
	home.Doc.Find("link[rel=stylesheet]").Each(func(_ int, s *goquery.Selection) {
		if strings.HasPrefix(s.AttrOr("href", ""), "/static/studios/") {
			sheets++
		}
	})
	if sheets != 2 {
		t.Errorf("studio stylesheets on the start page = %d, want 2", sheets)
	}
}
