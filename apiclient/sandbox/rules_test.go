package sandbox

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

func date(t *testing.T, s string) apiclient.Date {
	t.Helper()
	d, err := apiclient.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func dates(t *testing.T, ss ...string) []apiclient.Date {
	t.Helper()
	var out []apiclient.Date
	for _, s := range ss {
		out = append(out, date(t, s))
	}
	return out
}

var (
	monthly    = extending(term(1, apiclient.UnitMonth), term(1, apiclient.UnitMonth), term(2, apiclient.UnitWeek), term(2, apiclient.UnitWeek))
	yearlyThen = extending(term(12, apiclient.UnitMonth), term(1, apiclient.UnitMonth), term(1, apiclient.UnitMonth), term(1, apiclient.UnitMonth))
	drinkTerms = extending(term(6, apiclient.UnitMonth), term(1, apiclient.UnitMonth), term(4, apiclient.UnitWeek), term(2, apiclient.UnitWeek))
	oneOff     = ending(term(1, apiclient.UnitMonth), term(1, apiclient.UnitWeek))
)

func TestTermEndsCountFromTheStartSoMonthEndsDoNotDrift(t *testing.T) {
	tests := []struct {
		name  string
		rules termRules
		start string
		want  []string // term ends k = 0, 1, 2, ...
	}{
		{"month end start", monthly, "2025-01-31", []string{"2025-02-27", "2025-03-30", "2025-04-29", "2025-05-30"}},
		{"leap year", monthly, "2024-01-31", []string{"2024-02-28", "2024-03-30", "2024-04-29"}},
		{"first of month", monthly, "2025-03-01", []string{"2025-03-31", "2025-04-30", "2025-05-31"}},
		{"year then months", yearlyThen, "2024-03-01", []string{"2025-02-28", "2025-03-31", "2025-04-30"}},
		{"days then weeks", extending(term(14, apiclient.UnitDay), term(1, apiclient.UnitWeek), apiclient.Term{}, apiclient.Term{}),
			"2025-01-01", []string{"2025-01-14", "2025-01-21", "2025-01-28"}},
		{"years", extending(term(1, apiclient.UnitYear), term(1, apiclient.UnitYear), apiclient.Term{}, apiclient.Term{}),
			"2024-02-29", []string{"2025-02-27", "2026-02-27", "2027-02-27", "2028-02-28"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, want := range tt.want {
				if got := tt.rules.termEnd(date(t, tt.start), k); got != date(t, want) {
					t.Errorf("term %d: got %s, want %s", k, got, want)
				}
			}
		})
	}
}

func TestCancelationDates(t *testing.T) {
	tests := []struct {
		name        string
		rules       termRules
		start       string
		today       string
		wantDates   []string
		wantLastDay string
	}{
		{"deadline today still counts", monthly, "2025-01-31", "2025-02-13",
			[]string{"2025-02-27", "2025-03-30", "2025-04-29", "2025-05-30"}, "2025-02-13"},
		{"missed deadline moves to the next term", monthly, "2025-01-31", "2025-02-14",
			[]string{"2025-03-30", "2025-04-29", "2025-05-30", "2025-06-29"}, "2025-03-16"},
		{"notice period clamps at month end", yearlyThen, "2024-04-01", "2025-02-28",
			[]string{"2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30"}, "2025-02-28"},
		{"extension has its own notice period", drinkTerms, "2025-01-01", "2025-06-03",
			[]string{"2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31"}, "2025-07-17"},
		{"initial term notice", drinkTerms, "2025-01-01", "2025-06-02",
			[]string{"2025-06-30", "2025-07-31", "2025-08-31", "2025-09-30"}, "2025-06-02"},
		{"years old contract", monthly, "2015-05-10", "2025-05-01",
			[]string{"2025-06-09", "2025-07-09", "2025-08-09", "2025-09-09"}, "2025-05-26"},
		{"NEW: only the end of its term", oneOff, "2025-01-10", "2025-01-20", []string{"2025-02-09"}, "2025-02-02"},
		{"NEW: past the deadline", oneOff, "2025-01-10", "2025-02-03", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mc := &moduleContract{start: date(t, tt.start), terms: tt.rules}
			if tt.rules.extension == apiclient.ExtensionNew {
				mc.plannedEnd = tt.rules.termEnd(mc.start, 0)
				mc.end = mc.plannedEnd
			}
			got, last := mc.cancelationDates(date(t, tt.today))
			if want := dates(t, tt.wantDates...); !slices.Equal(got, want) {
				t.Errorf("dates: got %v, want %v", got, want)
			}
			if last.String() != tt.wantLastDay {
				t.Errorf("last possible cancelation date: got %q, want %q", last, tt.wantLastDay)
			}
		})
	}
}

