package e2e

// What a booking commits the member to, stated on the add-on's page and on
// the summary before money moves (§312j BGB), in English and German; and
// the summary's place in the flow: Back after booking shows the outcome,
// and a booking whose outcome is unknown blocks a new one.

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
)

// commitmentCase is a choice and the facts its commitment states, by the
// description's data-testid ("" for a fact that must not show). The
// harness's today is 21 Nov 2026.
type commitmentCase struct {
	name              string
	module, frequency int64
	trial             bool
	facts             map[string]string
}

var commitmentCases = []commitmentCase{
	{"towel monthly: a year, €54.00", sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false, map[string]string{
		"commitment-start":    "Today, 21 Nov 2026",
		"commitment-trial":    "",
		"commitment-paying":   "",
		"commitment-price":    "€4.50 every month",
		"commitment-term":     "12 months, until 20 Nov 2027",
		"commitment-renewal":  "It renews by 1 month at a time unless you cancel in time.",
		"commitment-notice":   "1 month before the end of a term",
		"commitment-earliest": "It ends on 20 Nov 2027 at the earliest. Your notice must reach the studio by 20 Oct 2027. Cost until then: €54.00 (12 payments of €4.50, from 21 Nov 2026 to 21 Oct 2027)",
		"commitment-total":    "€54.00 (12 payments of €4.50, from 21 Nov 2026 to 21 Oct 2027)",
	}},
	{"sauna with its trial: the first payment, due even if cancelled at once", sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, true, map[string]string{
		"commitment-trial":    "14 days, until 4 Dec 2026 Try the sauna free for 14 days",
		"commitment-paying":   "5 Dec 2026",
		"commitment-price":    "€9.90 every month",
		"commitment-term":     "1 month, until 20 Dec 2026",
		"commitment-notice":   "2 weeks before the end of a term",
		"commitment-earliest": "It ends on 20 Dec 2026 at the earliest. Your notice must reach the studio by 6 Dec 2026. Cost until then: €9.90, due on 5 Dec 2026",
		"commitment-total":    "€9.90, due on 5 Dec 2026",
	}},
	{"sauna without the trial", sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false, map[string]string{
		"commitment-trial":  "Without a trial",
		"commitment-paying": "",
		"commitment-total":  "€9.90, due on 21 Nov 2026",
	}},
	{"NON_RECURRING: once", sandbox.ModulePersonalTraining, sandbox.FrequencyPersonalTraining, false, map[string]string{
		"commitment-price":    "One-time €49.00",
		"commitment-term":     "1 month, until 20 Dec 2026",
		"commitment-renewal":  "It ends by itself; you do not need to cancel.",
		"commitment-notice":   "None needed",
		"commitment-earliest": "It ends on 20 Dec 2026. Cost until then: €49.00, due on 21 Nov 2026",
		"commitment-total":    "€49.00, due on 21 Nov 2026",
	}},
	{"FREE: nothing", sandbox.ModulePhysio, sandbox.FrequencyPhysio, false, map[string]string{
		"commitment-price":    "Free",
		"commitment-term":     "12 months, until 20 Nov 2027",
		"commitment-earliest": "It ends on 20 Nov 2027. Cost until then: nothing to pay",
		"commitment-total":    "nothing to pay",
	}},
	{"MONTH_DAY: the dates inside the term", sandbox.ModuleSummerPass, sandbox.FrequencySummerPass, false, map[string]string{
		"commitment-price":   "€29.00 on 1 May, €29.00 on 1 Jul, €19.00 on 1 Sep, every year",
		"commitment-renewal": "It renews by 12 months at a time unless you cancel in time.",
		"commitment-total":   "€77.00 (€29.00 on 1 May 2027, €29.00 on 1 Jul 2027, €19.00 on 1 Sep 2027)",
	}},
	{"TERM_BASED: the steps", sandbox.ModuleDrink, sandbox.FrequencyDrink, false, map[string]string{
		"commitment-price":    "€19.90 per month for the first 3 months, then €24.90",
		"commitment-term":     "6 months, until 20 May 2027",
		"commitment-notice":   "4 weeks before the end of the minimum term, 2 weeks before the end of a renewal",
		"commitment-earliest": "It ends on 20 May 2027 at the earliest. Your notice must reach the studio by 22 Apr 2027. Cost until then: €134.40 (3 payments of €19.90, from 21 Nov 2026 to 21 Jan 2027, then 3 payments of €24.90, from 21 Feb 2027 to 21 Apr 2027)",
		"commitment-total":    "€134.40 (3 payments of €19.90, from 21 Nov 2026 to 21 Jan 2027, then 3 payments of €24.90, from 21 Feb 2027 to 21 Apr 2027)",
	}},
	{"TERM_BASED with its trial: the steps count from the start", sandbox.ModuleDrink, sandbox.FrequencyDrink, true, map[string]string{
		"commitment-paying": "28 Nov 2026",
		"commitment-total":  "€134.40 (3 payments of €19.90, from 28 Nov 2026 to 28 Jan 2027, then 3 payments of €24.90, from 28 Feb 2027 to 28 Apr 2027)",
	}},
}

