package views

import (
	"context"
	"strings"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
)

// This file words the typed prices and terms of package addon into the
// plain-language sentences members read on the add-on cards, the module
// page and the confirm page. The rules (what a frequency charges, which
// steps come when, what is unknown) are addon's; here is only the wording.

// PriceText returns how a price charges, in words:
// "Free", "One-time €49.00", "€9.90 every month", "€45.00 every year",
// "€29.00 on 1 May, €29.00 on 1 Jul, €19.00 on 1 Sep, every year" or
// "€19.90 per month for the first 3 months, then €24.90".
// An unknown price says so instead of guessing.
func PriceText(ctx context.Context, p addon.Price) string {
	switch p.Kind {
	case addon.PriceFree:
		return i18n.T(ctx, "price.free")
	case addon.PriceOnce:
		return i18n.T(ctx, "price.onetime", i18n.Money(ctx, p.Amount))
	case addon.PriceRecurring:
		return i18n.T(ctx, "price.recurring", i18n.Money(ctx, p.Amount), every(ctx, p.Interval))
	case addon.PriceAmount:
		return i18n.Money(ctx, p.Amount)
	case addon.PriceMonthDay:
		if s, ok := monthDayText(ctx, p.Dates); ok {
			return s
		}
	case addon.PriceStepped:
		return termBasedText(ctx, p)
	}
	return i18n.T(ctx, "price.unknown")
}

// ChosenPriceText is PriceText for a choice the member made. With a trial,
// a TERM_BASED price's steps are said by contract period ("€24.90 from
// month 4 of the contract"): its terms count from the start, trial
// included (see package addon), so "for the first 3 months" would promise
// three paid months.
func ChosenPriceText(ctx context.Context, p addon.Price, trial bool) string {
	if trial && p.Kind == addon.PriceStepped {
		return termBasedTrialText(ctx, p)
	}
	return PriceText(ctx, p)
}

// BookButtonLabel is the one submit label of the confirm page; it states the
// price the member agrees to: "Book and pay €9.90 per month", "Book and pay €49.00
// one-time", "Book for free", "Book: free trial first, then pay €9.90 per month".
func BookButtonLabel(ctx context.Context, p addon.Price, trial bool) string {
	if p.Kind == addon.PriceFree {
		if trial {
			return i18n.T(ctx, "book.button.trial.free")
		}
		return i18n.T(ctx, "book.button.free")
	}
	short := shortPrice(ctx, p)
	if trial {
		if p.Kind == addon.PriceStepped {
			short = ChosenPriceText(ctx, p, true)
		}
		return i18n.T(ctx, "book.button.trial", short)
	}
	return i18n.T(ctx, "book.button", short)
}

// shortPrice is the price phrase of the button: the per-period price where
// there is one period, the year's total for a MONTH_DAY schedule, and the
// full sentence where a shorter one would hide a later price.
func shortPrice(ctx context.Context, p addon.Price) string {
	switch p.Kind {
	case addon.PriceOnce:
		return i18n.T(ctx, "price.onetime.short", i18n.Money(ctx, p.Amount))
	case addon.PriceRecurring:
		return i18n.T(ctx, "price.recurring", i18n.Money(ctx, p.Amount), per(ctx, p.Interval))
	case addon.PriceMonthDay:
		if total, ok := p.YearTotal(); ok {
			return i18n.T(ctx, "price.peryear", i18n.Money(ctx, total))
		}
	}
	return PriceText(ctx, p)
}

// monthDayText lists the charge dates (already in calendar order).
func monthDayText(ctx context.Context, dates []addon.DatePrice) (string, bool) {
	parts := make([]string, 0, len(dates))
	for _, p := range dates {
		day := i18n.MonthDay(ctx, p.Day)
		if day == "" {
			return "", false
		}
		parts = append(parts, i18n.T(ctx, "price.monthday.part", i18n.Money(ctx, p.Amount), day))
	}
	return i18n.T(ctx, "price.monthday", strings.Join(parts, i18n.T(ctx, "price.list.sep"))), true
}

// termBasedText words a stepped price: the base price for the first step's
// term, then each later price from its own.
func termBasedText(ctx context.Context, p addon.Price) string {
	base := i18n.T(ctx, "price.recurring", i18n.Money(ctx, p.Amount), per(ctx, p.Interval))
	if len(p.Steps) == 0 {
		return base
	}
	var b strings.Builder
	b.WriteString(i18n.T(ctx, "price.termbased.first", base, i18n.Term(ctx, p.Steps[0].After)))
	b.WriteString(i18n.T(ctx, "price.termbased.then", i18n.Money(ctx, p.Steps[0].Amount)))
	for _, s := range p.Steps[1:] {
		b.WriteString(i18n.T(ctx, "price.termbased.after", i18n.Money(ctx, s.Amount), i18n.Term(ctx, s.After)))
	}
	return b.String()
}

// termBasedTrialText words a stepped price booked with a trial: the base
// price, then each step from the contract period it starts in
// ("€19.90 per month, €24.90 from month 4 of the contract").
func termBasedTrialText(ctx context.Context, p addon.Price) string {
	parts := []string{i18n.T(ctx, "price.recurring", i18n.Money(ctx, p.Amount), per(ctx, p.Interval))}
	for _, s := range p.Steps {
		parts = append(parts, i18n.T(ctx, fromKeys[s.After.Unit], i18n.Money(ctx, s.Amount), s.After.Value+1))
	}
	return strings.Join(parts, i18n.T(ctx, "price.list.sep"))
}

// The period words per unit; each message picks its wording by the number
// (i18n plural rules), so "every month" and "every 3 months" are one key.
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

// every is "every month" / "every 3 months" / "every year".
func every(ctx context.Context, t apiclient.Term) string {
	t = inYears(t)
	return i18n.T(ctx, everyKeys[t.Unit], t.Value)
}

// per is "per month" / "every 3 months" / "per year" (the button and step
// wording).
func per(ctx context.Context, t apiclient.Term) string {
	t = inYears(t)
	return i18n.T(ctx, perKeys[t.Unit], t.Value)
}
