package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/i18n"
)

// moduleContractRoute is the sandbox route pattern of GET (and, with a
// suffix, POST) on one additional module contract, for faults.
const moduleContractRoute = "/v1/memberships/{contractId}/self-service/additional-module-contracts/{additionalModuleContractId}"

// mmContracts maps the seeded members of the My modules tests to their
// main contract.
var mmContracts = map[string]int64{
	"1-1001": sandbox.ContractNoAddOns,
	"1-1002": sandbox.ContractWithAddOns,
	"1-1003": sandbox.ContractCanceled,
	"1-1006": sandbox.ContractManyAddOns,
}

// mmLogin logs a seeded member in to studio and returns the browser.
func mmLogin(t testing.TB, e *env, studio, number string) *browser {
	t.Helper()
	dob := map[string]string{
		"1-1001": "1990-01-15", "1-1002": "1985-06-30", "1-1003": "1978-11-02", "1-1006": "1999-12-31",
	}[number]
	b := e.browser()
	b.login(t, studio, number, dob)
	if b.cookie("portal_session") == nil {
		t.Fatalf("login of %s in %s left no session cookie", number, studio)
	}
	return b
}

// upstreamModuleContract reads an add-on contract straight from the sandbox,
// the truth the portal's pages are checked against.
func upstreamModuleContract(t testing.TB, e *env, studio string, contractID, id int64) *apiclient.AdditionalModuleContract {
	t.Helper()
	key := map[string]string{"demo": sandbox.DemoKey, "direct": sandbox.DirectKey}[studio]
	c, err := apiclient.NewClient(e.SandboxURL, key)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := c.GetAdditionalModuleContract(context.Background(), contractID, id)
	if err != nil {
		t.Fatalf("upstream module contract %d: %v", id, err)
	}
	return mc
}

// enDate formats d as the English pages do.
func enDate(d apiclient.Date) string { return i18n.FormatDate(i18n.English, d) }

// mmCard returns the My modules card of add-on contract id.
func mmCard(pg *page, id int64) *goquery.Selection {
	return pg.Doc.Find(fmt.Sprintf("[data-testid=module-contract][data-id='%d']", id))
}

func TestMyModulesStatusInWords(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, number   string
		id             int64
		wantState      string
		wantStatus     string // "%s" is the upstream cancelation date
		wantCancelLink bool
		wantWithdraw   bool
		wantPrice      string
	}{
		{"active towel", "1-1002", sandbox.ModuleContractTowelYearly, "active", "Active", true, false, "€45.00 per year"},
		{"sauna cancelation pending", "1-1002", sandbox.ModuleContractSaunaPendingCancelation, "cancel-pending",
			"Cancelation waiting for the studio", false, true, "€9.90 per month"},
		{"sauna canceled, withdrawable", "1-1003", sandbox.ModuleContractSaunaCanceled, "canceled", "Canceled, ends on %s", false, true, "€9.90 per month"},
		{"drink withdrawal pending", "1-1003", sandbox.ModuleContractDrinkPendingWithdrawal, "withdrawal-pending",
			"Keep add-on requested, waiting for the studio", false, false, "€19.90 per month, €24.90 from month 4 of the contract"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mmLogin(t, e, "demo", tt.number)
			up := upstreamModuleContract(t, e, "demo", mmContracts[tt.number], tt.id)
			want := tt.wantStatus
			if strings.Contains(want, "%s") {
				want = fmt.Sprintf(want, enDate(up.CancelationDate))
			}
			list := b.get(t, "/demo/my-modules")
			if list.Status != http.StatusOK {
				t.Fatalf("my modules status = %d, want 200: %s", list.Status, list.text("main"))
			}
			card := mmCard(list, tt.id)
			if card.Length() != 1 {
				t.Fatalf("found %d cards for %d, want 1", card.Length(), tt.id)
			}
			if got := card.AttrOr("data-state", ""); got != tt.wantState {
				t.Errorf("state = %q, want %q", got, tt.wantState)
			}
			if got := strings.TrimSpace(card.Find("[data-testid=module-contract-status]").Text()); got != want {
				t.Errorf("status text = %q, want %q", got, want)
			}
			if got, want := strings.TrimSpace(card.Find("[data-testid=module-contract-link]").Text()), up.Name; got != want {
				t.Errorf("name = %q, want %q", got, want)
			}
			if got := strings.TrimSpace(card.Find("[data-testid=module-contract-price]").Text()); got != tt.wantPrice || !strings.Contains(got, i18n.FormatMoney(i18n.English, up.Price)) {
				t.Errorf("price = %q, want %q (the add-on's price %s with its interval)", got, tt.wantPrice, i18n.FormatMoney(i18n.English, up.Price))
			}
			href := card.Find("[data-testid=module-contract-link]").AttrOr("href", "")
			detail := b.get(t, href)
			if got, want := pathOf(detail.URL), fmt.Sprintf("/demo/my-modules/%d", tt.id); got != want {
				t.Fatalf("card links to %s, want %s", got, want)
			}
			if got := detail.text("[data-testid=module-contract-status]"); got != want {
				t.Errorf("detail status = %q, want %q", got, want)
			}
			if got := detail.has("[data-testid=cancel-link]"); got != tt.wantCancelLink {
				t.Errorf("cancel action shown = %v, want %v", got, tt.wantCancelLink)
			}
			if got := detail.has("[data-testid=withdraw-link]"); got != tt.wantWithdraw {
				t.Errorf("withdraw action shown = %v, want %v", got, tt.wantWithdraw)
			}
		})
	}
}

