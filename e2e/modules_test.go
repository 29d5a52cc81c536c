package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/studio-addons/portal/apiclient/sandbox"
)

// modDOB are the seeded members' dates of birth.
var modDOB = map[string]string{
	"1-1001": "1990-01-15", "1-1002": "1985-06-30", "1-1003": "1978-11-02",
	"1-1004": "1992-03-08", "1-1006": "1999-12-31",
}

// modLogin logs a seeded member in to the demo studio; with a contract id
// it also picks that contract (members with several).
func modLogin(t testing.TB, e *env, number string, contractID int64) *browser {
	t.Helper()
	b := e.browser()
	pg := b.login(t, "demo", number, modDOB[number])
	if contractID != 0 {
		pg = b.submit(t, pg, "form[action$='/contracts']", url.Values{"contract": {fmt.Sprint(contractID)}})
	}
	if pathOf(pg.URL) != "/demo/modules" {
		t.Fatalf("login of %s ended on %s (status %d), want /demo/modules", number, pg.URL, pg.Status)
	}
	return b
}

// modCard returns the catalog card of module id.
func modCard(pg *page, id int64) *goquery.Selection {
	return pg.Doc.Find(fmt.Sprintf("[data-testid=module-card][data-module-id='%d']", id))
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestModulesCatalogInWords(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	validates := e.Sandbox.Calls("demo", "POST "+validateRoute)
	pg := b.get(t, "/demo/modules")
	if pg.Status != http.StatusOK {
		t.Fatalf("status %d", pg.Status)
	}
	tests := []struct {
		id     int64
		name   string
		prices []string
		trial  string // "" when no trial badge
		state  string
	}{
		// A trial shows where this member can still have it.
		{sandbox.ModuleSauna, "Sauna", []string{"€9.90 every month"}, "Trial available Try the sauna free for 14 days", "bookable"},
		{sandbox.ModuleTowel, "Towel flat-rate", []string{"€4.50 every month", "€45.00 every year"}, "", "bookable"},
		{sandbox.ModuleDrink, "Drink flat", []string{"€19.90 per month for the first 3 months, then €24.90"}, "Trial available One week of free drinks", "bookable"},
		{sandbox.ModulePersonalTraining, "Personal training intro", []string{"One-time €49.00"}, "", "bookable"},
		{sandbox.ModulePhysio, "Physio check (partner benefit)", []string{"Free"}, "", "bookable"},
		{sandbox.ModuleSummerPass, "Summer outdoor pass", []string{"€29.00 on 1 May, €29.00 on 1 Jul, €19.00 on 1 Sep, every year"}, "", "bookable"},
		{sandbox.ModuleSolarium, "Solarium", []string{"€12.00 every month"}, "", "unavailable"},
	}
	if got := pg.count("[data-testid=module-card]"); got != len(tests) {
		t.Errorf("%d cards, want %d", got, len(tests))
	}
	for _, tt := range tests {
		card := modCard(pg, tt.id)
		if card.Length() != 1 {
			t.Errorf("module %d: %d cards", tt.id, card.Length())
			continue
		}
		if got := squash(card.Find("[data-testid=module-name]").Text()); got != tt.name {
			t.Errorf("module %d: name %q, want %q", tt.id, got, tt.name)
		}
		img := card.Find("img[data-testid=module-image]")
		if alt, _ := img.Attr("alt"); alt != tt.name {
			t.Errorf("%s: image alt %q, want the name", tt.name, alt)
		}
		if src, _ := img.Attr("src"); !strings.HasPrefix(src, e.SandboxURL) {
			t.Errorf("%s: image src %q, want the upstream's imageUrl", tt.name, src)
		}
		var prices []string
		card.Find("[data-testid=price]").Each(func(_ int, s *goquery.Selection) { prices = append(prices, squash(s.Text())) })
		if strings.Join(prices, "|") != strings.Join(tt.prices, "|") {
			t.Errorf("%s: prices %q, want %q", tt.name, prices, tt.prices)
		}
		if got := squash(card.Find("[data-testid=trial]").Text()); got != tt.trial {
			t.Errorf("%s: trial %q, want %q", tt.name, got, tt.trial)
		}
		if got := card.AttrOr("data-state", ""); got != tt.state {
			t.Errorf("%s: state %q, want %q", tt.name, got, tt.state)
		}
		// Every card leads to its page, bookable or not (the check says why).
		if href := card.Find("[data-testid=module-link]").AttrOr("href", ""); href != fmt.Sprintf("/demo/modules/%d", tt.id) {
			t.Errorf("%s: link %q", tt.name, href)
		}
	}
	solarium := modCard(pg, sandbox.ModuleSolarium)
	if got := squash(solarium.Find("[data-testid=not-bookable]").Text()); got != "Not bookable online right now" {
		t.Errorf("Solarium: %q, want it marked not bookable", got)
	}
	if got := squash(solarium.Find("[data-testid=module-link]").Text()); got != "Open it to see why: Solarium" {
		t.Errorf("Solarium link %q, want the hint to open it", got)
	}
	if pg.has("[data-testid=booked-badge]") {
		t.Error("1-1001 has no add-ons, yet a card says booked")
	}
	// One validation per module with a trial (sauna, drink flat), with its
	// first payment option, as the add-on's page asks (the cache, off
	// here, would keep it for that page).
	if got := e.Sandbox.Calls("demo", "POST "+validateRoute) - validates; got != 2 {
		t.Errorf("the catalog made %d validate calls, want 2", got)
	}
}

func TestModulesMarksBookedAddOns(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1002", 0)
	pg := b.get(t, "/demo/modules")
	booked := map[int64]int64{
		sandbox.ModuleTowel: sandbox.ModuleContractTowelYearly,
		// Its cancelation is only pending verification: still the member's.
		sandbox.ModuleSauna: sandbox.ModuleContractSaunaPendingCancelation,
	}
	for moduleID, mcID := range booked {
		card := modCard(pg, moduleID)
		if got := card.AttrOr("data-state", ""); got != "booked" {
			t.Errorf("module %d: state %q, want booked", moduleID, got)
		}
		if got := squash(card.Find("[data-testid=booked-badge]").Text()); got != "Booked" {
			t.Errorf("module %d: badge %q", moduleID, got)
		}
		want := fmt.Sprintf("/demo/my-modules/%d", mcID)
		if href := card.Find("[data-testid=booked-link]").AttrOr("href", ""); href != want {
			t.Errorf("module %d: booked link %q, want %q", moduleID, href, want)
		}
	}
	if got := modCard(pg, sandbox.ModuleDrink).AttrOr("data-state", ""); got != "bookable" {
		t.Errorf("Drink flat: state %q, want bookable", got)
	}
	// Marked from the contract's SubContracts: no add-on contract is read.
	if got := e.Sandbox.Calls("demo", "GET "+moduleContractRoute); got != 0 {
		t.Errorf("the catalog read %d add-on contracts, want none", got)
	}
}

func TestModulesPastAddOnsAreNotBooked(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1006", 0)
	pg := b.get(t, "/demo/modules")
	// 1-1006 has a current sauna (5101) and only ended drink flats.
	if got := modCard(pg, sandbox.ModuleSauna).Find("[data-testid=booked-link]").AttrOr("href", ""); got != "/demo/my-modules/5101" {
		t.Errorf("Sauna booked link %q, want /demo/my-modules/5101", got)
	}
	if got := modCard(pg, sandbox.ModuleDrink).AttrOr("data-state", ""); got != "bookable" {
		t.Errorf("Drink flat (only ended contracts): state %q, want bookable", got)
	}
}

func TestModulesNotBookableOnThisContractSayWhere(t *testing.T) {
	e := newEnv(t)
	// 1-1004's second contract is cancelled: it can book nothing.
	b := modLogin(t, e, "1-1004", sandbox.ContractCancelled)
	pg := b.get(t, "/demo/modules")
	cards := pg.Doc.Find("[data-testid=module-card]")
	if cards.Length() == 0 {
		t.Fatal("no cards")
	}
	cards.Each(func(_ int, card *goquery.Selection) {
		id := card.AttrOr("data-module-id", "")
		if got := card.AttrOr("data-state", ""); got != "unavailable" {
			t.Errorf("module %s: state %q, want unavailable", id, got)
		}
		link := card.Find("[data-testid=module-link]")
		if got := link.AttrOr("href", ""); got != "/demo/modules/"+id {
			t.Errorf("module %s: link %q, want its page", id, got)
		}
		if got := squash(link.Text()); !strings.HasPrefix(got, "Open it to see why") {
			t.Errorf("module %s: link says %q, want the hint to open it", id, got)
		}
	})
	// Opening one says why, at the top, with no form to continue.
	one := b.get(t, fmt.Sprintf("/demo/modules/%d", sandbox.ModuleTowel))
	if got := one.Doc.Find("#continue-result [data-testid=check-outcome]").AttrOr("data-status", ""); got != "invalid-status" {
		t.Errorf("the add-on's page on the cancelled contract: %q, want invalid-status", got)
	}
	if one.has("form[data-testid=check-form]") {
		t.Error("a Continue form for an add-on the contract cannot get")
	}
}

func TestModulesEmptyCatalog(t *testing.T) {
	e := newEnv(t)
	for id := sandbox.ModuleSauna; id <= sandbox.ModuleSolarium; id++ {
		if err := e.Sandbox.SetModuleActive("demo", id, false); err != nil {
			t.Fatal(err)
		}
	}
	b := modLogin(t, e, "1-1001", 0)
	pg := b.get(t, "/demo/modules")
	if pg.Status != http.StatusOK || !pg.has("[data-testid=modules-empty]") || pg.has("[data-testid=module-card]") {
		t.Errorf("empty catalog: status %d, empty state %v, cards %d", pg.Status, pg.has("[data-testid=modules-empty]"), pg.count("[data-testid=module-card]"))
	}
}

func TestModulePageForm(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)

	pg := b.get(t, fmt.Sprintf("/demo/modules/%d", sandbox.ModuleTowel))
	if pg.Status != http.StatusOK {
		t.Fatalf("status %d", pg.Status)
	}
	form := pg.Doc.Find("form[data-testid=check-form]")
	if got := form.AttrOr("hx-post", ""); got != "/demo/modules/302/continue" {
		t.Errorf("hx-post %q", got)
	}
	if got := form.AttrOr("action", ""); got != "/demo/modules/302/continue" {
		t.Errorf("action %q (the form must work without JavaScript)", got)
	}
	if got := form.AttrOr("hx-target", ""); got != "#continue-result" || !pg.has("#continue-result[data-swap-focus]") {
		t.Errorf("hx-target %q, or no result container that takes the focus", got)
	}
	// The reason comes first: the result sits right under the heading.
	if got := pg.Doc.Find("[data-testid=module] h1").Next().AttrOr("id", ""); got != "continue-result" {
		t.Errorf("after the heading comes %q, want the result container", got)
	}
	// A second submit is dropped while one runs; the button is not disabled
	// (it would lose the focus), portal.js marks it busy.
	if got := form.AttrOr("hx-sync", ""); got != "this:drop" || form.Is("[hx-disabled-elt]") {
		t.Errorf("hx-sync %q, hx-disabled-elt %v", got, form.Is("[hx-disabled-elt]"))
	}
	if got := squash(form.Find("[data-testid=check-submit] .idle-label").Text()); got != "Continue" {
		t.Errorf("button %q, want Continue", got)
	}
	if got := squash(form.Find("fieldset legend").Text()); got != "How do you want to pay?" {
		t.Errorf("legend %q", got)
	}
	var options []string
	form.Find("fieldset label").Each(func(_ int, s *goquery.Selection) {
		in := s.Find("input[type=radio][name=paymentFrequency]")
		_, checked := in.Attr("checked")
		options = append(options, fmt.Sprintf("%s:%v:%s", in.AttrOr("value", ""), checked, squash(s.Text())))
	})
	want := []string{"3021:true:€4.50 every month", "3022:false:€45.00 every year"}
	if strings.Join(options, "|") != strings.Join(want, "|") {
		t.Errorf("options %q, want %q", options, want)
	}
	if form.Find("input[name=trial]").Length() != 0 {
		t.Error("Towel flat-rate has no trial, yet the form offers one")
	}
	// A changed choice asks for its commitment (htmx), without the form token.
	fields := form.Find("#check-fields")
	if fields.AttrOr("hx-get", "") != "/demo/modules/302/commitment" || fields.AttrOr("hx-trigger", "") != "change" ||
		fields.AttrOr("hx-include", "") != "this" || fields.AttrOr("hx-target", "") != "#commitment" || fields.Find("input[name=_csrf]").Length() != 0 {
		t.Errorf("choice fields: hx-get %q hx-trigger %q hx-include %q hx-target %q", fields.AttrOr("hx-get", ""),
			fields.AttrOr("hx-trigger", ""), fields.AttrOr("hx-include", ""), fields.AttrOr("hx-target", ""))
	}

	pg = b.get(t, fmt.Sprintf("/demo/modules/%d", sandbox.ModuleSauna))
	trial := pg.Doc.Find("input[type=checkbox][name=trial]")
	if trial.Length() != 1 {
		t.Fatal("1-1001 can have the sauna's trial, the form has no checkbox")
	}
	label := pg.Doc.Find("label[for=" + trial.AttrOr("id", "x") + "]")
	if label.Length() != 1 {
		t.Error("the trial checkbox has no label")
	}
	if hint := pg.text("#" + trial.AttrOr("aria-describedby", "x")); hint != "Try the sauna free for 14 days" {
		t.Errorf("trial description tied to the checkbox = %q", hint)
	}
	if got := pg.text("[data-testid=trial-badge]"); got != "Trial available" {
		t.Errorf("trial badge %q", got)
	}
	if got := pg.text("[data-testid=commitment-renewal]"); got != "It renews by 1 month at a time unless you cancel in time." {
		t.Errorf("renewal %q", got)
	}
	if got := pg.text("[data-testid=commitment-notice]"); got != "2 weeks before the end of a term" {
		t.Errorf("notice %q", got)
	}
}

