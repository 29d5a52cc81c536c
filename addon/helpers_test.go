package addon

import (
	"testing"

	"github.com/studio-addons/portal/apiclient"
)

const (
	day   = apiclient.UnitDay
	week  = apiclient.UnitWeek
	month = apiclient.UnitMonth
	year  = apiclient.UnitYear
)

func eur(minor int64) apiclient.Money { return apiclient.NewMoney(minor, "EUR") }

func eurP(minor int64) *apiclient.Money {
	m := eur(minor)
	return &m
}

func term(v int, u apiclient.TermUnit) apiclient.Term { return apiclient.Term{Value: v, Unit: u} }

func termP(v int, u apiclient.TermUnit) *apiclient.Term {
	t := term(v, u)
	return &t
}

// d parses "YYYY-MM-DD"; "" is the zero (unknown) date.
func d(t *testing.T, s string) apiclient.Date {
	t.Helper()
	if s == "" {
		return apiclient.Date{}
	}
	out, err := apiclient.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func md(m apiclient.Month, n, dayOfMonth int) apiclient.MonthDay {
	return apiclient.MonthDay{Month: m, MonthValue: n, DayOfMonth: dayOfMonth}
}

var (
	monthly = apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, month), Price: eurP(990)}
	yearly  = apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(12, month), Price: eurP(4500)}
	oneTime = apiclient.PaymentFrequency{Type: apiclient.FrequencyNonRecurring, Price: eurP(4900)}
	free    = apiclient.PaymentFrequency{Type: apiclient.FrequencyFree}
	summer  = apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay, MonthDaysToPrices: []apiclient.MonthDayPrice{
		// Out of calendar order on purpose: the price sorts them.
		{MonthDay: md(apiclient.September, 9, 1), Price: eur(1900)},
		{MonthDay: md(apiclient.May, 5, 1), Price: eur(2900)},
		{MonthDay: md(apiclient.July, 0, 1), Price: eur(2900)},
	}}
	drink = apiclient.PaymentFrequency{Type: apiclient.FrequencyTermBased, Term: termP(1, month), Price: eurP(1990),
		TermsToPrices: []apiclient.TermPrice{{Term: term(3, month), Price: eur(2490)}}}
	stepped = apiclient.PaymentFrequency{Type: apiclient.FrequencyTermBased, Term: termP(1, month), Price: eurP(1990),
		TermsToPrices: []apiclient.TermPrice{
			{Term: term(1, year), Price: eur(2990)},
			{Term: term(3, month), Price: eur(2490)},
		}}
)

func paymentDates(ps []Payment) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Date.String()
	}
	return out
}
