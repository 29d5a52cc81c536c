package e2e

// Upstream outcomes of cancelations and withdrawals: refusals, answers lost
// after the write landed, unreadable answers and 5xx, and a read afterwards
// that fails too. Whatever happens, a change is sent once and never
// reported as "nothing was changed" when it may have landed.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/upstream"
)

// writeHooks wraps every studio's upstream client so a test can act at the
// exact moment a cancelation or withdrawal leaves the portal (before) or
// has come back, answered or not (after), before the portal reacts to it.
// Tests use it to change the studio between the portal's check and its
// write, or to break the re-read that follows a write, without sleeping.
func writeHooks(before, after func()) envOption {
	return withDeps(func(d *handlers.Deps) {
		for i := range d.Studios {
			d.Studios[i].Client = hookedUpstream{API: d.Studios[i].Client, before: before, after: after}
		}
	})
}

type hookedUpstream struct {
	upstream.API
	before, after func()
}

func (u hookedUpstream) around(write func()) {
	if u.before != nil {
		u.before()
	}
	write()
	if u.after != nil {
		u.after()
	}
}

func (u hookedUpstream) CancelAdditionalModuleContract(ctx context.Context, contractID, id int64, req apiclient.CancelationRequest) (res *apiclient.SuccessResponse, err error) {
	u.around(func() { res, err = u.API.CancelAdditionalModuleContract(ctx, contractID, id, req) })
	return res, err
}

func (u hookedUpstream) WithdrawAdditionalModuleCancelation(ctx context.Context, contractID, id int64) (res *apiclient.SuccessResponse, err error) {
	u.around(func() { res, err = u.API.WithdrawAdditionalModuleCancelation(ctx, contractID, id) })
	return res, err
}

// Routes of the two writes, for faults and call counts.
const (
	cancelRoute   = moduleContractRoute + "/ordinary-cancelation"
	withdrawRoute = moduleContractRoute + "/withdraw-cancelation"
)

// Wording the pages about an unconfirmed change must (not) use.
const (
	cancelUnconfirmedChecked   = "We could not confirm your cancelation. It may still reach the studio: check the add-on's status before trying again."
	withdrawUnconfirmedChecked = "We could not confirm that your add-on is kept. Your request may still reach the studio: check the add-on's status before trying again."
	nothingChanged             = "Nothing was changed"
)

// assertUnconfirmed checks the page about a change the studio's system did
// not confirm: 503, what we know in words, the way to the add-on's status,
// a support reference, and never a claim that nothing changed.
func assertUnconfirmed(t *testing.T, pg *page, studio string, id int64, wantChecked bool, wantBody string) {
	t.Helper()
	if pg.Status != http.StatusServiceUnavailable || !pg.has("[data-testid=write-unconfirmed]") {
		t.Fatalf("status %d, unconfirmed page shown %v; want 503 with it: %s", pg.Status, pg.has("[data-testid=write-unconfirmed]"), pg.text("main"))
	}
	if got := pg.Doc.Find("[data-testid=write-unconfirmed]").AttrOr("data-checked", ""); got != strconv.FormatBool(wantChecked) {
		t.Errorf("checked afterwards = %s, want %v", got, wantChecked)
	}
	if got := pg.text("[data-testid=unconfirmed-body]"); got != wantBody {
		t.Errorf("body = %q, want %q", got, wantBody)
	}
	if got, want := pg.Doc.Find("[data-testid=unconfirmed-check]").AttrOr("href", ""), fmt.Sprintf("/%s/my-modules/%d", studio, id); got != want {
		t.Errorf("status link = %q, want %q", got, want)
	}
	if pg.text("[data-testid=trace-id]") == "" {
		t.Error("no support reference")
	}
	if strings.Contains(pg.Body, nothingChanged) {
		t.Errorf("the page claims %q", nothingChanged)
	}
	assertNoInternals(t, pg)
}

