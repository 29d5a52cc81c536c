package views

import (
	"context"
	"testing"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
)

func eur(minor int64) apiclient.Money { return apiclient.NewMoney(minor, "EUR") }

func eurP(minor int64) *apiclient.Money {
	m := eur(minor)
	return &m
}

func termP(v int, u apiclient.TermUnit) *apiclient.Term { return &apiclient.Term{Value: v, Unit: u} }

func md(m apiclient.Month, n, day int) apiclient.MonthDay {
	return apiclient.MonthDay{Month: m, MonthValue: n, DayOfMonth: day}
}

var (
	monthly = apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, apiclient.UnitMonth), Price: eurP(990)}
	yearly  = apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(12, apiclient.UnitMonth), Price: eurP(4500)}
	oneTime = apiclient.PaymentFrequency{Type: apiclient.FrequencyNonRecurring, Price: eurP(4900)}
	free    = apiclient.PaymentFrequency{Type: apiclient.FrequencyFree}
	summer  = apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay, MonthDaysToPrices: []apiclient.MonthDayPrice{
		// Out of calendar order on purpose: the sentence sorts them.
		{MonthDay: md(apiclient.September, 9, 1), Price: eur(1900)},
		{MonthDay: md(apiclient.May, 5, 1), Price: eur(2900)},
		{MonthDay: md(apiclient.July, 0, 1), Price: eur(2900)},
	}}
	drink = apiclient.PaymentFrequency{Type: apiclient.FrequencyTermBased, Term: termP(1, apiclient.UnitMonth), Price: eurP(1990),
		TermsToPrices: []apiclient.TermPrice{{Term: apiclient.Term{Value: 3, Unit: apiclient.UnitMonth}, Price: eur(2490)}}}
	stepped = apiclient.PaymentFrequency{Type: apiclient.FrequencyTermBased, Term: termP(1, apiclient.UnitMonth), Price: eurP(1990),
		TermsToPrices: []apiclient.TermPrice{
			{Term: apiclient.Term{Value: 1, Unit: apiclient.UnitYear}, Price: eur(2990)},
			{Term: apiclient.Term{Value: 3, Unit: apiclient.UnitMonth}, Price: eur(2490)},
		}}
)