func TestModulePageUnknownModule(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	for _, path := range []string{"/demo/modules/abc", "/demo/modules/999", "/demo/modules/-1", "/demo/modules/99999999999999999999999"} {
		pg := b.get(t, path)
		if pg.Status != http.StatusNotFound || !pg.has("[data-testid=error]") {
			t.Errorf("%s: status %d, want the not-found page", path, pg.Status)
		}
	}
}

// checkCase is one validation status as a member meets it on Continue.
type checkCase struct {
	name       string
	member     string
	contractID int64 // for members with several contracts
	moduleID   int64
	frequency  int64
	trial      bool
	status     string
	message    string
	action     string // href of the way forward ("" when it is a form)
}

var checkCases = []checkCase{
	{"not online purchasable", "1-1001", 0, sandbox.ModuleSolarium, sandbox.FrequencySolarium, false, "not-online",
		"This add-on can only be booked at the studio's front desk.", "/demo/modules"},
	{"already purchased", "1-1002", 0, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false, "already-purchased",
		"You already have this add-on.", "/demo/my-modules"},
	{"contract invalid status", "1-1004", sandbox.ContractCancelled, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false, "invalid-status",
		"Your membership contract cannot get add-ons at the moment, for example because it is ending. Please contact the studio.", "/demo/modules"},
	{"trial not bookable", "1-1006", 0, sandbox.ModuleDrink, sandbox.FrequencyDrink, true, "trial-not-bookable",
		"The free trial is not available for you, for example because you have already used it. You can book the add-on without the trial.", ""},
}