func TestCancelUpstreamOutcomes(t *testing.T) {
	post := func(f sandbox.Fault) sandbox.Fault { f.Method, f.Path = http.MethodPost, cancelRoute; return f }
	tests := []struct {
		name        string
		fault       sandbox.Fault
		wantPath    string // where the member ends up
		wantStatus  int
		wantFlash   string // "%s" is the date
		unconfirmed bool   // the "could not confirm" page, having checked the add-on
		wantWrites  int64
	}{
		{"conflict: the add-on changed", post(sandbox.Fault{Status: http.StatusConflict}),
			"/demo" + towelPath, http.StatusOK, "This add-on changed in the meantime, so your request was not carried out. Here is its current state.", false, 0},
		{"answer lost after the commit: reconciled, not resent", post(sandbox.Fault{CommitThenDrop: true, Times: 1}),
			"/demo" + towelPath, http.StatusOK, "Your cancelation to %s was sent; it waits for the studio's confirmation.", false, 1},
		{"unreadable answer after the commit: reconciled", post(sandbox.Fault{Body: sandbox.FaultBodyTruncated, Times: 1}),
			"/demo" + towelPath, http.StatusOK, "Your cancelation to %s was sent; it waits for the studio's confirmation.", false, 1},
		{"500: not confirmed", post(sandbox.Fault{Status: http.StatusInternalServerError}),
			"/demo" + towelPath + "/cancel", http.StatusServiceUnavailable, "", true, 0},
		{"502 from a gateway: not confirmed", post(sandbox.Fault{Status: http.StatusBadGateway}),
			"/demo" + towelPath + "/cancel", http.StatusServiceUnavailable, "", true, 0},
		{"503: not confirmed", post(sandbox.Fault{Status: http.StatusServiceUnavailable}),
			"/demo" + towelPath + "/cancel", http.StatusServiceUnavailable, "", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			b := mmLogin(t, e, "demo", "1-1002")
			up := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly)
			date := up.AvailableCancelationDates[0]
			e.Sandbox.SetFault(tt.fault)
			pg := b.post(t, "/demo"+towelPath+"/cancel", url.Values{"cancelationDate": {date.String()}, "cancelationReason": {"1"}})
			if got := pathOf(pg.URL); got != tt.wantPath || pg.Status != tt.wantStatus {
				t.Errorf("ended on %s with %d, want %s with %d", got, pg.Status, tt.wantPath, tt.wantStatus)
			}
			want := tt.wantFlash
			if strings.Contains(want, "%s") {
				want = fmt.Sprintf(want, enDate(date))
			}
			if got := pg.text("[data-testid=flash]"); got != want {
				t.Errorf("flash = %q, want %q", got, want)
			}
			if tt.unconfirmed {
				assertUnconfirmed(t, pg, "demo", sandbox.ModuleContractTowelYearly, true, cancelUnconfirmedChecked)
				if got := pg.text("[data-testid=unconfirmed-status]"); !strings.Contains(got, "Active") {
					t.Errorf("status as checked = %q, want it to say Active", got)
				}
			}
			if got := e.Sandbox.Calls("demo", "POST "+cancelRoute); got != 1 {
				t.Errorf("cancelation sent %d times, want once", got)
			}
			assertNoInternals(t, pg)
			assertWrites(t, e, "demo", tt.wantWrites)
		})
	}
}

// TestCancelLandedButRereadFailed: the cancelation reaches the studio, its
// answer is lost, and the studio's system fails the read that would show
// it. The member must not be told that nothing changed, nor invited to
// send it again unseen. The read cache is on, as in production: the read
// after a write must not come from it.
func TestCancelLandedButRereadFailed(t *testing.T) {
	t.Parallel() // the failing re-read is retried for about two seconds
	var sb *sandbox.Server
	e := newEnv(t, withCache(), writeHooks(nil, func() {
		sb.SetFault(sandbox.Fault{Method: http.MethodGet, Path: moduleContractRoute, Status: http.StatusServiceUnavailable})
	}))
	sb = e.Sandbox
	b := mmLogin(t, e, "demo", "1-1002")
	up := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly)
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: cancelRoute, CommitThenDrop: true, Times: 1})
	review := b.post(t, "/demo"+towelPath+"/cancel/review", url.Values{
		"cancelationDate": {up.AvailableCancelationDates[0].String()}, "cancelationReason": {"1"}})
	pg := b.submit(t, review, "[data-testid=cancel-confirm-form]", nil)

	assertUnconfirmed(t, pg, "demo", sandbox.ModuleContractTowelYearly, false,
		"We could not confirm whether your cancelation reached the studio: its system did not answer clearly, and we could not look at your add-on afterwards. Please check the add-on's status before trying again.")
	if got := e.Sandbox.Calls("demo", "POST "+cancelRoute); got != 1 {
		t.Errorf("cancelation sent %d times, want once", got)
	}
	assertWrites(t, e, "demo", 1)
	e.Sandbox.ClearFaults()
	if got := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly).ContractCancelationStatus; got != apiclient.CancelationPendingVerification {
		t.Errorf("upstream status = %q, want the cancelation that landed", got)
	}
	detail := b.get(t, pg.Doc.Find("[data-testid=unconfirmed-check]").AttrOr("href", "/missing"))
	if got, want := detail.text("[data-testid=module-contract-status]"), "Cancelation waiting for the studio"; got != want {
		t.Errorf("the status link shows %q, want %q", got, want)
	}
}