func TestPriceText(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), i18n.English)
	tests := []struct {
		name string
		f    apiclient.PaymentFrequency
		want string
	}{
		{"free", free, "Free"},
		{"one-time", oneTime, "One-time €49.00"},
		{"monthly", monthly, "€9.90 every month"},
		{"every 12 months", yearly, "€45.00 every 12 months"},
		{"weekly", apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, apiclient.UnitWeek), Price: eurP(300)}, "€3.00 every week"},
		{"month day", summer, "€29.00 on 1 May, €29.00 on 1 Jul, €19.00 on 1 Sep, every year"},
		{"term based", drink, "€19.90 per month for the first 3 months, then €24.90"},
		{"term based, steps chained in term order", stepped, "€19.90 per month for the first 3 months, then €24.90, then €29.90 after 1 year"},
		{"term based without steps", apiclient.PaymentFrequency{Type: apiclient.FrequencyTermBased, Term: termP(1, apiclient.UnitMonth), Price: eurP(1990)}, "€19.90 per month"},
		{"recurring without price", apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, apiclient.UnitMonth)}, "Price on request at the studio"},
		{"recurring with unknown unit", apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, "FORTNIGHT"), Price: eurP(100)}, "Price on request at the studio"},
		{"month day without dates", apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay}, "Price on request at the studio"},
		{"unknown type", apiclient.PaymentFrequency{Type: "LUNAR", Price: eurP(100)}, "Price on request at the studio"},
	}
	for _, tt := range tests {
		if got := PriceText(ctx, addon.PriceOf(tt.f)); got != tt.want {
			t.Errorf("%s: PriceText = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestPriceTextGerman(t *testing.T) {
	// German has no catalog of its own yet: the words fall back to English,
	// the amounts are still formatted for the locale.
	ctx := i18n.WithLocale(context.Background(), i18n.German)
	if got, want := PriceText(ctx, addon.PriceOf(monthly)), "9,90\u00a0€ every month"; got != want {
		t.Errorf("PriceText = %q, want %q", got, want)
	}
}

func TestBookButtonLabel(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), i18n.English)
	tests := []struct {
		name  string
		f     apiclient.PaymentFrequency
		trial bool
		want  string
	}{
		{"monthly", monthly, false, "Book for €9.90 per month"},
		{"every 12 months", yearly, false, "Book for €45.00 every 12 months"},
		{"one-time", oneTime, false, "Book for €49.00 one-time"},
		{"free", free, false, "Book for free"},
		{"trial", monthly, true, "Start free trial, then €9.90 per month"},
		{"free with trial", free, true, "Start free trial"},
		{"month day: the year's exact total", summer, false, "Book for €77.00 per year"},
		{"term based: the later price is on the button too", drink, false, "Book for €19.90 per month for the first 3 months, then €24.90"},
		// The terms count from the start, trial included: no "first 3 months".
		{"term based trial", drink, true, "Start free trial, then €19.90 per month, €24.90 from month 4 of the contract"},
		{"term based trial, steps in term order", stepped, true, "Start free trial, then €19.90 per month, €24.90 from month 4 of the contract, €29.90 from year 2 of the contract"},
		// No year's total of amounts that do not add up: the dates instead.
		{"month day in two currencies", apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay, MonthDaysToPrices: []apiclient.MonthDayPrice{
			{MonthDay: md(apiclient.May, 5, 1), Price: eur(100)}, {MonthDay: md(apiclient.June, 6, 1), Price: apiclient.NewMoney(100, "USD")}}}, false,
			"Book for €1.00 on 1 May, $1.00 on 1 Jun, every year"},
	}
	for _, tt := range tests {
		if got := BookButtonLabel(ctx, addon.PriceOf(tt.f), tt.trial); got != tt.want {
			t.Errorf("%s: BookButtonLabel = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestChosenPriceText(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), i18n.English)
	tests := []struct {
		name  string
		f     apiclient.PaymentFrequency
		trial bool
		want  string
	}{
		{"monthly with trial: as in the catalog", monthly, true, "€9.90 every month"},
		{"yearly: with its period", yearly, false, "€45.00 every 12 months"},
		{"free", free, false, "Free"},
		{"term based without trial", drink, false, "€19.90 per month for the first 3 months, then €24.90"},
		{"term based with trial", drink, true, "€19.90 per month, €24.90 from month 4 of the contract"},
		{"term based with trial, weeks", apiclient.PaymentFrequency{Type: apiclient.FrequencyTermBased, Term: termP(1, apiclient.UnitWeek), Price: eurP(500),
			TermsToPrices: []apiclient.TermPrice{{Term: apiclient.Term{Value: 12, Unit: apiclient.UnitWeek}, Price: eur(700)}}}, true,
			"€5.00 per week, €7.00 from week 13 of the contract"},
		{"term based with an unknown step unit", apiclient.PaymentFrequency{Type: apiclient.FrequencyTermBased, Term: termP(1, apiclient.UnitMonth), Price: eurP(500),
			TermsToPrices: []apiclient.TermPrice{{Term: apiclient.Term{Value: 2, Unit: "FORTNIGHT"}, Price: eur(700)}}}, true,
			"Price on request at the studio"},
	}
	for _, tt := range tests {
		if got := ChosenPriceText(ctx, addon.PriceOf(tt.f), tt.trial); got != tt.want {
			t.Errorf("%s: ChosenPriceText = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestTermLines(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), i18n.English)
	month, week := termP(1, apiclient.UnitMonth), termP(2, apiclient.UnitWeek)
	tests := []struct {
		name string
		ti   apiclient.TermInformation
		want []string
	}{
		{"extends, same notice", apiclient.TermInformation{
			Extension:         &apiclient.Extension{ExtensionType: apiclient.ExtensionTermExtension, TermExtension: month, ExtensionCancelationPeriod: month},
			CancelationPeriod: month,
		}, []string{"After its term it extends by 1 month at a time.", "Cancel at least 1 month before the end of the term."}},
		{"extends, shorter notice once extended", apiclient.TermInformation{
			Extension:         &apiclient.Extension{ExtensionType: apiclient.ExtensionTermExtension, TermExtension: month, ExtensionCancelationPeriod: week},
			CancelationPeriod: month,
		}, []string{"After its term it extends by 1 month at a time.", "Cancel at least 1 month before the end of the term.",
			"Once extended, cancel at least 2 weeks before the end of an extension."}},
		{"ends", apiclient.TermInformation{
			Extension:         &apiclient.Extension{ExtensionType: apiclient.ExtensionNew},
			CancelationPeriod: termP(1, apiclient.UnitWeek),
		}, []string{"It ends after its term and does not extend automatically.", "Cancel at least 1 week before the end of the term."}},
		{"nothing said", apiclient.TermInformation{}, nil},
		{"ends: no renewal's notice", apiclient.TermInformation{
			Extension:         &apiclient.Extension{ExtensionType: apiclient.ExtensionNew, ExtensionCancelationPeriod: week},
			CancelationPeriod: month,
		}, []string{"It ends after its term and does not extend automatically.", "Cancel at least 1 month before the end of the term."}},
	}
	for _, tt := range tests {
		got := TermLines(ctx, addon.TermsOf(tt.ti))
		if len(got) != len(tt.want) {
			t.Errorf("%s: TermLines = %q, want %q", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: line %d = %q, want %q", tt.name, i, got[i], tt.want[i])
			}
		}
	}
}

func TestPeriodKeysInCatalog(t *testing.T) {
	for _, k := range PeriodKeys() {
		if !i18n.Has(k) {
			t.Errorf("catalog lacks %q", k)
		}
	}
}