func (cc checkCase) values() url.Values {
	v := url.Values{"paymentFrequency": {fmt.Sprint(cc.frequency)}}
	if cc.trial {
		v.Set("trial", "on")
	}
	return v
}

// TestContinueEveryRefusal: a refused Continue stays on the add-on's page
// with the reason at the top: htmx swaps it in (the page's fields out of
// band); without JavaScript the answer is a redirect to the page, whose
// fragment scrolls to the reason, never a page that a reload sends again.
func TestContinueEveryRefusal(t *testing.T) {
	e := newEnv(t)
	for _, cc := range checkCases {
		t.Run(cc.name, func(t *testing.T) {
			b := modLogin(t, e, cc.member, cc.contractID)
			path := fmt.Sprintf("/demo/modules/%d", cc.moduleID)

			part := b.htmx(t, http.MethodPost, path+"/continue", cc.values())
			if part.Status != http.StatusOK || strings.Contains(part.Body, "<html") || part.Header.Get("HX-Redirect") != "" {
				t.Errorf("htmx: status %d, full page %v, redirect %q", part.Status, strings.Contains(part.Body, "<html"), part.Header.Get("HX-Redirect"))
			}
			assertCheckOutcome(t, "htmx", part, cc)
			if got := part.Doc.Find("[data-testid=check-title]").AttrOr("tabindex", ""); got != "-1" {
				t.Errorf("htmx: the reason's heading cannot take the focus (tabindex %q)", got)
			}

			loc := bkContinueRedirect(t, b, cc.moduleID, cc.values())
			u, err := url.Parse(loc)
			if err != nil || u.Path != path || u.Fragment != "continue-result" || u.Query().Get("refused") != cc.status {
				t.Fatalf("without JavaScript: redirect to %q, want %s?…refused=%s#continue-result", loc, path, cc.status)
			}
			full := b.get(t, loc)
			if full.Status != http.StatusOK || !strings.Contains(full.Body, "<html") {
				t.Errorf("full page: status %d", full.Status)
			}
			if got := full.Doc.Find("#continue-result [data-testid=check-outcome]").Length(); got != 1 {
				t.Errorf("full page: %d reasons at the top, want 1", got)
			}
			assertCheckOutcome(t, "full page", full, cc)
		})
	}
}

