package views

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
)

// This file turns the upstream's payment frequencies and term information
// into the plain-language sentences members read on the add-on cards, the
// module page and the confirm page. Amounts stay exact Money throughout; the
// only arithmetic (a MONTH_DAY year's total) uses Money.Add in minor units.

// knownUnits are the term units the sentences have words for.
var knownUnits = []apiclient.TermUnit{apiclient.UnitDay, apiclient.UnitWeek, apiclient.UnitMonth, apiclient.UnitYear}

// PriceText returns how a payment frequency charges, in words:
// "Free", "One-time €49.00", "€9.90 every month", "€45.00 every 12 months",
// "€29.00 on 1 May, €29.00 on 1 Jul, €19.00 on 1 Sep, every year" or
// "€19.90 per month for the first 3 months, then €24.90".
// A shape the portal cannot put into words says so instead of guessing.
func PriceText(ctx context.Context, f apiclient.PaymentFrequency) string {
	switch f.Type {
	case apiclient.FrequencyFree:
		return i18n.T(ctx, "price.free")
	case apiclient.FrequencyNonRecurring:
		if f.Price != nil {
			return i18n.T(ctx, "price.onetime", i18n.Money(ctx, *f.Price))
		}
	case apiclient.FrequencyRecurring:
		if f.Price != nil && validTerm(f.Term) {
			return i18n.T(ctx, "price.recurring", i18n.Money(ctx, *f.Price), every(ctx, *f.Term))
		}
	case apiclient.FrequencyMonthDay:
		if s, ok := monthDayText(ctx, f.MonthDaysToPrices); ok {
			return s
		}
	case apiclient.FrequencyTermBased:
		if s, ok := termBasedText(ctx, f); ok {
			return s
		}
	}
	return i18n.T(ctx, "price.unknown")
}

// ChosenPriceText is PriceText for a choice the member made. With a trial,
// a TERM_BASED frequency's steps are said by contract period ("€24.90 from
// month 4 of the contract"): its terms count from the start, trial
// included, so "for the first 3 months" would promise three paid months.
func ChosenPriceText(ctx context.Context, f apiclient.PaymentFrequency, trial bool) string {
	if trial && f.Type == apiclient.FrequencyTermBased {
		if s, ok := termBasedTrialText(ctx, f); ok {
			return s
		}
	}
	return PriceText(ctx, f)
}

// BookButtonLabel is the one submit label of the confirm page; it states the
// price the member agrees to: "Book for €9.90 per month", "Book for €49.00
// one-time", "Book for free", "Start free trial, then €9.90 per month".
func BookButtonLabel(ctx context.Context, f apiclient.PaymentFrequency, trial bool) string {
	if f.Type == apiclient.FrequencyFree {
		if trial {
			return i18n.T(ctx, "book.button.trial.free")
		}
		return i18n.T(ctx, "book.button.free")
	}
	short := shortPrice(ctx, f)
	if trial {
		if f.Type == apiclient.FrequencyTermBased {
			short = ChosenPriceText(ctx, f, true)
		}
		return i18n.T(ctx, "book.button.trial", short)
	}
	return i18n.T(ctx, "book.button", short)
}

// shortPrice is the price phrase of the button: the per-period price where
// there is one period, the year's total for a MONTH_DAY schedule, and the
// full sentence where a shorter one would hide a later price.
func shortPrice(ctx context.Context, f apiclient.PaymentFrequency) string {
	switch f.Type {
	case apiclient.FrequencyNonRecurring:
		if f.Price != nil {
			return i18n.T(ctx, "price.onetime.short", i18n.Money(ctx, *f.Price))
		}
	case apiclient.FrequencyRecurring:
		if f.Price != nil && validTerm(f.Term) {
			return i18n.T(ctx, "price.recurring", i18n.Money(ctx, *f.Price), per(ctx, *f.Term))
		}
	case apiclient.FrequencyMonthDay:
		if total, ok := yearTotal(f.MonthDaysToPrices); ok {
			return i18n.T(ctx, "price.peryear", i18n.Money(ctx, total))
		}
	}
	return PriceText(ctx, f)
}

// yearTotal adds a MONTH_DAY schedule's amounts exactly.
func yearTotal(prices []apiclient.MonthDayPrice) (apiclient.Money, bool) {
	if len(prices) == 0 {
		return apiclient.Money{}, false
	}
	total := apiclient.Money{Currency: prices[0].Price.Currency}
	for _, p := range prices {
		var err error
		if total, err = total.Add(p.Price); err != nil {
			return apiclient.Money{}, false
		}
	}
	return total, true
}

// monthDayText lists the charge dates in calendar order.
func monthDayText(ctx context.Context, prices []apiclient.MonthDayPrice) (string, bool) {
	if len(prices) == 0 {
		return "", false
	}
	sorted := slices.Clone(prices)
	slices.SortStableFunc(sorted, func(a, b apiclient.MonthDayPrice) int {
		return cmp.Or(cmp.Compare(a.MonthDay.Number(), b.MonthDay.Number()), cmp.Compare(a.MonthDay.DayOfMonth, b.MonthDay.DayOfMonth))
	})
	parts := make([]string, 0, len(sorted))
	for _, p := range sorted {
		day := i18n.MonthDay(ctx, p.MonthDay)
		if day == "" {
			return "", false
		}
		parts = append(parts, i18n.T(ctx, "price.monthday.part", i18n.Money(ctx, p.Price), day))
	}
	return i18n.T(ctx, "price.monthday", strings.Join(parts, i18n.T(ctx, "price.list.sep"))), true
}

