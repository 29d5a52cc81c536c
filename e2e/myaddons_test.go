package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/state/statetest"
)

// 1-1006's add-ons: five current ones, then twenty ended ones.
var (
	current1006 = []int64{5101, 5102, 5103, 5104, 5105}
	// termEnd1006 is the end of the current term of 1-1006's running
	// monthly add-ons (the customers API's endDate), a month from today.
	termEnd1006 = today.AddMonths(1).AddDays(-1)
)

// deDate formats d as the German pages do.
func deDate(d apiclient.Date) string { return i18n.FormatDate(i18n.German, d) }

// layoutSpace is the white space of the markup's layout; a no-break space
// is text (German keeps amounts with their currency), not layout.
var layoutSpace = regexp.MustCompile(`[ \t\r\n]+`)

// squashText trims and collapses the layout's white space in s.
func squashText(s string) string {
	return strings.TrimSpace(layoutSpace.ReplaceAllString(s, " "))
}

// cardText is the text of sel inside card, layout spaces collapsed.
func cardText(card *goquery.Selection, sel string) string { return squashText(card.Find(sel).Text()) }

// textOf is the text of sel on pg, layout spaces collapsed.
func textOf(pg *page, sel string) string { return squashText(pg.Doc.Find(sel).Text()) }

// endLine is a card's end line: its label and date.
func endLine(card *goquery.Selection) string {
	dd := card.Find("[data-testid=module-contract-end]")
	return squashText(dd.Prev().Text() + " " + dd.Text())
}

func TestMyAddOnsCurrentFirstEndedCollapsed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1006")
	pg := b.get(t, "/demo/my-modules")
	if pg.Status != http.StatusOK {
		t.Fatalf("status = %d, want 200", pg.Status)
	}
	var gotCurrent []string
	pg.Doc.Find("[data-testid=mymodules-current] [data-testid=module-contract]").Each(func(_ int, s *goquery.Selection) {
		gotCurrent = append(gotCurrent, s.AttrOr("data-id", "?"))
	})
	if got, want := strings.Join(gotCurrent, " "), "5101 5102 5103 5104 5105"; got != want {
		t.Errorf("current add-ons = %s, want %s, in the contract's order", got, want)
	}
	// The current section comes first in the page.
	if html, _ := pg.Doc.Find("main").Html(); strings.Index(html, `data-testid="mymodules-current"`) > strings.Index(html, `data-testid="mymodules-past"`) {
		t.Error("ended add-ons come before the current ones")
	}
	details := pg.Doc.Find("[data-testid=mymodules-past] details")
	if details.Length() != 1 {
		t.Fatalf("ended add-ons are not grouped in one <details> (%d)", details.Length())
	}
	if _, open := details.Attr("open"); open {
		t.Error("the ended add-ons are open, want them collapsed")
	}
	if got, want := strings.TrimSpace(details.Find("summary").Text()), "Show the 20 ended add-ons"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	var prevEnd string
	details.Find("[data-testid=module-contract]").Each(func(i int, s *goquery.Selection) {
		if got := s.AttrOr("data-state", ""); got != "ended" {
			t.Errorf("ended add-on %s has state %q", s.AttrOr("data-id", "?"), got)
		}
		status := cardText(s, "[data-testid=module-contract-status]")
		if !strings.HasPrefix(status, "Ended on ") {
			t.Errorf("ended add-on status %q, want \"Ended on …\"", status)
		}
		end, err := time.Parse("2 Jan 2006", strings.TrimPrefix(status, "Ended on "))
		if err != nil {
			t.Errorf("ended add-on %s: %v", s.AttrOr("data-id", "?"), err)
		}
		if e := end.Format(time.DateOnly); i > 0 && e > prevEnd {
			t.Errorf("ended add-ons not latest first: %s after %s", e, prevEnd)
		}
		prevEnd = end.Format(time.DateOnly)
	})
	if got := details.Find("[data-testid=module-contract]").Length(); got != 20 {
		t.Errorf("%d ended add-ons, want 20", got)
	}
	for _, id := range e.Sandbox.ModuleContractIDs("demo", sandbox.ContractManyAddOns) {
		if mmCard(pg, id).Length() != 1 {
			t.Errorf("add-on %d missing", id)
		}
	}
	// No back-office words or ids on a member page.
	for _, leak := range []string{"RC-", "Rate code", "rate code", "5101", "2007"} {
		if strings.Contains(pg.text("main"), leak) {
			t.Errorf("the page shows %q", leak)
		}
	}
}

