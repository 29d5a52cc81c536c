package addon

import (
	"reflect"
	"testing"

	"github.com/studio-addons/portal/apiclient"
)

func TestPriceOf(t *testing.T) {
	tests := []struct {
		name string
		f    apiclient.PaymentFrequency
		want Price
	}{
		{"free", free, Price{Kind: PriceFree}},
		{"one-time", oneTime, Price{Kind: PriceOnce, Amount: eur(4900)}},
		{"monthly", monthly, Price{Kind: PriceRecurring, Amount: eur(990), Interval: term(1, month)}},
		{"every 12 months", yearly, Price{Kind: PriceRecurring, Amount: eur(4500), Interval: term(12, month)}},
		{"weekly", apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, week), Price: eurP(300)},
			Price{Kind: PriceRecurring, Amount: eur(300), Interval: term(1, week)}},
		{"daily", apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, day), Price: eurP(100)},
			Price{Kind: PriceRecurring, Amount: eur(100), Interval: term(1, day)}},
		{"yearly in years", apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, year), Price: eurP(9900)},
			Price{Kind: PriceRecurring, Amount: eur(9900), Interval: term(1, year)}},
		{"month day: in calendar order", summer, Price{Kind: PriceMonthDay, Dates: []DatePrice{
			{Day: md(apiclient.May, 5, 1), Amount: eur(2900)},
			{Day: md(apiclient.July, 0, 1), Amount: eur(2900)},
			{Day: md(apiclient.September, 9, 1), Amount: eur(1900)},
		}}},
		{"month day on Feb 29", apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay, MonthDaysToPrices: []apiclient.MonthDayPrice{
			{MonthDay: md(apiclient.February, 2, 29), Price: eur(500)}}},
			Price{Kind: PriceMonthDay, Dates: []DatePrice{{Day: md(apiclient.February, 2, 29), Amount: eur(500)}}}},
		{"term based", drink, Price{Kind: PriceStepped, Amount: eur(1990), Interval: term(1, month),
			Steps: []Step{{After: term(3, month), Amount: eur(2490)}}}},
		{"term based: steps in the order they begin", stepped, Price{Kind: PriceStepped, Amount: eur(1990), Interval: term(1, month),
			Steps: []Step{{After: term(3, month), Amount: eur(2490)}, {After: term(1, year), Amount: eur(2990)}}}},
		{"term based without steps", apiclient.PaymentFrequency{Type: apiclient.FrequencyTermBased, Term: termP(1, month), Price: eurP(1990)},
			Price{Kind: PriceStepped, Amount: eur(1990), Interval: term(1, month), Steps: []Step{}}},
		// Whatever the data leaves open is unknown, never a price of 0.
		{"recurring without price", apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, month)}, Price{}},
		{"one-time without price", apiclient.PaymentFrequency{Type: apiclient.FrequencyNonRecurring}, Price{}},
		{"recurring without term", apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Price: eurP(100)}, Price{}},
		{"recurring with unknown unit", apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, "FORTNIGHT"), Price: eurP(100)}, Price{}},
		{"recurring every 0 months", apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(0, month), Price: eurP(100)}, Price{}},
		{"month day without dates", apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay}, Price{}},
		{"month day with month 13", apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay, MonthDaysToPrices: []apiclient.MonthDayPrice{
			{MonthDay: apiclient.MonthDay{MonthValue: 13, DayOfMonth: 1}, Price: eur(100)}}}, Price{}},
		{"month day on Apr 31", apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay, MonthDaysToPrices: []apiclient.MonthDayPrice{
			{MonthDay: md(apiclient.April, 4, 31), Price: eur(100)}}}, Price{}},
		{"term based without base price", apiclient.PaymentFrequency{Type: apiclient.FrequencyTermBased, Term: termP(1, month),
			TermsToPrices: []apiclient.TermPrice{{Term: term(3, month), Price: eur(2490)}}}, Price{}},
		{"term based with an unknown step unit", apiclient.PaymentFrequency{Type: apiclient.FrequencyTermBased, Term: termP(1, month), Price: eurP(500),
			TermsToPrices: []apiclient.TermPrice{{Term: term(2, "FORTNIGHT"), Price: eur(700)}}}, Price{}},
		{"unknown type", apiclient.PaymentFrequency{Type: "LUNAR", Price: eurP(100)}, Price{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PriceOf(tt.f); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("PriceOf = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestUnknownPriceIsTheZeroValue(t *testing.T) {
	if (Price{}).Kind != PriceUnknown {
		t.Error("the zero Price is not unknown: a forgotten price would read as something")
	}
}

func TestYearTotal(t *testing.T) {
	tests := []struct {
		name   string
		p      Price
		want   apiclient.Money
		wantOK bool
	}{
		{"month day: exact sum", PriceOf(summer), eur(7700), true},
		{"mixed currencies", Price{Kind: PriceMonthDay, Dates: []DatePrice{{Amount: eur(100)}, {Amount: apiclient.NewMoney(100, "USD")}}}, apiclient.Money{}, false},
		{"not a month day price", PriceOf(monthly), apiclient.Money{}, false},
		{"unknown", Price{}, apiclient.Money{}, false},
	}
	for _, tt := range tests {
		got, ok := tt.p.YearTotal()
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("%s: YearTotal = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestBookedPrice(t *testing.T) {
	booked := apiclient.AdditionalModuleContract{Price: eur(450)}
	tests := []struct {
		name string
		mc   apiclient.AdditionalModuleContract
		f    *apiclient.PaymentFrequency
		want Price
	}{
		{"frequency unknown: the amount alone", booked, nil, Price{Kind: PriceAmount, Amount: eur(450)}},
		{"frequency unknown, zero amount: free", apiclient.AdditionalModuleContract{Price: eur(0)}, nil, Price{Kind: PriceFree}},
		{"frequency unknown, no amount: free", apiclient.AdditionalModuleContract{}, nil, Price{Kind: PriceFree}},
		// The contract's price wins: the studio may have changed the frequency's since.
		{"recurring: the contract's amount with the frequency's interval", booked, &monthly,
			Price{Kind: PriceRecurring, Amount: eur(450), Interval: term(1, month)}},
		{"only the type known: recurring", booked, &apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring},
			Price{Kind: PriceAmount, Amount: eur(450)}},
		{"only the type known: one-off", booked, &apiclient.PaymentFrequency{Type: apiclient.FrequencyNonRecurring},
			Price{Kind: PriceOnce, Amount: eur(450)}},
		{"only the type known: free", booked, &apiclient.PaymentFrequency{Type: apiclient.FrequencyFree}, Price{Kind: PriceFree}},
		{"term based: its steps", apiclient.AdditionalModuleContract{Price: eur(1990)}, &drink, PriceOf(drink)},
		{"month day: its dates", apiclient.AdditionalModuleContract{Price: eur(2900)}, &summer, PriceOf(summer)},
		{"month day without dates: the amount", booked, &apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay},
			Price{Kind: PriceAmount, Amount: eur(450)}},
	}
	for _, tt := range tests {
		if got := BookedPrice(tt.mc, tt.f); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: BookedPrice = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
