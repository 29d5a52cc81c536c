package views

import (
	"context"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
)

// This file words what a member pays for add-ons they have booked: each
// price with its interval and the monthly total on My add-ons.

// BookedPriceText is a booked add-on's price with its interval, as a
// member reads it on My add-ons: "€9.90 per month", "€45.00 per year",
// "€49.00 once", "Free"; a schedule on set days lists them, a stepped price
// says from which contract period each step applies (it counts from the
// add-on's start, trial included). An amount whose interval the studio's
// data does not give is "per payment", and an unknown price says so.
func BookedPriceText(ctx context.Context, p addon.Price) string {
	switch p.Kind {
	case addon.PriceFree:
		return i18n.T(ctx, "mymodules.price.free")
	case addon.PriceOnce:
		return i18n.T(ctx, "mymodules.price.once", i18n.Money(ctx, p.Amount))
	case addon.PriceRecurring:
		return i18n.T(ctx, "price.recurring", i18n.Money(ctx, p.Amount), per(ctx, p.Interval))
	case addon.PriceStepped:
		return termBasedTrialText(ctx, p)
	case addon.PriceAmount:
		return i18n.T(ctx, "mymodules.price.perpayment", i18n.Money(ctx, p.Amount))
	case addon.PriceMonthDay:
		if s, ok := monthDayText(ctx, p.Dates); ok {
			return s
		}
	}
	return i18n.T(ctx, "mymodules.price.unknown")
}

// inYears says a whole number of years in years: a price charged every 12
// months is charged "every year" / "per year", wherever it is worded (every,
// per). The two are the same term (package apiclient counts a year as 12
// months).
func inYears(t apiclient.Term) apiclient.Term {
	if t.Unit == apiclient.UnitMonth && t.Value > 0 && t.Value%12 == 0 {
		return apiclient.Term{Value: t.Value / 12, Unit: apiclient.UnitYear}
	}
	return t
}

// MonthlySummary is the monthly total of a member's current add-ons
// (addon.MonthlyTotal): the add-ons charged every month, added exactly,
// and the ones charged otherwise, listed with their own price rather than
// converted into a monthly share.
type MonthlySummary struct {
	Total   apiclient.Money
	Counted int
	Others  []ModuleContract
}

// Shown reports whether there is anything to sum up: a free or one-time
// add-on alone has no monthly total.
func (s MonthlySummary) Shown() bool { return s.Counted > 0 || len(s.Others) > 0 }