func TestMyModulesEmptyState(t *testing.T) {
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1001")
	pg := b.get(t, "/demo/my-modules")
	if pg.Status != http.StatusOK || !pg.has("[data-testid=mymodules-empty]") {
		t.Fatalf("status %d, empty state shown %v", pg.Status, pg.has("[data-testid=mymodules-empty]"))
	}
	if got := pg.Doc.Find("[data-testid=browse-modules]").AttrOr("href", ""); got != "/demo/modules" {
		t.Errorf("empty state links to %q, want /demo/modules", got)
	}
	if pg.has("[data-testid=module-contract]") {
		t.Error("an add-on card on the empty page")
	}
}

func TestModuleContractTimeline(t *testing.T) {
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1002")
	t.Run("active towel: start and notice deadline", func(t *testing.T) {
		up := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly)
		pg := b.get(t, fmt.Sprintf("/demo/my-modules/%d", sandbox.ModuleContractTowelYearly))
		// The contract's list gives the end of its current term: it renews then.
		termEnd := subContract(t, e, sandbox.CustomerWithAddOns, sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly).EndDate
		assertTimeline(t, pg, []timelineWant{
			{"timeline-start", up.StartDate, "Started"},
			{"timeline-lastcancel", up.LastPossibleCancelationDate, "Last day to give notice to end on " + enDate(up.AvailableCancelationDates[0])},
			{"timeline-end", termEnd, "Term ends, then renews"},
		})
		// The studio's back-office names stay in the back office.
		if strings.Contains(pg.Body, "RC-TOWEL-12") || strings.Contains(pg.Body, "Rate code") {
			t.Error("the add-on's page shows its rate codes")
		}
		if pg.has("[data-testid=module-contract-reason]") {
			t.Error("a cancelation reason on an add-on without cancelation")
		}
	})
	t.Run("sauna with trial and pending cancelation", func(t *testing.T) {
		up := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractSaunaPendingCancelation)
		pg := b.get(t, fmt.Sprintf("/demo/my-modules/%d", sandbox.ModuleContractSaunaPendingCancelation))
		assertTimeline(t, pg, []timelineWant{
			{"timeline-start", up.StartDate, "Started"},
			{"timeline-trial", up.TrialPeriod.End().AddDays(-1), "Last day of the trial"},
			{"timeline-end", up.CancelationDate, "Cancelation requested to this date, waiting for the studio"},
		})
		if got, want := pg.text("[data-testid=module-contract-reason]"), up.CancelationReason; got != want || want == "" {
			t.Errorf("reason = %q, want %q", got, want)
		}
	})
}

type timelineWant struct {
	testID string
	date   apiclient.Date
	label  string
}

