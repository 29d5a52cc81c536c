package i18n

import (
	"context"
	"strconv"
	"strings"

	"github.com/studio-addons/portal/apiclient"
)

var symbols = map[string]string{"EUR": "€", "USD": "$", "GBP": "£"}

// Money formats an exact amount for the context's locale: €1,234.50 in
// English, 1.234,50 € in German; currencies without a symbol use their code.
func Money(ctx context.Context, m apiclient.Money) string {
	return FormatMoney(LocaleFrom(ctx), m)
}

// FormatMoney is Money for an explicit locale.
func FormatMoney(loc Locale, m apiclient.Money) string {
	dec := m.DecimalString()
	neg := strings.HasPrefix(dec, "-")
	dec = strings.TrimPrefix(dec, "-")
	intPart, frac, _ := strings.Cut(dec, ".")
	group, point := ",", "."
	if loc == German {
		group, point = ".", ","
	}
	num := groupThousands(intPart, group)
	if frac != "" {
		num += point + frac
	}
	sym, ok := symbols[m.Currency]
	var out string
	switch {
	case loc == German && ok:
		out = num + "\u00a0" + sym
	case loc == German:
		out = num + "\u00a0" + m.Currency
	case ok:
		out = sym + num
	default:
		out = m.Currency + "\u00a0" + num
	}
	if neg {
		out = "−" + out
	}
	return out
}

func groupThousands(digits, sep string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	lead := len(digits) % 3
	if lead > 0 {
		b.WriteString(digits[:lead])
	}
	for i := lead; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

var monthsEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// Date formats a civil date: "21 Nov 2026" in English, "21.11.2026" in German.
// The zero date formats as "".
func Date(ctx context.Context, d apiclient.Date) string {
	return FormatDate(LocaleFrom(ctx), d)
}

// FormatDate is Date for an explicit locale.
func FormatDate(loc Locale, d apiclient.Date) string {
	if d.IsZero() {
		return ""
	}
	if loc == German {
		return d.Time().Format("02.01.2006")
	}
	return strconv.Itoa(d.Day) + " " + monthsEN[d.Month-1] + " " + strconv.Itoa(d.Year)
}

// Term formats a term in words: "1 month", "14 days", "every 12 months" is
// built by callers from "term.every".
func Term(ctx context.Context, t apiclient.Term) string {
	unit := strings.ToLower(string(t.Unit))
	key := "term." + unit
	if t.Value != 1 {
		key += ".n"
	}
	return T(ctx, key, t.Value)
}

// MonthDay formats a yearly charge date ("1 May").
func MonthDay(ctx context.Context, md apiclient.MonthDay) string {
	m := md.Number()
	if m < 1 || m > 12 {
		return ""
	}
	if LocaleFrom(ctx) == German {
		return strconv.Itoa(md.DayOfMonth) + "." + strconv.Itoa(m) + "."
	}
	return strconv.Itoa(md.DayOfMonth) + " " + monthsEN[m-1]
}
