package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/handlers"
)

// purchaseRoute is the sandbox route pattern of the purchase, for faults.
const purchaseRoute = "/v1/memberships/{contractId}/self-service/additional-modules/purchase"

// bkConfirm opens the confirm page of a choice and checks it offers to book.
func bkConfirm(t testing.TB, b *browser, moduleID, frequencyID int64, trial bool) *page {
	t.Helper()
	path := fmt.Sprintf("/demo/modules/%d/confirm?frequency=%d", moduleID, frequencyID)
	if trial {
		path += "&trial=1"
	}
	pg := b.get(t, path)
	if pg.Status != http.StatusOK || !pg.has("form[data-testid=book-form]") {
		t.Fatalf("confirm %s: status %d, no book form: %s", path, pg.Status, pg.text("main"))
	}
	return pg
}

// bkBookValues are the book form's fields as the confirm page has them.
func bkBookValues(pg *page) url.Values {
	return formValues(pg.Doc.Find("form[data-testid=book-form]"))
}

// bkNewContracts returns the add-on contracts booked on 1-1001's contract.
func bkNewContracts(e *env) []int64 {
	return e.Sandbox.ModuleContractIDs("demo", sandbox.ContractNoAddOns)
}

func TestConfirmSummaryAndPriceButton(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	pg := bkConfirm(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, true)
	want := map[string]string{
		"confirm-module":  "Sauna",
		"confirm-price":   "€9.90 every month",
		"confirm-trial":   "Try the sauna free for 14 days",
		"confirm-start":   "Today, 21 Nov 2026",
		"confirm-payment": "When the trial ends. My add-ons shows the exact date once it is booked.",
		"book-submit":     "Start free trial, then €9.90 per month Please wait…",
	}
	for id, w := range want {
		if got := pg.text("[data-testid=" + id + "]"); got != w {
			t.Errorf("%s = %q, want %q", id, got, w)
		}
	}
	var terms []string
	pg.Doc.Find("[data-testid=confirm-terms] li").Each(func(_ int, s *goquery.Selection) { terms = append(terms, squash(s.Text())) })
	if want := []string{"After its term it extends by 1 month at a time.", "Cancel at least 2 weeks before the end of the term."}; strings.Join(terms, "|") != strings.Join(want, "|") {
		t.Errorf("terms %q, want %q", terms, want)
	}
	if got := pg.count("form[data-testid=book-form] button[type=submit]"); got != 1 {
		t.Errorf("%d submit buttons, want one", got)
	}
	v := bkBookValues(pg)
	if v.Get("token") == "" || v.Get("frequency") != "3011" || v.Get("trial") != "1" || v.Get("_csrf") == "" {
		t.Errorf("book form fields %v", v)
	}

	labels := []struct {
		module, frequency int64
		want              string
	}{
		{sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, "Book for €9.90 per month"},
		{sandbox.ModuleTowel, sandbox.FrequencyTowelYearly, "Book for €45.00 every 12 months"},
		{sandbox.ModulePersonalTraining, sandbox.FrequencyPersonalTraining, "Book for €49.00 one-time"},
		{sandbox.ModulePhysio, sandbox.FrequencyPhysio, "Book for free"},
		{sandbox.ModuleSummerPass, sandbox.FrequencySummerPass, "Book for €77.00 per year"},
		{sandbox.ModuleDrink, sandbox.FrequencyDrink, "Book for €19.90 per month for the first 3 months, then €24.90"},
	}
	for _, l := range labels {
		pg := bkConfirm(t, b, l.module, l.frequency, false)
		if got := pg.text("[data-testid=book-submit] .idle-label"); got != l.want {
			t.Errorf("module %d: button %q, want %q", l.module, got, l.want)
		}
		if pg.has("[data-testid=confirm-payment]") {
			t.Errorf("module %d without trial: a trial payment line shows", l.module)
		}
	}
	// The drink flat's terms count from the start, trial included.
	drink := bkConfirm(t, b, sandbox.ModuleDrink, sandbox.FrequencyDrink, true)
	if got, want := drink.text("[data-testid=book-submit] .idle-label"), "Start free trial, then €19.90 per month, €24.90 from month 4 of the contract"; got != want {
		t.Errorf("drink flat with trial: button %q, want %q", got, want)
	}
	if got := len(bkNewContracts(e)); got != 0 {
		t.Errorf("showing confirm pages booked %d add-ons", got)
	}
}

