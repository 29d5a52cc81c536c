package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/studio-addons/portal/apiclient/sandbox"
)

// towelPath is 1-1002's active towel flat-rate add-on.
var towelPath = fmt.Sprintf("/my-modules/%d", sandbox.ModuleContractTowelYearly)

// assertWrites fails when the studio's committed upstream writes differ from want.
func assertWrites(t *testing.T, e *env, studio string, want int64) {
	t.Helper()
	if got := e.Sandbox.WriteCount(studio); got != want {
		t.Errorf("upstream writes in %s = %d, want %d", studio, got, want)
	}
}

// cancelTowel walks 1-1002's towel add-on through form, review and confirm
// and returns the page after the redirect and the date canceled to.
func cancelTowel(t *testing.T, e *env, b *browser, studio string) (*page, string) {
	t.Helper()
	up := upstreamModuleContract(t, e, studio, sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly)
	earliest, deadline := up.AvailableCancelationDates[0], up.LastPossibleCancelationDate
	detail := b.get(t, "/"+studio+towelPath)
	form := b.get(t, detail.Doc.Find("[data-testid=cancel-link]").AttrOr("href", "/missing-cancel-link"))
	if form.Status != http.StatusOK || !form.has("[data-testid=cancel-form]") {
		t.Fatalf("cancel page: status %d, form shown %v", form.Status, form.has("[data-testid=cancel-form]"))
	}
	if got := form.Doc.Find("input[name=cancelationDate][checked]").AttrOr("value", ""); got != earliest.String() {
		t.Errorf("preselected date = %q, want the earliest %s", got, earliest)
	}
	if got, n := form.count("input[name=cancelationDate]"), len(up.AvailableCancelationDates); got != n {
		t.Errorf("%d date options, want the %d available dates", got, n)
	}
	wantHint := fmt.Sprintf("To cancel to %s, your notice must reach the studio by %s.", enDate(earliest), enDate(deadline))
	if got := form.text("#cancelationDate-hint"); got != wantHint {
		t.Errorf("deadline hint = %q, want %q", got, wantHint)
	}
	if form.count("input[name=cancelationReason]") != 5 || form.has("input[name=cancelationReason][checked]") {
		t.Errorf("want 5 reasons, none preselected")
	}
	if form.count("fieldset > legend") != 2 {
		t.Errorf("date and reason radio groups need a fieldset with a legend each")
	}
	writes := e.Sandbox.WriteCount(studio)
	review := b.submit(t, form, "[data-testid=cancel-form]", url.Values{"cancelationReason": {strconv.FormatInt(sandbox.ReasonIllness, 10)}})
	if review.Status != http.StatusOK || !review.has("[data-testid=cancel-review]") {
		t.Fatalf("review: status %d: %s", review.Status, review.text("main"))
	}
	if got := review.text("[data-testid=review-date]"); got != enDate(earliest) {
		t.Errorf("review date = %q, want %q", got, enDate(earliest))
	}
	if got := review.text("[data-testid=review-reason]"); got != "Illness" {
		t.Errorf("review reason = %q, want Illness", got)
	}
	assertWrites(t, e, studio, writes)
	done := b.submit(t, review, "[data-testid=cancel-confirm-form]", nil)
	if got, want := pathOf(done.URL), "/"+studio+towelPath; got != want {
		t.Fatalf("after confirming: %s (status %d), want %s", got, done.Status, want)
	}
	assertWrites(t, e, studio, writes+1)
	return done, enDate(earliest)
}