func TestMyAddOnsPricesWithIntervalsAndNextPayment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	many := mmLogin(t, e, "demo", "1-1006").get(t, "/demo/my-modules")
	two := mmLogin(t, e, "demo", "1-1002").get(t, "/demo/my-modules")
	tests := []struct {
		name  string
		pg    *page
		id    int64
		price string
		next  string // "" for none shown
	}{
		{"monthly, charged today", many, 5101, "€9.90 per month", "€9.90 on " + enDate(today)},
		{"monthly, cancelation waiting: charged until then", many, 5102, "€4.50 per month", "€4.50 on " + enDate(today)},
		{"on set days, canceled before the next one", many, 5103, "€29.00 on 1 May, €29.00 on 1 Jul, €19.00 on 1 Sep, every year", ""},
		{"free", many, 5104, "Free", ""},
		{"12 months is a year", two, sandbox.ModuleContractTowelYearly, "€45.00 per year", "€45.00 on " + enDate(today.AddMonths(8))},
		{"ended: yearly", many, 5111, "€45.00 per year", ""},
		{"ended: once", many, 5112, "€49.00 once", ""},
		{"ended: stepped", many, sandbox.ModuleContractDrinkEndedTrial, "€19.90 per month, €24.90 from month 4 of the contract", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card := mmCard(tt.pg, tt.id)
			if got := cardText(card, "[data-testid=module-contract-price]"); got != tt.price {
				t.Errorf("price = %q, want %q", got, tt.price)
			}
			if got := cardText(card, "[data-testid=module-contract-next]"); got != tt.next {
				t.Errorf("next payment = %q, want %q", got, tt.next)
			}
			if label := strings.TrimSpace(card.Find("[data-testid=module-contract-price]").Prev().Text()); card.AttrOr("data-state", "") != "ended" && label != "Price" {
				t.Errorf("price label = %q, want Price", label)
			}
		})
	}
}

func TestMyAddOnsMonthlyTotal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		number       string
		monthly      []int64 // the add-ons charged every month, summed exactly from the studio's prices
		want         string
		counted      string
		others       string
		notInMonthly []int64
	}{
		// The summer pass is charged on set days, but it is canceled to a
		// date before the next of them: nothing more is charged for it, so
		// the note does not name it.
		{"1-1006", []int64{5101, 5102, 5105}, "€26.40", "For your 3 current add-ons charged every month.", "", nil},
		{"1-1002", []int64{sandbox.ModuleContractSaunaPendingCancelation}, "€9.90", "For your current add-on charged every month.",
			"Towel flat-rate: €45.00 per year", nil},
	}
	for _, tt := range tests {
		t.Run(tt.number, func(t *testing.T) {
			pg := mmLogin(t, e, "demo", tt.number).get(t, "/demo/my-modules")
			var sum apiclient.Money
			for i, id := range tt.monthly {
				price := upstreamModuleContract(t, e, "demo", mmContracts[tt.number], id).Price
				if i == 0 {
					sum = price
					continue
				}
				var err error
				if sum, err = sum.Add(price); err != nil {
					t.Fatal(err)
				}
			}
			if got := i18n.FormatMoney(i18n.English, sum); got != tt.want {
				t.Fatalf("the studio's monthly prices add up to %s, the test expects %s", got, tt.want)
			}
			if got := pg.text("[data-testid=monthly-total-amount]"); got != tt.want {
				t.Errorf("monthly total = %q, want %q", got, tt.want)
			}
			if got := pg.text("[data-testid=monthly-total-counted]"); got != tt.counted {
				t.Errorf("counted = %q, want %q", got, tt.counted)
			}
			if got := pg.text("[data-testid=other-charges]"); got != tt.others {
				t.Errorf("not included = %q, want %q", got, tt.others)
			}
		})
	}
	t.Run("nothing charged monthly", func(t *testing.T) {
		bookDirectly(t, e, sandbox.ContractNoAddOns, sandbox.ModulePersonalTraining, sandbox.FrequencyPersonalTraining)
		pg := mmLogin(t, e, "demo", "1-1001").get(t, "/demo/my-modules")
		if pg.has("[data-testid=monthly-total]") {
			t.Errorf("a monthly total for a one-time add-on alone: %q", pg.text("[data-testid=monthly-total]"))
		}
	})
}

