package addon

import (
	"iter"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// Commitment is what booking an add-on commits the member to, computed
// before money moves (§312j BGB): every fact as a typed value. A zero Date
// or a nil term means the studio's data does not give that fact; nothing is
// computed from a guess.
type Commitment struct {
	// Start is the add-on's first day: the day it is booked.
	Start apiclient.Date
	// Trial is the booked trial, nil when none is booked.
	Trial *Trial
	// PayingStarts is the first paid day: Start, or the day after the
	// trial. Zero when the trial's length is unknown.
	PayingStarts apiclient.Date
	// Price is what the chosen payment frequency charges.
	Price Price
	// Terms are the initial term, renewal and notice periods.
	Terms Terms
	// InitialTermEnd is the last day of the initial (minimum) term; zero
	// when Terms.Initial is unknown.
	InitialTermEnd apiclient.Date
	// EarliestEnd is the earliest day the add-on could end if canceled on
	// Start, and NoticeBy the day notice must reach the studio for that.
	// With Terms.Renewal == RenewalEnds the add-on ends on EarliestEnd by
	// itself and NoticeBy is zero. Both zero when unknown.
	EarliestEnd, NoticeBy apiclient.Date
	// InitialTermPayments are the charges inside the initial term (Start
	// to InitialTermEnd) and their total.
	InitialTermPayments Schedule
	// UntilEarliestEnd are the charges from Start to EarliestEnd: what the
	// member pays at least, even if they cancel on the first day.
	UntilEarliestEnd Schedule
}

// Trial is a booked trial.
type Trial struct {
	// Term is the trial's length (trialPeriodConfig.term); nil when the
	// studio's data does not give it.
	Term *apiclient.Term
	// FirstDay and LastDay are the trial's first and last free day;
	// LastDay is zero when Term is nil.
	FirstDay, LastDay apiclient.Date
}

// Schedule is a list of charges and their total.
type Schedule struct {
	// Known is false when a fact the charges depend on is missing (the
	// price, the trial's length, the end of the period); then Payments and
	// Total are empty. A free add-on's schedule is known and empty: its
	// Total is the zero Money (no currency), to be said as "free", never as
	// an amount.
	Known    bool
	Payments []Payment
	Total    apiclient.Money
}

// Payment is one charge.
type Payment struct {
	Date   apiclient.Date
	Amount apiclient.Money
}

// maxCharges bounds a walk over charge dates (a daily price over decades).
const maxCharges = 100000

// CommitmentOf computes the commitment of booking module m with payment
// frequency f (one of m's), with or without its trial, on start (today in
// the studio's zone).
func CommitmentOf(m apiclient.AdditionalModule, f apiclient.PaymentFrequency, trial bool, start apiclient.Date) Commitment {
	c := Commitment{Start: start, PayingStarts: start, Price: PriceOf(f), Terms: TermsOf(m.TermInformation)}
	if trial {
		c.Trial = &Trial{FirstDay: start}
		c.PayingStarts = apiclient.Date{}
		if cfg := m.TrialPeriodConfig; cfg != nil && validTerm(cfg.Term) {
			c.Trial.Term = knownTerm(cfg.Term)
			c.PayingStarts = cfg.Term.AddTo(start, 1)
			c.Trial.LastDay = c.PayingStarts.AddDays(-1)
		}
	}
	if end, ok := c.Terms.TermEnd(start, 0); ok {
		c.InitialTermEnd = end
	}
	if end, by, ok := c.Terms.EarliestEnd(start, start); ok {
		c.EarliestEnd, c.NoticeBy = end, by
	}
	c.InitialTermPayments = schedule(c.Price, start, c.PayingStarts, c.InitialTermEnd)
	c.UntilEarliestEnd = schedule(c.Price, start, c.PayingStarts, c.EarliestEnd)
	return c
}

// schedule lists the charges of p for an add-on started on start and paid
// from payFrom, up to and including until.
func schedule(p Price, start, payFrom, until apiclient.Date) Schedule {
	switch {
	case p.Kind == PriceFree:
		return Schedule{Known: true}
	case p.Kind == PriceUnknown || p.Kind == PriceAmount || payFrom.IsZero():
		return Schedule{}
	case until.IsZero():
		// Without the period's end only a charge on the first day is
		// certainly inside it.
		if p.Kind != PriceOnce || payFrom != start {
			return Schedule{}
		}
		until = start
	}
	s := Schedule{Known: true, Total: apiclient.Money{Currency: p.currency()}}
	for pay := range charges(p, start, payFrom) {
		if pay.Date.After(until) {
			break
		}
		total, err := s.Total.Add(pay.Amount)
		if err != nil {
			return Schedule{}
		}
		s.Payments, s.Total = append(s.Payments, pay), total
	}
	return s
}

// charges yields p's charges in date order, from payFrom on (nothing for a
// free or unknown price). TERM_BASED steps count from origin (see the
// package doc).
func charges(p Price, origin, payFrom apiclient.Date) iter.Seq[Payment] {
	return func(yield func(Payment) bool) {
		switch p.Kind {
		case PriceOnce, PriceAmount:
			if p.Kind == PriceOnce {
				yield(Payment{Date: payFrom, Amount: p.Amount})
			}
		case PriceRecurring, PriceStepped:
			for k := range maxCharges {
				d := p.Interval.AddTo(payFrom, k)
				if !yield(Payment{Date: d, Amount: p.amountOn(origin, d)}) {
					return
				}
			}
		case PriceMonthDay:
			for y := payFrom.Year; y < payFrom.Year+maxCharges/len(p.Dates); y++ {
				for _, dp := range p.Dates {
					d := dp.on(y)
					if d.Before(payFrom) {
						continue
					}
					if !yield(Payment{Date: d, Amount: dp.Amount}) {
						return
					}
				}
			}
		}
	}
}

// amountOn is the amount a Recurring or Stepped price charges on day d: the
// base amount, or the amount of the step that began last on or before d.
// The steps are ordered again from origin, as mixed units (30 DAY against 1
// MONTH) can order differently from different days.
func (p Price) amountOn(origin, d apiclient.Date) apiclient.Money {
	amount, began := p.Amount, apiclient.Date{}
	for _, s := range p.Steps {
		from := s.After.AddTo(origin, 1)
		if !from.After(d) && !from.Before(began) {
			amount, began = s.Amount, from
		}
	}
	return amount
}

// on is the charge day in year y. A Feb 29 charge day falls on Mar 1 in
// other years, as the sandbox counts it (apiclient.NewDate normalises).
func (dp DatePrice) on(y int) apiclient.Date {
	return apiclient.NewDate(y, time.Month(dp.Day.Number()), dp.Day.DayOfMonth)
}