func TestCancelAndWithdrawWithStudioVerification(t *testing.T) {
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1002")
	done, date := cancelTowel(t, e, b, "demo")
	if got, want := done.text("[data-testid=flash]"), "Your cancelation to "+date+" was sent; it waits for the studio's confirmation."; got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if got, want := done.text("[data-testid=module-contract-status]"), "Cancelation waiting for the studio"; got != want {
		t.Errorf("status = %q, want %q", got, want)
	}
	if done.has("[data-testid=cancel-link]") {
		t.Error("cancel action still offered while a cancelation is pending")
	}

	if err := e.Sandbox.VerifyAmendment("demo", sandbox.ModuleContractTowelYearly); err != nil {
		t.Fatal(err)
	}
	detail := b.get(t, "/demo"+towelPath)
	if got, want := detail.text("[data-testid=module-contract-status]"), "Canceled, ends on "+date; got != want {
		t.Errorf("after verification status = %q, want %q", got, want)
	}
	if got := detail.text("[data-testid=timeline-end]"); !strings.Contains(got, date) {
		t.Errorf("timeline end = %q, want the cancelation date %s", got, date)
	}
	writes := e.Sandbox.WriteCount("demo")
	confirm := b.get(t, detail.Doc.Find("[data-testid=withdraw-link]").AttrOr("href", "/missing-withdraw-link"))
	if !confirm.has("[data-testid=withdraw-form]") {
		t.Fatalf("withdraw page has no form: %s", confirm.text("main"))
	}
	after := b.submit(t, confirm, "[data-testid=withdraw-form]", nil)
	assertWrites(t, e, "demo", writes+1)
	if got, want := after.text("[data-testid=flash]"), "Your request to keep the add-on was sent; it waits for the studio's confirmation."; got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if got, want := after.text("[data-testid=module-contract-status]"), "Keep add-on requested, waiting for the studio"; got != want {
		t.Errorf("status = %q, want %q", got, want)
	}
}

func TestCancelAndWithdrawDirect(t *testing.T) {
	e := newEnv(t)
	b := mmLogin(t, e, "direct", "1-1002")
	done, date := cancelTowel(t, e, b, "direct")
	if got, want := done.text("[data-testid=flash]"), "Your add-on is canceled to "+date+"."; got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if got, want := done.text("[data-testid=module-contract-status]"), "Canceled, ends on "+date; got != want {
		t.Errorf("status = %q, want %q", got, want)
	}
	writes := e.Sandbox.WriteCount("direct")
	confirm := b.get(t, done.Doc.Find("[data-testid=withdraw-link]").AttrOr("href", "/missing-withdraw-link"))
	after := b.submit(t, confirm, "[data-testid=withdraw-form]", nil)
	assertWrites(t, e, "direct", writes+1)
	if got, want := after.text("[data-testid=flash]"), "Your cancelation is withdrawn. Your add-on continues."; got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if got := after.text("[data-testid=module-contract-status]"); got != "Active" {
		t.Errorf("status = %q, want Active", got)
	}
	if !after.has("[data-testid=cancel-link]") {
		t.Error("an active add-on again, but no cancel action")
	}
}

func TestCancelRefusesBadInput(t *testing.T) {
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1002")
	up := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly)
	valid := up.AvailableCancelationDates[0].String()
	huge := strings.Repeat("7", 4000)
	tests := []struct {
		name, date, reason string
		wantErrors         []string // fields with an error
	}{
		{"date not offered", "2030-01-31", "2", []string{"cancelationDate"}},
		{"malformed date", "31.12.2026", "2", []string{"cancelationDate"}},
		{"oversized date", huge, "2", []string{"cancelationDate"}},
		{"missing date", "", "2", []string{"cancelationDate"}},
		{"unknown reason", valid, "999", []string{"cancelationReason"}},
		{"missing reason", valid, "", []string{"cancelationReason"}},
		{"oversized reason", valid, huge, []string{"cancelationReason"}},
		{"markup as reason", valid, "<b>x</b>", []string{"cancelationReason"}},
		{"both wrong", "", "", []string{"cancelationDate", "cancelationReason"}},
	}
	for _, endpoint := range []string{"/cancel/review", "/cancel"} {
		for _, tt := range tests {
			t.Run(endpoint+" "+tt.name, func(t *testing.T) {
				writes := e.Sandbox.WriteCount("demo")
				pg := b.post(t, "/demo"+towelPath+endpoint, url.Values{"cancelationDate": {tt.date}, "cancelationReason": {tt.reason}})
				if pg.Status != http.StatusUnprocessableEntity {
					t.Errorf("status = %d, want 422", pg.Status)
				}
				if !pg.has("[data-testid=cancel-form]") {
					t.Error("the form is not shown again")
				}
				for _, field := range []string{"cancelationDate", "cancelationReason"} {
					want := slices.Contains(tt.wantErrors, field)
					if got := pg.has("[data-testid=" + field + "-error]"); got != want {
						t.Errorf("%s error shown = %v, want %v", field, got, want)
					}
					described := pg.Doc.Find("fieldset:has(input[name="+field+"])").AttrOr("aria-describedby", "")
					if want && !strings.Contains(described, field+"-error") {
						t.Errorf("%s fieldset aria-describedby = %q, not tied to its error", field, described)
					}
				}
				if strings.Contains(pg.Body, huge) || strings.Contains(pg.Body, "<b>x</b>") {
					t.Error("the refused value is echoed back")
				}
				assertWrites(t, e, "demo", writes)
			})
		}
	}
	if got := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly).ContractCancelationStatus; got != "" {
		t.Errorf("towel cancelation status = %q after refused input, want none", got)
	}
}