func TestNoCancelationDatesOnceEndedOrCanceled(t *testing.T) {
	today := date(t, "2025-06-01")
	for _, mc := range []*moduleContract{
		{start: date(t, "2025-01-01"), terms: monthly, end: date(t, "2025-05-31")},
		{start: date(t, "2025-01-01"), terms: monthly, status: apiclient.CancelationPendingVerification},
		{start: date(t, "2025-01-01"), terms: monthly, status: apiclient.CancelationCanceled, end: date(t, "2025-06-30")},
		{start: date(t, "2025-01-01"), terms: monthly, status: apiclient.CancelationPendingWithdrawalVerification},
	} {
		if got, last := mc.cancelationDates(today); got != nil || !last.IsZero() {
			t.Errorf("status %q end %s: got %v, %s; want none", mc.status, mc.end, got, last)
		}
	}
}

func TestCanWithdraw(t *testing.T) {
	today := date(t, "2025-06-01")
	tests := []struct {
		status     apiclient.CancelationStatus
		cancelDate string
		want       bool
	}{
		{"", "", false},
		{apiclient.CancelationPendingVerification, "2025-05-31", true},
		{apiclient.CancelationCanceled, "2025-06-02", true},
		{apiclient.CancelationCanceled, "2025-06-01", false},
		{apiclient.CancelationPendingWithdrawalVerification, "2025-07-01", false},
	}
	for _, tt := range tests {
		mc := &moduleContract{status: tt.status}
		if tt.cancelDate != "" {
			mc.cancelDate = date(t, tt.cancelDate)
		}
		if got := mc.canWithdraw(today); got != tt.want {
			t.Errorf("%q to %s: got %v, want %v", tt.status, tt.cancelDate, got, tt.want)
		}
	}
}

