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
		{"every 12 months", yearly, "€45.00 every year"},
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

// TestPricesInGerman reads the sentences as a German member does: their own
// word order and plurals, amounts and dates formatted the German way.
func TestPricesInGerman(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), i18n.German)
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"free", PriceText(ctx, addon.PriceOf(free)), "Kostenlos"},
		{"one-time", PriceText(ctx, addon.PriceOf(oneTime)), "Einmalig 49,00\u00a0€"},
		{"monthly", PriceText(ctx, addon.PriceOf(monthly)), "9,90\u00a0€ monatlich"},
		{"every 12 months", PriceText(ctx, addon.PriceOf(yearly)), "45,00\u00a0€ jährlich"},
		{"month day", PriceText(ctx, addon.PriceOf(summer)), "29,00\u00a0€ am 1.\u00a0Mai, 29,00\u00a0€ am 1.\u00a0Juli, 19,00\u00a0€ am 1.\u00a0Sept., jedes Jahr"},
		{"term based", PriceText(ctx, addon.PriceOf(drink)), "19,90\u00a0€ pro Monat für 3\u00a0Monate, danach 24,90\u00a0€"},
		{"term based, later steps", PriceText(ctx, addon.PriceOf(stepped)), "19,90\u00a0€ pro Monat für 3\u00a0Monate, danach 24,90\u00a0€, 1\u00a0Jahr nach Beginn 29,90\u00a0€"},
		{"term based with trial", ChosenPriceText(ctx, addon.PriceOf(drink), true), "19,90\u00a0€ pro Monat, 24,90\u00a0€ ab dem 4. Vertragsmonat"},
		{"button monthly", BookButtonLabel(ctx, addon.PriceOf(monthly), false), "Zahlungspflichtig buchen: 9,90\u00a0€ pro Monat"},
		{"button every 12 months", BookButtonLabel(ctx, addon.PriceOf(yearly), false), "Zahlungspflichtig buchen: 45,00\u00a0€ pro Jahr"},
		{"button one-time", BookButtonLabel(ctx, addon.PriceOf(oneTime), false), "Zahlungspflichtig buchen: 49,00\u00a0€ einmalig"},
		{"button month day", BookButtonLabel(ctx, addon.PriceOf(summer), false), "Zahlungspflichtig buchen: 77,00\u00a0€ pro Jahr"},
		{"button free", BookButtonLabel(ctx, addon.PriceOf(free), false), "Kostenlos buchen"},
		{"button trial", BookButtonLabel(ctx, addon.PriceOf(monthly), true), "Zahlungspflichtig buchen: erst kostenlos testen, dann 9,90\u00a0€ pro Monat"},
		{"button free trial", BookButtonLabel(ctx, addon.PriceOf(free), true), "Kostenlose Testphase starten"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
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
		{"monthly", monthly, false, "Book and pay €9.90 per month"},
		{"every 12 months", yearly, false, "Book and pay €45.00 per year"},
		{"one-time", oneTime, false, "Book and pay €49.00 one-time"},
		{"free", free, false, "Book for free"},
		{"trial", monthly, true, "Book: free trial first, then pay €9.90 per month"},
		{"free with trial", free, true, "Start free trial"},
		{"month day: the year's exact total", summer, false, "Book and pay €77.00 per year"},
		{"term based: the later price is on the button too", drink, false, "Book and pay €19.90 per month for the first 3 months, then €24.90"},
		// The terms count from the start, trial included: no "first 3 months".
		{"term based trial", drink, true, "Book: free trial first, then pay €19.90 per month, €24.90 from month 4 of the contract"},
		{"term based trial, steps in term order", stepped, true, "Book: free trial first, then pay €19.90 per month, €24.90 from month 4 of the contract, €29.90 from year 2 of the contract"},
		// No year's total of amounts that do not add up: the dates instead.
		{"month day in two currencies", apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay, MonthDaysToPrices: []apiclient.MonthDayPrice{
			{MonthDay: md(apiclient.May, 5, 1), Price: eur(100)}, {MonthDay: md(apiclient.June, 6, 1), Price: apiclient.NewMoney(100, "USD")}}}, false,
			"Book and pay €1.00 on 1 May, US$1.00 on 1 Jun, every year"},
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
		{"yearly: with its period", yearly, false, "€45.00 every year"},
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