func TestMyAddOnsRenewsOnVersusEndsOn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	list := mmLogin(t, e, "demo", "1-1006").get(t, "/demo/my-modules")
	tests := []struct {
		id   int64
		want string
	}{
		// Not canceled: endDate is the end of the term, and the sauna renews.
		{5101, "Renews after " + enDate(termEnd1006)},
		{5105, "Renews after " + enDate(termEnd1006)},
		{5102, "Requested end " + enDate(upstreamModuleContract(t, e, "demo", sandbox.ContractManyAddOns, 5102).CancelationDate)},
		{5104, "Ends on " + enDate(upstreamModuleContract(t, e, "demo", sandbox.ContractManyAddOns, 5104).CancelationDate)},
	}
	for _, tt := range tests {
		if got := endLine(mmCard(list, tt.id)); got != tt.want {
			t.Errorf("%d: end line %q, want %q", tt.id, got, tt.want)
		}
	}
	detail := mmLogin(t, e, "demo", "1-1006").get(t, "/demo/my-modules/5101")
	if got, want := detail.text("[data-testid=timeline-end]"), enDate(termEnd1006)+" Term ends, then renews"; got != want {
		t.Errorf("timeline end = %q, want %q", got, want)
	}

	// The personal training intro does not renew (NEW): its term's end is its end.
	bookDirectly(t, e, sandbox.ContractNoAddOns, sandbox.ModulePersonalTraining, sandbox.FrequencyPersonalTraining)
	b := mmLogin(t, e, "demo", "1-1001")
	pg := b.get(t, "/demo/my-modules")
	card := pg.Doc.Find("[data-testid=mymodules-current] [data-testid=module-contract]")
	if got, want := endLine(card), "Ends on "+enDate(today.AddMonths(1).AddDays(-1)); got != want {
		t.Errorf("personal training end line = %q, want %q", got, want)
	}
	if got := cardText(card, "[data-testid=module-contract-price]"); got != "€49.00 once" {
		t.Errorf("personal training price = %q", got)
	}
}

// TestMyAddOnsOneFailingCardKeepsThePage: add-on reads that time out,
// are not found (an id endpoint 5 does not know), answer garbage or fail
// are cards showing what the contract's list says; the page is 200 and
// does not wait beyond the cards' budget, with the read cache off and on
// (where a read's upstream call is shared and outlives its caller).
func TestMyAddOnsOneFailingCardKeepsThePage(t *testing.T) {
	t.Parallel()
	for _, cache := range []bool{false, true} {
		t.Run(fmt.Sprintf("cache=%v", cache), func(t *testing.T) {
			t.Parallel()
			clock := statetest.ClockAt(testNow())
			opts := []envOption{withDeps(func(d *handlers.Deps) {
				d.MyModulesCardTimeout, d.Now = 100*time.Millisecond, clock.Now
			})}
			if cache {
				opts = append(opts, withCache())
			}
			e := newEnv(t, opts...)
			b := mmLogin(t, e, "demo", "1-1006")
			// A first look at My add-ons caches the member's current
			// add-ons (the catalog reads none): let them expire, so the
			// faults below are met.
			b.get(t, "/demo/my-modules")
			clock.Advance(20 * time.Second)
			failingCards(t, e, b, cache)
		})
	}
}

