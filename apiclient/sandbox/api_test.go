package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// apiToday is a month end, so the seeded dates exercise clamping.
var apiToday = apiclient.NewDate(2026, time.March, 31)

// sandboxAPI is a sandbox with a fixed clock on a loopback port, called
// through its transport with the studios' API keys.
type sandboxAPI struct {
	t  *testing.T
	s  *Server
	ts *httptest.Server
}

func newSandboxAPI(t *testing.T) *sandboxAPI {
	t.Helper()
	s := New(Config{Today: apiToday})
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return &sandboxAPI{t: t, s: s, ts: ts}
}

func (a *sandboxAPI) do(method, key, path, body string) response {
	a.t.Helper()
	r, err := send(a.t, a.ts, method, path, body, "X-API-KEY", key, "Content-Type", "application/json")
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

func (a *sandboxAPI) get(key, path string) response {
	a.t.Helper()
	return a.do(http.MethodGet, key, path, "")
}

// post sends body as is when it is a string, else as JSON.
func (a *sandboxAPI) post(key, path string, body any) response {
	a.t.Helper()
	s, ok := body.(string)
	if !ok {
		b, err := json.Marshal(body)
		if err != nil {
			a.t.Fatal(err)
		}
		s = string(b)
	}
	return a.do(http.MethodPost, key, path, s)
}

func modulesPath(contractID any, action string) string {
	return fmt.Sprintf("/v1/memberships/%v/self-service/additional-modules/%s", contractID, action)
}

func moduleContractPath(contractID, id any, action string) string {
	p := fmt.Sprintf("/v1/memberships/%v/self-service/additional-module-contracts/%v", contractID, id)
	if action != "" {
		p += "/" + action
	}
	return p
}

func want200[T any](t *testing.T, r response) T {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", r.status, r.body)
	}
	return decode[T](t, r)
}

func wantError(t *testing.T, r response, status int, code, reference string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	e := r.errorBody(t)
	if e.ErrorCode != code || e.Reference != reference {
		t.Errorf("error %s/%q, want %s/%q (%s)", e.ErrorCode, e.Reference, code, reference, e.ErrorMessage)
	}
}

func request(moduleID, frequencyID int64, trial bool) apiclient.AdditionalModuleRequest {
	return apiclient.AdditionalModuleRequest{AdditionalModuleID: moduleID, PaymentFrequencyID: frequencyID, BookTrialPeriod: trial}
}

func TestListModules(t *testing.T) {
	a := newSandboxAPI(t)
	got := want200[[]apiclient.AdditionalModule](t, a.get(DemoKey, "/v1/memberships/self-service/additional-modules"))
	var ids []int64
	for _, m := range got {
		ids = append(ids, m.ID)
		if want := a.ts.URL + "/images/"; !strings.HasPrefix(m.ImageURL, want) || !strings.HasSuffix(m.ImageURL, ".svg") {
			t.Errorf("module %d image %q, want under %s", m.ID, m.ImageURL, want)
		}
	}
	if want := []int64{301, 302, 303, 304, 305, 306, 307}; !slices.Equal(ids, want) {
		t.Errorf("ids: got %v, want %v (the solarium included)", ids, want)
	}
	towel, drink, physio := got[1], got[2], got[4]
	if len(towel.PaymentFrequencies) != 2 || towel.PaymentFrequencies[1].Price.Minor != 4500 ||
		*towel.PaymentFrequencies[1].Term != term(12, apiclient.UnitMonth) {
		t.Errorf("towel frequencies: %+v", towel.PaymentFrequencies)
	}
	ext := towel.TermInformation.Extension
	if ext.ExtensionType != apiclient.ExtensionTermExtension || *ext.TermExtension != term(1, apiclient.UnitMonth) ||
		*ext.ExtensionCancelationPeriod != term(1, apiclient.UnitMonth) || *towel.TermInformation.CancelationPeriod != term(1, apiclient.UnitMonth) {
		t.Errorf("towel term information: %+v %+v", ext, towel.TermInformation.CancelationPeriod)
	}
	if drink.TrialPeriodConfig == nil || drink.PaymentFrequencies[0].TermsToPrices[0].Price.Minor != 2490 {
		t.Errorf("drink: trial %+v, frequencies %+v", drink.TrialPeriodConfig, drink.PaymentFrequencies)
	}
	if physio.TrialPeriodConfig != nil || physio.TermInformation.Extension.ExtensionType != apiclient.ExtensionNew ||
		physio.TermInformation.Extension.TermExtension != nil || physio.RateCodes[0].Identifier != "RC-PHYSIO-P" {
		t.Errorf("physio: %+v", physio)
	}
	a.s.SetModuleActive("demo", ModuleSolarium, false)
	if got := want200[[]apiclient.AdditionalModule](t, a.get(DemoKey, "/v1/memberships/self-service/additional-modules")); len(got) != 6 {
		t.Errorf("after deactivating the solarium: %d modules, want 6", len(got))
	}
}