func assertCheckOutcome(t *testing.T, how string, pg *page, cc checkCase) {
	t.Helper()
	out := pg.Doc.Find("[data-testid=check-outcome]")
	if out.Length() != 1 {
		t.Fatalf("%s: %d outcomes in %s", how, out.Length(), pg.Body)
	}
	if got := out.AttrOr("data-status", ""); got != cc.status {
		t.Errorf("%s: status %q, want %q", how, got, cc.status)
	}
	if got := squash(out.Find("[data-testid=check-message]").Text()); got != cc.message {
		t.Errorf("%s: message %q, want %q", how, got, cc.message)
	}
	if strings.Contains(pg.Body, "ADDITIONAL_MODULE") {
		t.Errorf("%s: the raw validation status shows", how)
	}
	if cc.action != "" {
		if got := out.Find("[data-testid=check-action]").AttrOr("href", ""); got != cc.action {
			t.Errorf("%s: way forward %q, want %q", how, got, cc.action)
		}
	} else if out.Find("form[data-testid=check-retry-form]").Length() != 1 {
		t.Errorf("%s: no way to continue without the trial", how)
	}
}

// TestNoTrialForAMemberWhoUsedIt: 1-1006 booked the drink flat's trial
// before (5106): its page offers no trial, and continuing without one goes
// on to the summary.
func TestNoTrialForAMemberWhoUsedIt(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1006", 0)
	pg := b.get(t, fmt.Sprintf("/demo/modules/%d", sandbox.ModuleDrink))
	if pg.has("input[name=trial]") || pg.has("[data-testid=trial-badge]") || pg.has("[data-testid=commitment-trial]") {
		t.Errorf("1-1006 is offered the drink flat's trial again: %s", pg.text("main"))
	}
	if pg.has("[data-testid=check-outcome]") {
		t.Errorf("a reason shows before anything was asked: %s", pg.text("#continue-result"))
	}
	// Nor does the catalog say "trial" on the drink flat for 1-1006.
	cat := b.get(t, "/demo/modules")
	if modCard(cat, sandbox.ModuleDrink).Find("[data-testid=trial-badge]").Length() != 0 {
		t.Error("the catalog offers 1-1006 the drink flat's trial again")
	}
	// 1-1001 never had it: offered.
	other := modLogin(t, e, "1-1001", 0).get(t, fmt.Sprintf("/demo/modules/%d", sandbox.ModuleDrink))
	if !other.has("input[name=trial]") || other.text("[data-testid=trial-badge]") != "Trial available" {
		t.Error("1-1001 is not offered the drink flat's trial")
	}
	sum := b.submit(t, pg, "form[data-testid=check-form]", nil)
	if !sum.has("form[data-testid=book-form]") || sum.has("input[name=trial]") {
		t.Errorf("continuing without the trial: %s", sum.text("main"))
	}
}