// assertFacts checks the facts of the commitment in scope on pg.
func assertFacts(t *testing.T, where string, pg *page, scope string, facts map[string]string) {
	t.Helper()
	if pg.count(scope+" [data-testid=commitment]") != 1 {
		t.Fatalf("%s: no commitment in %s: %s", where, scope, pg.text("main"))
	}
	for id, want := range facts {
		sel := scope + " [data-testid=" + id + "]"
		if want == "" {
			if pg.has(sel) {
				t.Errorf("%s: %s shows %q, want it absent", where, id, pg.text(sel))
			}
			continue
		}
		if got := pg.text(sel); got != want {
			t.Errorf("%s: %s = %q, want %q", where, id, got, want)
		}
	}
}

func TestCommitmentOnTheAddOnPageAndTheSummary(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	for _, cc := range commitmentCases {
		t.Run(cc.name, func(t *testing.T) {
			// The add-on's page, with the choice preselected (as the
			// summary's "change" link and htmx's swap ask for it).
			path := fmt.Sprintf("/demo/modules/%d?frequency=%d", cc.module, cc.frequency)
			if cc.trial {
				path += "&trial=1"
			}
			assertFacts(t, "add-on page", b.get(t, path), "#commitment", cc.facts)
			q := url.Values{"paymentFrequency": {fmt.Sprint(cc.frequency)}}
			if cc.trial {
				q.Set("trial", "on")
			}
			part := b.htmx(t, http.MethodGet, fmt.Sprintf("/demo/modules/%d/commitment?%s", cc.module, q.Encode()), nil)
			if strings.Contains(part.Body, "<html") || part.text("h2") != "What you commit to" {
				t.Errorf("the htmx answer to a changed choice is not the commitment partial: %s", part.Body)
			}
			assertFacts(t, "htmx partial", part, "", cc.facts)
			assertFacts(t, "summary", bkSummary(t, b, cc.module, cc.frequency, cc.trial), "[data-testid=confirm-summary]", cc.facts)
		})
	}
	// Without JavaScript the commitment's address is the add-on's page.
	pg := b.get(t, "/demo/modules/302/commitment?paymentFrequency=3022")
	if pathOf(pg.URL) != "/demo/modules/302" || pg.text("[data-testid=commitment-price]") != "€45.00 every year" {
		t.Errorf("commitment without htmx: %s, price %q", pg.URL, pg.text("[data-testid=commitment-price]"))
	}
}