func TestConfirmRefusesWhatCannotBeBooked(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1002", 0)
	pg := b.get(t, fmt.Sprintf("/demo/modules/%d/confirm?frequency=%d", sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly))
	if pg.has("form[data-testid=book-form]") {
		t.Error("a book button for an add-on the member already has")
	}
	if got := pg.text("[data-testid=check-message]"); got != "You already have this add-on." {
		t.Errorf("message %q", got)
	}
	// A tampered query is the module page with the error, not a summary.
	pg = b.get(t, fmt.Sprintf("/demo/modules/%d/confirm?frequency=%d", sandbox.ModuleDrink, sandbox.FrequencyTowelMonthly))
	if pg.Status != http.StatusUnprocessableEntity || !pg.has("[data-testid=paymentFrequency-error]") || pg.has("form[data-testid=book-form]") {
		t.Errorf("foreign frequency: status %d", pg.Status)
	}
}

func TestBookSaunaWithTrial(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	writes := e.Sandbox.WriteCount("demo")
	pg := bkConfirm(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, true)
	done := b.submit(t, pg, "form[data-testid=book-form]", nil)

	ids := bkNewContracts(e)
	if len(ids) != 1 {
		t.Fatalf("module contracts %v, want exactly one", ids)
	}
	if got := e.Sandbox.WriteCount("demo") - writes; got != 1 {
		t.Errorf("%d writes, want 1", got)
	}
	if !strings.HasPrefix(pathOf(done.URL), "/demo/bookings/") || done.Status != http.StatusOK {
		t.Fatalf("ended on %s (%d), want the booking page", done.URL, done.Status)
	}
	if got := done.Doc.Find("[data-testid=booking]").AttrOr("data-status", ""); got != "booked" {
		t.Fatalf("booking status %q: %s", got, done.text("main"))
	}
	if got := done.text("[data-testid=booking-booked] p"); got != "Your add-on Sauna is booked." {
		t.Errorf("booked text %q", got)
	}
	want := fmt.Sprintf("/demo/my-modules/%d", ids[0])
	if got := done.Doc.Find("[data-testid=booked-link]").AttrOr("href", ""); got != want {
		t.Errorf("link %q, want %q", got, want)
	}
	// The 14-day trial started today: paying starts 5 Dec 2026.
	if got := done.text("[data-testid=booked-paying]"); got != "5 Dec 2026" {
		t.Errorf("paying starts %q, want 5 Dec 2026", got)
	}
	mc := upstreamModuleContract(t, e, "demo", sandbox.ContractNoAddOns, ids[0])
	if mc.Name != "Sauna" || mc.TrialPeriod == nil {
		t.Errorf("upstream booked %+v, want the sauna with its trial", mc)
	}
	// The outcome page can be reloaded; it does not book again.
	again := b.get(t, pathOf(done.URL))
	if again.Doc.Find("[data-testid=booking]").AttrOr("data-status", "") != "booked" || len(bkNewContracts(e)) != 1 {
		t.Error("reloading the booking page changed something")
	}
	// And the catalog now says booked.
	cat := b.get(t, "/demo/modules")
	if got := modCard(cat, sandbox.ModuleSauna).Find("[data-testid=booked-link]").AttrOr("href", ""); got != want {
		t.Errorf("catalog booked link %q, want %q", got, want)
	}
}