func TestContinueWithoutTrialAfterTrialRefused(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1006", 0)
	pg := b.post(t, fmt.Sprintf("/demo/modules/%d/continue", sandbox.ModuleDrink), url.Values{
		"paymentFrequency": {fmt.Sprint(sandbox.FrequencyDrink)}, "trial": {"on"}})
	if got := pg.Doc.Find("[data-testid=check-outcome]").AttrOr("data-status", ""); got != "trial-not-bookable" {
		t.Fatalf("with the trial: %q, want trial-not-bookable", got)
	}
	again := b.submit(t, pg, "form[data-testid=check-retry-form]", nil)
	if !again.has("form[data-testid=book-form]") || again.has("input[name=trial][value='1']") {
		t.Errorf("without the trial: %s, want its summary", again.text("main"))
	}
}

func TestContinueModuleNoLongerOffered(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	pg := b.get(t, fmt.Sprintf("/demo/modules/%d", sandbox.ModuleTowel))
	// The studio takes the add-on off while the page is open.
	if err := e.Sandbox.SetModuleActive("demo", sandbox.ModuleTowel, false); err != nil {
		t.Fatal(err)
	}
	want := checkCase{status: "not-found", message: "The studio no longer offers this add-on.", action: "/demo/modules"}
	part := b.htmx(t, http.MethodPost, "/demo/modules/302/continue", url.Values{"paymentFrequency": {"3021"}})
	if part.Status != http.StatusOK || strings.Contains(part.Body, "<html") {
		t.Errorf("htmx: status %d", part.Status)
	}
	assertCheckOutcome(t, "htmx", part, want)
	full := b.submit(t, pg, "form[data-testid=check-form]", nil)
	if full.Status != http.StatusOK || !strings.Contains(full.Body, "<html") {
		t.Errorf("full page: status %d", full.Status)
	}
	assertCheckOutcome(t, "full page", full, want)
}

