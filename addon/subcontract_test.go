package addon

import (
	"slices"
	"testing"

	"github.com/studio-addons/portal/apiclient"
)

func TestSubFrequency(t *testing.T) {
	full := apiclient.SubContract{PaymentFrequency: apiclient.FrequencyRecurring,
		PriceDetails: apiclient.PriceDetails{PaymentFrequency: &yearly}}
	tests := []struct {
		name string
		sc   apiclient.SubContract
		want *apiclient.PaymentFrequency
	}{
		{"the full frequency wins", full, &yearly},
		{"only the type", apiclient.SubContract{PaymentFrequency: apiclient.FrequencyFree}, &apiclient.PaymentFrequency{Type: apiclient.FrequencyFree}},
		{"neither", apiclient.SubContract{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SubFrequency(tt.sc)
			if (got == nil) != (tt.want == nil) || got != nil && (got.Type != tt.want.Type || got.Term != nil && *got.Term != *tt.want.Term) {
				t.Errorf("SubFrequency = %+v, want %+v", got, tt.want)
			}
		})
	}
	if got := SubFrequency(full); got == full.PriceDetails.PaymentFrequency {
		t.Error("SubFrequency hands out the SubContract's own frequency, not a copy")
	}
}

func TestSubPrice(t *testing.T) {
	details := func(current, base *apiclient.Money, f *apiclient.PaymentFrequency) apiclient.PriceDetails {
		return apiclient.PriceDetails{CurrentPrice: current, BasePrice: base, PaymentFrequency: f}
	}
	tests := []struct {
		name     string
		sc       apiclient.SubContract
		want     PriceKind
		amount   int64
		interval apiclient.Term
	}{
		{"monthly, current price", apiclient.SubContract{PriceDetails: details(eurP(890), eurP(990), &monthly)}, PriceRecurring, 890, term(1, month)},
		{"base price when no current one", apiclient.SubContract{PriceDetails: details(nil, eurP(990), &monthly)}, PriceRecurring, 990, term(1, month)},
		{"yearly", apiclient.SubContract{PriceDetails: details(eurP(4500), nil, &yearly)}, PriceRecurring, 4500, term(12, month)},
		{"once", apiclient.SubContract{PriceDetails: details(eurP(4900), nil, &oneTime)}, PriceOnce, 4900, apiclient.Term{}},
		{"free by its type alone", apiclient.SubContract{PaymentFrequency: apiclient.FrequencyFree}, PriceFree, 0, apiclient.Term{}},
		{"free with a zero price", apiclient.SubContract{PriceDetails: details(eurP(0), nil, &free)}, PriceFree, 0, apiclient.Term{}},
		{"schedule without an amount", apiclient.SubContract{PriceDetails: details(nil, nil, &summer)}, PriceMonthDay, 0, apiclient.Term{}},
		{"an amount without a frequency", apiclient.SubContract{PriceDetails: details(eurP(1200), nil, nil)}, PriceAmount, 1200, apiclient.Term{}},
		// Nothing says it costs nothing: never free.
		{"no amount, recurring type only", apiclient.SubContract{PaymentFrequency: apiclient.FrequencyRecurring}, PriceUnknown, 0, apiclient.Term{}},
		{"nothing at all", apiclient.SubContract{}, PriceUnknown, 0, apiclient.Term{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SubPrice(tt.sc)
			if got.Kind != tt.want || got.Amount.Minor != tt.amount || got.Interval != tt.interval {
				t.Errorf("SubPrice = %s %d every %v, want %s %d every %v", got.Kind, got.Amount.Minor, got.Interval, tt.want, tt.amount, tt.interval)
			}
		})
	}
}

func TestSubStatusOf(t *testing.T) {
	today := d(t, "2026-11-21")
	tests := []struct {
		name      string
		sc        apiclient.SubContract
		state     State
		end       string
		termEnd   string
		cancelled string
	}{
		{"running: endDate is its term's end", apiclient.SubContract{StartDate: d(t, "2026-01-10"), EndDate: d(t, "2026-12-09"),
			ContractStatus: apiclient.ContractActive}, StateActive, "", "2026-12-09", ""},
		{"ends today: still current", apiclient.SubContract{StartDate: d(t, "2026-01-10"), EndDate: today}, StateActive, "", "2026-11-21", ""},
		{"cancelled to a later date", apiclient.SubContract{StartDate: d(t, "2026-01-10"), EndDate: d(t, "2026-12-31"),
			Cancelled: true, CancellationDate: d(t, "2026-12-31")}, StateCanceled, "2026-12-31", "", "2026-12-31"},
		{"cancelled without its date: the endDate", apiclient.SubContract{StartDate: d(t, "2026-01-10"), EndDate: d(t, "2026-12-31"),
			Cancelled: true}, StateCanceled, "2026-12-31", "", "2026-12-31"},
		{"ended by cancelation", apiclient.SubContract{StartDate: d(t, "2024-01-10"), EndDate: d(t, "2024-07-09"),
			Cancelled: true, CancellationDate: d(t, "2024-07-09"), ContractStatus: apiclient.ContractInactive}, StateEnded, "2024-07-09", "", "2024-07-09"},
		{"ended after its term (not cancelled)", apiclient.SubContract{StartDate: d(t, "2024-01-10"), EndDate: d(t, "2024-02-09"),
			ContractStatus: apiclient.ContractInactive}, StateEnded, "2024-02-09", "", ""},
		{"starts later", apiclient.SubContract{StartDate: d(t, "2026-12-01"), EndDate: d(t, "2026-12-31")}, StateUpcoming, "", "2026-12-31", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := SubStatusOf(tt.sc, today)
			if st.State != tt.state || st.End != d(t, tt.end) || st.TermEnd != d(t, tt.termEnd) || st.CancelDate != d(t, tt.cancelled) {
				t.Errorf("status = %s, end %s, term end %s, canceled to %s; want %s, %s, %s, %s",
					st.State, st.End, st.TermEnd, st.CancelDate, tt.state, tt.end, tt.termEnd, tt.cancelled)
			}
			if st.CanCancel() || st.CanWithdraw() {
				t.Error("the contracts read alone offers a cancelation or withdrawal")
			}
		})
	}
}