func TestBookDoubleSubmitBooksOnce(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	pg := bkConfirm(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
	v := bkBookValues(pg)
	path := fmt.Sprintf("/demo/modules/%d/book", sandbox.ModuleTowel)

	// A double click: both requests race.
	var wg sync.WaitGroup
	results := make([]*page, 2)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = b.postRaw(t, path, v, nil)
		}()
	}
	wg.Wait()
	if ids := bkNewContracts(e); len(ids) != 1 {
		t.Fatalf("module contracts %v, want exactly one", ids)
	}
	if results[0].URL != results[1].URL || !strings.HasPrefix(pathOf(results[0].URL), "/demo/bookings/") {
		t.Errorf("the two submits ended on %s and %s, want the same booking page", results[0].URL, results[1].URL)
	}
	// Back and submit again, also the htmx way: the first outcome, no purchase.
	third := b.postRaw(t, path, v, nil)
	if third.URL != results[0].URL || third.Doc.Find("[data-testid=booking]").AttrOr("data-status", "") != "booked" {
		t.Errorf("resubmit ended on %s", third.URL)
	}
	hx := b.htmx(t, http.MethodPost, path, v)
	if got := hx.Header.Get("HX-Redirect"); got != pathOf(results[0].URL) {
		t.Errorf("htmx resubmit: HX-Redirect %q, want %q", got, pathOf(results[0].URL))
	}
	if ids := bkNewContracts(e); len(ids) != 1 {
		t.Errorf("module contracts %v after resubmits, want one", ids)
	}
	// The sandbox refuses a second purchase of the towel anyway: count what
	// the portal sent.
	if got := e.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 1 {
		t.Errorf("%d purchase calls, want exactly 1", got)
	}
}

func TestBookTwoTabsBookOnce(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	tab1 := bkConfirm(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	tab2 := bkConfirm(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	if bkBookValues(tab1).Get("token") == bkBookValues(tab2).Get("token") {
		t.Fatal("two confirm pages share a token")
	}
	first := b.submit(t, tab1, "form[data-testid=book-form]", nil)
	if first.Doc.Find("[data-testid=booking]").AttrOr("data-status", "") != "booked" {
		t.Fatalf("first tab: %s", first.text("main"))
	}
	second := b.submit(t, tab2, "form[data-testid=book-form]", nil)
	if got := second.Doc.Find("[data-testid=booking]").AttrOr("data-status", ""); got != "failed" {
		t.Errorf("second tab: status %q, want failed", got)
	}
	if got := second.text("[data-testid=booking-message]"); got != "You already have this add-on." {
		t.Errorf("second tab says %q", got)
	}
	if ids := bkNewContracts(e); len(ids) != 1 {
		t.Errorf("module contracts %v, want one", ids)
	}
	// The second tab's validation says already purchased: no purchase sent.
	if got := e.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 1 {
		t.Errorf("%d purchase calls, want exactly 1", got)
	}
}

func TestBookUpstreamBusyOrDown(t *testing.T) {
	tests := []struct {
		status     int
		wantStatus string
		wantMsg    string
	}{
		// 429 is answered before anything is written: not booked, start again.
		{http.StatusTooManyRequests, "failed", "The studio's system is busy right now. Nothing was booked. Please check the add-on again in a minute."},
		// A 5xx may come after a write: reconciled, found nothing, honest.
		{http.StatusServiceUnavailable, "uncertain", "We checked your contract: the add-on does not appear on it yet."},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			e := newEnv(t)
			b := modLogin(t, e, "1-1001", 0)
			pg := bkConfirm(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
			e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: purchaseRoute, Status: tt.status})
			done := b.submit(t, pg, "form[data-testid=book-form]", nil)
			if got := done.Doc.Find("[data-testid=booking]").AttrOr("data-status", ""); got != tt.wantStatus {
				t.Fatalf("status %q, want %q: %s", got, tt.wantStatus, done.text("main"))
			}
			if got := done.text("[data-testid=booking-message]"); got != tt.wantMsg {
				t.Errorf("message %q", got)
			}
			if done.text("[data-testid=trace-id]") == "" {
				t.Error("no support reference (traceId)")
			}
			if ids := bkNewContracts(e); len(ids) != 0 {
				t.Errorf("module contracts %v, want none", ids)
			}
			if tt.wantStatus == "failed" {
				if got := done.Doc.Find("[data-testid=booking-restart]").AttrOr("href", ""); got != "/demo/modules/302" {
					t.Errorf("way forward %q", got)
				}
			}
		})
	}
}

