package e2e

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/app"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/state/redisstate"
)

// today is the date the sandbox and the portal agree on in every test.
var today = apiclient.NewDate(2026, 11, 21)

// testNow is noon of today in the studios' time zone. The zone is loaded
// once: the portal asks the clock several times per request.
func testNow() time.Time {
	return time.Date(today.Year, today.Month, today.Day, 12, 0, 0, 0, berlin())
}

var berlin = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
})

// env is one sandbox and one portal, both on loopback.
type env struct {
	Sandbox    *sandbox.Server
	SandboxURL string
	URL        string // the portal's base URL
	opts       []envOption
}

// envOption adjusts the portal's configuration before it starts.
type envOption func(*app.Config)

// withDeps adjusts the handler dependencies (clock, stores, limits).
func withDeps(f func(*handlers.Deps)) envOption {
	return func(c *app.Config) {
		prev := c.Tune
		c.Tune = func(d *handlers.Deps) {
			if prev != nil {
				prev(d)
			}
			f(d)
		}
	}
}

// withRedis keeps the portal's shared state in the Redis at url, under a
// key prefix of this env's own; every instance started with it opens its
// own connection, as separate processes would.
func withRedis(t testing.TB, url string) envOption {
	prefix := "e2e-" + state.NewID() + ":"
	return func(c *app.Config) {
		rdb, err := redisstate.Connect(context.Background(), url)
		if err != nil {
			t.Fatalf("connect to Redis: %v", err)
		}
		t.Cleanup(func() { _ = rdb.Close() })
		c.Redis, c.RedisPrefix = rdb, prefix
	}
}

// withSharedKeys gives the portal fixed session and CSRF keys (fresh ones
// per env), so every instance of the env accepts the others' cookies and
// forms, as instances sharing PORTAL_SECRET do.
func withSharedKeys() envOption {
	hash, block, csrf := []byte(state.NewID()+state.NewID()), []byte(state.NewID()[:16]+state.NewID()[:16]), []byte(state.NewID()+state.NewID())
	return func(c *app.Config) {
		c.SessionHashKey, c.SessionBlockKey, c.CSRFKey = hash, block, csrf
	}
}

// newEnv starts the sandbox (fixed today) and the portal with the studios
// "demo" (amendments) and "direct" (direct cancelation).
func newEnv(t testing.TB, opts ...envOption) *env {
	t.Helper()
	sb := sandbox.New(sandbox.Config{Today: today})
	sbSrv := httptest.NewServer(sb)
	t.Cleanup(func() { sbSrv.Close(); sb.Close() })
	e := &env{Sandbox: sb, SandboxURL: sbSrv.URL, opts: opts}
	e.URL = e.startPortal(t)
	return e
}

// another starts one more portal instance on e's sandbox, configured with
// e's options again: a second instance behind the same load balancer, or e
// after a restart.
func (e *env) another(t testing.TB) *env {
	t.Helper()
	o := *e
	o.URL = e.startPortal(t)
	return &o
}

// startPortal starts a portal on e's sandbox and returns its base URL.
func (e *env) startPortal(t testing.TB) string {
	t.Helper()
	h, err := app.NewHandler(e.portalConfig())
	if err != nil {
		t.Fatalf("app.NewHandler: %v", err)
	}
	portal := httptest.NewServer(h)
	t.Cleanup(portal.Close)
	return portal.URL
}

// portalConfig is the configuration of a portal on e's sandbox, e's
// options applied.
func (e *env) portalConfig() app.Config {
	cfg := app.Config{
		Studios: []app.StudioConfig{
			{Slug: "demo", Name: "Demo Studio", BaseURL: e.SandboxURL, APIKey: sandbox.DemoKey, Locale: i18n.English},
			{Slug: "direct", Name: "Direct Studio", BaseURL: e.SandboxURL, APIKey: sandbox.DirectKey, Locale: i18n.English},
		},
		UpstreamTimeout: 3 * time.Second,
		ImageOrigins:    []string{e.SandboxURL},
		// The read cache is off by default: most tests change the sandbox
		// behind the portal's back (the studio verifying an amendment) and
		// look at the next page at once. cache_test.go turns it on.
		Tune: func(d *handlers.Deps) {
			d.Now = testNow
			d.StudioCacheTTL, d.ContractCacheTTL = -1, -1
			// Tests browse far faster than a member; budget_test.go
			// turns the member's share on.
			d.MemberBudget = -1
		},
	}
	for _, o := range e.opts {
		o(&cfg)
	}
	return cfg
}

