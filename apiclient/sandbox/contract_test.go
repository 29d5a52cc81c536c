package sandbox

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// TestOverlappingWritesOnOneAddOnAre409: a cancelation still under way (here
// held by injected latency) makes a second write on the same add-on
// contract a 409, the contract's concurrent modification; a write on
// another add-on, and the same write once the first is over, go through.
func TestOverlappingWritesOnOneAddOnAre409(t *testing.T) {
	a := newSandboxAPI(t)
	towel := moduleContractPath(ContractWithAddOns, ModuleContractTowelYearly, "ordinary-cancelation")
	a.s.SetFault(Fault{Path: towel, Latency: time.Minute, Times: 1})
	ctx, cancel := context.WithCancel(t.Context())
	first := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.ts.URL+towel, strings.NewReader(`{"cancelationDate":"2026-11-29","cancelationReasonId":1}`))
		req.Header.Set("X-API-KEY", DemoKey)
		resp, err := noKeepAlive.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		first <- err
	}()
	for a.s.Calls("demo", string(apiclient.EndpointCancelModuleContract)) == 0 {
		time.Sleep(time.Millisecond) // until the first write has arrived
	}
	r := a.post(DemoKey, moduleContractPath(ContractWithAddOns, ModuleContractTowelYearly, "withdraw-cancelation"), "")
	wantError(t, r, http.StatusConflict, "CONCURRENT_MODIFICATION", "")
	other := a.moduleContract(DemoKey, ContractWithAddOns, ModuleContractSaunaPendingCancelation)
	if other.ContractCancelationStatus != apiclient.CancelationPendingVerification {
		t.Fatalf("5002: %+v", other)
	}
	want200[apiclient.SuccessResponse](t, a.post(DemoKey, moduleContractPath(ContractWithAddOns, ModuleContractSaunaPendingCancelation, "withdraw-cancelation"), ""))
	cancel()
	if err := <-first; err == nil {
		t.Fatal("the held write answered; want the client's cancellation")
	}
	for a.s.writing() { // the server notices the client leaving a moment later
		time.Sleep(time.Millisecond)
	}
	want200[apiclient.SuccessResponse](t, a.cancel(DemoKey, ContractWithAddOns, ModuleContractTowelYearly, date(t, "2026-11-29"), ReasonOther))
	if n := a.s.WriteCount("demo"); n != 2 {
		t.Errorf("writes: got %d, want 2 (the withdrawal on 5002 and the later cancelation)", n)
	}
}

func TestErrorMessageLanguage(t *testing.T) {
	a := newSandboxAPI(t)
	tests := []struct {
		key, acceptLanguage, want string
	}{
		{DemoKey, "", "Customer 999 not found."},
		{DemoKey, "de-DE,de;q=0.9", "Der Kunde 999 wurde nicht gefunden."},
		{DemoKey, "fr", "Customer 999 not found."},
		{BerlinKey, "", "Der Kunde 999 wurde nicht gefunden."},
		{BerlinKey, "en", "Customer 999 not found."},
		{BerlinKey, "fr-FR, en;q=0.5", "Customer 999 not found."},
	}
	for _, tt := range tests {
		r, err := send(t, a.ts, http.MethodGet, "/v1/customers/999", "", "X-API-KEY", tt.key, "Accept-Language", tt.acceptLanguage)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.errorBody(t).ErrorMessage; got != tt.want {
			t.Errorf("%s with Accept-Language %q: %q, want %q", tt.key, tt.acceptLanguage, got, tt.want)
		}
	}
	// A refused purchase explains itself in German on request.
	r, _ := send(t, a.ts, http.MethodPost, modulesPath(ContractWithAddOns, "purchase"),
		`{"additionalModuleId":302,"paymentFrequencyId":3021,"bookTrialPeriod":false}`,
		"X-API-KEY", DemoKey, "Accept-Language", "de", "Content-Type", "application/json")
	if e := r.errorBody(t); r.status != http.StatusBadRequest || !strings.Contains(e.ErrorMessage, "bereits gebucht") {
		t.Errorf("refused purchase: %d %+v", r.status, e)
	}
}