func TestForeignModuleContractIsNotFound(t *testing.T) {
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1002")
	foreign := e.Sandbox.ModuleContractIDs("demo", sandbox.ContractCanceled) // 1-1003's
	if len(foreign) == 0 {
		t.Fatal("1-1003 has no add-on contracts")
	}
	// Any upstream request about a foreign id, read or write, would meet
	// these faults and turn the answer into a 503 instead of the 404.
	for _, id := range foreign {
		base := fmt.Sprintf("/v1/memberships/%d/self-service/additional-module-contracts/%d", sandbox.ContractWithAddOns, id)
		for _, p := range []string{base, base + "/ordinary-cancelation", base + "/withdraw-cancelation"} {
			e.Sandbox.SetFault(sandbox.Fault{Path: p, Status: http.StatusInternalServerError})
		}
	}
	valid := url.Values{"cancelationDate": {"2026-12-31"}, "cancelationReason": {"2"}}
	ids := []string{strconv.FormatInt(foreign[0], 10), strconv.FormatInt(foreign[len(foreign)-1], 10),
		"abc", "-1", "0", "99999999999999999999999"}
	writes := e.Sandbox.WriteCount("demo")
	for _, id := range ids {
		for _, req := range []struct{ method, suffix string }{
			{http.MethodGet, ""}, {http.MethodGet, "/cancel"}, {http.MethodGet, "/withdraw"},
			{http.MethodPost, "/cancel/review"}, {http.MethodPost, "/cancel"}, {http.MethodPost, "/withdraw"},
		} {
			path := "/demo/my-modules/" + id + req.suffix
			t.Run(req.method+" "+path, func(t *testing.T) {
				var pg *page
				if req.method == http.MethodGet {
					pg = b.get(t, path)
				} else {
					pg = b.post(t, path, valid)
				}
				if pg.Status != http.StatusNotFound {
					t.Errorf("status = %d, want 404", pg.Status)
				}
				if got := pg.Doc.Find("[data-testid=error]").AttrOr("data-status", ""); got != "404" {
					t.Errorf("error page %q, want the 404 page", got)
				}
				assertNoInternals(t, pg)
			})
		}
	}
	assertWrites(t, e, "demo", writes)
}

func TestCancelWithoutCSRFTokenIsRefused(t *testing.T) {
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1002")
	up := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly)
	values := url.Values{"cancelationDate": {up.AvailableCancelationDates[0].String()}, "cancelationReason": {"2"}}
	writes := e.Sandbox.WriteCount("demo")
	for name, token := range map[string][]string{"no token": nil, "wrong token": {"forged"}} {
		t.Run(name, func(t *testing.T) {
			v := cloneValues(values)
			if token != nil {
				v["_csrf"] = token
			}
			for _, suffix := range []string{"/cancel", "/withdraw"} {
				pg := b.postRaw(t, "/demo"+towelPath+suffix, v, nil)
				if pg.Status != http.StatusForbidden {
					t.Errorf("POST %s status = %d, want 403", suffix, pg.Status)
				}
			}
		})
	}
	assertWrites(t, e, "demo", writes)
	if got := b.get(t, "/demo"+towelPath).text("[data-testid=module-contract-status]"); got != "Active" {
		t.Errorf("status = %q, want Active (nothing changed)", got)
	}
}