func TestCancelUnconfirmedHTMXPartial(t *testing.T) {
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1002")
	up := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly)
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: cancelRoute, Status: http.StatusInternalServerError})
	pg := b.htmx(t, http.MethodPost, "/demo"+towelPath+"/cancel", url.Values{
		"cancelationDate": {up.AvailableCancelationDates[0].String()}, "cancelationReason": {"1"}})
	if !pg.has("section#cancel-flow [data-testid=write-unconfirmed]") || pg.has("header") || pg.has("h1") {
		t.Errorf("htmx answer is not the flow's partial (header %v, h1 %v)", pg.has("header"), pg.has("h1"))
	}
	assertUnconfirmed(t, pg, "demo", sandbox.ModuleContractTowelYearly, true, cancelUnconfirmedChecked)
	assertWrites(t, e, "demo", 0)
}

func TestCancelDateNoLongerAvailableUpstream(t *testing.T) {
	// The portal checks the date against a fresh read and then posts; the
	// studio's calendar passes the notice deadline just as the post leaves,
	// so the upstream refuses the date (400, reference cancelationDate).
	var passDeadline func()
	e := newEnv(t, writeHooks(func() { passDeadline() }, nil))
	b := mmLogin(t, e, "demo", "1-1002")
	up := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly)
	date, deadline := up.AvailableCancelationDates[0], up.LastPossibleCancelationDate
	passDeadline = func() { e.Sandbox.SetToday(deadline.AddDays(1)) }
	pg := b.post(t, "/demo"+towelPath+"/cancel", url.Values{"cancelationDate": {date.String()}, "cancelationReason": {"1"}})
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status = %d, want 422: %s", pg.Status, pg.text("main"))
	}
	if got, want := pg.text("[data-testid=cancelationDate-error]"), "This date is no longer available. Please choose one of the dates listed."; got != want {
		t.Errorf("date error = %q, want %q", got, want)
	}
	if pg.has(fmt.Sprintf("input[name=cancelationDate][value='%s']", date)) {
		t.Errorf("the refused date %s is still offered", date)
	}
	if got := pg.Doc.Find("input[name=cancelationReason][checked]").AttrOr("value", ""); got != "1" {
		t.Errorf("chosen reason %q lost, want 1 kept", got)
	}
	assertWrites(t, e, "demo", 0)
}

func TestWithdrawUpstreamOutcomes(t *testing.T) {
	path := fmt.Sprintf("/direct/my-modules/%d/withdraw", sandbox.ModuleContractSaunaCanceled)
	tests := []struct {
		name        string
		fault       sandbox.Fault
		wantPath    string
		wantFlash   string
		wantStatus  string // the add-on's status after the page
		unconfirmed bool
		wantWrites  int64
	}{
		{"answer lost after the commit: reconciled, not resent", sandbox.Fault{CommitThenDrop: true, Times: 1},
			"/direct/my-modules/5003", "Your cancelation is withdrawn. Your add-on continues.", "Active", false, 1},
		{"conflict: the add-on changed", sandbox.Fault{Status: http.StatusConflict},
			"/direct/my-modules/5003", "This add-on changed in the meantime, so your request was not carried out. Here is its current state.", "", false, 0},
		{"500: not confirmed", sandbox.Fault{Status: http.StatusInternalServerError}, path, "", "", true, 0},
		{"502 from a gateway: not confirmed", sandbox.Fault{Status: http.StatusBadGateway}, path, "", "", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			b := mmLogin(t, e, "direct", "1-1003")
			up := upstreamModuleContract(t, e, "direct", sandbox.ContractCanceled, sandbox.ModuleContractSaunaCanceled)
			tt.fault.Method, tt.fault.Path = http.MethodPost, withdrawRoute
			e.Sandbox.SetFault(tt.fault)
			pg := b.post(t, path, nil)
			if got := pathOf(pg.URL); got != tt.wantPath {
				t.Errorf("ended on %s (status %d), want %s", got, pg.Status, tt.wantPath)
			}
			if got := pg.text("[data-testid=flash]"); got != tt.wantFlash {
				t.Errorf("flash = %q, want %q", got, tt.wantFlash)
			}
			if tt.unconfirmed {
				assertUnconfirmed(t, pg, "direct", sandbox.ModuleContractSaunaCanceled, true, withdrawUnconfirmedChecked)
				if got, want := pg.text("[data-testid=unconfirmed-status]"), "Canceled, ends on "+enDate(up.CancelationDate); !strings.Contains(got, want) {
					t.Errorf("status as checked = %q, want it to say %q", got, want)
				}
			} else if tt.wantStatus != "" {
				if got := pg.text("[data-testid=module-contract-status]"); got != tt.wantStatus {
					t.Errorf("status = %q, want %q", got, tt.wantStatus)
				}
			}
			if got := e.Sandbox.Calls("direct", "POST "+withdrawRoute); got != 1 {
				t.Errorf("withdrawal sent %d times, want once", got)
			}
			assertNoInternals(t, pg)
			assertWrites(t, e, "direct", tt.wantWrites)
		})
	}
}