func TestSummaryInGerman(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0) // 1-1001 sets no language: the browser's counts
	sum := bkSummary(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
	req, err := http.NewRequest(http.MethodGet, sum.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "de-DE,de;q=0.9,en;q=0.5")
	de := b.do(t, req)
	if got := de.Doc.Find("html").AttrOr("lang", ""); got != "de" {
		t.Fatalf("lang %q, want de", got)
	}
	want := map[string]string{
		"commitment-start":    "Heute, 21.11.2026",
		"commitment-term":     "12 Monate, bis 20.11.2027",
		"commitment-renewal":  "Die Zusatzleistung verlängert sich jeweils um 1 Monat, wenn Sie nicht rechtzeitig kündigen.",
		"commitment-notice":   "1 Monat zum Ende einer Laufzeit",
		"commitment-earliest": "Die Zusatzleistung endet frühestens am 20.11.2027. Ihre Kündigung muss bis zum 20.10.2027 beim Studio eingehen. Kosten bis dahin: 54,00 € (12 Zahlungen zu je 4,50 €, vom 21.11.2026 bis zum 21.10.2027)",
		"commitment-total":    "54,00 € (12 Zahlungen zu je 4,50 €, vom 21.11.2026 bis zum 21.10.2027)",
	}
	for id, w := range want {
		if got := strings.ReplaceAll(de.text("[data-testid="+id+"]"), "\u00a0", " "); got != w {
			t.Errorf("%s = %q, want %q", id, got, w)
		}
	}
	// §312j BGB: the button says that booking costs money.
	if got := strings.ReplaceAll(de.text("[data-testid=book-submit] .idle-label"), "\u00a0", " "); got != "Zahlungspflichtig buchen: 4,50 € pro Monat" {
		t.Errorf("button %q", got)
	}
	if got := de.text("h1"); got != "Prüfen und buchen" {
		t.Errorf("heading %q", got)
	}
}

// TestBackAfterBookingShowsTheOutcome: the summary is not kept by the
// browser (no-store), and asked for again after its token was used it
// answers with the booking's outcome, never a live button.
func TestBackAfterBookingShowsTheOutcome(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	sum := bkSummary(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
	done := b.submit(t, sum, "form[data-testid=book-form]", nil)
	if bkStatus(done) != "booked" {
		t.Fatalf("booking: %s", done.text("main"))
	}
	back := b.get(t, sum.URL)
	if pathOf(back.URL) != pathOf(done.URL) || back.has("form[data-testid=book-form]") || bkStatus(back) != "booked" {
		t.Errorf("Back to the summary: %s with a book form %v, status %q; want the booking's outcome", back.URL, back.has("form[data-testid=book-form]"), bkStatus(back))
	}
	// One more step back, the add-on's page: it says the member has it.
	addOn := b.get(t, fmt.Sprintf("/demo/modules/%d?frequency=%d", sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly))
	if addOn.has("form[data-testid=check-form]") || addOn.Doc.Find("[data-testid=check-outcome]").AttrOr("data-status", "") != "already-purchased" {
		t.Errorf("the add-on's page after booking: %s", addOn.text("main"))
	}
	if got := len(bkNewContracts(e)); got != 1 {
		t.Errorf("%d add-ons booked, want 1", got)
	}
}

// TestPendingBookingBlocksANewOne: while a booking's outcome is unknown,
// neither this session nor another of the same member can start or send a
// new booking of the add-on; both see the pending booking and can check
// again, which finds it once it is there.
func TestPendingBookingBlocksANewOne(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	first := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	second := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false) // another tab
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: purchaseRoute, Drop: true, Times: 1})
	done := b.submit(t, first, "form[data-testid=book-form]", nil)
	assertUncertain(t, done)

	assertPending := func(who string, pg *page) {
		t.Helper()
		if pg.Doc.Find("[data-testid=pending-booking]").AttrOr("data-status", "") != "uncertain" {
			t.Errorf("%s: no pending booking shown: %s", who, pg.text("main"))
		}
		if pg.has("form[data-testid=book-form]") || pg.has("form[data-testid=check-form]") {
			t.Errorf("%s: a form to book the add-on again", who)
		}
		if !pg.has("form[data-testid=pending-check-form] [data-testid=pending-check]") {
			t.Errorf("%s: no way to check again", who)
		}
	}
	assertPending("the add-on's page", b.get(t, "/demo/modules/301"))
	assertPending("the other tab's summary", b.get(t, second.URL))
	if again := b.submit(t, second, "form[data-testid=book-form]", nil); pathOf(again.URL) != pathOf(second.URL) {
		t.Errorf("the other tab's book form ended on %s, want its summary showing the pending booking", again.URL)
	}
	if loc := bkContinueRedirect(t, b, sandbox.ModuleSauna, url.Values{"paymentFrequency": {"3011"}}); loc != "/demo/modules/301" {
		t.Errorf("Continue while pending → %q, want the add-on's page", loc)
	}
	other := modLogin(t, e, "1-1001", 0) // the same member on another device
	assertPending("another session", other.get(t, "/demo/modules/301"))
	if got := e.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 1 {
		t.Fatalf("%d purchase calls, want only the lost one", got)
	}

	// The studio's system shows the booking later; checking again from the
	// other session finds it without purchasing.
	id := bkLateLanding(t, e, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly)
	checked := other.submit(t, other.get(t, "/demo/modules/301"), "form[data-testid=pending-check-form]", nil)
	if checked.has("[data-testid=pending-booking]") || checked.Doc.Find("[data-testid=check-outcome]").AttrOr("data-status", "") != "already-purchased" {
		t.Errorf("after checking again: %s, want the add-on's page saying it is booked", checked.text("main"))
	}
	if got := bkStatus(b.get(t, pathOf(done.URL))); got != "booked" {
		t.Errorf("the booking's own page after the check: %q, want booked", got)
	}
	if got := e.Sandbox.Calls("demo", "POST "+purchaseRoute); got != 2 || len(bkNewContracts(e)) != 1 || bkNewContracts(e)[0] != id {
		t.Errorf("%d purchase calls (the lost one and the late landing), contracts %v", got, bkNewContracts(e))
	}
}