// validateRoute is the sandbox route of the validation, for faults and counts.
const validateRoute = "/v1/memberships/{contractId}/self-service/additional-modules/validate"

// purchasableRoute is the sandbox route of what a contract can buy now.
const purchasableRoute = "/v1/memberships/{contractId}/self-service/additional-modules/purchasable"

func TestContinueRefusesBadInputWithoutCallingUpstream(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	// The form token, read once: reading it lands on the catalog, which
	// validates the trials it shows.
	tok := b.csrfToken(t)
	validates := e.Sandbox.Calls("demo", "POST "+validateRoute)
	// Every check below must be refused before the validate call: a fault on
	// it would turn any call into an error page, and the count shows none.
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: validateRoute, Status: http.StatusServiceUnavailable})
	tests := []struct {
		name   string
		module int64
		values url.Values
		field  string
	}{
		{"another module's frequency", sandbox.ModuleSauna, url.Values{"paymentFrequency": {"3021"}}, "paymentFrequency"},
		{"no frequency", sandbox.ModuleSauna, url.Values{}, "paymentFrequency"},
		{"frequency not a number", sandbox.ModuleSauna, url.Values{"paymentFrequency": {"3011 OR 1=1"}}, "paymentFrequency"},
		{"oversized frequency", sandbox.ModuleSauna, url.Values{"paymentFrequency": {strings.Repeat("9", 4000)}}, "paymentFrequency"},
		{"trial on a module without a trial", sandbox.ModuleTowel, url.Values{"paymentFrequency": {"3021"}, "trial": {"on"}}, "trial"},
		{"trial with a made-up value", sandbox.ModuleSauna, url.Values{"paymentFrequency": {"3011"}, "trial": {"true"}}, "trial"},
	}
	for _, tt := range tests {
		path := fmt.Sprintf("/demo/modules/%d/continue", tt.module)
		tt.values = cloneValues(tt.values)
		tt.values.Set("_csrf", tok)
		pg := b.post(t, path, tt.values)
		if pg.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tt.name, pg.Status)
		}
		errEl := pg.Doc.Find("[data-testid=" + tt.field + "-error]")
		if errEl.Length() != 1 || squash(errEl.Text()) == "" {
			t.Errorf("%s: no error message on %s", tt.name, tt.field)
		}
		// The error is tied to its field for screen readers.
		id := errEl.AttrOr("id", "")
		if pg.Doc.Find(fmt.Sprintf("[aria-describedby~='%s']", id)).Length() == 0 {
			t.Errorf("%s: error %q not tied to a field", tt.name, id)
		}
		part := b.htmx(t, http.MethodPost, path, tt.values)
		if part.Status != http.StatusUnprocessableEntity || part.Doc.Find("[data-testid=check-errors] li").Length() == 0 {
			t.Errorf("%s (htmx): status %d, errors %q", tt.name, part.Status, part.text("[data-testid=check-errors]"))
		}
		// "Please correct the marked fields": htmx swaps the fields in too,
		// with the error marked and tied to its field.
		fields := part.Doc.Find("#check-fields[hx-swap-oob]")
		if fields.Length() != 1 {
			t.Errorf("%s (htmx): the fields are not swapped in with the result", tt.name)
			continue
		}
		errEl = fields.Find("[data-testid=" + tt.field + "-error]")
		if errEl.Length() != 1 || fields.Find(fmt.Sprintf("[aria-describedby~='%s']", errEl.AttrOr("id", "x"))).Length() == 0 {
			t.Errorf("%s (htmx): no error on %s tied to a field", tt.name, tt.field)
		}
	}
	for _, path := range []string{"/demo/modules/abc/continue", "/demo/modules/0/continue", "/demo/modules/999/commitment?paymentFrequency=1"} {
		var pg *page
		if strings.HasSuffix(path, "/continue") {
			pg = b.post(t, path, url.Values{"paymentFrequency": {"3011"}, "_csrf": {tok}})
		} else {
			pg = b.get(t, path)
		}
		if pg.Status != http.StatusNotFound && !pg.has("[data-status=not-found]") {
			t.Errorf("%s: status %d, want not found", path, pg.Status)
		}
	}
	if got := e.Sandbox.Calls("demo", "POST "+validateRoute) - validates; got != 0 {
		t.Errorf("%d validate calls, want none", got)
	}
}

