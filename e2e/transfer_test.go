package e2e

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/brotli"

	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/compress"
)

// Transfer budgets, in bytes on the wire (status line, headers and the
// body as sent): what a member on a slow phone connection waits for.
const (
	firstPageBudget = 40_000 // a first visit: the page and everything it loads
	partialBudget   = 5_000  // one htmx answer swapped into a page
)

// transfer is one response as a browser receives it.
type transfer struct {
	url    string
	status int
	coding string
	wire   int    // bytes on the wire
	body   []byte // decoded
	header http.Header
}

// fetchAsBrowser sends req with the browser's Accept-Encoding (so the
// client does not decode on its own), counts what arrives and decodes it.
func (b *browser) fetchAsBrowser(t testing.TB, req *http.Request) transfer {
	t.Helper()
	req.Header.Set("Accept-Encoding", browserAcceptEncoding)
	client := *b.client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read %s: %v", req.URL, err)
	}
	var head bytes.Buffer
	fmt.Fprintf(&head, "%s %s\r\n", res.Proto, res.Status)
	_ = res.Header.Write(&head)
	head.WriteString("\r\n")
	tr := transfer{url: req.URL.String(), status: res.StatusCode, coding: res.Header.Get("Content-Encoding"),
		wire: head.Len() + len(raw), header: res.Header}
	tr.body = decodeAs(t, tr.coding, raw)
	return tr
}

func decodeAs(t testing.TB, coding string, raw []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(raw)
	switch coding {
	case "":
		return raw
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		r = zr
	default:
		t.Fatalf("unexpected Content-Encoding %q", coding)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", coding, err)
	}
	return b
}

