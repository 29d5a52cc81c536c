package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/handlers"
)

// purchaseRoute is the sandbox route pattern of the purchase, for faults.
const purchaseRoute = "/v1/memberships/{contractId}/self-service/additional-modules/purchase"

// bkSummary goes from the add-on's page through Continue to the summary
// of a choice (as a member without JavaScript does) and checks it offers
// to book.
func bkSummary(t testing.TB, b *browser, moduleID, frequencyID int64, trial bool) *page {
	t.Helper()
	pg := b.get(t, fmt.Sprintf("/demo/modules/%d", moduleID))
	if !pg.has("form[data-testid=check-form]") {
		t.Fatalf("add-on %d: no Continue form: %s", moduleID, pg.text("main"))
	}
	v := url.Values{"paymentFrequency": {fmt.Sprint(frequencyID)}}
	if trial {
		v.Set("trial", "on")
	}
	sum := b.submit(t, pg, "form[data-testid=check-form]", v)
	if sum.Status != http.StatusOK || !sum.has("form[data-testid=book-form]") {
		t.Fatalf("continue with %d/%d/%v: ended on %s (status %d), no book form: %s", moduleID, frequencyID, trial, sum.URL, sum.Status, sum.text("main"))
	}
	if !strings.HasSuffix(pathOf(sum.URL), "/summary") {
		t.Errorf("summary at %s, want /demo/bookings/{token}/summary", sum.URL)
	}
	return sum
}

// bkBookValues are the book form's fields as the confirm page has them.
func bkBookValues(pg *page) url.Values {
	return formValues(pg.Doc.Find("form[data-testid=book-form]"))
}

// bkNewContracts returns the add-on contracts booked on 1-1001's contract.
func bkNewContracts(e *env) []int64 {
	return e.Sandbox.ModuleContractIDs("demo", sandbox.ContractNoAddOns)
}

func TestSummaryCommitmentAndPriceButton(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	writes := e.Sandbox.WriteCount("demo")
	pg := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, true)
	if got := pg.text("[data-testid=confirm-module]"); got != "Sauna" {
		t.Errorf("add-on %q", got)
	}
	if got := pg.text("[data-testid=book-submit] .idle-label"); got != "Book: free trial first, then pay €9.90 per month" {
		t.Errorf("button %q", got)
	}
	if got := pg.count("form[data-testid=book-form] button[type=submit]"); got != 1 {
		t.Errorf("%d submit buttons, want one", got)
	}
	v := bkBookValues(pg)
	if v.Get("token") == "" || v.Get("frequency") != "3011" || v.Get("trial") != "1" || v.Get("_csrf") == "" {
		t.Errorf("book form fields %v", v)
	}
	if !strings.Contains(pathOf(pg.URL), v.Get("token")) {
		t.Errorf("summary %s is not the page of its token %s", pg.URL, v.Get("token"))
	}
	if got := pg.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q, want no-store (Back must ask again)", got)
	}
	if got := pg.Doc.Find("[data-testid=change-choice]").AttrOr("href", ""); got != "/demo/modules/301?frequency=3011&trial=1" {
		t.Errorf("change link %q", got)
	}

	labels := []struct {
		module, frequency int64
		want              string
	}{
		{sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, "Book and pay €9.90 per month"},
		{sandbox.ModuleTowel, sandbox.FrequencyTowelYearly, "Book and pay €45.00 per year"},
		{sandbox.ModulePersonalTraining, sandbox.FrequencyPersonalTraining, "Book and pay €49.00 one-time"},
		{sandbox.ModulePhysio, sandbox.FrequencyPhysio, "Book for free"},
		{sandbox.ModuleSummerPass, sandbox.FrequencySummerPass, "Book and pay €77.00 per year"},
		{sandbox.ModuleDrink, sandbox.FrequencyDrink, "Book and pay €19.90 per month for the first 3 months, then €24.90"},
	}
	for _, l := range labels {
		pg := bkSummary(t, b, l.module, l.frequency, false)
		if got := pg.text("[data-testid=book-submit] .idle-label"); got != l.want {
			t.Errorf("module %d: button %q, want %q", l.module, got, l.want)
		}
		if pg.has("[data-testid=commitment-paying]") {
			t.Errorf("module %d without trial: a trial payment line shows", l.module)
		}
	}
	// The drink flat's terms count from the start, trial included.
	drink := bkSummary(t, b, sandbox.ModuleDrink, sandbox.FrequencyDrink, true)
	if got, want := drink.text("[data-testid=book-submit] .idle-label"), "Book: free trial first, then pay €19.90 per month, €24.90 from month 4 of the contract"; got != want {
		t.Errorf("drink flat with trial: button %q, want %q", got, want)
	}
	if got := len(bkNewContracts(e)); got != 0 || e.Sandbox.WriteCount("demo") != writes {
		t.Errorf("showing summaries booked %d add-ons", got)
	}
}