func TestContinueUpstreamErrorAsPartial(t *testing.T) {
	e := newEnv(t)
	b := modLogin(t, e, "1-1001", 0)
	tok := b.csrfToken(t) // before the faults: reading it shows the catalog
	// The purchasable list (which would answer for a choice without the
	// trial) and the validation both refused.
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodGet, Path: purchasableRoute, Status: http.StatusTooManyRequests})
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: validateRoute, Status: http.StatusTooManyRequests})
	part := b.htmx(t, http.MethodPost, fmt.Sprintf("/demo/modules/%d/continue", sandbox.ModuleSauna), url.Values{"paymentFrequency": {"3011"}, "_csrf": {tok}})
	out := part.Doc.Find("[data-testid=check-outcome]")
	if part.Status != http.StatusServiceUnavailable || strings.Contains(part.Body, "<html") || out.AttrOr("data-status", "") != "error" {
		t.Errorf("status %d, body %s", part.Status, part.Body)
	}
	// Swapped under the module page's h1: a heading of the next level.
	if part.has("h1") {
		t.Error("the error in the check result brings a second h1")
	}
	if got := squash(out.Find("h2[data-testid=check-title]").Text()); got != "Busy right now" {
		t.Errorf("title %q", got)
	}
	if got := squash(out.Find("[data-testid=check-message]").Text()); !strings.Contains(got, "busy") {
		t.Errorf("message %q", got)
	}
	if out.Find("[data-testid=trace-id]").Text() == "" {
		t.Error("no support reference")
	}
	assertNoInternals(t, part)
}