func TestWithdrawWhereNotWithdrawable(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, number string
		id           int64
		want         string
	}{
		{"withdrawal already pending", "1-1003", sandbox.ModuleContractDrinkPendingWithdrawal,
			"You already asked to keep this add-on. It waits for the studio's confirmation."},
		{"no cancelation", "1-1002", sandbox.ModuleContractTowelYearly, "This add-on is not canceled, so there is nothing to keep: it continues."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mmLogin(t, e, "demo", tt.number)
			path := fmt.Sprintf("/demo/my-modules/%d/withdraw", tt.id)
			writes := e.Sandbox.WriteCount("demo")
			pg := b.get(t, path)
			if pg.Status != http.StatusOK || pg.has("[data-testid=withdraw-form]") {
				t.Errorf("GET: status %d, form shown %v; want 200 without a form", pg.Status, pg.has("[data-testid=withdraw-form]"))
			}
			if got := pg.text("[data-testid=cannot-withdraw]"); got != tt.want {
				t.Errorf("explanation = %q, want %q", got, tt.want)
			}
			pg = b.post(t, path, nil)
			if pg.Status != http.StatusConflict || pg.text("[data-testid=cannot-withdraw]") != tt.want {
				t.Errorf("POST: status %d, explanation %q; want 409 with the explanation", pg.Status, pg.text("[data-testid=cannot-withdraw]"))
			}
			assertWrites(t, e, "demo", writes)
		})
	}
}

func TestCancelWhereNotCancelable(t *testing.T) {
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1002")
	up := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractSaunaPendingCancelation)
	path := fmt.Sprintf("/demo/my-modules/%d/cancel", sandbox.ModuleContractSaunaPendingCancelation)
	want := "You already asked to cancel this add-on to " + enDate(up.CancelationDate) + ". The studio has not confirmed it yet."
	pg := b.get(t, path)
	if pg.Status != http.StatusOK || pg.has("[data-testid=cancel-form]") || pg.text("[data-testid=cannot-cancel]") != want {
		t.Errorf("GET: status %d, form %v, explanation %q; want 200, no form, %q",
			pg.Status, pg.has("[data-testid=cancel-form]"), pg.text("[data-testid=cannot-cancel]"), want)
	}
	writes := e.Sandbox.WriteCount("demo")
	pg = b.post(t, path, url.Values{"cancelationDate": {up.CancelationDate.String()}, "cancelationReason": {"2"}})
	if pg.Status != http.StatusConflict || !pg.has("[data-testid=cannot-cancel]") {
		t.Errorf("POST: status %d; want 409 with the explanation", pg.Status)
	}
	assertWrites(t, e, "demo", writes)
}

func TestCancelReviewHTMXPartial(t *testing.T) {
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1002")
	up := upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly)
	values := url.Values{"cancelationDate": {up.AvailableCancelationDates[0].String()}, "cancelationReason": {"3"}}
	review := "/demo" + towelPath + "/cancel/review"

	partial := b.htmx(t, http.MethodPost, review, values)
	if partial.Status != http.StatusOK || !partial.has("section#cancel-flow[data-testid=cancel-review]") {
		t.Errorf("htmx review: status %d, review partial shown %v", partial.Status, partial.has("[data-testid=cancel-review]"))
	}
	if strings.Contains(partial.Body, "<html") || partial.has("header") {
		t.Error("htmx review returned a full page")
	}
	full := b.post(t, review, values)
	if full.Status != http.StatusOK || !full.has("header.site-header") || !full.has("[data-testid=cancel-review]") {
		t.Errorf("plain review: status %d, want the full page with the review", full.Status)
	}

	bad := b.htmx(t, http.MethodPost, review, url.Values{"cancelationDate": {"2030-01-31"}})
	if bad.Status != http.StatusUnprocessableEntity || !bad.has("section#cancel-flow [data-testid=cancel-form]") || bad.has("header") {
		t.Errorf("htmx invalid review: status %d, want the 422 form partial", bad.Status)
	}

	writes := e.Sandbox.WriteCount("demo")
	confirm := b.htmx(t, http.MethodPost, "/demo"+towelPath+"/cancel", values)
	// The add-on's page, naming the cancelation's receipt for its message.
	if got, want := confirm.Header.Get("HX-Redirect"), "/demo"+towelPath+"?receipt="; !strings.HasPrefix(got, want) {
		t.Errorf("htmx confirm HX-Redirect = %q (status %d), want %q", got, confirm.Status, want)
	}
	assertWrites(t, e, "demo", writes+1)
}