// browser is a member's browser: a cookie jar and the last page it saw.
type browser struct {
	env    *env
	client *http.Client
}

// browser returns a new browser with an empty cookie jar.
func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{env: e, client: &http.Client{Jar: jar, Timeout: 15 * time.Second}}
}

// on returns this browser (its cookies) talking to another instance, as a
// load balancer would send it there.
func (b *browser) on(e *env) *browser {
	return &browser{env: e, client: b.client}
}

// page is a response as a member's browser sees it.
type page struct {
	Status int
	URL    string // after redirects
	Header http.Header
	Body   string
	Doc    *goquery.Document
}

// text returns the trimmed, space-normalised text of the selection.
func (p *page) text(sel string) string {
	return strings.Join(strings.Fields(p.Doc.Find(sel).Text()), " ")
}

// count returns how many elements match sel.
func (p *page) count(sel string) int { return p.Doc.Find(sel).Length() }

// has reports whether sel matches anything.
func (p *page) has(sel string) bool { return p.count(sel) > 0 }

// get requests path (relative to the portal) and follows redirects.
func (b *browser) get(t testing.TB, path string) *page {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.abs(path), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b.do(t, req)
}

// post sends a form like a browser: with this browser's CSRF token (taken
// from a fresh GET of the studio's login page when none is in values).
func (b *browser) post(t testing.TB, path string, values url.Values) *page {
	t.Helper()
	v := cloneValues(values)
	if _, ok := v["_csrf"]; !ok {
		v.Set("_csrf", b.csrfTokenAt(t, studioOf(path)))
	}
	return b.postRaw(t, path, v, nil)
}

// postRaw posts values exactly as given, with extra headers.
func (b *browser) postRaw(t testing.TB, path string, values url.Values, header http.Header) *page {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.abs(path), strings.NewReader(values.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, vs := range header {
		req.Header[k] = vs
	}
	return b.do(t, req)
}

// htmx sends an htmx request (HX-Request: true) and does not follow redirects,
// so HX-Redirect and the partial can be asserted.
func (b *browser) htmx(t testing.TB, method, path string, values url.Values) *page {
	t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		v := cloneValues(values)
		if _, ok := v["_csrf"]; !ok {
			v.Set("_csrf", b.csrfTokenAt(t, studioOf(path)))
		}
		body = strings.NewReader(v.Encode())
	}
	req, err := http.NewRequest(method, b.abs(path), body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("HX-Request", "true")
	client := *b.client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return read(t, &client, req)
}

// submit posts the form matched by sel on pg: its action, method and every
// field as the page has it (checked radios and checkboxes, selected options),
// with values overriding them; like a browser, CSRF token included.
func (b *browser) submit(t testing.TB, pg *page, sel string, values url.Values) *page {
	t.Helper()
	form := pg.Doc.Find(sel).First()
	if form.Length() == 0 {
		t.Fatalf("no form %q on %s", sel, pg.URL)
	}
	if !form.Is("form") {
		form = form.Closest("form")
	}
	action, _ := form.Attr("action")
	if action == "" {
		action = pg.URL
	}
	v := formValues(form)
	for k, vs := range values {
		v[k] = vs
	}
	method := strings.ToUpper(form.AttrOr("method", "GET"))
	if method == http.MethodGet {
		u, _ := url.Parse(b.resolve(pg.URL, action))
		u.RawQuery = v.Encode()
		return b.get(t, u.String())
	}
	return b.postRaw(t, b.resolve(pg.URL, action), v, nil)
}

// login logs in through the login form and returns the page after it.
func (b *browser) login(t testing.TB, studio, number, dob string) *page {
	t.Helper()
	pg := b.get(t, "/"+studio+"/login")
	return b.submit(t, pg, "form[action$='/login']", url.Values{"customerNumber": {number}, "dateOfBirth": {dob}})
}

// csrfToken reads this browser's form token for the demo studio.
func (b *browser) csrfToken(t testing.TB) string {
	t.Helper()
	return b.csrfTokenAt(t, "demo")
}

// csrfTokenAt reads this browser's form token for a studio from its login
// page (a token is good at one studio only).
func (b *browser) csrfTokenAt(t testing.TB, studio string) string {
	t.Helper()
	pg := b.get(t, "/"+studio+"/login")
	tok, ok := pg.Doc.Find("input[name=_csrf]").First().Attr("value")
	if !ok {
		t.Fatalf("no CSRF token on %s", pg.URL)
	}
	return tok
}

// cookie returns the value of the named cookie for the portal.
func (b *browser) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.env.URL)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// setCookie puts a cookie into the jar (e.g. a tampered or replayed one).
func (b *browser) setCookie(c *http.Cookie) {
	u, _ := url.Parse(b.env.URL)
	b.client.Jar.SetCookies(u, []*http.Cookie{c})
}