func failingCards(t *testing.T, e *env, b *browser, cache bool) {
	summerEnd := upstreamModuleContract(t, e, "demo", sandbox.ContractManyAddOns, 5103).CancelationDate
	path := func(id int64) string {
		return fmt.Sprintf("/v1/memberships/%d/self-service/additional-module-contracts/%d", sandbox.ContractManyAddOns, id)
	}
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodGet, Path: path(5101), Latency: time.Second}) // past its budget
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodGet, Path: path(5102), Status: http.StatusNotFound})
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodGet, Path: path(5103), Body: sandbox.FaultBodyGarbage})
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodGet, Path: path(5105), Status: http.StatusInternalServerError})
	start := time.Now()
	pg := b.get(t, "/demo/my-modules")
	if took := time.Since(start); took > 900*time.Millisecond {
		t.Errorf("the page took %s: a slow card held it beyond its budget", took)
	}
	if pg.Status != http.StatusOK {
		t.Fatalf("status = %d, want 200: %s", pg.Status, pg.text("main"))
	}
	tests := []struct {
		id                    int64
		unavailable           bool
		status, price, ending string
	}{
		{5101, true, "Active", "€9.90 per month", "Renews after " + enDate(termEnd1006)},
		{5102, true, "Active", "€4.50 per month", "Renews after " + enDate(termEnd1006)}, // its pending cancelation is not in the list
		{5103, true, "Canceled, ends on " + enDate(summerEnd),
			"€29.00 on 1 May, €29.00 on 1 Jul, €19.00 on 1 Sep, every year", ""}, // the status says its end
		{5104, false, "Keep add-on requested, waiting for the studio", "Free", ""},
		// A 5xx with an earlier answer cached: the earlier answer (stale,
		// but better than none); without the cache, the list's.
		{5105, !cache, "Active", "€12.00 per month", "Renews after " + enDate(termEnd1006)},
	}
	for _, tt := range tests {
		card := mmCard(pg, tt.id)
		if got := card.Find("[data-testid=details-unavailable]").Length() == 1; got != tt.unavailable {
			t.Errorf("%d: details unavailable shown = %v, want %v", tt.id, got, tt.unavailable)
		}
		if !tt.unavailable {
			continue
		}
		if got, want := cardText(card, "[data-testid=details-unavailable]"), "Details unavailable right now. What you see comes from your contract; please try again in a moment."; got != want {
			t.Errorf("%d: note = %q", tt.id, got)
		}
		if got := cardText(card, "[data-testid=module-contract-status]"); got != tt.status {
			t.Errorf("%d: status = %q, want %q (from the contract's list)", tt.id, got, tt.status)
		}
		if got := cardText(card, "[data-testid=module-contract-price]"); got != tt.price {
			t.Errorf("%d: price = %q, want %q", tt.id, got, tt.price)
		}
		if got := endLine(card); got != tt.ending {
			t.Errorf("%d: end line = %q, want %q", tt.id, got, tt.ending)
		}
		if card.Find("[data-testid=module-contract-next]").Length() != 0 {
			t.Errorf("%d: a next payment without the add-on's details", tt.id)
		}
	}
	if got := pg.count("[data-testid=mymodules-past] [data-testid=module-contract]"); got != 20 {
		t.Errorf("%d ended add-ons, want 20", got)
	}
	if pg.text("[data-testid=monthly-total-amount]") != "€26.40" {
		t.Errorf("monthly total = %q, want €26.40 from the contract's list", pg.text("[data-testid=monthly-total-amount]"))
	}
	assertNoInternals(t, pg)
}

// readsOf counts the upstream reads of My add-ons for the demo studio.
func readsOf(e *env) map[apiclient.Endpoint]int64 {
	out := map[apiclient.Endpoint]int64{}
	for _, ep := range myAddOnsReads {
		out[ep] = e.Sandbox.Calls("demo", string(ep))
	}
	return out
}

// viewReads returns the upstream reads one view of My add-ons made.
func viewReads(t *testing.T, e *env, b *browser) map[apiclient.Endpoint]int64 {
	t.Helper()
	before := readsOf(e)
	if pg := b.get(t, "/demo/my-modules"); pg.Status != http.StatusOK || pg.has("[data-testid=details-unavailable]") {
		t.Fatalf("status %d, details unavailable %v", pg.Status, pg.has("[data-testid=details-unavailable]"))
	}
	after := readsOf(e)
	for ep := range after {
		after[ep] -= before[ep]
	}
	return after
}