func TestRevokedScopeIs403(t *testing.T) {
	a := newSandboxAPI(t)
	if err := a.s.RevokeScope("demo", apiclient.ScopeStudioRead); err != nil {
		t.Fatal(err)
	}
	wantError(t, a.get(DemoKey, "/v1/studios/information"), http.StatusForbidden, "FORBIDDEN", "")
	want200[apiclient.StudioInformation](t, a.get(DirectKey, "/v1/studios/information"))
	if r := a.do(http.MethodHead, DemoKey, "/v1/studios/information", ""); r.status != http.StatusOK {
		t.Errorf("HEAD with the scope revoked: %d, want 200 (HEAD checks no scope)", r.status)
	}
	// Contracts are granted by either of two scopes.
	a.s.RevokeScope("demo", apiclient.ScopeContractRead)
	want200[[]apiclient.Contract](t, a.get(DemoKey, "/v1/customers/1001/contracts"))
	a.s.RevokeScope("demo", apiclient.ScopeCustomerRead)
	wantError(t, a.get(DemoKey, "/v1/customers/1001/contracts"), http.StatusForbidden, "FORBIDDEN", "")
	if err := a.s.GrantScope("demo", apiclient.ScopeStudioRead); err != nil {
		t.Fatal(err)
	}
	want200[apiclient.StudioInformation](t, a.get(DemoKey, "/v1/studios/information"))
	if err := a.s.RevokeScope("nowhere", apiclient.ScopeStudioRead); err == nil {
		t.Error("RevokeScope on an unknown studio: nil error")
	}
	a.s.Reset()
	want200[apiclient.Customer](t, a.get(DemoKey, "/v1/customers/1001"))

	// The client's probes find exactly the revoked scope.
	a.s.RevokeScope("demo", apiclient.ScopeModuleContractWrite)
	c, err := apiclient.NewClient(a.ts.URL, DemoKey)
	if err != nil {
		t.Fatal(err)
	}
	missing, err := c.CheckScopes(t.Context())
	if err != nil || !slices.Equal(missing, []apiclient.Scope{apiclient.ScopeModuleContractWrite}) {
		t.Errorf("CheckScopes = %v, %v; want [%s]", missing, err, apiclient.ScopeModuleContractWrite)
	}
	if n := a.s.WriteCount("demo"); n != 0 {
		t.Errorf("the probes wrote %d times", n)
	}
}

func TestStudioInformation(t *testing.T) {
	a := newSandboxAPI(t)
	for _, tt := range []struct {
		key, name string
		id        int64
	}{{DemoKey, "Demo Studio", 1}, {DirectKey, "Direct Studio", 2}, {BerlinKey, "Fitnesswerk Berlin-Mitte", 3}} {
		si := want200[apiclient.StudioInformation](t, a.get(tt.key, "/v1/studios/information"))
		if si.Name != tt.name || si.StudioID != tt.id || si.CountryCode != "DE" || len(si.OpeningHours) != 2 ||
			si.OpeningHours[0].DayOfWeekFrom != apiclient.Monday || si.City == "" || si.Email == "" {
			t.Errorf("%s: %+v", tt.key, si)
		}
		if !strings.HasPrefix(si.LogoURL, a.ts.URL+"/images/logo-") {
			t.Errorf("%s: logo %q, want one of the sandbox's images", tt.key, si.LogoURL)
		}
		r, err := send(t, a.ts, http.MethodGet, strings.TrimPrefix(si.LogoURL, a.ts.URL), "")
		if err != nil || r.status != http.StatusOK || r.header.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("%s: logo answered %d %s (%v)", tt.key, r.status, r.header.Get("Content-Type"), err)
		}
	}
}

func TestConfirmActivation(t *testing.T) {
	a := newSandboxAPI(t)
	if a.s.Activated("berlin") {
		t.Fatal("activated before the call")
	}
	if r := a.post(BerlinKey, "/v1/studios/confirmActivation", ""); r.status != http.StatusOK || len(r.body) != 0 {
		t.Errorf("confirmActivation: %d %q, want 200 without a body", r.status, r.body)
	}
	if !a.s.Activated("berlin") || a.s.Activated("demo") {
		t.Error("Activated: want berlin only")
	}
}

func TestBerlinStudioSpeaksGerman(t *testing.T) {
	a := newSandboxAPI(t)
	mods := want200[[]apiclient.AdditionalModule](t, a.get(BerlinKey, "/v1/memberships/self-service/additional-modules"))
	if mods[1].Name != "Handtuch-Flatrate" || mods[0].TrialPeriodConfig.Description != "Sauna 14 Tage kostenlos testen" ||
		mods[0].PaymentFrequencies[0].Price.Minor != 1290 {
		t.Errorf("berlin catalog: %+v", mods[:2])
	}
	reasons := want200[[]apiclient.CancelationReason](t, a.get(BerlinKey, "/v1/memberships/self-service/contract-cancelation-reasons"))
	if reasons[0].CancelationReasonName != "Umzug" {
		t.Errorf("berlin reasons: %+v", reasons)
	}
	for _, m := range DemoMembers {
		cu := want200[apiclient.Customer](t, a.get(BerlinKey, "/v1/customers/by?customerNumber="+m.CustomerNumber))
		if cu.DateOfBirth.String() != m.DateOfBirth || cu.StudioID != 3 || cu.PreferredLanguage.LanguageCode != "de" {
			t.Errorf("berlin %s: %+v", m.CustomerNumber, cu)
		}
	}
	// Amendments wait for the studio, as in demo.
	want200[apiclient.SuccessResponse](t, a.cancel(BerlinKey, ContractWithAddOns, ModuleContractTowelYearly, date(t, "2026-11-29"), ReasonOther))
	got := a.moduleContract(BerlinKey, ContractWithAddOns, ModuleContractTowelYearly)
	if got.ContractCancelationStatus != apiclient.CancelationPendingVerification || got.CancelationReason != "Sonstiges" {
		t.Errorf("berlin cancelation: %+v", got)
	}
}

