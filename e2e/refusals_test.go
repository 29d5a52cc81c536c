package e2e

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/upstream"
)

// purchaseHook runs before just as a purchase leaves the portal, after its
// checks: a test changes the studio in between, without sleeping.
func purchaseHook(before func()) envOption {
	return withDeps(func(d *handlers.Deps) {
		for i := range d.Studios {
			d.Studios[i].Client = purchaseHooked{API: d.Studios[i].Client, before: before}
		}
	})
}

type purchaseHooked struct {
	upstream.API
	before func()
}

func (u purchaseHooked) PurchaseAdditionalModule(ctx context.Context, contractID int64, req apiclient.AdditionalModuleRequest) (*apiclient.PurchaseResult, error) {
	u.before()
	return u.API.PurchaseAdditionalModule(ctx, contractID, req)
}

// sandboxClient is a studio's client straight to the sandbox, playing
// another device or the studio's front desk.
func sandboxClient(t testing.TB, e *env, key string) *apiclient.Client {
	t.Helper()
	c, err := apiclient.NewClient(e.SandboxURL, key)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRefusedPurchaseIsExplainedByAFreshValidate: the towel is booked
// elsewhere between the portal's checks and its purchase; the upstream's
// refusal carries an errorCode the portal does not know (an injected 400),
// so the sentence comes from validating again.
func TestRefusedPurchaseIsExplainedByAFreshValidate(t *testing.T) {
	t.Parallel()
	var e *env
	e = newEnv(t, purchaseHook(func() {
		c := sandboxClient(t, e, sandbox.DemoKey)
		req := apiclient.AdditionalModuleRequest{AdditionalModuleID: sandbox.ModuleTowel, PaymentFrequencyID: sandbox.FrequencyTowelMonthly}
		if _, err := c.PurchaseAdditionalModule(context.Background(), sandbox.ContractNoAddOns, req); err != nil {
			t.Errorf("booking elsewhere: %v", err)
		}
		e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: apiclient.EndpointPurchaseModule.Path(), Status: http.StatusBadRequest})
	}))
	b := modLogin(t, e, "1-1001", 0)
	pg := bkSummary(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
	done := b.submit(t, pg, "form[data-testid=book-form]", nil)
	if got := bkStatus(done); got != "failed" {
		t.Fatalf("booking status %q, want failed: %s", got, done.text("main"))
	}
	if got := done.text("[data-testid=booking-message]"); got != "You already have this add-on." {
		t.Errorf("message %q, want the already-purchased sentence", got)
	}
	if got := e.Sandbox.Calls("demo", string(apiclient.EndpointPurchaseModule)); got != 2 {
		t.Errorf("purchase calls = %d, want 2 (elsewhere, and the portal's once)", got)
	}
	assertNoInternals(t, done)
}

// TestPurchaseWithoutTheWriteScopeIsUnavailable: a key that lost its write
// scope answers 403; the member gets the unavailable page, nothing is
// booked, and the form may be sent again once the scope is back.
func TestPurchaseWithoutTheWriteScopeIsUnavailable(t *testing.T) {
	t.Parallel()
	var e *env
	revoke := true
	e = newEnv(t, purchaseHook(func() {
		if revoke {
			e.Sandbox.RevokeScope("demo", apiclient.ScopeModuleContractWrite)
		}
	}))
	b := modLogin(t, e, "1-1001", 0)
	pg := bkSummary(t, b, sandbox.ModuleTowel, sandbox.FrequencyTowelMonthly, false)
	done := b.submit(t, pg, "form[data-testid=book-form]", nil)
	if done.Status != http.StatusServiceUnavailable || done.text("[data-testid=error] h1") != "Temporarily unavailable" {
		t.Fatalf("status %d, title %q; want 503 Temporarily unavailable", done.Status, done.text("[data-testid=error] h1"))
	}
	assertNoInternals(t, done)
	if ids := bkNewContracts(e); len(ids) != 0 {
		t.Fatalf("booked %v without the scope", ids)
	}
	revoke = false
	e.Sandbox.GrantScope("demo", apiclient.ScopeModuleContractWrite)
	again := b.post(t, pg.Doc.Find("form[data-testid=book-form]").AttrOr("action", ""), bkBookValues(pg))
	if got := bkStatus(again); got != "booked" {
		t.Errorf("the same form once the scope is back: %q, want booked", got)
	}
}

// TestCancelRefusedBecauseTheAddOnChanged: the studio's front desk cancels
// the towel just before the member's cancelation arrives; the upstream
// refuses it (400) and a fresh read shows why.
func TestCancelRefusedBecauseTheAddOnChanged(t *testing.T) {
	t.Parallel()
	var e *env
	var date apiclient.Date
	e = newEnv(t, writeHooks(func() {
		req := apiclient.CancelationRequest{CancelationDate: date, CancelationReasonID: sandbox.ReasonOther}
		c := sandboxClient(t, e, sandbox.DemoKey)
		if _, err := c.CancelAdditionalModuleContract(context.Background(), sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly, req); err != nil {
			t.Errorf("front desk cancelation: %v", err)
		}
	}, nil))
	b := mmLogin(t, e, "demo", "1-1002")
	date = upstreamModuleContract(t, e, "demo", sandbox.ContractWithAddOns, sandbox.ModuleContractTowelYearly).AvailableCancelationDates[0]
	pg := b.post(t, "/demo"+towelPath+"/cancel", url.Values{"cancelationDate": {date.String()}, "cancelationReason": {"1"}})
	if got := pathOf(pg.URL); got != "/demo"+towelPath || pg.Status != http.StatusOK {
		t.Fatalf("ended on %s (%d), want the add-on", got, pg.Status)
	}
	if got := pg.text("[data-testid=flash]"); got != "This add-on changed in the meantime, so your request was not carried out. Here is its current state." {
		t.Errorf("flash %q", got)
	}
	assertWrites(t, e, "demo", 1) // the front desk's
}

// TestWithdrawRefusedForAReasonOnlyTheStudioKnows: a 400 that names no
// field while the add-on still allows the withdrawal; the member reads the
// studio system's own message.
func TestWithdrawRefusedForAReasonOnlyTheStudioKnows(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := mmLogin(t, e, "demo", "1-1002")
	e.Sandbox.SetFault(sandbox.Fault{Method: http.MethodPost, Path: apiclient.EndpointWithdrawCancelation.Path(), Status: http.StatusBadRequest})
	path := "/demo/my-modules/5002"
	pg := b.submit(t, b.get(t, path+"/withdraw"), "form[action$='/withdraw']", nil)
	if got := pathOf(pg.URL); got != path {
		t.Fatalf("ended on %s (%d), want %s", got, pg.Status, path)
	}
	want := "The studio's system did not accept your request, so nothing was changed. It said: “Injected fault: 400”"
	if got := pg.text("[data-testid=flash]"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	assertWrites(t, e, "demo", 0)
}