// TestMyAddOnsUpstreamReadsPerView: one cold view of 1-1006 reads the
// contracts once and the five current add-ons, never the twenty ended
// ones (every current card showing its details proves which were read).
// The catalog (renewals) is studio-wide: read once with the cache off,
// from the cache once it is warm, as in production.
func TestMyAddOnsUpstreamReadsPerView(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, got map[apiclient.Endpoint]int64, catalog int64) {
		t.Helper()
		want := map[apiclient.Endpoint]int64{
			apiclient.EndpointContracts: 1, apiclient.EndpointModuleContract: int64(len(current1006)),
			apiclient.EndpointAdditionalModules: catalog,
		}
		for ep, n := range want {
			if got[ep] != n {
				t.Errorf("%s: %d reads, want %d", ep, got[ep], n)
			}
		}
		if member := got[apiclient.EndpointContracts] + got[apiclient.EndpointModuleContract]; member > 1+int64(len(current1006)) {
			t.Errorf("%d member reads for one view, want at most 1 + %d current add-ons", member, len(current1006))
		}
	}
	t.Run("cache off", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		b := mmLogin(t, e, "demo", "1-1006")
		check(t, viewReads(t, e, b), 1)
	})
	t.Run("cold member data, warm catalog", func(t *testing.T) {
		t.Parallel()
		clock := statetest.ClockAt(testNow())
		e := newEnv(t, withCache(), withDeps(func(d *handlers.Deps) { d.Now = clock.Now }))
		b := mmLogin(t, e, "demo", "1-1006")
		b.get(t, "/demo/my-modules")                                               // the catalog is cached now
		clock.Advance(20 * time.Second)                                            // past the member data's 15 s, before the catalog's refresh
		check(t, viewReads(t, e, b), 0)                                            // cold for the member
		if got := viewReads(t, e, b); got[apiclient.EndpointModuleContract] != 0 { // and warm
			t.Errorf("a warm view read %d add-on contracts", got[apiclient.EndpointModuleContract])
		}
	})
}