// cssURL finds the files a stylesheet loads (fonts, images).
var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)`)

// firstVisit loads path and every file it references as a browser with an
// empty cache would (stylesheets and what they load, scripts, icons,
// images) and returns each transfer, the page first.
func (b *browser) firstVisit(t testing.TB, path string, header http.Header) []transfer {
	t.Helper()
	get := func(u string) transfer {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range header {
			req.Header[k] = v
		}
		tr := b.fetchAsBrowser(t, req)
		if tr.status != http.StatusOK {
			t.Fatalf("GET %s: %d", u, tr.status)
		}
		return tr
	}
	pageURL := b.abs(path)
	pg := get(pageURL)
	out := []transfer{pg}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(pg.body))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var refs []string
	doc.Find(`link[rel~="stylesheet"][href], link[rel~="icon"][href], link[rel~="preload"][href], script[src], img[src]`).Each(func(_ int, s *goquery.Selection) {
		refs = append(refs, b.resolve(pageURL, s.AttrOr("href", s.AttrOr("src", ""))))
	})
	for len(refs) > 0 {
		u := refs[0]
		refs = refs[1:]
		if seen[u] || strings.HasPrefix(u, "data:") {
			continue
		}
		seen[u] = true
		tr := get(u)
		out = append(out, tr)
		if strings.HasPrefix(tr.header.Get("Content-Type"), "text/css") {
			for _, m := range cssURL.FindAllStringSubmatch(string(tr.body), -1) {
				refs = append(refs, b.resolve(u, m[1]))
			}
		}
	}
	return out
}

// htmxSubmit submits the form with hx-post on pg the way htmx does, with
// values added to the form's own, and returns what arrives.
func (b *browser) htmxSubmit(t testing.TB, pg *page, sel string, values url.Values) transfer {
	t.Helper()
	form := pg.Doc.Find(sel).First()
	target, ok := form.Attr("hx-post")
	if !ok {
		t.Fatalf("no htmx form %q on %s", sel, pg.URL)
	}
	v := formValues(form)
	for k, vs := range values {
		v[k] = vs
	}
	req, err := http.NewRequest(http.MethodPost, b.resolve(pg.URL, target), strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Current-URL", pg.URL)
	return b.fetchAsBrowser(t, req)
}

func sumWire(trs []transfer) int {
	n := 0
	for _, tr := range trs {
		n += tr.wire
	}
	return n
}

// TestFirstPageWithinBudget: the login page, as a first visit loads it
// with everything it references, stays within firstPageBudget in either
// language, compressed (brotli where accepted) as a browser asks.
func TestFirstPageWithinBudget(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, lang := range []string{"en", "de"} {
		trs := e.browser().firstVisit(t, "/demo/login", http.Header{"Accept-Language": {lang}})
		total := sumWire(trs)
		var lines []string
		for _, tr := range trs {
			lines = append(lines, fmt.Sprintf("%7d B  %-5s %s", tr.wire, tr.coding, pathOf(tr.url)))
			// Static files go out precompressed with brotli; pages are
			// compressed per request, where gzip is as small and faster.
			want := "br"
			if !strings.HasPrefix(pathOf(tr.url), "/static/") {
				want = "gzip"
			}
			if ct := tr.header.Get("Content-Type"); compress.Compressible(ct) && len(tr.body) >= 1024 && tr.coding != want {
				t.Errorf("%s (%d bytes, %s) sent with %q, want %s", pathOf(tr.url), len(tr.body), ct, tr.coding, want)
			}
		}
		t.Logf("first visit of /demo/login (%s): %d B in %d responses\n%s", lang, total, len(trs), strings.Join(lines, "\n"))
		if len(trs) < 4 {
			t.Errorf("only %d responses: the page's stylesheets and scripts were not found", len(trs))
		}
		if total > firstPageBudget {
			t.Errorf("first visit (%s) transfers %d B, budget %d B", lang, total, firstPageBudget)
		}
	}
}

// TestHTMXPartialsWithinBudget: every htmx answer of the booking and
// cancel flows (a changed choice's commitment, a refused Continue, the
// cancel review, the review with errors) stays within partialBudget.
func TestHTMXPartialsWithinBudget(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	booking := mmLogin(t, e, "demo", "1-1001")
	canceling := mmLogin(t, e, "demo", "1-1002")

	module := booking.get(t, fmt.Sprintf("/demo/modules/%d", sandbox.ModuleSauna))
	cancel := canceling.get(t, fmt.Sprintf("/demo/my-modules/%d/cancel", sandbox.ModuleContractTowelYearly))
	firstReason := cancel.Doc.Find("form[hx-post] input[name=cancelationReason]").First().AttrOr("value", "")
	partials := []struct {
		name string
		tr   transfer
	}{
		{"commitment of a changed choice", booking.htmxGet(t, module, fmt.Sprintf("/demo/modules/%d/commitment?paymentFrequency=%d&trial=on", sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly))},
		{"continue with errors", booking.htmxSubmit(t, module, "form[hx-post]", url.Values{"paymentFrequency": {"0"}})},
		// The solarium's own page says at once that it cannot be booked
		// online; a Continue sent anyway gets the reason as a partial.
		{"continue refused", booking.htmxPost(t, module, fmt.Sprintf("/demo/modules/%d/continue", sandbox.ModuleSolarium),
			url.Values{"paymentFrequency": {fmt.Sprint(sandbox.FrequencySolarium)}})},
		{"cancel review", canceling.htmxSubmit(t, cancel, "form[hx-post]", url.Values{"cancelationReason": {firstReason}})},
		{"cancel review with errors", canceling.htmxSubmit(t, cancel, "form[hx-post]", url.Values{"cancelationDate": {"2030-01-31"}})},
	}
	for _, p := range partials {
		t.Logf("%-28s %5d B on the wire (%d B decoded, %q, status %d)", p.name, p.tr.wire, len(p.tr.body), p.tr.coding, p.tr.status)
		if bytes.Contains(p.tr.body, []byte("<html")) || len(p.tr.body) == 0 {
			t.Errorf("%s: not a partial (%d bytes)", p.name, len(p.tr.body))
		}
		if p.tr.wire > partialBudget {
			t.Errorf("%s: %d B on the wire, budget %d B", p.name, p.tr.wire, partialBudget)
		}
	}
}

// htmxPost posts values to path as htmx does from page pg (with its form
// token), compressed as a browser accepts it.
func (b *browser) htmxPost(t testing.TB, pg *page, path string, values url.Values) transfer {
	t.Helper()
	v := cloneValues(values)
	v.Set("_csrf", pg.Doc.Find("input[name=_csrf]").First().AttrOr("value", ""))
	req, err := http.NewRequest(http.MethodPost, b.resolve(pg.URL, path), strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Current-URL", pg.URL)
	return b.fetchAsBrowser(t, req)
}

// htmxGet fetches path as htmx does from page pg, compressed as a browser
// accepts it.
func (b *browser) htmxGet(t testing.TB, pg *page, path string) transfer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.resolve(pg.URL, path), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Current-URL", pg.URL)
	return b.fetchAsBrowser(t, req)
}