func TestListPurchasable(t *testing.T) {
	a := newSandboxAPI(t)
	tests := []struct {
		contract any
		want     []int64
	}{
		{ContractNoAddOns, []int64{301, 302, 303, 304, 305, 306}},
		{ContractWithAddOns, []int64{303, 304, 305, 306}},
		{ContractCancelled, nil},
		{ContractInactive, nil},
		{ContractManyAddOns, []int64{303, 304}},
	}
	for _, tt := range tests {
		got := want200[[]apiclient.AdditionalModule](t, a.get(DemoKey, modulesPath(tt.contract, "purchasable")))
		var ids []int64
		for _, m := range got {
			ids = append(ids, m.ID)
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("contract %v: got %v, want %v", tt.contract, ids, tt.want)
		}
	}
	wantError(t, a.get(DemoKey, modulesPath(999, "purchasable")), 404, "CONTRACT_NOT_FOUND", "")
	wantError(t, a.get(DemoKey, modulesPath("abc", "purchasable")), 400, "INVALID_PARAMETER", "contractId")
}

func TestValidate(t *testing.T) {
	a := newSandboxAPI(t)
	tests := []struct {
		name     string
		contract int64
		req      apiclient.AdditionalModuleRequest
		want     apiclient.ValidationStatus
	}{
		{"sauna with trial", ContractNoAddOns, request(ModuleSauna, FrequencySaunaMonthly, true), apiclient.ValidationPurchasable},
		{"unknown module", ContractNoAddOns, request(999, 1, false), apiclient.ValidationNotFound},
		{"solarium", ContractNoAddOns, request(ModuleSolarium, FrequencySolarium, false), apiclient.ValidationNotOnlinePurchasable},
		{"solarium on cancelled contract", ContractCancelled, request(ModuleSolarium, FrequencySolarium, false), apiclient.ValidationNotOnlinePurchasable},
		{"cancelled contract", ContractCancelled, request(ModuleSauna, FrequencySaunaMonthly, false), apiclient.ValidationInvalidStatus},
		{"inactive contract", ContractInactive, request(ModuleSauna, FrequencySaunaMonthly, false), apiclient.ValidationInvalidStatus},
		{"towel booked", ContractWithAddOns, request(ModuleTowel, FrequencyTowelYearly, false), apiclient.ValidationAlreadyPurchased},
		{"towel booked, other frequency", ContractWithAddOns, request(ModuleTowel, FrequencyTowelMonthly, false), apiclient.ValidationAlreadyPurchased},
		{"sauna cancelation pending", ContractWithAddOns, request(ModuleSauna, FrequencySaunaMonthly, false), apiclient.ValidationAlreadyPurchased},
		{"sauna canceled to a future date", ContractCanceled, request(ModuleSauna, FrequencySaunaMonthly, false), apiclient.ValidationAlreadyPurchased},
		{"drink trial used before", ContractManyAddOns, request(ModuleDrink, FrequencyDrink, true), apiclient.ValidationTrialNotBookable},
		{"drink without trial", ContractManyAddOns, request(ModuleDrink, FrequencyDrink, false), apiclient.ValidationPurchasable},
		{"personal training again after it ended", ContractManyAddOns, request(ModulePersonalTraining, FrequencyPersonalTraining, false), apiclient.ValidationPurchasable},
		{"towel has no trial", ContractNoAddOns, request(ModuleTowel, FrequencyTowelMonthly, true), apiclient.ValidationTrialNotBookable},
		{"first of two contracts", ContractFirstOfTwo, request(ModuleDrink, FrequencyDrink, true), apiclient.ValidationPurchasable},
	}
	for _, tt := range tests {
		got := want200[apiclient.ValidationResult](t, a.post(DemoKey, modulesPath(tt.contract, "validate"), tt.req))
		if got.ValidationStatus != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got.ValidationStatus, tt.want)
		}
	}
	a.s.SetModuleActive("demo", ModuleSauna, false)
	got := want200[apiclient.ValidationResult](t, a.post(DemoKey, modulesPath(ContractNoAddOns, "validate"), request(ModuleSauna, FrequencySaunaMonthly, false)))
	if got.ValidationStatus != apiclient.ValidationNotFound {
		t.Errorf("deactivated sauna: got %s", got.ValidationStatus)
	}
	if n := a.s.WriteCount("demo"); n != 0 {
		t.Errorf("validate wrote %d times", n)
	}
}

// TestModuleRequestErrors covers the 400s and 404s shared by validate and purchase.
func TestModuleRequestErrors(t *testing.T) {
	a := newSandboxAPI(t)
	tests := []struct {
		name     string
		contract any
		body     string
		status   int
		code     string
		ref      string
	}{
		{"frequency of another module", ContractNoAddOns, `{"additionalModuleId":301,"paymentFrequencyId":3021,"bookTrialPeriod":false}`, 400, "PAYMENT_FREQUENCY_NOT_FOUND", "paymentFrequencyId"},
		{"no module id", ContractNoAddOns, `{"paymentFrequencyId":3011,"bookTrialPeriod":false}`, 400, "FIELD_REQUIRED", "additionalModuleId"},
		{"no frequency", ContractNoAddOns, `{"additionalModuleId":301,"bookTrialPeriod":false}`, 400, "FIELD_REQUIRED", "paymentFrequencyId"},
		{"no trial flag", ContractNoAddOns, `{"additionalModuleId":301,"paymentFrequencyId":3011}`, 400, "FIELD_REQUIRED", "bookTrialPeriod"},
		{"wrong type", ContractNoAddOns, `{"additionalModuleId":"sauna","paymentFrequencyId":3011,"bookTrialPeriod":false}`, 400, "INVALID_REQUEST_BODY", "additionalModuleId"},
		{"not JSON", ContractNoAddOns, `{"additionalModuleId":`, 400, "INVALID_REQUEST_BODY", ""},
		{"unknown contract", 999, `{"additionalModuleId":301,"paymentFrequencyId":3011,"bookTrialPeriod":false}`, 404, "CONTRACT_NOT_FOUND", ""},
		{"non-numeric contract", "x1", `{"additionalModuleId":301,"paymentFrequencyId":3011,"bookTrialPeriod":false}`, 400, "INVALID_PARAMETER", "contractId"},
	}
	for _, tt := range tests {
		for _, action := range []string{"validate", "purchase"} {
			t.Run(tt.name+" "+action, func(t *testing.T) {
				wantError(t, a.post(DemoKey, modulesPath(tt.contract, action), tt.body), tt.status, tt.code, tt.ref)
			})
		}
	}
	if n := a.s.WriteCount("demo"); n != 0 {
		t.Errorf("failed requests wrote %d times", n)
	}
}