// TestModulesCarryTheirTerms: the published termInformation.term (initial
// term) and trialPeriodConfig.term (trial length), and the towel
// flat-rate's 4.50 a month for an initial 12 months.
func TestModulesCarryTheirTerms(t *testing.T) {
	a := newSandboxAPI(t)
	mods := want200[[]apiclient.AdditionalModule](t, a.get(DemoKey, "/v1/memberships/self-service/additional-modules"))
	for _, m := range mods {
		if m.TermInformation.Term == nil || m.TermInformation.Term.Value <= 0 {
			t.Errorf("module %d without termInformation.term", m.ID)
		}
		if m.TrialPeriodConfig != nil && (m.TrialPeriodConfig.Term == nil || m.TrialPeriodConfig.Term.Value <= 0) {
			t.Errorf("module %d: trial without its term", m.ID)
		}
	}
	towel := mods[1]
	if f := towel.PaymentFrequencies[0]; f.Price.Minor != 450 || *f.Term != term(1, apiclient.UnitMonth) ||
		*towel.TermInformation.Term != term(12, apiclient.UnitMonth) {
		t.Errorf("towel: %+v, initial term %+v; want 4.50 monthly for 12 months", f, towel.TermInformation.Term)
	}
	if sauna := mods[0]; *sauna.TrialPeriodConfig.Term != term(14, apiclient.UnitDay) {
		t.Errorf("sauna trial: %+v", sauna.TrialPeriodConfig)
	}
}

// TestSubContractsFollowTheCustomersAPI: moduleContracts are SubContracts;
// a running add-on's endDate is the end of its current term, a stepped
// price shows its current step.
func TestSubContractsFollowTheCustomersAPI(t *testing.T) {
	a := newSandboxAPI(t)
	cs := want200[[]apiclient.Contract](t, a.get(DemoKey, "/v1/customers/1003/contracts"))
	subs := cs[0].ModuleContracts
	if len(subs) != 2 {
		t.Fatalf("1-1003's add-ons: %+v", subs)
	}
	sauna, drink := subs[0], subs[1]
	if sauna.ID != ModuleContractSaunaCanceled || !sauna.Cancelled || sauna.CancellationDate != sauna.EndDate ||
		sauna.CancellationReceiptDate != date(t, "2026-03-28") || sauna.PaymentFrequency != apiclient.FrequencyRecurring || sauna.Price != "9.90" {
		t.Errorf("5003: %+v", sauna)
	}
	// The drink flat started 2026-01-31: its 3-month step is not reached yet.
	if drink.PaymentFrequency != apiclient.FrequencyTermBased || *drink.PriceDetails.CurrentPrice != eur(1990) ||
		drink.PriceDetails.PaymentFrequency.ID != FrequencyDrink {
		t.Errorf("5004: %+v", drink)
	}
	a.s.SetToday(date(t, "2026-05-01"))
	cs = want200[[]apiclient.Contract](t, a.get(DemoKey, "/v1/customers/1003/contracts"))
	if d := cs[0].ModuleContracts[1]; *d.PriceDetails.CurrentPrice != eur(2490) || d.Price != "24.90" || *d.PriceDetails.BasePrice != eur(1990) {
		t.Errorf("5004 after its step: %+v", d)
	}
	// 1-1002's yearly towel runs on: endDate is its current term's end.
	cs = want200[[]apiclient.Contract](t, a.get(DemoKey, "/v1/customers/1002/contracts"))
	if towel := cs[0].ModuleContracts[0]; towel.Cancelled || towel.EndDate != date(t, "2026-11-29") || towel.ContractStatus != apiclient.ContractActive {
		t.Errorf("5001: %+v", towel)
	}
}

// writing reports whether an add-on contract write is under way.
func (s *Server) writing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.inflight) > 0
}