func TestMyAddOnsInGerman(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// 1-1002 has no preferred language: the browser's German holds.
	b := e.browserIn("de-DE,de;q=0.9")
	b.login(t, "demo", "1-1002", "1985-06-30")
	pg := b.get(t, "/demo/my-modules")
	if pg.lang() != "de" || pg.text("h1") != "Meine Zusatzleistungen" {
		t.Fatalf("lang %q, h1 %q: want the German page", pg.lang(), pg.text("h1"))
	}
	towel, sauna := mmCard(pg, sandbox.ModuleContractTowelYearly), mmCard(pg, sandbox.ModuleContractSaunaPendingCancelation)
	upSauna := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractSaunaPendingCancelation)
	tests := []struct{ name, got, want string }{
		{"towel price", cardText(towel, "[data-testid=module-contract-price]"), "45,00\u00a0€ pro Jahr"},
		{"towel next payment", cardText(towel, "[data-testid=module-contract-next]"), "45,00\u00a0€ am " + deDate(today.AddMonths(8))},
		{"towel status", cardText(towel, "[data-testid=module-contract-status]"), "Aktiv"},
		{"sauna price", cardText(sauna, "[data-testid=module-contract-price]"), "9,90\u00a0€ pro Monat"},
		{"sauna status", cardText(sauna, "[data-testid=module-contract-status]"), "Kündigung wartet auf Bestätigung durch das Studio"},
		{"sauna end line", endLine(sauna), "Gewünschtes Ende " + deDate(upSauna.CancelationDate)},
		{"total", textOf(pg, "[data-testid=monthly-total-amount]"), "9,90\u00a0€"},
		{"counted", textOf(pg, "[data-testid=monthly-total-counted]"), "Für Ihre aktuelle Zusatzleistung mit monatlicher Zahlung."},
		{"others", textOf(pg, "[data-testid=other-charges]"), "Towel flat-rate: 45,00\u00a0€ pro Jahr"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	detail := b.get(t, fmt.Sprintf("/demo/my-modules/%d", sandbox.ModuleContractSaunaPendingCancelation))
	if got := detail.text("[data-testid=withdraw-link]"); got != "Kündigung zurücknehmen" {
		t.Errorf("keep action = %q, want „Kündigung zurücknehmen“", got)
	}

	// 1-1006 prefers English; the footer's switch makes it German.
	b6 := mmLogin(t, e, "demo", "1-1006")
	pg6 := b6.switchLanguage(t, b6.get(t, "/demo/my-modules"), "de")
	for name, got := range map[string][2]string{
		"summary": {textOf(pg6, "[data-testid=mymodules-past] summary"), "Die 20 beendeten Zusatzleistungen anzeigen"},
		"total":   {textOf(pg6, "[data-testid=monthly-total-amount]"), "26,40\u00a0€"},
		"renews":  {endLine(mmCard(pg6, 5101)), "Verlängert sich nach dem " + deDate(termEnd1006)},
		"once":    {cardText(mmCard(pg6, 5112), "[data-testid=module-contract-price]"), "49,00\u00a0€ einmalig"},
		"ended":   {cardText(mmCard(pg6, 5112), "[data-testid=module-contract-status]"), "Beendet am " + deDate(upstreamModuleContract(t, e, "demo", sandbox.ContractManyAddOns, 5112).EndDate)},
	} {
		if got[0] != got[1] {
			t.Errorf("%s = %q, want %q", name, got[0], got[1])
		}
	}
}

// listContracts reads a customer's contracts straight from the sandbox.
func listContracts(t *testing.T, e *env, customerID int64) map[int64]apiclient.Contract {
	t.Helper()
	c, err := apiclient.NewClient(e.SandboxURL, sandbox.DemoKey)
	if err != nil {
		t.Fatal(err)
	}
	all, err := c.ListContracts(context.Background(), customerID, "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]apiclient.Contract{}
	for _, k := range all {
		out[k.ID] = k
	}
	return out
}

// subContract is add-on id as the customer's contracts list it at the sandbox.
func subContract(t *testing.T, e *env, customerID, contractID, id int64) apiclient.SubContract {
	t.Helper()
	for _, sc := range listContracts(t, e, customerID)[contractID].ModuleContracts {
		if sc.ID == id {
			return sc
		}
	}
	t.Fatalf("add-on %d not on contract %d", id, contractID)
	return apiclient.SubContract{}
}

func TestSwitchContractWithoutLoggingOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	up := listContracts(t, e, sandbox.CustomerTwoContracts)
	b := e.browser()
	choice := b.login(t, "demo", "1-1004", "1992-03-08")
	states := map[string]string{}
	choice.Doc.Find("[data-testid=contract-option]").Each(func(_ int, s *goquery.Selection) {
		states[s.Find("input").AttrOr("value", "")] = cardText(s, "[data-testid=contract-state]")
	})
	first, second := fmt.Sprint(sandbox.ContractFirstOfTwo), fmt.Sprint(sandbox.ContractCancelled)
	if got, want := states[first], "Active, renews after "+enDate(up[sandbox.ContractFirstOfTwo].EndDate); got != want {
		t.Errorf("first contract: %q, want %q", got, want)
	}
	if got, want := states[second], "Canceled, ends on "+enDate(up[sandbox.ContractCancelled].CancellationDate); got != want {
		t.Errorf("second contract: %q, want %q", got, want)
	}

	modules := b.submit(t, choice, "form[action$='/contracts']", url.Values{"contract": {first}})
	if got := modules.text("[data-testid=active-contract-name]"); got != "Premium 24" {
		t.Errorf("header names %q, want Premium 24", got)
	}
	again := b.get(t, modules.Doc.Find("[data-testid=switch-contract]").AttrOr("href", "/missing"))
	if got := again.Doc.Find("[data-testid=contract-option]:has([data-testid=contract-current]) input").AttrOr("value", ""); got != first {
		t.Errorf("contract marked current = %q, want %s", got, first)
	}
	if got := again.Doc.Find("[data-testid=contract-option] input[checked]").AttrOr("value", ""); got != first {
		t.Errorf("preselected = %q, want the current %s", got, first)
	}

	switched := b.submit(t, again, "form[action$='/contracts']", url.Values{"contract": {second}})
	if got := pathOf(switched.URL); got != "/demo/my-modules" {
		t.Errorf("after switching: %s, want /demo/my-modules", got)
	}
	if got, want := switched.text("[data-testid=flash]"), "You are now looking at your contract “Student Flex”."; got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if got := switched.text("[data-testid=active-contract-name]"); got != "Student Flex" {
		t.Errorf("header names %q, want Student Flex", got)
	}
	if b.cookie("portal_session") == nil || !switched.has("header nav [data-testid=logout]") {
		t.Error("switching logged the member out")
	}

	// A contract that is not the member's is refused; the session keeps its own.
	foreign := b.submit(t, again, "form[action$='/contracts']", url.Values{"contract": {fmt.Sprint(sandbox.ContractWithAddOns)}})
	if foreign.Status != http.StatusUnprocessableEntity || !foreign.has("[data-testid=contract-error]") {
		t.Errorf("foreign contract: status %d, error shown %v; want 422 with the error", foreign.Status, foreign.has("[data-testid=contract-error]"))
	}
	if got := b.get(t, "/demo/my-modules").text("[data-testid=active-contract-name]"); got != "Student Flex" {
		t.Errorf("after the refused switch the header names %q, want Student Flex", got)
	}

	// A member with one contract has nothing to switch.
	if pg := mmLogin(t, e, "demo", "1-1002").get(t, "/demo/my-modules"); pg.has("[data-testid=active-contract]") {
		t.Error("a contract switch for a member with one contract")
	}
}

// TestSwitchingContractsKeepsTheLoginsBookings: a switch issues a new
// session in the same login. The outcome page of a booking made before
// the switch stays the member's; a summary issued for the other contract
// books nothing on the contract the session is bound to now; the cookie
// from before the switch no longer works.
func TestSwitchingContractsKeepsTheLoginsBookings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := modLogin(t, e, "1-1004", sandbox.ContractFirstOfTwo)
	open := bkSummary(t, b, sandbox.ModuleSauna, sandbox.FrequencySaunaMonthly, false)
	done := b.submit(t, bkSummary(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false), "form[data-testid=book-form]", nil)
	if bkStatus(done) != "booked" {
		t.Fatalf("towel on the first contract: %q: %s", bkStatus(done), done.text("main"))
	}
	before := *b.cookie("portal_session")

	switched := b.submit(t, b.get(t, "/demo/contracts"), "form[action$='/contracts']", url.Values{"contract": {fmt.Sprint(sandbox.ContractCancelled)}})
	if got := switched.text("[data-testid=active-contract-name]"); got != "Student Flex" {
		t.Fatalf("after switching the header names %q, want Student Flex", got)
	}
	if again := b.get(t, pathOf(done.URL)); again.Status != http.StatusOK || bkStatus(again) != "booked" {
		t.Errorf("the earlier booking's outcome after the switch: status %d, %q; want 200, booked", again.Status, bkStatus(again))
	}
	writes := e.Sandbox.WriteCount("demo")
	if sum := b.get(t, pathOf(open.URL)); sum.Status != http.StatusGone || sum.has("form[data-testid=book-form]") {
		t.Errorf("a summary of the other contract: status %d, book form %v; want 410 without one", sum.Status, sum.has("form[data-testid=book-form]"))
	}
	if pg := b.post(t, open.Doc.Find("form[data-testid=book-form]").AttrOr("action", ""), bkBookValues(open)); pg.Status < 400 {
		t.Errorf("booking with the other contract's summary: status %d, want a refusal", pg.Status)
	}
	if got := e.Sandbox.WriteCount("demo") - writes; got != 0 {
		t.Errorf("%d writes after the switch, want none", got)
	}

	old := e.browser()
	old.setCookie(&http.Cookie{Name: before.Name, Value: before.Value, Path: "/"})
	if got := pathOf(old.get(t, "/demo/modules").URL); got != "/demo/login" {
		t.Errorf("the cookie from before the switch → %s, want /demo/login", got)
	}
}