func TestPurchase(t *testing.T) {
	a := newSandboxAPI(t)
	rcv, events := newReceiver(t)
	a.s.SetWebhook("demo", WebhookTarget{URL: rcv.URL, Key: "hook-key"})

	got := want200[apiclient.PurchaseResult](t, a.post(DemoKey, modulesPath(ContractNoAddOns, "purchase"), request(ModuleSauna, FrequencySaunaMonthly, true)))
	if got.ID != FirstPurchasedModuleContractID {
		t.Errorf("id: got %d, want %d", got.ID, FirstPurchasedModuleContractID)
	}
	mc := want200[apiclient.AdditionalModuleContract](t, a.get(DemoKey, moduleContractPath(ContractNoAddOns, got.ID, "")))
	wantTrial := apiclient.TrialPeriod{Term: term(14, apiclient.UnitDay), StartDate: apiToday}
	if mc.Name != "Sauna" || mc.Price != eur(990) || mc.StartDate != apiToday || !mc.EndDate.IsZero() ||
		mc.TrialPeriod == nil || *mc.TrialPeriod != wantTrial || mc.RateCodes[0].Identifier != "RC-SAUNA-01" ||
		mc.ContractCancelationCanBeWithdrawn || mc.ContractCancelationStatus != "" {
		t.Errorf("booked sauna: %+v", mc)
	}
	// Started on Mar 31: the first month ends Apr 29, notice two weeks before.
	if want := dates(t, "2026-04-29", "2026-05-30", "2026-06-29", "2026-07-30"); !slices.Equal(mc.AvailableCancelationDates, want) ||
		mc.LastPossibleCancelationDate != date(t, "2026-04-15") {
		t.Errorf("cancelation dates: got %v (last %s), want %v (last 2026-04-15)", mc.AvailableCancelationDates, mc.LastPossibleCancelationDate, want)
	}
	if ids := a.s.ModuleContractIDs("demo", ContractNoAddOns); !slices.Equal(ids, []int64{got.ID}) {
		t.Errorf("module contracts: got %v", ids)
	}
	wantEvents(t, events, apiclient.EventModuleCreated, apiclient.EventContractUpdated)

	wantError(t, a.post(DemoKey, modulesPath(ContractNoAddOns, "purchase"), request(ModuleSauna, FrequencySaunaMonthly, false)),
		400, string(apiclient.ValidationAlreadyPurchased), "")
	wantError(t, a.post(DemoKey, modulesPath(ContractNoAddOns, "purchase"), request(ModuleSolarium, FrequencySolarium, false)),
		400, string(apiclient.ValidationNotOnlinePurchasable), "")
	wantError(t, a.post(DemoKey, modulesPath(ContractNoAddOns, "purchase"), request(999, 1, false)),
		400, string(apiclient.ValidationNotFound), "")
	wantError(t, a.post(DemoKey, modulesPath(ContractCancelled, "purchase"), request(ModuleDrink, FrequencyDrink, false)),
		400, string(apiclient.ValidationInvalidStatus), "")
	wantError(t, a.post(DemoKey, modulesPath(ContractNoAddOns, "purchase"), request(ModuleTowel, FrequencyTowelMonthly, true)),
		400, string(apiclient.ValidationTrialNotBookable), "")
	if n := a.s.WriteCount("demo"); n != 1 {
		t.Errorf("writes: got %d, want 1", n)
	}
}

// wantEvents waits for the deliveries of one write; their order is not
// guaranteed, as each is sent in its own goroutine.
func wantEvents(t *testing.T, events <-chan delivery, want ...string) {
	t.Helper()
	var got []string
	for range want {
		got = append(got, await(t, events).event.Payload[0].Type)
	}
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("events: got %v, want %v", got, want)
	}
}