func TestBookRefusesForeignExpiredAndTamperedForms(t *testing.T) {
	e := newEnv(t)
	alice := modLogin(t, e, "1-1001", 0)
	pg := bkConfirm(t, alice, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	v := bkBookValues(pg)
	path := fmt.Sprintf("/demo/modules/%d/book", sandbox.ModuleSauna)
	writes := e.Sandbox.WriteCount("demo")

	// Another session (even the same member, logged in elsewhere) cannot use the token.
	other := modLogin(t, e, "1-1001", 0)
	foreign := other.post(t, path, url.Values{"token": {v.Get("token")}, "frequency": {"3011"}})
	if foreign.Status != http.StatusGone || !foreign.has("[data-testid=booking-expired]") {
		t.Errorf("foreign token: status %d", foreign.Status)
	}
	unknown := alice.post(t, path, url.Values{"token": {"made-up"}, "frequency": {"3011"}})
	if unknown.Status != http.StatusGone || !unknown.has("[data-testid=booking-expired]") {
		t.Errorf("unknown token: status %d", unknown.Status)
	}
	if got := unknown.Doc.Find("[data-testid=booking-restart]").AttrOr("href", ""); got != "/demo/modules/301" {
		t.Errorf("expired page leads to %q", got)
	}
	// An earlier send of the same form may have booked: the page speaks of
	// this one only.
	if got := unknown.text("[data-testid=booking-expired] p"); strings.Contains(got, "Nothing was booked") || !strings.Contains(got, "this one was not sent") {
		t.Errorf("expired page says %q", got)
	}
	// The token's booking must match the form.
	for name, change := range map[string]url.Values{
		"frequency": {"frequency": {"3021"}},
		"trial":     {"trial": {"1"}},
	} {
		tampered := cloneValues(v)
		for k, vs := range change {
			tampered[k] = vs
		}
		if pg := alice.postRaw(t, path, tampered, nil); pg.Status != http.StatusBadRequest {
			t.Errorf("tampered %s: status %d, want 400", name, pg.Status)
		}
	}
	if pg := alice.postRaw(t, "/demo/modules/302/book", v, nil); pg.Status != http.StatusBadRequest {
		t.Errorf("token on another module: status %d, want 400", pg.Status)
	}
	if pg := alice.postRaw(t, "/demo/modules/x/book", v, nil); pg.Status != http.StatusNotFound {
		t.Errorf("non-numeric module: status %d, want 404", pg.Status)
	}
	// No CSRF token: refused before anything else.
	noCSRF := cloneValues(v)
	noCSRF.Del("_csrf")
	if pg := alice.postRaw(t, path, noCSRF, nil); pg.Status != http.StatusForbidden {
		t.Errorf("without CSRF: status %d, want 403", pg.Status)
	}
	if got := e.Sandbox.WriteCount("demo"); got != writes || len(bkNewContracts(e)) != 0 {
		t.Fatalf("refused forms wrote: writes %d (want %d), contracts %v", got, writes, bkNewContracts(e))
	}
	// The refusals did not use the token up: the real form still books.
	done := alice.submit(t, pg, "form[data-testid=book-form]", nil)
	if done.Doc.Find("[data-testid=booking]").AttrOr("data-status", "") != "booked" || len(bkNewContracts(e)) != 1 {
		t.Errorf("the untampered form did not book: %s", done.text("main"))
	}
	// Another session cannot see the outcome either.
	if pg := other.get(t, pathOf(done.URL)); pg.Status != http.StatusNotFound {
		t.Errorf("foreign booking page: status %d, want 404", pg.Status)
	}
	if pg := other.post(t, pathOf(done.URL)+"/check", nil); pg.Status != http.StatusNotFound {
		t.Errorf("foreign booking check: status %d, want 404", pg.Status)
	}
}

func TestBookingPagesWithHTMX(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	pg := bkConfirm(t, b, sandbox.ModulePhysio, sandbox.FrequencyPhysio, false)
	hx := b.htmx(t, http.MethodPost, fmt.Sprintf("/demo/modules/%d/book", sandbox.ModulePhysio), bkBookValues(pg))
	target := hx.Header.Get("HX-Redirect")
	if hx.Status != http.StatusOK || !strings.HasPrefix(target, "/demo/bookings/") {
		t.Fatalf("htmx book: status %d, HX-Redirect %q", hx.Status, target)
	}
	part := b.htmx(t, http.MethodGet, target, nil)
	if strings.Contains(part.Body, "<html") || part.Doc.Find("[data-testid=booking]").AttrOr("data-status", "") != "booked" {
		t.Errorf("booking partial: %s", part.Body)
	}
	full := b.get(t, target)
	if !strings.Contains(full.Body, "<html") || full.text("[data-testid=booking-booked] p") != "Your add-on Physio check (partner benefit) is booked." {
		t.Errorf("booking page: %s", full.text("main"))
	}
}

func TestBookValidationDownReleasesTheToken(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	pg := bkConfirm(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelYearly, false)
	// The re-validation before the purchase fails: nothing was sent that
	// could book, so the member sees the error and may send the form again.
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: "/v1/memberships/{contractId}/self-service/additional-modules/validate", Status: http.StatusServiceUnavailable})
	failed := b.submit(t, pg, "form[data-testid=book-form]", nil)
	if failed.Status != http.StatusServiceUnavailable || !failed.has("[data-testid=error]") || failed.text("[data-testid=trace-id]") == "" {
		t.Errorf("status %d, error page with reference? %s", failed.Status, failed.text("main"))
	}
	if len(bkNewContracts(e)) != 0 {
		t.Fatal("booked although validation failed")
	}
	e.Sandbox.ClearFaults()
	done := b.submit(t, pg, "form[data-testid=book-form]", nil)
	if done.Doc.Find("[data-testid=booking]").AttrOr("data-status", "") != "booked" || len(bkNewContracts(e)) != 1 {
		t.Errorf("the same form after the outage: %s, contracts %v", done.text("main"), bkNewContracts(e))
	}
}

