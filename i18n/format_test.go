package i18n

import (
	"context"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

func TestFormatMoney(t *testing.T) {
	eur := func(minor int64) apiclient.Money { return apiclient.Money{Minor: minor, Currency: "EUR"} }
	tests := []struct {
		name   string
		m      apiclient.Money
		en, de string
	}{
		{"cents", eur(990), "€9.90", "9,90\u00a0€"},
		{"towel", eur(450), "€4.50", "4,50\u00a0€"},
		{"whole euros keep their cents", eur(2000), "€20.00", "20,00\u00a0€"},
		{"thousands", eur(123450), "€1,234.50", "1.234,50\u00a0€"},
		{"millions", eur(123456789), "€1,234,567.89", "1.234.567,89\u00a0€"},
		{"zero", eur(0), "€0.00", "0,00\u00a0€"},
		{"negative cents", eur(-5), "-€0.05", "-0,05\u00a0€"},
		{"negative thousands", eur(-123450), "-€1,234.50", "-1.234,50\u00a0€"},
		{"beyond float precision", eur(9007199254740993), "€90,071,992,547,409.93", "90.071.992.547.409,93\u00a0€"},
		{"lower-case code", apiclient.Money{Minor: 990, Currency: "eur"}, "€9.90", "9,90\u00a0€"},
		{"no minor unit", apiclient.Money{Minor: 1500, Currency: "JPY"}, "JP¥1,500", "1.500\u00a0¥"},
		{"three-digit minor unit", apiclient.Money{Minor: 1234, Currency: "KWD"}, "KWD\u00a01.234", "1,234\u00a0KWD"},
		{"Swiss francs", apiclient.Money{Minor: 1000, Currency: "CHF"}, "CHF\u00a010.00", "10,00\u00a0CHF"},
		{"pounds", apiclient.Money{Minor: 1000, Currency: "GBP"}, "£10.00", "10,00\u00a0£"},
		{"US dollars", apiclient.Money{Minor: 1000, Currency: "USD"}, "US$10.00", "10,00\u00a0$"},
		{"unknown code", apiclient.Money{Minor: 1000, Currency: "XYZ"}, "XYZ\u00a010.00", "XYZ\u00a010.00"},
		{"no code", apiclient.Money{Minor: -1000}, "-10.00", "-10.00"},
	}
	for _, tt := range tests {
		if got := FormatMoney(English, tt.m); got != tt.en {
			t.Errorf("%s: English = %q, want %q", tt.name, got, tt.en)
		}
		if got := FormatMoney(German, tt.m); got != tt.de {
			t.Errorf("%s: German = %q, want %q", tt.name, got, tt.de)
		}
	}
}

func TestMoneyFollowsContext(t *testing.T) {
	m := apiclient.Money{Minor: 450, Currency: "EUR"}
	if got, want := Money(WithLocale(context.Background(), German), m), "4,50\u00a0€"; got != want {
		t.Errorf("German context: %q, want %q", got, want)
	}
	if got, want := Money(context.Background(), m), "€4.50"; got != want {
		t.Errorf("no locale (the default): %q, want %q", got, want)
	}
}

func TestFormatDate(t *testing.T) {
	tests := []struct {
		d      apiclient.Date
		en, de string
	}{
		{apiclient.NewDate(2026, 11, 29), "29 Nov 2026", "29.11.2026"},
		{apiclient.NewDate(2026, 11, 2), "2 Nov 2026", "02.11.2026"},
		{apiclient.NewDate(2028, 2, 29), "29 Feb 2028", "29.02.2028"},
		{apiclient.NewDate(2027, 5, 1), "1 May 2027", "01.05.2027"},
		{apiclient.Date{}, "", ""},
	}
	for _, tt := range tests {
		if got := FormatDate(English, tt.d); got != tt.en {
			t.Errorf("English %v = %q, want %q", tt.d, got, tt.en)
		}
		if got := FormatDate(German, tt.d); got != tt.de {
			t.Errorf("German %v = %q, want %q", tt.d, got, tt.de)
		}
		if got := Date(WithLocale(context.Background(), German), tt.d); got != tt.de {
			t.Errorf("Date in a German context %v = %q, want %q", tt.d, got, tt.de)
		}
	}
}

func TestTerm(t *testing.T) {
	tests := []struct {
		term   apiclient.Term
		en, de string
	}{
		{apiclient.Term{Value: 1, Unit: apiclient.UnitMonth}, "1 month", "1\u00a0Monat"},
		{apiclient.Term{Value: 12, Unit: apiclient.UnitMonth}, "12 months", "12\u00a0Monate"},
		{apiclient.Term{Value: 14, Unit: apiclient.UnitDay}, "14 days", "14\u00a0Tage"},
		{apiclient.Term{Value: 1, Unit: apiclient.UnitDay}, "1 day", "1\u00a0Tag"},
		{apiclient.Term{Value: 1, Unit: apiclient.UnitWeek}, "1 week", "1\u00a0Woche"},
		{apiclient.Term{Value: 2, Unit: apiclient.UnitWeek}, "2 weeks", "2\u00a0Wochen"},
		{apiclient.Term{Value: 1, Unit: apiclient.UnitYear}, "1 year", "1\u00a0Jahr"},
		{apiclient.Term{Value: 2, Unit: apiclient.UnitYear}, "2 years", "2\u00a0Jahre"},
		{apiclient.Term{Value: 0, Unit: apiclient.UnitMonth}, "0 months", "0\u00a0Monate"},
		{apiclient.Term{Value: 3, Unit: "FORTNIGHT"}, "", ""},
	}
	en, de := WithLocale(context.Background(), English), WithLocale(context.Background(), German)
	for _, tt := range tests {
		if got := Term(en, tt.term); got != tt.en {
			t.Errorf("English %v = %q, want %q", tt.term, got, tt.en)
		}
		if got := Term(de, tt.term); got != tt.de {
			t.Errorf("German %v = %q, want %q", tt.term, got, tt.de)
		}
	}
}

func TestMonthDay(t *testing.T) {
	tests := []struct {
		md     apiclient.MonthDay
		en, de string
	}{
		{apiclient.MonthDay{Month: apiclient.May, DayOfMonth: 1}, "1 May", "1.\u00a0Mai"},
		{apiclient.MonthDay{Month: apiclient.September, MonthValue: 9, DayOfMonth: 15}, "15 Sep", "15.\u00a0Sept."},
		{apiclient.MonthDay{MonthValue: 3, DayOfMonth: 31}, "31 Mar", "31.\u00a0März"},
		{apiclient.MonthDay{Month: "SMARCH", DayOfMonth: 1}, "", ""},
	}
	en, de := WithLocale(context.Background(), English), WithLocale(context.Background(), German)
	for _, tt := range tests {
		if got := MonthDay(en, tt.md); got != tt.en {
			t.Errorf("English %v = %q, want %q", tt.md, got, tt.en)
		}
		if got := MonthDay(de, tt.md); got != tt.de {
			t.Errorf("German %v = %q, want %q", tt.md, got, tt.de)
		}
	}
}

// Every supported locale formats with its own CLDR data, never silently
// with another's.
func TestEveryLocaleHasFormats(t *testing.T) {
	for _, loc := range Supported() {
		if _, ok := localeFormats[loc]; !ok {
			t.Errorf("%s has no money and date formats", loc)
		}
	}
}

func TestTime(t *testing.T) {
	at := time.Date(2026, 11, 21, 9, 5, 30, 0, time.UTC)
	for loc, want := range map[Locale]string{English: "09:05", German: "09:05"} {
		if got := Time(WithLocale(context.Background(), loc), at); got != want {
			t.Errorf("%s: Time = %q, want %q", loc, got, want)
		}
	}
}