func TestPurchasedPricePerFrequencyType(t *testing.T) {
	a := newSandboxAPI(t)
	tests := []struct {
		req     apiclient.AdditionalModuleRequest
		price   apiclient.Money
		endDate string
	}{
		{request(ModuleTowel, FrequencyTowelYearly, false), eur(4500), ""},
		{request(ModuleDrink, FrequencyDrink, false), eur(1990), ""},
		{request(ModulePersonalTraining, FrequencyPersonalTraining, false), eur(4900), "2026-04-29"},
		{request(ModulePhysio, FrequencyPhysio, false), eur(0), "2027-03-30"},
		{request(ModuleSummerPass, FrequencySummerPass, false), eur(2900), ""}, // next charge May 1
	}
	for _, tt := range tests {
		got := want200[apiclient.PurchaseResult](t, a.post(DemoKey, modulesPath(ContractNoAddOns, "purchase"), tt.req))
		mc := want200[apiclient.AdditionalModuleContract](t, a.get(DemoKey, moduleContractPath(ContractNoAddOns, got.ID, "")))
		if mc.Price != tt.price || mc.EndDate.String() != tt.endDate || mc.TrialPeriod != nil {
			t.Errorf("module %d: price %s, end %q, trial %v; want %s, %q, none",
				tt.req.AdditionalModuleID, mc.Price, mc.EndDate, mc.TrialPeriod, tt.price, tt.endDate)
		}
	}
}

func TestStudiosAreIsolated(t *testing.T) {
	a := newSandboxAPI(t)
	demo := want200[apiclient.PurchaseResult](t, a.post(DemoKey, modulesPath(ContractNoAddOns, "purchase"), request(ModuleSauna, FrequencySaunaMonthly, false)))
	wantError(t, a.get(DirectKey, moduleContractPath(ContractNoAddOns, demo.ID, "")), 404, "ADDITIONAL_MODULE_CONTRACT_NOT_FOUND", "")
	direct := want200[apiclient.PurchaseResult](t, a.post(DirectKey, modulesPath(ContractNoAddOns, "purchase"), request(ModuleSauna, FrequencySaunaMonthly, false)))
	if direct.ID == demo.ID {
		t.Errorf("both studios handed out id %d", demo.ID)
	}
	if a.s.WriteCount("demo") != 1 || a.s.WriteCount("direct") != 1 {
		t.Errorf("writes: demo %d, direct %d; want 1 each", a.s.WriteCount("demo"), a.s.WriteCount("direct"))
	}
	a.s.SetModuleActive("direct", ModuleTowel, false)
	got := want200[apiclient.ValidationResult](t, a.post(DemoKey, modulesPath(ContractNoAddOns, "validate"), request(ModuleTowel, FrequencyTowelMonthly, false)))
	if got.ValidationStatus != apiclient.ValidationPurchasable {
		t.Errorf("towel deactivated in direct, in demo: got %s", got.ValidationStatus)
	}
}

func TestConcurrentPurchasesBookOnce(t *testing.T) {
	a := newSandboxAPI(t)
	const n = 40
	var wg sync.WaitGroup
	statuses := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = a.post(DemoKey, modulesPath(ContractNoAddOns, "purchase"), request(ModuleDrink, FrequencyDrink, true)).status
		}()
	}
	wg.Wait()
	ok := 0
	for _, s := range statuses {
		switch s {
		case http.StatusOK:
			ok++
		case http.StatusBadRequest: // refused: already purchased
		default:
			t.Errorf("status %d", s)
		}
	}
	if ids := a.s.ModuleContractIDs("demo", ContractNoAddOns); ok != 1 || len(ids) != 1 {
		t.Errorf("%d purchases succeeded, %d module contracts; want 1 and 1", ok, len(ids))
	}
	if n := a.s.WriteCount("demo"); n != 1 {
		t.Errorf("writes: got %d, want 1", n)
	}
}

// cancel posts an ordinary cancelation.
func (a *sandboxAPI) cancel(key string, contractID, id int64, date apiclient.Date, reasonID int64) response {
	a.t.Helper()
	return a.post(key, moduleContractPath(contractID, id, "ordinary-cancelation"),
		apiclient.CancelationRequest{CancelationDate: date, CancelationReasonID: reasonID})
}

func (a *sandboxAPI) moduleContract(key string, contractID, id int64) apiclient.AdditionalModuleContract {
	a.t.Helper()
	return want200[apiclient.AdditionalModuleContract](a.t, a.get(key, moduleContractPath(contractID, id, "")))
}