func TestWithdrawLandedButRereadFailed(t *testing.T) {
	t.Parallel() // the failing re-read is retried for about two seconds
	var sb *sandbox.Server
	e := newEnv(t, withCache(), writeHooks(nil, func() {
		sb.SetFault(sandbox.Fault{Method: http.MethodGet, Path: moduleContractRoute, Status: http.StatusServiceUnavailable})
	}))
	sb = e.Sandbox
	b := mmLogin(t, e, "demo", "1-1003")
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: withdrawRoute, CommitThenDrop: true, Times: 1})
	confirm := b.get(t, fmt.Sprintf("/demo/my-modules/%d/withdraw", sandbox.ModuleContractSaunaCanceled))
	pg := b.submit(t, confirm, "[data-testid=withdraw-form]", nil)

	assertUnconfirmed(t, pg, "demo", sandbox.ModuleContractSaunaCanceled, false,
		"We could not confirm whether your request to keep the add-on reached the studio: its system did not answer clearly, and we could not look at your add-on afterwards. Please check the add-on's status before trying again.")
	if got := e.Sandbox.Calls("demo", "POST "+withdrawRoute); got != 1 {
		t.Errorf("withdrawal sent %d times, want once", got)
	}
	assertWrites(t, e, "demo", 1)
	e.Sandbox.ClearFaults()
	if got := upstreamModuleContract(t, e, "demo", sandbox.ContractCanceled, sandbox.ModuleContractSaunaCanceled).ContractCancelationStatus; got != apiclient.CancelationPendingWithdrawalVerification {
		t.Errorf("upstream status = %q, want the withdrawal that landed", got)
	}
}

// TestWithdrawUnconfirmedAfterTheStudioVerified: the member opens the
// withdrawal of a pending cancelation, the studio verifies that cancelation
// meanwhile, and the withdrawal gets a 500. A status that differs from the
// one the member saw is the studio's verification, not a withdrawal.
func TestWithdrawUnconfirmedAfterTheStudioVerified(t *testing.T) {
	e := newEnv(t, withCache()) // the portal may still hold the add-on as the member saw it
	b := mmLogin(t, e, "demo", "1-1002")
	confirm := b.get(t, fmt.Sprintf("/demo/my-modules/%d/withdraw", sandbox.ModuleContractSaunaPendingCancelation))
	if err := e.Sandbox.VerifyAmendment("demo", sandbox.ModuleContractSaunaPendingCancelation); err != nil {
		t.Fatal(err)
	}
	writes := e.Sandbox.WriteCount("demo")
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: withdrawRoute, Status: http.StatusInternalServerError})
	pg := b.submit(t, confirm, "[data-testid=withdraw-form]", nil)
	assertUnconfirmed(t, pg, "demo", sandbox.ModuleContractSaunaPendingCancelation, true, withdrawUnconfirmedChecked)
	if got := pg.text("[data-testid=unconfirmed-status]"); !strings.Contains(got, "Canceled, ends on") {
		t.Errorf("status as checked = %q, want the verified cancelation", got)
	}
	assertWrites(t, e, "demo", writes)
}