func (b *browser) do(t testing.TB, req *http.Request) *page {
	t.Helper()
	return read(t, b.client, req)
}

func read(t testing.TB, client *http.Client, req *http.Request) *page {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", req.URL, err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse %s: %v", req.URL, err)
	}
	return &page{Status: resp.StatusCode, URL: resp.Request.URL.String(), Header: resp.Header, Body: string(body), Doc: doc}
}

func (b *browser) abs(path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	return b.env.URL + path
}

func (b *browser) resolve(base, ref string) string {
	bu, err := url.Parse(base)
	if err != nil {
		return b.abs(ref)
	}
	ru, err := url.Parse(ref)
	if err != nil {
		return b.abs(ref)
	}
	return bu.ResolveReference(ru).String()
}

// formValues collects a form's fields as a browser would submit them.
func formValues(form *goquery.Selection) url.Values {
	v := url.Values{}
	form.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok || name == "" {
			return
		}
		if _, disabled := s.Attr("disabled"); disabled {
			return
		}
		switch {
		case s.Is("select"):
			if opt := s.Find("option[selected]").First(); opt.Length() > 0 {
				v.Add(name, opt.AttrOr("value", opt.Text()))
			}
		case s.Is("textarea"):
			v.Add(name, s.Text())
		default:
			typ := strings.ToLower(s.AttrOr("type", "text"))
			if typ == "radio" || typ == "checkbox" {
				if _, checked := s.Attr("checked"); checked {
					v.Add(name, s.AttrOr("value", "on"))
				}
				return
			}
			if typ == "submit" || typ == "button" {
				return
			}
			v.Add(name, s.AttrOr("value", ""))
		}
	})
	return v
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// appConfig is app.Config, named for options written in tests.
type appConfig = app.Config

// studioOf returns the studio slug of a portal URL or path.
func studioOf(raw string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(pathOf(raw), "/"), "/")
	return seg
}

// pathOf returns the path of a URL (where a browser ended up).
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Path
}

// assertNoInternals fails when a page shows Go error text, a stack, the
// upstream's raw error body or a secret.
func assertNoInternals(t testing.TB, pg *page) {
	t.Helper()
	for _, leak := range []string{
		"apiclient", "goroutine", "runtime error", "panic(", "sandbox", "Injected fault",
		"upstream says hello", ".go:", "errorCode", "context deadline", "dial tcp", "demo-key", "direct-key",
	} {
		if strings.Contains(pg.Body, leak) {
			t.Errorf("page leaks %q", leak)
		}
	}
}