func TestCancelAndWithdrawWithAmendments(t *testing.T) {
	a := newSandboxAPI(t)
	rcv, events := newReceiver(t)
	a.s.SetWebhook("demo", WebhookTarget{URL: rcv.URL, Key: "hook-key"})
	// Towel: booked 2025-11-30 for 12 months, then monthly; ends clamp to month ends.
	before := a.moduleContract(DemoKey, ContractWithAddOns, ModuleContractTowelYearly)
	if want := dates(t, "2026-11-29", "2026-12-29", "2027-01-29", "2027-02-27"); !slices.Equal(before.AvailableCancelationDates, want) ||
		before.LastPossibleCancelationDate != date(t, "2026-10-29") {
		t.Fatalf("towel cancelation dates: got %v (last %s), want %v (last 2026-10-29)",
			before.AvailableCancelationDates, before.LastPossibleCancelationDate, want)
	}
	to := before.AvailableCancelationDates[1]
	if r := want200[apiclient.SuccessResponse](t, a.cancel(DemoKey, ContractWithAddOns, ModuleContractTowelYearly, to, ReasonTooExpensive)); r.Success == "" {
		t.Error("no success message")
	}
	wantEvents(t, events, apiclient.EventModuleCancelled, apiclient.EventContractUpdated)
	got := a.moduleContract(DemoKey, ContractWithAddOns, ModuleContractTowelYearly)
	if got.ContractCancelationStatus != apiclient.CancelationPendingVerification || got.CancelationDate != to ||
		got.CancelationReason != "Too expensive" || !got.ContractCancelationCanBeWithdrawn || !got.EndDate.IsZero() ||
		got.AvailableCancelationDates != nil || !got.LastPossibleCancelationDate.IsZero() {
		t.Errorf("after cancelation: %+v", got)
	}
	wantError(t, a.cancel(DemoKey, ContractWithAddOns, ModuleContractTowelYearly, to, ReasonTooExpensive),
		400, "ADDITIONAL_MODULE_CONTRACT_ALREADY_CANCELED", "")

	want200[apiclient.SuccessResponse](t, a.post(DemoKey, moduleContractPath(ContractWithAddOns, ModuleContractTowelYearly, "withdraw-cancelation"), ""))
	wantEvents(t, events, apiclient.EventModuleUpdated, apiclient.EventContractUpdated)
	got = a.moduleContract(DemoKey, ContractWithAddOns, ModuleContractTowelYearly)
	if got.ContractCancelationStatus != apiclient.CancelationPendingWithdrawalVerification || got.ContractCancelationCanBeWithdrawn {
		t.Errorf("after withdrawal: %+v", got)
	}
	wantError(t, a.post(DemoKey, moduleContractPath(ContractWithAddOns, ModuleContractTowelYearly, "withdraw-cancelation"), ""),
		400, "ADDITIONAL_MODULE_CONTRACT_CANCELATION_NOT_WITHDRAWABLE", "")

	if err := a.s.VerifyAmendment("demo", ModuleContractTowelYearly); err != nil {
		t.Fatal(err)
	}
	wantEvents(t, events, apiclient.EventModuleUpdated, apiclient.EventContractUpdated)
	if got := a.moduleContract(DemoKey, ContractWithAddOns, ModuleContractTowelYearly); !equalJSON(t, got, before) {
		t.Errorf("after verified withdrawal: got %+v, want %+v", got, before)
	}
	if n := a.s.WriteCount("demo"); n != 3 {
		t.Errorf("writes: got %d, want 3", n)
	}
}

func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return string(x) == string(y)
}

func TestWithdrawVerifiedCancelationInAmendmentStudio(t *testing.T) {
	a := newSandboxAPI(t)
	before := a.moduleContract(DemoKey, ContractCanceled, ModuleContractSaunaCanceled)
	if before.ContractCancelationStatus != apiclient.CancelationCanceled || !before.ContractCancelationCanBeWithdrawn ||
		before.EndDate != before.CancelationDate || !before.CancelationDate.After(apiToday) || before.CancelationReason != "Moving away" {
		t.Fatalf("seeded 5003: %+v", before)
	}
	want200[apiclient.SuccessResponse](t, a.post(DemoKey, moduleContractPath(ContractCanceled, ModuleContractSaunaCanceled, "withdraw-cancelation"), ""))
	// The cancelation stays in effect until the studio verifies the withdrawal.
	got := a.moduleContract(DemoKey, ContractCanceled, ModuleContractSaunaCanceled)
	if got.ContractCancelationStatus != apiclient.CancelationPendingWithdrawalVerification || got.EndDate != before.EndDate {
		t.Errorf("withdrawal pending: %+v", got)
	}
	if err := a.s.VerifyAmendment("demo", ModuleContractSaunaCanceled); err != nil {
		t.Fatal(err)
	}
	got = a.moduleContract(DemoKey, ContractCanceled, ModuleContractSaunaCanceled)
	if got.ContractCancelationStatus != "" || !got.EndDate.IsZero() || !got.CancelationDate.IsZero() || len(got.AvailableCancelationDates) == 0 {
		t.Errorf("withdrawal verified: %+v", got)
	}
}

func TestSeededAmendments(t *testing.T) {
	a := newSandboxAPI(t)
	sauna := a.moduleContract(DemoKey, ContractWithAddOns, ModuleContractSaunaPendingCancelation)
	if sauna.ContractCancelationStatus != apiclient.CancelationPendingVerification || !sauna.ContractCancelationCanBeWithdrawn ||
		sauna.TrialPeriod == nil || sauna.TrialPeriod.StartDate != sauna.StartDate || !sauna.EndDate.IsZero() {
		t.Errorf("5002: %+v", sauna)
	}
	drink := a.moduleContract(DemoKey, ContractCanceled, ModuleContractDrinkPendingWithdrawal)
	if drink.ContractCancelationStatus != apiclient.CancelationPendingWithdrawalVerification || drink.ContractCancelationCanBeWithdrawn {
		t.Errorf("5004: %+v", drink)
	}
}