// TestPendingWhilePurchaseRuns: during a slow purchase (its token claimed)
// the add-on's page shows it as being processed, not a new form.
func TestPendingWhilePurchaseRuns(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	sum := bkSummary(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: purchaseRoute, Latency: time.Second})
	var wg sync.WaitGroup
	var done *page
	wg.Go(func() { done = b.submit(t, sum, "form[data-testid=book-form]", nil) })
	for deadline := time.Now().Add(time.Second); e.Sandbox.Calls("demo", "POST "+purchaseRoute) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the purchase never reached the studio")
		}
		time.Sleep(5 * time.Millisecond)
	}
	pg := b.get(t, "/demo/modules/302")
	if got := pg.Doc.Find("[data-testid=pending-booking]").AttrOr("data-status", ""); got != "processing" || pg.has("form[data-testid=check-form]") {
		t.Errorf("during the purchase: pending %q, form %v", got, pg.has("form[data-testid=check-form]"))
	}
	wg.Wait()
	if bkStatus(done) != "booked" {
		t.Errorf("the purchase ended %q", bkStatus(done))
	}
}

// noFollow is b (its cookies) not following redirects, to read where an
// answer leads.
func noFollow(b *browser) *browser {
	client := *b.client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{env: b.env, client: &client}
}

// TestShowTermsWithoutJavaScript: a member without JavaScript, whose
// commitment box cannot follow the choice, chooses and presses "Show the
// terms of this choice": the add-on's page comes back (Post/Redirect/Get)
// with the choice checked and its commitment in view, and nothing was
// validated upstream, written or booked. A choice the module lacks is the
// form's error, as Continue answers it.
func TestShowTermsWithoutJavaScript(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	cases := []struct {
		name              string
		module, frequency int64
		trial             bool
		location          string
		facts             map[string]string
	}{
		{"towel yearly instead of monthly", sandbox.ModuleTowel, sandbox.FrequencyTowelYearly, false,
			"/demo/modules/302?frequency=3022#commitment", map[string]string{
				"commitment-price": "€45.00 every year",
				"commitment-term":  "12 months, until 20 Nov 2027",
				"commitment-total": "€45.00, due on 21 Nov 2026",
			}},
		// A trial would be validated by Continue even for a module on the
		// purchasable list: here it is not.
		{"sauna with its trial", sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, true,
			fmt.Sprintf("/demo/modules/%d?frequency=%d&trial=1#commitment", sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly), map[string]string{
				"commitment-paying": "5 Dec 2026",
				"commitment-total":  "€9.90, due on 5 Dec 2026",
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pg := b.get(t, fmt.Sprintf("/demo/modules/%d", tc.module))
			form := pg.Doc.Find("form[data-testid=check-form]")
			buttons := form.Find("button[type=submit]")
			show := form.Find("button[data-testid=show-terms]")
			// Enter submits with the first button: Continue stays first.
			if buttons.Length() != 2 || buttons.First().AttrOr("data-testid", "") != "check-submit" || buttons.Last().AttrOr("data-testid", "") != "show-terms" {
				t.Fatalf("the form's submit buttons, in order: %d, want Continue then show-terms", buttons.Length())
			}
			if got := strings.TrimSpace(show.Text()); got != "Show the terms of this choice" {
				t.Errorf("button %q", got)
			}
			if !show.HasClass("secondary") || !show.HasClass("no-js-only") {
				t.Errorf("button class %q, want secondary and no-js-only", show.AttrOr("class", ""))
			}
			v := url.Values{"paymentFrequency": {fmt.Sprint(tc.frequency)}, show.AttrOr("name", ""): {show.AttrOr("value", "")}}
			if tc.trial {
				v.Set("trial", "on")
			}
			validates := e.Sandbox.Calls("demo", string(apiclient.EndpointValidateModule))
			purchasable := e.Sandbox.Calls("demo", string(apiclient.EndpointPurchasableModules))
			writes := e.Sandbox.WriteCount("demo")
			res := noFollow(b).submit(t, pg, "form[data-testid=check-form]", v)
			if res.Status != http.StatusSeeOther || res.Header.Get("Location") != tc.location {
				t.Fatalf("show the terms: %d to %q, want 303 to %q", res.Status, res.Header.Get("Location"), tc.location)
			}
			if got := e.Sandbox.Calls("demo", string(apiclient.EndpointValidateModule)) - validates; got != 0 {
				t.Errorf("%d validate calls, want none", got)
			}
			if got := e.Sandbox.Calls("demo", string(apiclient.EndpointPurchasableModules)) - purchasable; got != 0 {
				t.Errorf("%d purchasable-list reads, want none", got)
			}
			if got := e.Sandbox.WriteCount("demo") - writes; got != 0 {
				t.Errorf("%d writes, want none", got)
			}
			terms := b.get(t, res.Header.Get("Location"))
			if terms.Status != http.StatusOK || pathOf(terms.URL) != fmt.Sprintf("/demo/modules/%d", tc.module) {
				t.Fatalf("after showing the terms: %s (status %d)", terms.URL, terms.Status)
			}
			checked := terms.Doc.Find("input[name=paymentFrequency][checked]")
			if checked.Length() != 1 || checked.AttrOr("value", "") != fmt.Sprint(tc.frequency) {
				t.Errorf("checked options %d (%q), want %d alone", checked.Length(), checked.AttrOr("value", ""), tc.frequency)
			}
			if _, on := terms.Doc.Find("input#trial").Attr("checked"); on != tc.trial {
				t.Errorf("trial checked %v, want %v", on, tc.trial)
			}
			assertFacts(t, "add-on page", terms, "form[data-testid=check-form] #commitment", tc.facts)
		})
	}
	t.Run("a frequency the module lacks", func(t *testing.T) {
		pg := b.get(t, "/demo/modules/302")
		validates := e.Sandbox.Calls("demo", string(apiclient.EndpointValidateModule))
		bad := noFollow(b).submit(t, pg, "form[data-testid=check-form]", url.Values{"paymentFrequency": {"999999"}, "show": {"terms"}})
		if bad.Status != http.StatusUnprocessableEntity || !bad.has("[data-testid=paymentFrequency-error]") {
			t.Errorf("status %d, field error %q; want 422 with the field's error", bad.Status, bad.text("[data-testid=paymentFrequency-error]"))
		}
		if got := e.Sandbox.Calls("demo", string(apiclient.EndpointValidateModule)) - validates; got != 0 {
			t.Errorf("%d validate calls, want none", got)
		}
	})
}
