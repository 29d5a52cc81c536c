package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/upstream"
	"github.com/studio-addons/portal/views"
)

// The check sentences and booking outcomes are looked up by keys built at
// run time, which TestCatalogCoversKeysUsed cannot see.
func TestCheckAndBookingKeysInCatalog(t *testing.T) {
	for _, st := range apiclient.ValidationStatuses {
		o, ok := checkOutcomes[st]
		if !ok {
			t.Errorf("no sentence for validation status %s", st)
			continue
		}
		if o.name == "" || o.kind == "" {
			t.Errorf("%s: outcome %+v lacks a name or kind", st, o)
		}
	}
	for _, k := range bookingOutcomeKeys() {
		if !i18n.Has(k) {
			t.Errorf("catalog lacks outcome key %q", k)
		}
	}
}

func TestUnknownValidationStatusIsNeverShownRaw(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), i18n.English)
	r := refusalResult(ctx, testPaths(t), "demo", 301, moduleFormFor(3011, false), outcomeOf("ADDITIONAL_MODULE_SOMETHING_NEW"), "")
	if r.Status != "unknown" || r.Message != i18n.T(ctx, "check.unknown") {
		t.Errorf("unknown status read as %q: %q", r.Status, r.Message)
	}
	if r.ActionURL != "/demo/modules" {
		t.Errorf("way forward = %q, want back to the add-ons", r.ActionURL)
	}
}

func TestRefusalWaysForward(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), i18n.English)
	tests := []struct {
		status        apiclient.ValidationStatus
		trial         bool
		action, retry string
	}{
		{apiclient.ValidationAlreadyPurchased, false, "/demo/my-modules", ""},
		{apiclient.ValidationInvalidStatus, false, "/demo/modules", ""},
		{apiclient.ValidationNotFound, false, "/demo/modules", ""},
		{apiclient.ValidationNotOnlinePurchasable, false, "/demo/modules", ""},
		{apiclient.ValidationTrialNotBookable, true, "", "/demo/modules/301/continue"},
	}
	for _, tt := range tests {
		r := refusalResult(ctx, testPaths(t), "demo", 301, moduleFormFor(3011, tt.trial), outcomeOf(tt.status), "tok")
		if r.ActionURL != tt.action || r.RetryURL != tt.retry {
			t.Errorf("%s trial=%v: action %q retry %q, want %q %q", tt.status, tt.trial, r.ActionURL, r.RetryURL, tt.action, tt.retry)
		}
		if r.Message == "" || r.Message == string(tt.status) || r.Title == "" {
			t.Errorf("%s: title %q, message %q", tt.status, r.Title, r.Message)
		}
	}
}

// TestRefusedNames: the name a refusal carries through a redirect
// (?refused=) reads back as the same refusal; anything else, and
// "purchasable", is no refusal.
func TestRefusedNames(t *testing.T) {
	for _, st := range apiclient.ValidationStatuses {
		o := outcomeOf(st)
		got, ok := outcomeNamed(o.name)
		if st == apiclient.ValidationPurchasable {
			if ok {
				t.Errorf("%q reads as a refusal", o.name)
			}
			continue
		}
		if !ok || got != o {
			t.Errorf("outcomeNamed(%q) = %+v, %v; want %+v", o.name, got, ok, o)
		}
	}
	for _, name := range []string{"", "ADDITIONAL_MODULE_NOT_FOUND", "<script>", "check.notfound"} {
		if _, ok := outcomeNamed(name); ok {
			t.Errorf("outcomeNamed(%q) is a refusal", name)
		}
	}
	if o, ok := outcomeNamed("unknown"); !ok || o != checkUnknown {
		t.Errorf("outcomeNamed(unknown) = %+v, %v", o, ok)
	}
}

