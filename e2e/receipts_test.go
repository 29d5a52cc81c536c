package e2e

// Receipts: after a booking, a cancelation and a withdrawal the member can
// open a printable record of it at its own address, which nobody else can.

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/i18n"
)

// referenceRE is a support reference as receipts print it.
var referenceRE = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`)

// assertReceiptPage checks what every receipt has and returns it.
func assertReceiptPage(t *testing.T, b *browser, href, kind, title string) *page {
	t.Helper()
	if !strings.HasPrefix(href, "/demo/receipts/") && !strings.HasPrefix(href, "/direct/receipts/") {
		t.Fatalf("receipt link %q, want /{studio}/receipts/{id}", href)
	}
	pg := b.get(t, href)
	if pg.Status != http.StatusOK || pg.Doc.Find("[data-testid=receipt]").AttrOr("data-kind", "") != kind {
		t.Fatalf("receipt %s: status %d, kind %q: %s", href, pg.Status, pg.Doc.Find("[data-testid=receipt]").AttrOr("data-kind", ""), pg.text("main"))
	}
	if got := pg.text("[data-testid=receipt] h1"); got != title {
		t.Errorf("title %q, want %q", got, title)
	}
	// Received at noon in the studio's zone (the harness's clock).
	if got := pg.text("[data-testid=receipt-received]"); got != "21 Nov 2026, 12:00 CET" {
		t.Errorf("received %q, want 21 Nov 2026, 12:00 CET", got)
	}
	if got := pg.text("[data-testid=receipt-reference]"); !referenceRE.MatchString(got) {
		t.Errorf("support reference %q", got)
	}
	// Printable: the Print button waits for JavaScript; the stylesheet has
	// a print layout.
	if print := pg.Doc.Find("button[data-testid=receipt-print][data-print]"); print.Length() != 1 || !print.Is("[hidden]") {
		t.Error("no Print button hidden until JavaScript shows it")
	}
	if strings.Contains(pg.Body, "onclick") || strings.Contains(pg.Body, "javascript:") {
		t.Error("the receipt uses inline JavaScript")
	}
	css := pg.Doc.Find(`link[rel=stylesheet][href*="/static/css/app."]`).AttrOr("href", "")
	if sheet := b.get(t, css); css == "" || !strings.Contains(sheet.Body, "@media print") {
		t.Errorf("stylesheet %q has no print layout", css)
	}
	return pg
}

func TestBookingReceipt(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	e := newEnv(t, func(c *appConfig) { c.Logger = slog.New(slog.NewJSONHandler(&logs, nil)) })
	b := modLogin(t, e, "1-1001", 0)
	sum := bkSummary(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
	done := b.submit(t, sum, "form[data-testid=book-form]", nil)
	href := done.Doc.Find("[data-testid=receipt-link]").AttrOr("href", "")
	pg := assertReceiptPage(t, b, href, "booking", "Receipt: Towel flat-rate booked")
	// Every fact of the summary, dated the day it was booked.
	facts := map[string]string{}
	for id, want := range commitmentCases[0].facts {
		facts[id] = want
	}
	facts["commitment-start"] = "21 Nov 2026"
	assertFacts(t, "receipt", pg, "[data-testid=receipt]", facts)
	if got := pg.Doc.Find("[data-testid=receipt-mymodule]").AttrOr("href", ""); got != fmt.Sprintf("/demo/my-modules/%d", bkNewContracts(e)[0]) {
		t.Errorf("link to the add-on %q", got)
	}
	// Staff find it by its reference in the log.
	ref := pg.text("[data-testid=receipt-reference]")
	if !strings.Contains(logs.String(), `"msg":"receipt issued"`) || !strings.Contains(logs.String(), ref) {
		t.Errorf("the reference %s is not in the log", ref)
	}
	// The booked page keeps linking it.
	if again := b.get(t, pathOf(done.URL)); again.Doc.Find("[data-testid=receipt-link]").AttrOr("href", "") != href {
		t.Error("reloading the booked page lost the receipt link")
	}

	// Nobody else reads it: another member, the same member at another
	// studio (customer ids repeat between studios), a made-up id.
	other := modLogin(t, e, "1-1002", 0)
	if got := other.get(t, href); got.Status != http.StatusNotFound || got.has("[data-testid=receipt]") {
		t.Errorf("another member's receipt: status %d", got.Status)
	}
	elsewhere := e.browser()
	elsewhere.login(t, "direct", "1-1001", "1990-01-15")
	if got := elsewhere.get(t, strings.Replace(href, "/demo/", "/direct/", 1)); got.Status != http.StatusNotFound {
		t.Errorf("the receipt at another studio: status %d", got.Status)
	}
	if got := b.get(t, "/demo/receipts/not-a-receipt"); got.Status != http.StatusNotFound {
		t.Errorf("a made-up receipt id: status %d", got.Status)
	}
	if got := e.browser().get(t, href); pathOf(got.URL) != "/demo/login" {
		t.Errorf("logged out: %s, want the login", got.URL)
	}
}

func TestCancelationAndWithdrawalReceipts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1002")
	form := b.get(t, fmt.Sprintf("/demo/my-modules/%d/cancel", sandbox.ModuleContractTowelYearly))
	date := form.Doc.Find("input[name=cancelationDate][checked]").AttrOr("value", "")
	review := b.submit(t, form, "[data-testid=cancel-form]", url.Values{"cancelationReason": {fmt.Sprint(sandbox.ReasonMovingAway)}})
	after := b.submit(t, review, "[data-testid=cancel-confirm-form]", nil)
	link := after.Doc.Find("[data-testid=flash-link]")
	if after.text("[data-testid=flash]") == "" || link.Length() != 1 {
		t.Fatalf("the add-on's page after canceling has no receipt link by its message: %s", after.text("main"))
	}
	pg := assertReceiptPage(t, b, link.AttrOr("href", ""), "cancelation", "Receipt: Towel flat-rate canceled")
	want := map[string]string{
		"receipt-module":  "Towel flat-rate",
		"receipt-price":   "€45.00 per year",
		"receipt-date":    enDateString(t, date),
		"receipt-reason":  "Moving away",
		"receipt-outcome": "Waiting for the studio's confirmation",
	}
	for id, w := range want {
		if got := pg.text("[data-testid=" + id + "]"); got != w {
			t.Errorf("cancelation receipt %s = %q, want %q", id, got, w)
		}
	}
	// The message is one-off; so is its link.
	if b.get(t, pathOf(after.URL)).has("[data-testid=flash-link]") {
		t.Error("the receipt link outlives its message")
	}

	// Keeping an add-on (withdrawing its cancelation) at a studio where it
	// takes effect at once.
	k := mmLogin(t, e, "direct", "1-1003")
	confirm := k.get(t, fmt.Sprintf("/direct/my-modules/%d/withdraw", sandbox.ModuleContractSaunaCanceled))
	kept := k.submit(t, confirm, "[data-testid=withdraw-form]", nil)
	href := kept.Doc.Find("[data-testid=flash-link]").AttrOr("href", "")
	pg = assertReceiptPage(t, k, href, "withdrawal", "Receipt: Sauna kept")
	if got := pg.text("[data-testid=receipt-price]"); got != "€9.90 per month" {
		t.Errorf("withdrawal receipt price %q", got)
	}
	if got := pg.text("[data-testid=receipt-outcome]"); got != "Kept: the cancelation is withdrawn" {
		t.Errorf("withdrawal receipt outcome %q", got)
	}
	if got := pg.text("[data-testid=receipt-date]"); !strings.HasPrefix(got, "Keep the add-on: withdraw the cancelation to ") || !strings.HasSuffix(got, ".") {
		t.Errorf("withdrawal receipt date %q", got)
	}
	if got := b.get(t, strings.Replace(href, "/direct/", "/demo/", 1)); got.Status != http.StatusNotFound {
		t.Errorf("1-1003's receipt read by 1-1002: status %d", got.Status)
	}
}

// enDateString formats a YYYY-MM-DD date as the English pages do.
func enDateString(t *testing.T, iso string) string {
	t.Helper()
	d, err := apiclient.ParseDate(iso)
	if err != nil {
		t.Fatalf("date %q: %v", iso, err)
	}
	return i18n.FormatDate(i18n.English, d)
}

// TestMyAddOnsLinksTheReceipts: My add-ons links an add-on's receipts,
// and its page lists them, newest first; another member sees none of them.
func TestMyAddOnsLinksTheReceipts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1002")
	detail := fmt.Sprintf("/demo/my-modules/%d", sandbox.ModuleContractTowelYearly)
	if pg := b.get(t, detail); pg.has("[data-testid=receipts]") {
		t.Fatal("receipts listed before any change")
	}
	form := b.get(t, detail+"/cancel")
	review := b.submit(t, form, "[data-testid=cancel-form]", url.Values{"cancelationReason": {fmt.Sprint(sandbox.ReasonMovingAway)}})
	b.submit(t, review, "[data-testid=cancel-confirm-form]", nil)

	list := b.get(t, "/demo/my-modules")
	card := list.Doc.Find(fmt.Sprintf("[data-testid=module-contract][data-id='%d']", sandbox.ModuleContractTowelYearly))
	link := card.Find("[data-testid=receipts-link]")
	if got := squash(link.Text()); got != "1 receipt" {
		t.Errorf("the towel's card links %q, want 1 receipt", got)
	}
	pg := b.get(t, link.AttrOr("href", ""))
	items := pg.Doc.Find("[data-testid=receipt-item]")
	if items.Length() != 1 || items.AttrOr("data-kind", "") != "cancelation" {
		t.Fatalf("receipts on the add-on's page: %d, kind %q", items.Length(), items.AttrOr("data-kind", ""))
	}
	assertReceiptPage(t, b, items.Find("a").AttrOr("href", ""), "cancelation", "Receipt: Towel flat-rate canceled")
	if other := mmLogin(t, e, "demo", "1-1006"); other.get(t, "/demo/my-modules").has("[data-testid=receipts-link]") {
		t.Error("another member's My add-ons links receipts")
	}
}
