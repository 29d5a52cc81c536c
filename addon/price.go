package addon

import (
	"cmp"
	"slices"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// PriceKind says how a payment frequency charges.
type PriceKind string

// Price kinds. The zero value is PriceUnknown, so a Price nobody filled in
// never reads as free.
const (
	// PriceUnknown: the studio's data does not say what it costs (a
	// RECURRING or NON_RECURRING frequency without a price, a term or date
	// the portal cannot read, an unknown type). Never shown as 0.
	PriceUnknown PriceKind = ""
	// PriceFree: FREE, nothing to pay.
	PriceFree PriceKind = "free"
	// PriceOnce: NON_RECURRING, Amount once.
	PriceOnce PriceKind = "once"
	// PriceRecurring: RECURRING, Amount every Interval.
	PriceRecurring PriceKind = "recurring"
	// PriceMonthDay: MONTH_DAY, Dates[i].Amount on Dates[i].Day every year.
	PriceMonthDay PriceKind = "month-day"
	// PriceStepped: TERM_BASED, Amount every Interval until the first of
	// Steps begins, then that step's amount, and so on.
	PriceStepped PriceKind = "stepped"
	// PriceAmount: a booked add-on's amount per payment whose interval the
	// data does not give (the add-on contract names no payment frequency).
	PriceAmount PriceKind = "amount"
)

// Price is what a payment frequency charges, typed: views word it.
type Price struct {
	Kind PriceKind
	// Amount is the price of one payment (Once, Recurring, Amount) or the
	// base price before the first step (Stepped).
	Amount apiclient.Money
	// Interval is how often a Recurring or Stepped price is charged.
	Interval apiclient.Term
	// Steps are a Stepped price's later prices, in the order they begin.
	Steps []Step
	// Dates are a MonthDay price's yearly charge days, in calendar order.
	Dates []DatePrice
}

// Step is one later price of a TERM_BASED frequency: Amount applies once
// After has passed, counted from the add-on's start date (see the package
// doc).
type Step struct {
	After  apiclient.Term
	Amount apiclient.Money
}

// DatePrice is one yearly charge day of a MONTH_DAY frequency.
type DatePrice struct {
	Day    apiclient.MonthDay
	Amount apiclient.Money
}

// Units lists the term units the portal can count with (DAY, WEEK, MONTH,
// YEAR); a term in any other unit is unknown to it.
func Units() []apiclient.TermUnit {
	return []apiclient.TermUnit{apiclient.UnitDay, apiclient.UnitWeek, apiclient.UnitMonth, apiclient.UnitYear}
}

// validTerm reports whether t is present, positive and in a known unit.
func validTerm(t *apiclient.Term) bool {
	return t != nil && t.Value > 0 && slices.Contains(Units(), t.Unit)
}

// knownTerm returns t when it is valid, else nil: an unusable term is an
// unknown one.
func knownTerm(t *apiclient.Term) *apiclient.Term {
	if !validTerm(t) {
		return nil
	}
	c := *t
	return &c
}

// PriceOf reads a payment frequency of the catalog. Whatever the data
// leaves open makes the whole price PriceUnknown rather than a guess: a
// RECURRING or NON_RECURRING frequency without a price, a RECURRING or
// TERM_BASED one without a usable term, a TERM_BASED one without a base
// price or with a step in an unknown unit, a MONTH_DAY one without dates or
// with an impossible date.
func PriceOf(f apiclient.PaymentFrequency) Price {
	switch f.Type {
	case apiclient.FrequencyFree:
		return Price{Kind: PriceFree}
	case apiclient.FrequencyNonRecurring:
		if f.Price != nil {
			return Price{Kind: PriceOnce, Amount: *f.Price}
		}
	case apiclient.FrequencyRecurring:
		if f.Price != nil && validTerm(f.Term) {
			return Price{Kind: PriceRecurring, Amount: *f.Price, Interval: *f.Term}
		}
	case apiclient.FrequencyMonthDay:
		if dates, ok := monthDays(f.MonthDaysToPrices); ok {
			return Price{Kind: PriceMonthDay, Dates: dates}
		}
	case apiclient.FrequencyTermBased:
		if steps, ok := termSteps(f); ok {
			return Price{Kind: PriceStepped, Amount: *f.Price, Interval: *f.Term, Steps: steps}
		}
	}
	return Price{}
}

// monthDays sorts a MONTH_DAY schedule into calendar order; any day that
// is not a real day of the year (Feb 29 counts) makes it unreadable.
func monthDays(prices []apiclient.MonthDayPrice) ([]DatePrice, bool) {
	if len(prices) == 0 {
		return nil, false
	}
	out := make([]DatePrice, 0, len(prices))
	for _, p := range prices {
		m, d := p.MonthDay.Number(), p.MonthDay.DayOfMonth
		// 2000 is a leap year: Feb 29 is a possible charge day.
		if m < 1 || m > 12 || d < 1 || d > daysIn(2000, time.Month(m)) {
			return nil, false
		}
		out = append(out, DatePrice{Day: p.MonthDay, Amount: p.Price})
	}
	slices.SortStableFunc(out, func(a, b DatePrice) int {
		return cmp.Or(cmp.Compare(a.Day.Number(), b.Day.Number()), cmp.Compare(a.Day.DayOfMonth, b.Day.DayOfMonth))
	})
	return out, true
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// termSteps returns a TERM_BASED frequency's steps in the order they begin.
// Terms may mix units; ordering them by where they end from a fixed day is
// exact for every unit and needs no conversion.
func termSteps(f apiclient.PaymentFrequency) ([]Step, bool) {
	if f.Price == nil || !validTerm(f.Term) {
		return nil, false
	}
	steps := make([]Step, 0, len(f.TermsToPrices))
	for _, s := range f.TermsToPrices {
		if !validTerm(&s.Term) {
			return nil, false
		}
		steps = append(steps, Step{After: s.Term, Amount: s.Price})
	}
	origin := apiclient.NewDate(2000, 1, 1)
	slices.SortStableFunc(steps, func(a, b Step) int {
		return a.After.AddTo(origin, 1).Compare(b.After.AddTo(origin, 1))
	})
	return steps, true
}

// YearTotal adds a MonthDay price's amounts exactly: what one year of
// charge days costs. ok is false for other kinds and when the amounts do
// not add up (mixed currencies).
func (p Price) YearTotal() (apiclient.Money, bool) {
	if p.Kind != PriceMonthDay || len(p.Dates) == 0 {
		return apiclient.Money{}, false
	}
	total := apiclient.Money{Currency: p.Dates[0].Amount.Currency}
	for _, d := range p.Dates {
		var err error
		if total, err = total.Add(d.Amount); err != nil {
			return apiclient.Money{}, false
		}
	}
	return total, true
}

// currency is the price's currency, "" when it has none (free, unknown).
func (p Price) currency() string {
	if p.Kind == PriceMonthDay && len(p.Dates) > 0 {
		return p.Dates[0].Amount.Currency
	}
	return p.Amount.Currency
}

// BookedPrice is the price of a booked add-on: the amount its contract
// carries per payment, with the interval its payment frequency gives. f is
// the frequency the add-on was booked with (the contract's
// moduleContracts[].priceDetails.paymentFrequency, or a frequency holding
// only moduleContracts[].paymentFrequency as Type); nil when unknown. Then
// the result is PriceAmount, or PriceFree when the amount is zero, as the
// add-on contract's price is required and a zero one means nothing is
// charged.
func BookedPrice(mc apiclient.AdditionalModuleContract, f *apiclient.PaymentFrequency) Price {
	amount := Price{Kind: PriceAmount, Amount: mc.Price}
	if f == nil {
		if mc.Price.Minor == 0 {
			return Price{Kind: PriceFree}
		}
		return amount
	}
	switch f.Type {
	case apiclient.FrequencyFree:
		return Price{Kind: PriceFree}
	case apiclient.FrequencyNonRecurring:
		return Price{Kind: PriceOnce, Amount: mc.Price}
	case apiclient.FrequencyRecurring:
		if validTerm(f.Term) {
			return Price{Kind: PriceRecurring, Amount: mc.Price, Interval: *f.Term}
		}
	case apiclient.FrequencyMonthDay, apiclient.FrequencyTermBased:
		// The contract's price is one of several; the schedule says which when.
		if p := PriceOf(*f); p.Kind != PriceUnknown {
			return p
		}
	}
	return amount
}