func TestDirectCancelAndWithdraw(t *testing.T) {
	a := newSandboxAPI(t)
	bought := want200[apiclient.PurchaseResult](t, a.post(DirectKey, modulesPath(ContractNoAddOns, "purchase"),
		request(ModulePersonalTraining, FrequencyPersonalTraining, false)))
	before := a.moduleContract(DirectKey, ContractNoAddOns, bought.ID)
	if want := dates(t, "2026-04-29"); !slices.Equal(before.AvailableCancelationDates, want) {
		t.Fatalf("NEW module dates: got %v, want %v", before.AvailableCancelationDates, want)
	}
	want200[apiclient.SuccessResponse](t, a.cancel(DirectKey, ContractNoAddOns, bought.ID, date(t, "2026-04-29"), ReasonIllness))
	got := a.moduleContract(DirectKey, ContractNoAddOns, bought.ID)
	if got.ContractCancelationStatus != apiclient.CancelationCanceled || got.EndDate != date(t, "2026-04-29") ||
		!got.ContractCancelationCanBeWithdrawn || got.CancelationReason != "Illness" {
		t.Errorf("canceled: %+v", got)
	}
	want200[apiclient.SuccessResponse](t, a.post(DirectKey, moduleContractPath(ContractNoAddOns, bought.ID, "withdraw-cancelation"), ""))
	if got := a.moduleContract(DirectKey, ContractNoAddOns, bought.ID); !equalJSON(t, got, before) {
		t.Errorf("withdrawn: got %+v, want %+v (end date back to the term's)", got, before)
	}
	if n := a.s.WriteCount("direct"); n != 3 {
		t.Errorf("writes: got %d, want 3", n)
	}
}

func TestDirectCancelationCannotBeWithdrawnOnceDue(t *testing.T) {
	a := newSandboxAPI(t)
	to := a.moduleContract(DirectKey, ContractWithAddOns, ModuleContractTowelYearly).AvailableCancelationDates[0]
	want200[apiclient.SuccessResponse](t, a.cancel(DirectKey, ContractWithAddOns, ModuleContractTowelYearly, to, ReasonOther))
	a.s.SetToday(to)
	if got := a.moduleContract(DirectKey, ContractWithAddOns, ModuleContractTowelYearly); got.ContractCancelationCanBeWithdrawn {
		t.Errorf("on the cancelation date: %+v", got)
	}
	wantError(t, a.post(DirectKey, moduleContractPath(ContractWithAddOns, ModuleContractTowelYearly, "withdraw-cancelation"), ""),
		400, "ADDITIONAL_MODULE_CONTRACT_CANCELATION_NOT_WITHDRAWABLE", "")
	a.s.SetToday(to.AddDays(1))
	got := want200[apiclient.ValidationResult](t, a.post(DirectKey, modulesPath(ContractWithAddOns, "validate"), request(ModuleTowel, FrequencyTowelMonthly, false)))
	if got.ValidationStatus != apiclient.ValidationPurchasable {
		t.Errorf("towel after it ended: got %s", got.ValidationStatus)
	}
}

func TestCancelationErrors(t *testing.T) {
	a := newSandboxAPI(t)
	towel := moduleContractPath(ContractWithAddOns, ModuleContractTowelYearly, "ordinary-cancelation")
	first := a.moduleContract(DemoKey, ContractWithAddOns, ModuleContractTowelYearly).AvailableCancelationDates[0]
	tests := []struct {
		name, path, body string
		status           int
		code, ref        string
	}{
		{"date not offered", towel, `{"cancelationDate":"2026-11-30","cancelationReasonId":1}`, 400, "CANCELATION_DATE_NOT_AVAILABLE", "cancelationDate"},
		{"impossible date", towel, `{"cancelationDate":"2026-02-30","cancelationReasonId":1}`, 400, "INVALID_DATE", "cancelationDate"},
		{"date of wrong type", towel, `{"cancelationDate":20261129,"cancelationReasonId":1}`, 400, "INVALID_REQUEST_BODY", "cancelationDate"},
		{"unknown reason", towel, `{"cancelationDate":"` + first.String() + `","cancelationReasonId":99}`, 400, "CANCELATION_REASON_NOT_FOUND", "cancelationReasonId"},
		{"no date", towel, `{"cancelationReasonId":1}`, 400, "FIELD_REQUIRED", "cancelationDate"},
		{"no reason", towel, `{"cancelationDate":"` + first.String() + `"}`, 400, "FIELD_REQUIRED", "cancelationReasonId"},
		{"not JSON", towel, `cancel please`, 400, "INVALID_REQUEST_BODY", ""},
		{"other member's contract", moduleContractPath(ContractNoAddOns, ModuleContractTowelYearly, "ordinary-cancelation"),
			`{"cancelationDate":"` + first.String() + `","cancelationReasonId":1}`, 404, "ADDITIONAL_MODULE_CONTRACT_NOT_FOUND", ""},
		{"unknown main contract", moduleContractPath(999, ModuleContractTowelYearly, "ordinary-cancelation"),
			`{"cancelationDate":"` + first.String() + `","cancelationReasonId":1}`, 404, "CONTRACT_NOT_FOUND", ""},
		{"non-numeric id", moduleContractPath(ContractWithAddOns, "towel", "ordinary-cancelation"), `{}`, 400, "INVALID_PARAMETER", "additionalModuleContractId"},
		{"non-numeric contract", moduleContractPath("c", ModuleContractTowelYearly, "ordinary-cancelation"), `{}`, 400, "INVALID_PARAMETER", "contractId"},
		{"ended long ago", moduleContractPath(ContractManyAddOns, 5112, "ordinary-cancelation"),
			`{"cancelationDate":"` + first.String() + `","cancelationReasonId":1}`, 400, "ADDITIONAL_MODULE_CONTRACT_ENDED", ""},
		{"canceled and ended", moduleContractPath(ContractInactive, ModuleContractSaunaEnded, "ordinary-cancelation"),
			`{"cancelationDate":"` + first.String() + `","cancelationReasonId":1}`, 400, "ADDITIONAL_MODULE_CONTRACT_ALREADY_CANCELED", ""},
		{"withdraw without cancelation", moduleContractPath(ContractWithAddOns, ModuleContractTowelYearly, "withdraw-cancelation"), ``,
			400, "ADDITIONAL_MODULE_CONTRACT_CANCELATION_NOT_WITHDRAWABLE", ""},
		{"withdraw unknown", moduleContractPath(ContractWithAddOns, 4242, "withdraw-cancelation"), ``, 404, "ADDITIONAL_MODULE_CONTRACT_NOT_FOUND", ""},
		{"withdraw non-numeric", moduleContractPath(ContractWithAddOns, "x", "withdraw-cancelation"), ``, 400, "INVALID_PARAMETER", "additionalModuleContractId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, a.post(DemoKey, tt.path, tt.body), tt.status, tt.code, tt.ref)
		})
	}
	wantError(t, a.get(DemoKey, moduleContractPath(ContractWithAddOns, "x", "")), 400, "INVALID_PARAMETER", "additionalModuleContractId")
	wantError(t, a.get(DemoKey, moduleContractPath(ContractNoAddOns, ModuleContractTowelYearly, "")), 404, "ADDITIONAL_MODULE_CONTRACT_NOT_FOUND", "")
	if n := a.s.WriteCount("demo"); n != 0 {
		t.Errorf("failed requests wrote %d times", n)
	}
}