// assertTimeline checks the timeline's entries, in order.
func assertTimeline(t *testing.T, pg *page, want []timelineWant) {
	t.Helper()
	items := pg.Doc.Find("ol.timeline[data-testid=timeline] > li")
	if items.Length() != len(want) {
		t.Fatalf("%d timeline entries, want %d: %s", items.Length(), len(want), pg.text("[data-testid=timeline]"))
	}
	items.Each(func(i int, s *goquery.Selection) {
		w := want[i]
		if got := s.AttrOr("data-testid", ""); got != w.testID {
			t.Errorf("entry %d is %s, want %s", i, got, w.testID)
		}
		if got := strings.TrimSpace(s.Find(".when").Text()); got != enDate(w.date) {
			t.Errorf("%s date = %q, want %q", w.testID, got, enDate(w.date))
		}
		if got := strings.Join(strings.Fields(s.Text()), " "); !strings.HasSuffix(got, w.label) {
			t.Errorf("%s = %q, want it to end with %q", w.testID, got, w.label)
		}
	})
}

// TestMyModulesUpstreamFaults: a failing contracts read is the error page
// (with the member's navigation and, where the studio gave one, its
// reference); failing add-on contract reads are cards saying their details
// are unavailable, on a page that still works.
func TestMyModulesUpstreamFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      sandbox.Fault
		wantStatus int
		wantTrace  bool
	}{
		{"contracts rate limited", sandbox.Fault{Method: http.MethodGet, Path: apiclient.EndpointContracts.Path(), Status: http.StatusTooManyRequests}, http.StatusServiceUnavailable, true},
		{"contracts failing", sandbox.Fault{Method: http.MethodGet, Path: apiclient.EndpointContracts.Path(), Status: http.StatusInternalServerError}, http.StatusServiceUnavailable, true},
		{"contracts garbage body", sandbox.Fault{Method: http.MethodGet, Path: apiclient.EndpointContracts.Path(), Body: sandbox.FaultBodyGarbage}, http.StatusServiceUnavailable, false},
		{"add-ons rate limited", sandbox.Fault{Method: http.MethodGet, Path: moduleContractRoute, Status: http.StatusTooManyRequests}, http.StatusOK, false},
		{"add-ons unavailable", sandbox.Fault{Method: http.MethodGet, Path: moduleContractRoute, Status: http.StatusServiceUnavailable}, http.StatusOK, false},
		{"add-ons garbage body", sandbox.Fault{Method: http.MethodGet, Path: moduleContractRoute, Body: sandbox.FaultBodyGarbage}, http.StatusOK, false},
		{"add-ons truncated body", sandbox.Fault{Method: http.MethodGet, Path: moduleContractRoute, Body: sandbox.FaultBodyTruncated}, http.StatusOK, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// A 503 is retried after "Retry-After: 1"; the card's budget
			// ends that wait instead of the test sitting it out.
			e := newEnv(t, withDeps(func(d *handlers.Deps) { d.MyModulesCardTimeout = 200 * time.Millisecond }))
			b := mmLogin(t, e, "demo", "1-1002")
			e.Sandbox.SetFault(tt.fault)
			pg := b.get(t, "/demo/my-modules")
			if pg.Status != tt.wantStatus {
				t.Errorf("status = %d, want %d", pg.Status, tt.wantStatus)
			}
			if tt.wantStatus == http.StatusOK {
				if got := pg.count("[data-testid=module-contract][data-details=unavailable]"); got != 2 {
					t.Errorf("%d cards say their details are unavailable, want both", got)
				}
			} else if got := pg.Doc.Find("[data-testid=error]").AttrOr("data-status", ""); got != fmt.Sprint(tt.wantStatus) {
				t.Errorf("error page for %q, want %d", got, tt.wantStatus)
			}
			if got := pg.text("[data-testid=trace-id]"); (got != "") != tt.wantTrace {
				t.Errorf("trace id %q shown, want shown = %v", got, tt.wantTrace)
			}
			if !pg.has("header nav [data-testid=logout]") {
				t.Error("the page is not a member page (no member navigation)")
			}
			assertNoInternals(t, pg)
		})
	}
}