func TestContinueRefusesWhatCannotBeBooked(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1002", 0)
	// The add-on's page says so at once, at the top, and offers no form.
	pg := b.get(t, fmt.Sprintf("/demo/modules/%d", sandbox.ModuleSauna))
	if pg.has("form[data-testid=check-form]") || pg.has("form[data-testid=book-form]") {
		t.Error("a Continue or book form for an add-on the member already has")
	}
	if got := pg.text("#continue-result [data-testid=check-message]"); got != "You already have this add-on." {
		t.Errorf("message %q", got)
	}
	// A Continue sent anyway (an older tab) stays on the add-on's page with
	// the reason, scrolled to: Post/Redirect/Get with a fragment.
	loc := bkContinueRedirect(t, b, sandbox.ModuleSauna, url.Values{"paymentFrequency": {"3011"}})
	if want := "/demo/modules/301?frequency=3011&refused=already-purchased#continue-result"; loc != want {
		t.Errorf("refused Continue redirects to %q, want %q", loc, want)
	}
	// A tampered choice is the add-on's page with the error, not a summary.
	bad := b.post(t, fmt.Sprintf("/demo/modules/%d/continue", sandbox.ModuleDrink), url.Values{"paymentFrequency": {fmt.Sprint(sandbox.FrequencyTowelMonthly)}})
	if bad.Status != http.StatusUnprocessableEntity || !bad.has("[data-testid=paymentFrequency-error]") || bad.has("form[data-testid=book-form]") {
		t.Errorf("foreign frequency: status %d", bad.Status)
	}
}