func TestCancelationReasons(t *testing.T) {
	a := newSandboxAPI(t)
	got := want200[[]apiclient.CancelationReason](t, a.get(DemoKey, "/v1/memberships/self-service/contract-cancelation-reasons"))
	if len(got) != 5 || got[0] != (apiclient.CancelationReason{CancelationReasonID: 1, CancelationReasonName: "Moving away"}) ||
		got[4].CancelationReasonName != "Other" {
		t.Errorf("reasons: %+v", got)
	}
}

func TestCustomerBy(t *testing.T) {
	a := newSandboxAPI(t)
	for _, q := range []string{"customerNumber=1-1001", "cardNumber=CARD-1001", "barcode=4000001001", "pin=1001",
		"qrCodeUuid=00000000-0000-4000-8000-000000001001", "debtorId=D-1001"} {
		got := want200[apiclient.Customer](t, a.get(DirectKey, "/v1/customers/by?"+q))
		if got.ID != CustomerNoAddOns || got.FirstName != "Anna" || got.DateOfBirth != date(t, "1990-01-15") ||
			got.Status != apiclient.CustomerMember || got.StudioID != 2 || got.PreferredLanguage != nil {
			t.Errorf("%s: %+v", q, got)
		}
	}
	wantError(t, a.get(DemoKey, "/v1/customers/by?customerNumber=1-9999"), 404, "CUSTOMER_NOT_FOUND", "")
	wantError(t, a.get(DemoKey, "/v1/customers/by"), 400, "INVALID_PARAMETER", "customerNumber")
	wantError(t, a.get(DemoKey, "/v1/customers/by?foo=1"), 400, "INVALID_PARAMETER", "customerNumber")
	wantError(t, a.get(DemoKey, "/v1/customers/by?customerNumber=1-1001&pin=1001"), 400, "INVALID_PARAMETER", "customerNumber,pin")
	wantError(t, a.get(DemoKey, "/v1/customers/by?pin="), 400, "INVALID_PARAMETER", "pin")
}

func TestGetCustomer(t *testing.T) {
	a := newSandboxAPI(t)
	got := want200[apiclient.Customer](t, a.get(DemoKey, "/v1/customers/1007"))
	if got.CustomerNumber != "1-1007" || got.Status != apiclient.CustomerProspect || got.Email != "greta.hoffmann@example.com" {
		t.Errorf("1007: %+v", got)
	}
	de := want200[apiclient.Customer](t, a.get(DemoKey, "/v1/customers/1008"))
	if de.FirstName != "Hanna" || de.PreferredLanguage == nil || de.PreferredLanguage.LanguageCode != "de" || de.PreferredLanguage.CountryCode != "DE" {
		t.Errorf("1008: %+v", de)
	}
	wantError(t, a.get(DemoKey, "/v1/customers/999"), 404, "CUSTOMER_NOT_FOUND", "")
	wantError(t, a.get(DemoKey, "/v1/customers/anna"), 400, "INVALID_PARAMETER", "customerId")
}

