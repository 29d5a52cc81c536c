package i18n

import (
	"context"
	"strings"
	"time"

	"github.com/bojanz/currency"
	"github.com/go-playground/locales"
	"github.com/go-playground/locales/de"
	"github.com/go-playground/locales/en_GB"

	"github.com/studio-addons/portal/apiclient"
)

// Formats come from CLDR through two libraries: money through
// bojanz/currency (current CLDR patterns, symbols and digits, exact
// decimals), dates through go-playground/locales (CLDR-generated date
// patterns and month names). English is written as in Britain and Ireland:
// day, month, year.
type formats struct {
	money *currency.Formatter
	dates locales.Translator
}

var localeFormats = map[Locale]formats{
	English: {money: currency.NewFormatter(currency.NewLocale("en-GB")), dates: en_GB.New()},
	German:  {money: currency.NewFormatter(currency.NewLocale("de-DE")), dates: de.New()},
}

func formatsFor(loc Locale) formats {
	if f, ok := localeFormats[loc]; ok {
		return f
	}
	return localeFormats[Default]
}

// Money formats an exact amount for the context's locale: €1,234.50 in
// English, 1.234,50 € in German.
func Money(ctx context.Context, m apiclient.Money) string {
	return FormatMoney(LocaleFrom(ctx), m)
}

// FormatMoney is Money for an explicit locale. The amount goes to the
// formatter as its exact decimal text, never as a float. A currency code
// CLDR does not know is shown as the code and the plain amount, a missing
// one as the plain amount.
func FormatMoney(loc Locale, m apiclient.Money) string {
	return moneyMemo.get(moneyKey{loc, m}, func() string { return formatMoney(loc, m) })
}

type moneyKey struct {
	loc Locale
	m   apiclient.Money
}

var moneyMemo = memo[moneyKey]{max: 4096}

func formatMoney(loc Locale, m apiclient.Money) string {
	code := strings.ToUpper(m.Currency)
	a, err := currency.NewAmount(m.DecimalString(), code)
	switch {
	case err != nil && m.Currency == "":
		return m.DecimalString()
	case err != nil:
		return m.Currency + "\u00a0" + m.DecimalString()
	}
	return formatsFor(loc).money.Format(a)
}

// Date formats a civil date: "29 Nov 2026" in English, "29.11.2026" in
// German (CLDR's medium date). The zero date formats as "".
func Date(ctx context.Context, d apiclient.Date) string {
	return FormatDate(LocaleFrom(ctx), d)
}

// FormatDate is Date for an explicit locale.
func FormatDate(loc Locale, d apiclient.Date) string {
	if d.IsZero() {
		return ""
	}
	return formatsFor(loc).dates.FmtDateMedium(d.Time())
}

// termKeys are the messages of a term in words, per unit.
var termKeys = map[apiclient.TermUnit]string{
	apiclient.UnitDay:   "term.day",
	apiclient.UnitWeek:  "term.week",
	apiclient.UnitMonth: "term.month",
	apiclient.UnitYear:  "term.year",
}

// Term formats a term in words, its plural by the locale's rules:
// "1 month", "14 days". A unit the portal has no words for gives "".
func Term(ctx context.Context, t apiclient.Term) string {
	key, ok := termKeys[t.Unit]
	if !ok {
		return ""
	}
	return T(ctx, key, t.Value)
}

// MonthDay formats a yearly charge date: "1 May", "1. Mai". The order is
// the catalog's (date.monthday), the month's name CLDR's.
func MonthDay(ctx context.Context, md apiclient.MonthDay) string {
	m := md.Number()
	if m < 1 || m > 12 {
		return ""
	}
	loc := LocaleFrom(ctx)
	name := formatsFor(loc).dates.MonthAbbreviated(time.Month(m))
	return Lookup(loc, "date.monthday", md.DayOfMonth, name)
}

// Time formats a moment's time of day in its own location, as CLDR's short
// time: "14:05" in English (as written in Britain) and German. Callers put
// the time in the zone they mean (the studio's) first.
func Time(ctx context.Context, t time.Time) string {
	return formatsFor(LocaleFrom(ctx)).dates.FmtTimeShort(t)
}