// bkContinueRedirect posts a Continue without following its redirect and
// returns where it leads (fragment included).
func bkContinueRedirect(t testing.TB, b *browser, moduleID int64, v url.Values) string {
	t.Helper()
	v = cloneValues(v)
	v.Set("_csrf", b.csrfToken(t))
	req, err := http.NewRequest(http.MethodPost, b.abs(fmt.Sprintf("/demo/modules/%d/continue", moduleID)), strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := *b.client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp := read(t, &client, req)
	if resp.Status != http.StatusSeeOther {
		t.Fatalf("Continue answered %d, want a 303 redirect: %s", resp.Status, resp.text("main"))
	}
	return resp.Header.Get("Location")
}

func TestBookSaunaWithTrial(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	writes := e.Sandbox.WriteCount("demo")
	pg := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, true)
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
	if got := done.text("[data-testid=booked-summary] [data-testid=commitment-paying]"); got != "5 Dec 2026" {
		t.Errorf("paying starts %q, want 5 Dec 2026", got)
	}
	if !strings.HasPrefix(done.Doc.Find("[data-testid=receipt-link]").AttrOr("href", ""), "/demo/receipts/") {
		t.Error("the booked page does not link its receipt")
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
	pg := bkSummary(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
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
	tab1 := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	tab2 := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
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
	// No validate before a purchase: the studio refused the second one,
	// and a validate after it explained why.
	if got := e.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 2 {
		t.Errorf("%d purchase calls, want 2 (the second refused by the studio)", got)
	}
}

func TestBookUpstreamBusyOrDown(t *testing.T) {
	tests := []struct {
		status     int
		wantStatus string
		wantMsg    string
	}{
		// 429 is answered before anything is written: not booked, start again.
		{http.StatusTooManyRequests, "failed", "The studio's system is busy right now. Nothing was booked. Please try again in a minute."},
		// A 5xx may come after a write: reconciled, found nothing, honest.
		{http.StatusServiceUnavailable, "uncertain", "We checked your contract: the add-on does not appear on it yet."},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			e := newEnv(t)
			b := modLogin(t, e, "1-1001", 0)
			pg := bkSummary(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
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
	pg := bkSummary(t, alice, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
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
	pg := bkSummary(t, b, sandbox.ModulePhysio, sandbox.FrequencyPhysio, false)
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

func TestBookPriceCheckDownReleasesTheToken(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	pg := bkSummary(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelYearly, false)
	validates := e.Sandbox.Calls("demo", "POST "+validateRoute)
	// The fresh catalog read of the price check fails: nothing was sent
	// that could book, so the member sees the error and may send the form
	// again.
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodGet, Path: "/v1/memberships/self-service/additional-modules", Status: http.StatusServiceUnavailable})
	failed := b.submit(t, pg, "form[data-testid=book-form]", nil)
	if failed.Status != http.StatusServiceUnavailable || !failed.has("[data-testid=error]") || failed.text("[data-testid=trace-id]") == "" {
		t.Errorf("status %d, error page with reference? %s", failed.Status, failed.text("main"))
	}
	if len(bkNewContracts(e)) != 0 || e.Sandbox.Calls("demo", "POST "+purchaseRoute) != 0 {
		t.Fatal("purchased although the price check failed")
	}
	e.Sandbox.ClearFaults()
	done := b.submit(t, pg, "form[data-testid=book-form]", nil)
	if done.Doc.Find("[data-testid=booking]").AttrOr("data-status", "") != "booked" || len(bkNewContracts(e)) != 1 {
		t.Errorf("the same form after the outage: %s, contracts %v", done.text("main"), bkNewContracts(e))
	}
	// The purchase was not preceded by a validate: the studio's purchase is
	// its final word.
	if got := e.Sandbox.Calls("demo", "POST "+validateRoute) - validates; got != 0 {
		t.Errorf("%d validate calls while booking, want none", got)
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
			pg := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, true)
			// The studio raises the price while the confirm page is open.
			if err := e.Sandbox.SetFrequencyPrice("demo", sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, apiclient.NewMoney(1290, "EUR")); err != nil {
				t.Fatal(err)
			}
			done := b.submit(t, pg, "form[data-testid=book-form]", nil)
			if got := bkStatus(done); got != "failed" {
				t.Fatalf("status %q, want failed: %s", got, done.text("main"))
			}
			want := "The price or terms of this add-on changed since you saw them. Nothing was booked. Please open it again to see the current ones."
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
			again := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, true)
			if got := again.text("[data-testid=commitment-price]"); got != "€12.90 every month" {
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
		{sandbox.ModuleTowel, sandbox.FrequencyTowelYearly, false, "€45.00 every year"},
		{sandbox.ModulePhysio, sandbox.FrequencyPhysio, false, "Free"},
		{sandbox.ModuleDrink, sandbox.FrequencyDrink, true, "€19.90 per month, €24.90 from month 4 of the contract"},
	}
	for _, tt := range tests {
		pg := bkSummary(t, b, tt.module, tt.frequency, tt.trial)
		if got := pg.text("[data-testid=commitment-price]"); got != tt.want {
			t.Errorf("module %d: summary price %q, want %q", tt.module, got, tt.want)
		}
		done := b.submit(t, pg, "form[data-testid=book-form]", nil)
		if got := bkStatus(done); got != "booked" {
			t.Fatalf("module %d: status %q: %s", tt.module, got, done.text("main"))
		}
		if got := done.text("[data-testid=booked-summary] [data-testid=commitment-price]"); got != tt.want {
			t.Errorf("module %d: booked price %q, want %q", tt.module, got, tt.want)
		}
	}
}