func TestListContracts(t *testing.T) {
	a := newSandboxAPI(t)
	ids := func(customer int64, query string) []int64 {
		t.Helper()
		var out []int64
		for _, c := range want200[[]apiclient.Contract](t, a.get(DemoKey, fmt.Sprintf("/v1/customers/%d/contracts%s", customer, query))) {
			out = append(out, c.ID)
		}
		return out
	}
	tests := []struct {
		customer int64
		query    string
		want     []int64
	}{
		{CustomerTwoContracts, "?status=ACTIVE", []int64{2004, 2005}},
		{CustomerTwoContracts, "?status=INACTIVE", nil},
		{CustomerInactive, "?status=ACTIVE", nil},
		{CustomerInactive, "?status=INACTIVE", []int64{2006}},
		{CustomerInactive, "", []int64{2006}},
		{CustomerProspect, "", nil},
	}
	for _, tt := range tests {
		if got := ids(tt.customer, tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("%d%s: got %v, want %v", tt.customer, tt.query, got, tt.want)
		}
	}
	if r := a.get(DemoKey, "/v1/customers/1007/contracts"); strings.TrimSpace(string(r.body)) != "[]" {
		t.Errorf("no contracts: body %s, want []", r.body)
	}
	two := want200[[]apiclient.Contract](t, a.get(DemoKey, "/v1/customers/1004/contracts?status=ACTIVE"))
	if c := two[1]; c.RateName != "Student Flex" || !c.Cancelled || c.CancellationDate != date(t, "2026-05-31") || c.EndDate != c.CancellationDate {
		t.Errorf("cancelled contract: %+v", c)
	}
	if c := two[0]; c.Cancelled || c.RateName != "Premium 24" || c.StartDate != date(t, "2023-09-30") ||
		*c.PriceDetails.CurrentPrice != eur(3990) || c.Price != "39.90" {
		t.Errorf("first contract: %+v", c)
	}
	// Premium 24 started 2023-09-30: 24 months, then monthly; one month's
	// notice. The current term ends Apr 29, too late to give notice for:
	// the earliest end is May 29, notice by Apr 29.
	if c := two[0]; c.EndDate != date(t, "2026-04-29") || c.LastPossibleCancellationDate != date(t, "2026-04-29") ||
		c.Term != (apiclient.Period{PeriodValue: 24, PeriodUnit: apiclient.UnitMonth}) || c.CreatedDate != date(t, "2023-09-16") {
		t.Errorf("first contract's terms: end %s, last cancellation %s, term %+v, created %s", c.EndDate, c.LastPossibleCancellationDate, c.Term, c.CreatedDate)
	}
	ended := want200[[]apiclient.Contract](t, a.get(DemoKey, "/v1/customers/1005/contracts"))
	if c := ended[0]; c.ContractStatus != apiclient.ContractInactive || len(c.ModuleContracts) != 1 || c.ModuleContracts[0].ID != ModuleContractSaunaEnded ||
		c.ModuleContracts[0].ContractStatus != apiclient.ContractInactive || !c.ModuleContracts[0].Cancelled || c.ModuleContracts[0].RateName != "Sauna" {
		t.Errorf("ended contract: %+v", c)
	}
	wantError(t, a.get(DemoKey, "/v1/customers/1004/contracts?status=active"), 400, "INVALID_PARAMETER", "status")
	wantError(t, a.get(DemoKey, "/v1/customers/999/contracts"), 404, "CUSTOMER_NOT_FOUND", "")
	wantError(t, a.get(DemoKey, "/v1/customers/x/contracts"), 400, "INVALID_PARAMETER", "customerId")

	// The cancelled contract ends with the clock.
	a.s.SetToday(date(t, "2026-06-01"))
	if got := ids(CustomerTwoContracts, "?status=ACTIVE"); !slices.Equal(got, []int64{2004}) {
		t.Errorf("after 2005 ended: got %v", got)
	}
}

func TestContractData(t *testing.T) {
	a := newSandboxAPI(t)
	ids := func(customer int64) []int64 {
		t.Helper()
		var out []int64
		for _, c := range want200[[]apiclient.ContractData](t, a.get(DemoKey, fmt.Sprintf("/v1/memberships/%d/self-service/contract-data", customer))) {
			out = append(out, c.ID)
		}
		return out
	}
	tests := []struct {
		customer int64
		want     []int64
	}{
		{CustomerNoAddOns, []int64{ContractNoAddOns}},
		{CustomerTwoContracts, []int64{ContractFirstOfTwo, ContractCancelled}},
		{CustomerInactive, []int64{ContractInactive}},
		{CustomerProspect, nil},
	}
	for _, tt := range tests {
		if got := ids(tt.customer); !slices.Equal(got, tt.want) {
			t.Errorf("customer %d: got %v, want %v", tt.customer, got, tt.want)
		}
	}
	if r := a.get(DemoKey, "/v1/memberships/1007/self-service/contract-data"); strings.TrimSpace(string(r.body)) != "[]" {
		t.Errorf("a prospect's contract data: %s, want []", r.body)
	}
	wantError(t, a.get(DemoKey, "/v1/memberships/999/self-service/contract-data"), 404, "CUSTOMER_NOT_FOUND", "")
	wantError(t, a.get(DemoKey, "/v1/memberships/x/self-service/contract-data"), 400, "INVALID_PARAMETER", "customerId")

	two := want200[[]apiclient.ContractData](t, a.get(DemoKey, "/v1/memberships/1004/self-service/contract-data"))
	if c := two[1]; c.CancelationStatus != apiclient.CancelationCanceled || c.CancelationDate != date(t, "2026-05-31") ||
		c.CancelationOrigin != apiclient.OriginCustomer || c.AvailableCancelationDates != nil {
		t.Errorf("cancelled contract data: %+v", c)
	}
	if c := two[0]; c.CancelationStatus != "" || len(c.AvailableCancelationDates) != 4 || c.AvailableCancelationDates[0] != date(t, "2026-05-29") {
		t.Errorf("running contract data: %+v", c)
	}
}

func TestHandlersWithoutTransportAnswer401(t *testing.T) {
	s := New(Config{Today: apiToday})
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/memberships/self-service/additional-modules", nil))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("status %d, want 401", rec.Code)
	}
}