func TestChargedPrice(t *testing.T) {
	catalog := seedCatalog("en", nil)
	freq := func(id int64) apiclient.PaymentFrequency {
		for _, m := range catalog {
			if f, ok := m.frequency(id); ok {
				return f
			}
		}
		t.Fatalf("no frequency %d", id)
		return apiclient.PaymentFrequency{}
	}
	baseless := apiclient.PaymentFrequency{Type: apiclient.FrequencyTermBased,
		TermsToPrices: []apiclient.TermPrice{{Term: term(3, apiclient.UnitMonth), Price: eur(2490)}}}
	tests := []struct {
		name string
		f    apiclient.PaymentFrequency
		day  string
		want apiclient.Money
	}{
		{"FREE", freq(FrequencyPhysio), "2025-01-01", eur(0)},
		{"NON_RECURRING", freq(FrequencyPersonalTraining), "2025-01-01", eur(4900)},
		{"RECURRING", freq(FrequencyTowelYearly), "2025-01-01", eur(4500)},
		{"TERM_BASED: price before the first step", freq(FrequencyDrink), "2025-01-01", eur(1990)},
		{"TERM_BASED without base price: first step", baseless, "2025-01-01", eur(2490)},
		{"MONTH_DAY: next charge", freq(FrequencySummerPass), "2025-04-10", eur(2900)},
		{"MONTH_DAY: charge day itself", freq(FrequencySummerPass), "2025-09-01", eur(1900)},
		{"MONTH_DAY: after the last one wraps", freq(FrequencySummerPass), "2025-09-02", eur(2900)},
		{"MONTH_DAY: between", freq(FrequencySummerPass), "2025-07-02", eur(1900)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := chargedPrice(tt.f, date(t, tt.day), seedCurrency); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// seeded returns the demo studio seeded around today.
func seeded(t *testing.T, today string) (*tenant, apiclient.Date) {
	t.Helper()
	d := date(t, today)
	return seedTenants(d)[DemoKey], d
}

func TestValidationPrecedence(t *testing.T) {
	tn, today := seeded(t, "2026-03-31")
	status := func(contractID, moduleID int64, trial bool) apiclient.ValidationStatus {
		return tn.moduleStatus(tn.contract(contractID), tn.module(moduleID), trial, today)
	}
	// Inactive and not online purchasable: not found wins.
	tn.module(ModuleSolarium).active = false
	if got := status(ContractCancelled, ModuleSolarium, true); got != apiclient.ValidationNotFound {
		t.Errorf("inactive: got %s", got)
	}
	tn.module(ModuleSolarium).active = true
	// Not online purchasable wins over a cancelled contract.
	if got := status(ContractCancelled, ModuleSolarium, true); got != apiclient.ValidationNotOnlinePurchasable {
		t.Errorf("not online on cancelled contract: got %s", got)
	}
	// An invalid contract status wins over a current booking.
	tn.contract(ContractWithAddOns).cancellationDate = today.AddMonths(1)
	if got := status(ContractWithAddOns, ModuleTowel, false); got != apiclient.ValidationInvalidStatus {
		t.Errorf("cancelled contract with towel: got %s", got)
	}
	tn.contract(ContractWithAddOns).cancellationDate = apiclient.Date{}
	// Already purchased wins over a trial already used (1-1002's sauna came with one).
	if got := status(ContractWithAddOns, ModuleSauna, true); got != apiclient.ValidationAlreadyPurchased {
		t.Errorf("sauna again with trial: got %s", got)
	}
	if got := status(ContractNoAddOns, ModuleSauna, true); got != apiclient.ValidationPurchasable {
		t.Errorf("first sauna trial: got %s", got)
	}
	if got := status(ContractNoAddOns, ModuleTowel, true); got != apiclient.ValidationTrialNotBookable {
		t.Errorf("towel has no trial: got %s", got)
	}
}

func TestTrialIsOncePerCustomerAcrossContracts(t *testing.T) {
	tn, today := seeded(t, "2026-03-31")
	first, second := tn.contract(ContractFirstOfTwo), tn.contract(ContractCancelled)
	tn.book(second, 7001, FrequencyDrink, today.AddMonths(-1), true).endedBy(today.AddDays(-1), "Other")
	if got := tn.moduleStatus(first, tn.module(ModuleDrink), true, today); got != apiclient.ValidationTrialNotBookable {
		t.Errorf("trial used on the other contract: got %s", got)
	}
	if got := tn.moduleStatus(first, tn.module(ModuleDrink), false, today); got != apiclient.ValidationPurchasable {
		t.Errorf("without trial: got %s", got)
	}
}

func TestMainContractEndsWithTheClock(t *testing.T) {
	tn, today := seeded(t, "2026-03-31")
	c := tn.contract(ContractCancelled)
	if got := c.status(c.end); got != apiclient.ContractActive {
		t.Errorf("on its end date: got %s", got)
	}
	if got := c.status(c.end.AddDays(1)); got != apiclient.ContractInactive {
		t.Errorf("after its end date: got %s", got)
	}
	if c.bookable(today) {
		t.Error("a cancelled contract is bookable")
	}
	if !tn.contract(ContractFirstOfTwo).bookable(today) {
		t.Error("an active contract is not bookable")
	}
}

func TestSeedIsConsistent(t *testing.T) {
	for _, today := range []string{"2026-03-31", "2024-02-29", "2025-01-01", "2025-12-31"} {
		tn, d := seeded(t, today)
		if len(tn.customers) != len(DemoMembers) {
			t.Fatalf("%s: %d customers, %d demo members", today, len(tn.customers), len(DemoMembers))
		}
		for i, dm := range DemoMembers {
			c := tn.customers[i]
			if c.CustomerNumber != dm.CustomerNumber || c.DateOfBirth.String() != dm.DateOfBirth {
				t.Errorf("demo member %v: customer %s born %s", dm, c.CustomerNumber, c.DateOfBirth)
			}
		}
		if n := len(tn.contract(ContractManyAddOns).moduleContracts); n != 25 {
			t.Errorf("%s: 1-1006 has %d add-on contracts, want 25", today, n)
		}
		checkSeededStates(t, tn, d)
	}
}

// checkSeededStates checks the states the demo members are described with.
func checkSeededStates(t *testing.T, tn *tenant, today apiclient.Date) {
	t.Helper()
	want := map[int64]apiclient.CancelationStatus{
		ModuleContractTowelYearly:             "",
		ModuleContractSaunaPendingCancelation: apiclient.CancelationPendingVerification,
		ModuleContractSaunaCanceled:           apiclient.CancelationCanceled,
		ModuleContractDrinkPendingWithdrawal:  apiclient.CancelationPendingWithdrawalVerification,
	}
	for id, status := range want {
		mc := tn.moduleContracts[id]
		if mc.status != status || mc.ended(today) {
			t.Errorf("%s: module contract %d: status %q, ended %v; want %q, current", today, id, mc.status, mc.ended(today), status)
		}
	}
	if !tn.moduleContracts[ModuleContractSaunaCanceled].canWithdraw(today) {
		t.Errorf("%s: 5003 cannot be withdrawn", today)
	}
	if !tn.moduleContracts[ModuleContractSaunaEnded].ended(today) || !tn.moduleContracts[ModuleContractDrinkEndedTrial].ended(today) {
		t.Errorf("%s: the history has not ended", today)
	}
	if tn.contract(ContractInactive).status(today) != apiclient.ContractInactive {
		t.Errorf("%s: 2006 is active", today)
	}
}

func TestVerifyAmendment(t *testing.T) {
	s := New(Config{Today: apiclient.NewDate(2026, time.March, 31)})
	saunaPending := shown(t, s, "demo", ModuleContractSaunaPendingCancelation)
	if err := s.VerifyAmendment("demo", ModuleContractSaunaPendingCancelation); err != nil {
		t.Fatal(err)
	}
	if got := shown(t, s, "demo", ModuleContractSaunaPendingCancelation); got.ContractCancelationStatus != apiclient.CancelationCanceled ||
		got.EndDate != saunaPending.CancelationDate || !got.ContractCancelationCanBeWithdrawn {
		t.Errorf("verified cancelation: got %+v", got)
	}
	if err := s.VerifyAmendment("demo", ModuleContractDrinkPendingWithdrawal); err != nil {
		t.Fatal(err)
	}
	if got := shown(t, s, "demo", ModuleContractDrinkPendingWithdrawal); got.ContractCancelationStatus != "" ||
		!got.CancelationDate.IsZero() || !got.EndDate.IsZero() || got.CancelationReason != "" || len(got.AvailableCancelationDates) == 0 {
		t.Errorf("verified withdrawal: got %+v", got)
	}
	if got := s.WriteCount("demo"); got != 2 {
		t.Errorf("writes: got %d, want 2", got)
	}
	for _, tt := range []struct {
		studio string
		id     int64
		want   error
	}{
		{"demo", ModuleContractTowelYearly, ErrConflict},
		{"demo", 424242, ErrNotFound},
		{"nowhere", ModuleContractSaunaPendingCancelation, ErrNotFound},
	} {
		if err := s.VerifyAmendment(tt.studio, tt.id); !errors.Is(err, tt.want) {
			t.Errorf("verify %s %d: got %v, want %v", tt.studio, tt.id, err, tt.want)
		}
	}
	if got := s.WriteCount("demo"); got != 2 {
		t.Errorf("writes after failures: got %d, want 2", got)
	}
}

// shown reads a module contract as the API would show it today.
func shown(t *testing.T, s *Server, studio string, id int64) apiclient.AdditionalModuleContract {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	mc := s.tenantBySlugLocked(studio).moduleContracts[id]
	if mc == nil {
		t.Fatalf("no module contract %d in %s", id, studio)
	}
	return mc.toAPI(s.todayLocked())
}

func TestModuleContractIDsAndSetModuleActive(t *testing.T) {
	s := New(Config{Today: apiclient.NewDate(2026, time.March, 31)})
	if got, want := s.ModuleContractIDs("demo", ContractWithAddOns), []int64{5001, 5002}; !slices.Equal(got, want) {
		t.Errorf("ids: got %v, want %v", got, want)
	}
	if got := s.ModuleContractIDs("demo", 999); got != nil {
		t.Errorf("unknown contract: got %v", got)
	}
	if got := s.ModuleContractIDs("nowhere", ContractWithAddOns); got != nil {
		t.Errorf("unknown studio: got %v", got)
	}
	if err := s.SetModuleActive("demo", ModuleSauna, false); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	demo, direct := s.tenants[DemoKey].module(ModuleSauna).active, s.tenants[DirectKey].module(ModuleSauna).active
	s.mu.Unlock()
	if demo || !direct {
		t.Errorf("deactivating in demo: got demo %v, direct %v; want false, true", demo, direct)
	}
	if err := s.SetModuleActive("demo", 999, false); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown module: got %v", err)
	}
	if err := s.SetModuleActive("nowhere", ModuleSauna, false); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown studio: got %v", err)
	}
}

func TestResetRestoresSeedAndIDs(t *testing.T) {
	s := New(Config{Today: apiclient.NewDate(2026, time.March, 31)})
	s.mu.Lock()
	tn := s.tenants[DemoKey]
	id, err := s.purchaseLocked(tn, tn.contract(ContractNoAddOns), apiclient.AdditionalModuleRequest{
		AdditionalModuleID: ModuleSauna, PaymentFrequencyID: FrequencySaunaMonthly}, s.todayLocked())
	s.mu.Unlock()
	if err != nil || id != FirstPurchasedModuleContractID {
		t.Fatalf("purchase: got %d, %v", id, err)
	}
	s.Reset()
	if got := s.ModuleContractIDs("demo", ContractNoAddOns); len(got) != 0 {
		t.Errorf("after reset: got %v", got)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if got := s.tenants[DemoKey].ids.next; got != FirstPurchasedModuleContractID {
		t.Errorf("next id after reset: got %d", got)
	}
}

func TestSetFrequencyPrice(t *testing.T) {
	s := New(Config{})
	if err := s.SetFrequencyPrice("demo", 301, 3011, apiclient.Money{Minor: 1290, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	mod := s.tenants[DemoKey].module(301)
	if got := *mod.frequencies[0].Price; got != (apiclient.Money{Minor: 1290, Currency: "EUR"}) {
		t.Errorf("price = %v, want 12.90 EUR", got)
	}
	if other := s.tenants[DirectKey].module(301); other.frequencies[0].Price.Minor != 990 {
		t.Errorf("direct studio's price changed to %v", other.frequencies[0].Price)
	}
	for _, tc := range []struct {
		studio     string
		module, fr int64
	}{{"nope", 301, 3011}, {"demo", 999, 3011}, {"demo", 301, 9}} {
		if err := s.SetFrequencyPrice(tc.studio, tc.module, tc.fr, apiclient.Money{Minor: 1, Currency: "EUR"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("SetFrequencyPrice(%v) err = %v, want ErrNotFound", tc, err)
		}
	}
}