// termBasedText words a TERM_BASED frequency. Each step's price becomes
// active AFTER its term (counted from the start) has passed, so the base
// price holds for the first step's term, and each later price from its own.
func termBasedText(ctx context.Context, f apiclient.PaymentFrequency) (string, bool) {
	base, steps, ok := termBasedSteps(ctx, f)
	if !ok || len(steps) == 0 {
		return base, ok
	}
	var b strings.Builder
	b.WriteString(i18n.T(ctx, "price.termbased.first", base, i18n.Term(ctx, steps[0].Term)))
	b.WriteString(i18n.T(ctx, "price.termbased.then", i18n.Money(ctx, steps[0].Price)))
	for _, s := range steps[1:] {
		b.WriteString(i18n.T(ctx, "price.termbased.after", i18n.Money(ctx, s.Price), i18n.Term(ctx, s.Term)))
	}
	return b.String(), true
}

// termBasedTrialText words a TERM_BASED frequency booked with a trial: the
// base price, then each step from the contract period it starts in
// ("€19.90 per month, €24.90 from month 4 of the contract").
func termBasedTrialText(ctx context.Context, f apiclient.PaymentFrequency) (string, bool) {
	base, steps, ok := termBasedSteps(ctx, f)
	if !ok {
		return "", false
	}
	parts := []string{base}
	for _, s := range steps {
		parts = append(parts, i18n.T(ctx, fromKeys[s.Term.Unit], i18n.Money(ctx, s.Price), s.Term.Value+1))
	}
	return strings.Join(parts, i18n.T(ctx, "price.list.sep")), true
}

// termBasedSteps returns a TERM_BASED frequency's base price in words and
// its steps in the order they begin.
func termBasedSteps(ctx context.Context, f apiclient.PaymentFrequency) (string, []apiclient.TermPrice, bool) {
	if f.Price == nil || !validTerm(f.Term) {
		return "", nil, false
	}
	base := i18n.T(ctx, "price.recurring", i18n.Money(ctx, *f.Price), per(ctx, *f.Term))
	steps := slices.Clone(f.TermsToPrices)
	for _, s := range steps {
		if !validTerm(&s.Term) {
			return "", nil, false
		}
	}
	// Terms may mix units; ordering them by where they end from a fixed day
	// is exact for every unit and needs no conversion.
	origin := apiclient.NewDate(2000, 1, 1)
	slices.SortStableFunc(steps, func(a, b apiclient.TermPrice) int {
		return a.Term.AddTo(origin, 1).Compare(b.Term.AddTo(origin, 1))
	})
	return base, steps, true
}

func validTerm(t *apiclient.Term) bool {
	return t != nil && t.Value > 0 && slices.Contains(knownUnits, t.Unit)
}

// The period words per unit; each message picks its wording by the number
// (i18n plural rules), so "every month" and "every 12 months" are one key.
var (
	everyKeys = map[apiclient.TermUnit]string{
		apiclient.UnitDay: "price.every.day", apiclient.UnitWeek: "price.every.week",
		apiclient.UnitMonth: "price.every.month", apiclient.UnitYear: "price.every.year",
	}
	perKeys = map[apiclient.TermUnit]string{
		apiclient.UnitDay: "price.per.day", apiclient.UnitWeek: "price.per.week",
		apiclient.UnitMonth: "price.per.month", apiclient.UnitYear: "price.per.year",
	}
	// fromKeys say where a TERM_BASED step starts when booked with a trial.
	fromKeys = map[apiclient.TermUnit]string{
		apiclient.UnitDay: "price.termbased.from.day", apiclient.UnitWeek: "price.termbased.from.week",
		apiclient.UnitMonth: "price.termbased.from.month", apiclient.UnitYear: "price.termbased.from.year",
	}
)

// every is "every month" / "every 12 months".
func every(ctx context.Context, t apiclient.Term) string {
	return i18n.T(ctx, everyKeys[t.Unit], t.Value)
}

// per is "per month" / "every 12 months" (the button and step wording).
func per(ctx context.Context, t apiclient.Term) string {
	return i18n.T(ctx, perKeys[t.Unit], t.Value)
}

// TermLines describes a module's term configuration in sentences: how it
// extends and how long before an end it must be canceled. The upstream's
// termInformation carries no initial term, so the lines speak of "its term".
func TermLines(ctx context.Context, ti apiclient.TermInformation) []string {
	var lines []string
	if ext := ti.Extension; ext != nil {
		switch {
		case ext.ExtensionType == apiclient.ExtensionTermExtension && validTerm(ext.TermExtension):
			lines = append(lines, i18n.T(ctx, "term.info.extends", i18n.Term(ctx, *ext.TermExtension)))
		case ext.ExtensionType == apiclient.ExtensionNew:
			lines = append(lines, i18n.T(ctx, "term.info.noextension"))
		}
	}
	if validTerm(ti.CancelationPeriod) {
		lines = append(lines, i18n.T(ctx, "term.info.notice", i18n.Term(ctx, *ti.CancelationPeriod)))
	}
	if ext := ti.Extension; ext != nil && validTerm(ext.ExtensionCancelationPeriod) &&
		(ti.CancelationPeriod == nil || *ext.ExtensionCancelationPeriod != *ti.CancelationPeriod) {
		lines = append(lines, i18n.T(ctx, "term.info.extnotice", i18n.Term(ctx, *ext.ExtensionCancelationPeriod)))
	}
	return lines
}