func TestMonthlyTotal(t *testing.T) {
	today := d(t, "2026-11-21")
	start := d(t, "2026-06-01")
	booked := func(f apiclient.PaymentFrequency, minor int64) Charge {
		return Charge{Price: BookedPrice(apiclient.AdditionalModuleContract{Price: eur(minor)}, &f), Start: start}
	}
	weekly := apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, week), Price: eurP(300)}
	tests := []struct {
		name    string
		charges []Charge
		total   int64
		counted int
		others  []int
	}{
		{"none", nil, 0, 0, nil},
		// 9.90 + 4.50 + 12.00, in cents: no float, no rounding.
		{"monthly ones add up exactly", []Charge{booked(monthly, 990), booked(monthly, 450), booked(monthly, 1200)}, 2640, 3, nil},
		{"a third of a cent each time", []Charge{booked(monthly, 333), booked(monthly, 333), booked(monthly, 334)}, 1000, 3, nil},
		{"yearly and weekly are not converted", []Charge{booked(yearly, 4500), booked(monthly, 990), booked(weekly, 300)}, 990, 1, []int{0, 2}},
		{"a schedule on set days is another interval", []Charge{{Price: PriceOf(summer), Start: start}, booked(monthly, 990)}, 990, 1, []int{0}},
		{"free and once are in neither", []Charge{booked(free, 0), booked(oneTime, 4900), booked(monthly, 990)}, 990, 1, nil},
		// Started 2026-06-01, 3 months passed on 2026-09-01: 24.90 now.
		{"term-based: the step it is at today", []Charge{{Price: PriceOf(drink), Start: start}}, 2490, 1, nil},
		{"term-based before its step", []Charge{{Price: PriceOf(drink), Start: d(t, "2026-10-01")}}, 1990, 1, nil},
		{"an amount without interval is not in the total", []Charge{{Price: BookedPrice(apiclient.AdditionalModuleContract{Price: eur(1200)}, nil)}}, 0, 0, []int{0}},
		{"an unknown price is not in the total", []Charge{{Price: Price{}}, booked(monthly, 990)}, 990, 1, []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := MonthlyTotal(tt.charges, today)
			if !ok || got.Total.Minor != tt.total || got.Counted != tt.counted || !slices.Equal(got.Others, tt.others) {
				t.Errorf("MonthlyTotal = %d (%d counted, others %v, ok %v), want %d (%d, %v)",
					got.Total.Minor, got.Counted, got.Others, ok, tt.total, tt.counted, tt.others)
			}
			if tt.counted > 0 && got.Total.Currency != "EUR" {
				t.Errorf("total currency = %q, want EUR", got.Total.Currency)
			}
		})
	}
	mixed := []Charge{booked(monthly, 990), {Price: Price{Kind: PriceRecurring, Amount: apiclient.NewMoney(500, "CHF"), Interval: term(1, month)}}}
	if got, ok := MonthlyTotal(mixed, today); ok {
		t.Errorf("mixed currencies added up to %v", got.Total)
	}
}

func TestWithTermEnd(t *testing.T) {
	termEnd := d(t, "2026-12-20")
	sub := apiclient.SubContract{EndDate: termEnd}
	tests := []struct {
		name string
		mc   apiclient.AdditionalModuleContract
		sc   apiclient.SubContract
		want string
	}{
		{"running without endDate: the term's end", apiclient.AdditionalModuleContract{}, sub, "2026-12-20"},
		{"cancelation waiting for the studio: the term's end too", apiclient.AdditionalModuleContract{
			ContractCancelationStatus: apiclient.CancelationPendingVerification, CancelationDate: d(t, "2027-01-20")}, sub, "2026-12-20"},
		{"its own endDate wins", apiclient.AdditionalModuleContract{EndDate: d(t, "2027-06-30")}, sub, "2027-06-30"},
		{"canceled: the cancelation's end, not the term's", apiclient.AdditionalModuleContract{
			ContractCancelationStatus: apiclient.CancelationCanceled, CancelationDate: d(t, "2027-01-20")}, sub, ""},
		{"keeping it waits for the studio: still canceled", apiclient.AdditionalModuleContract{
			ContractCancelationStatus: apiclient.CancelationPendingWithdrawalVerification}, sub, ""},
		{"cancelled in the list", apiclient.AdditionalModuleContract{}, apiclient.SubContract{EndDate: termEnd, Cancelled: true}, ""},
		{"no endDate in the list", apiclient.AdditionalModuleContract{}, apiclient.SubContract{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WithTermEnd(tt.mc, tt.sc).EndDate; got != d(t, tt.want) {
				t.Errorf("endDate = %s, want %q", got, tt.want)
			}
		})
	}
	// With it, a renewing add-on's term end is a renewal, not an end.
	st := StatusOf(WithTermEnd(apiclient.AdditionalModuleContract{StartDate: d(t, "2026-01-21")}, sub), d(t, "2026-11-21"))
	if st.TermEnd != termEnd || !st.End.IsZero() || st.Past() {
		t.Errorf("status = term end %s, end %s, past %v; want the term's end only", st.TermEnd, st.End, st.Past())
	}
}