// TestSwitchingContractsDoesNotExtendTheSession: the absolute lifetime
// counts from the login, however often the member switches.
func TestSwitchingContractsDoesNotExtendTheSession(t *testing.T) {
	t.Parallel()
	clock := statetest.ClockAt(testNow())
	e := newEnv(t, withDeps(func(d *handlers.Deps) {
		d.Now = clock.Now
		d.IdleTimeout = 30 * time.Minute
		d.AbsoluteTimeout = 2 * time.Hour
	}))
	b := modLogin(t, e, "1-1004", sandbox.ContractFirstOfTwo)
	to := []int64{sandbox.ContractCancelled, sandbox.ContractFirstOfTwo}
	for i := range 4 { // a switch every 25 minutes: 100 minutes in all
		clock.Advance(25 * time.Minute)
		pg := b.submit(t, b.get(t, "/demo/contracts"), "form[action$='/contracts']", url.Values{"contract": {fmt.Sprint(to[i%2])}})
		if pathOf(pg.URL) != "/demo/my-modules" {
			t.Fatalf("switch %d ended on %s", i+1, pg.URL)
		}
	}
	clock.Advance(25 * time.Minute) // 125 minutes after the login
	if got := pathOf(b.get(t, "/demo/my-modules").URL); got != "/demo/login" {
		t.Errorf("125 minutes after the login, switching every 25 → %s, want /demo/login", got)
	}
}
