package demosite

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/studio-addons/portal/sso"
)

const secret = "demo-site-test-secret-of-32-chars!!"

func get(t *testing.T, h http.Handler, path string) (int, *goquery.Document) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	doc, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Code, doc
}

// TestStudioPage: the page embeds its studio with the portal's script and
// language; a member "logged in" on the site gets a link the portal takes.
func TestStudioPage(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	h := Handler(Config{PortalURL: "http://127.0.0.1:8080", Now: func() time.Time { return now },
		Studios: []Studio{{Slug: "berlin", Name: "Kraftwerk <Berlin>", Lang: "de", SSOSecret: secret}, {Slug: "plain", Name: "Plain", Lang: "en"}}})

	code, doc := get(t, h, "/berlin")
	script := doc.Find("script[data-studio=berlin]")
	if code != http.StatusOK || script.AttrOr("src", "") != "http://127.0.0.1:8080/embed.js" || script.AttrOr("data-lang", "") != "de" {
		t.Fatalf("status %d, script %v", code, script.Nodes)
	}
	if _, ok := script.Attr("data-sso"); ok {
		t.Error("a link for nobody")
	}
	if got := doc.Find("h1").Text(); got != "Kraftwerk <Berlin>" {
		t.Errorf("heading %q", got)
	}
	_, doc = get(t, h, "/berlin?member=1004")
	link, err := url.Parse(doc.Find("script[data-studio=berlin]").AttrOr("data-sso", ""))
	if err != nil {
		t.Fatal(err)
	}
	if l, err := sso.Verify("berlin", link.Query(), []string{secret}, now); err != nil || l.Customer != 1004 || link.Host != "127.0.0.1:8080" {
		t.Errorf("link %s: %+v, %v", link, l, err)
	}
	if _, doc := get(t, h, "/plain?member=1001"); doc.Find("[data-testid=site-login]").Length() != 0 || strings.Contains(doc.Text(), "sso") {
		t.Error("a studio without a secret offers single sign-on")
	}
	if code, _ := get(t, h, "/nowhere"); code != http.StatusNotFound {
		t.Errorf("unknown studio: %d", code)
	}
	if _, doc := get(t, h, "/"); doc.Find("a[href='/berlin']").Length() != 1 {
		t.Error("the index does not list berlin")
	}
}