// bkStatus is the booking page's outcome status.
func bkStatus(pg *page) string {
	return pg.Doc.Find("[data-testid=booking]").AttrOr("data-status", "")
}

func TestBookPriceChangedSinceConfirm(t *testing.T) {
	cacheOn := withDeps(func(d *handlers.Deps) { d.StudioCacheTTL, d.ContractCacheTTL = time.Hour, time.Hour })
	for name, opts := range map[string][]envOption{"no cache": nil, "read cache on": {cacheOn}} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, opts...)
			b := modLogin(t, e, "1-1001", 0)
			pg := bkConfirm(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, true)
			// The studio raises the price while the confirm page is open.
			if err := e.Sandbox.SetFrequencyPrice("demo", sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, apiclient.NewMoney(1290, "EUR")); err != nil {
				t.Fatal(err)
			}
			done := b.submit(t, pg, "form[data-testid=book-form]", nil)
			if got := bkStatus(done); got != "failed" {
				t.Fatalf("status %q, want failed: %s", got, done.text("main"))
			}
			want := "The price of this add-on changed since you checked it. Nothing was booked. Please check it again to see the current price."
			if got := done.text("[data-testid=booking-message]"); got != want {
				t.Errorf("message %q, want %q", got, want)
			}
			if got := done.Doc.Find("[data-testid=booking-restart]").AttrOr("href", ""); got != "/demo/modules/301" {
				t.Errorf("way back %q, want the module page", got)
			}
			if got := e.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 0 {
				t.Errorf("%d purchase calls, want none", got)
			}
			if ids := bkNewContracts(e); len(ids) != 0 {
				t.Errorf("module contracts %v, want none", ids)
			}
			// Checking again shows the price the studio asks now.
			again := bkConfirm(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, true)
			if got := again.text("[data-testid=confirm-price]"); got != "€12.90 every month" {
				t.Errorf("confirm price after the change %q, want €12.90 every month", got)
			}
		})
	}
}

func TestBookedPageShowsThePriceWithItsPeriod(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	tests := []struct {
		module, frequency int64
		trial             bool
		want              string
	}{
		{sandbox.ModuleTowel, sandbox.FrequencyTowelYearly, false, "€45.00 every 12 months"},
		{sandbox.ModulePhysio, sandbox.FrequencyPhysio, false, "Free"},
		{sandbox.ModuleDrink, sandbox.FrequencyDrink, true, "€19.90 per month, €24.90 from month 4 of the contract"},
	}
	for _, tt := range tests {
		pg := bkConfirm(t, b, tt.module, tt.frequency, tt.trial)
		if got := pg.text("[data-testid=confirm-price]"); got != tt.want {
			t.Errorf("module %d: confirm price %q, want %q", tt.module, got, tt.want)
		}
		done := b.submit(t, pg, "form[data-testid=book-form]", nil)
		if got := bkStatus(done); got != "booked" {
			t.Fatalf("module %d: status %q: %s", tt.module, got, done.text("main"))
		}
		if got := done.text("[data-testid=booked-price]"); got != tt.want {
			t.Errorf("module %d: booked price %q, want %q", tt.module, got, tt.want)
		}
	}
}