func TestParseChoice(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), i18n.English)
	price := apiclient.NewMoney(990, "EUR")
	withTrial := apiclient.AdditionalModule{ID: 301, PaymentFrequencies: []apiclient.PaymentFrequency{{ID: 3011, Type: apiclient.FrequencyRecurring, Price: &price}},
		TrialPeriodConfig: &apiclient.TrialPeriodConfig{Description: "14 days"}}
	noTrial := withTrial
	noTrial.TrialPeriodConfig = nil
	tests := []struct {
		name             string
		mod              apiclient.AdditionalModule
		frequency, trial string
		wantOK           bool
		wantTrial        bool
		wantErrors       []string
	}{
		{"frequency alone", withTrial, "3011", "", true, false, nil},
		{"with trial", withTrial, "3011", "on", true, true, nil},
		{"another module's frequency", withTrial, "3021", "", false, false, []string{"paymentFrequency"}},
		{"not a number", withTrial, "30x1", "", false, false, []string{"paymentFrequency"}},
		{"missing", withTrial, "", "", false, false, []string{"paymentFrequency"}},
		{"oversized", withTrial, "99999999999999999999999", "", false, false, []string{"paymentFrequency"}},
		{"trial on a module without one", noTrial, "3011", "on", false, false, []string{"trial"}},
		{"trial with another value", withTrial, "3011", "yes", false, false, []string{"trial"}},
	}
	for _, tt := range tests {
		form, ok := parseChoice(ctx, tt.mod, tt.frequency, tt.trial, "on")
		if ok != tt.wantOK || form.Trial != tt.wantTrial || len(form.Errors) != len(tt.wantErrors) {
			t.Errorf("%s: ok=%v trial=%v errors=%v; want ok=%v trial=%v errors on %v", tt.name, ok, form.Trial, form.Errors, tt.wantOK, tt.wantTrial, tt.wantErrors)
		}
		for _, f := range tt.wantErrors {
			if form.Errors[f] == "" {
				t.Errorf("%s: no error on %s", tt.name, f)
			}
		}
	}
}

func TestBookedByName(t *testing.T) {
	today := apiclient.NewDate(2026, 11, 21)
	subs := []apiclient.SubContract{
		{ID: 1, RateName: "Sauna", EndDate: apiclient.NewDate(2026, 11, 20)},
		{ID: 2, RateName: " sauna ", EndDate: apiclient.NewDate(2026, 12, 20)}, // the end of its current term: it renews
		{ID: 3, RateName: "Towel flat-rate", EndDate: today},
		{ID: 4, RateName: "Drink flat", EndDate: apiclient.NewDate(2025, 1, 1), Cancelled: true, CancellationDate: apiclient.NewDate(2025, 1, 1)},
		{ID: 5, RateName: "Solarium", Cancelled: true, CancellationDate: apiclient.NewDate(2026, 11, 1)},
		{ID: 6, RateName: "Physio check", Cancelled: true, CancellationDate: apiclient.NewDate(2026, 12, 31), EndDate: apiclient.NewDate(2026, 12, 31)},
		{ID: 7, RateName: "Summer pass"},
	}
	got := bookedByName(subs, today)
	want := map[string]int64{"sauna": 2, "towel flat-rate": 3, "physio check": 6, "summer pass": 7}
	if len(got) != len(want) {
		t.Fatalf("bookedByName = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("bookedByName[%q] = %d, want %d", k, got[k], v)
		}
	}
}

// validatingUpstream answers validate with a fixed status or error.
type validatingUpstream struct {
	upstream.API
	status apiclient.ValidationStatus
	err    error
	calls  int
}

func (u *validatingUpstream) ValidateAdditionalModule(ctx context.Context, contractID int64, req apiclient.AdditionalModuleRequest) (*apiclient.ValidationResult, error) {
	u.calls++
	if u.err != nil {
		return nil, u.err
	}
	return &apiclient.ValidationResult{ValidationStatus: u.status}, nil
}

// TestRefusalKey: a refused purchase is explained by a fresh validate,
// never by the refusal's errorCode; which errors count as refused is
// writeRefused's (outcome_test.go).
func TestRefusalKey(t *testing.T) {
	h := &Handler{log: slog.New(slog.DiscardHandler)}
	tests := []struct {
		up  *validatingUpstream
		key string
	}{
		{&validatingUpstream{status: apiclient.ValidationAlreadyPurchased}, "check.alreadypurchased"},
		{&validatingUpstream{status: apiclient.ValidationTrialNotBookable}, "check.trialnotbookable"},
		{&validatingUpstream{status: "ADDITIONAL_MODULE_SOMETHING_NEW"}, checkUnknown.key},
		{&validatingUpstream{status: apiclient.ValidationPurchasable}, outcomeRefused},
		{&validatingUpstream{err: &apiclient.APIError{StatusCode: http.StatusServiceUnavailable}}, outcomeRefused},
	}
	b := state.Booking{ContractID: 2001, ModuleID: 301, PaymentFrequencyID: 3011}
	for _, tt := range tests {
		fresh := upstream.New("demo", tt.up, upstream.Config{}).For(upstream.Caller{Session: "s"}).Fresh()
		if got := h.refusalKey(context.Background(), fresh, b); got != tt.key || tt.up.calls != 1 {
			t.Errorf("refusalKey with validate %q/%v = %q after %d calls, want %q after 1", tt.up.status, tt.up.err, got, tt.up.calls, tt.key)
		}
	}
}

func moduleFormFor(frequencyID int64, trial bool) views.ModuleForm {
	return views.ModuleForm{FrequencyID: frequencyID, Trial: trial}
}
