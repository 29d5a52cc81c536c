package addon

import "github.com/studio-addons/portal/apiclient"

// This file reads a booked add-on from its entry in the main contract's
// moduleContracts (a SubContract of the customers API), the one read that
// lists every add-on of a contract. It says less than the add-on contract
// itself (endpoint 5): no pending cancelation, no cancelation dates, no
// trial. An ended add-on needs no more; a current one is read through
// endpoint 5 for the rest.

// SubFrequency is the payment frequency an add-on was booked with, as its
// SubContract gives it: the full frequency of priceDetails when present,
// else one holding only the type; nil when neither is given.
func SubFrequency(sc apiclient.SubContract) *apiclient.PaymentFrequency {
	if f := sc.PriceDetails.PaymentFrequency; f != nil {
		c := *f
		return &c
	}
	if sc.PaymentFrequency != "" {
		return &apiclient.PaymentFrequency{Type: sc.PaymentFrequency}
	}
	return nil
}

// SubPrice is a booked add-on's price from its SubContract: the current
// price (else the base price) with the interval of its frequency, as
// BookedPrice words it. Without any amount only a frequency that says it
// all (FREE, a MONTH_DAY or TERM_BASED schedule) gives a price; otherwise
// it is PriceUnknown, never free.
func SubPrice(sc apiclient.SubContract) Price {
	f := SubFrequency(sc)
	amount := sc.PriceDetails.CurrentPrice
	if amount == nil {
		amount = sc.PriceDetails.BasePrice
	}
	if amount == nil {
		if f == nil {
			return Price{}
		}
		if f.Type == apiclient.FrequencyFree {
			return Price{Kind: PriceFree}
		}
		return PriceOf(*f)
	}
	return BookedPrice(apiclient.AdditionalModuleContract{Price: *amount}, f)
}

// SubStatusOf is a booked add-on's status on today from its SubContract
// alone. Its endDate follows the customers API: the end of the current
// term, or the date of termination once cancelled; an endDate before today
// is an end, as in StatusOf. "cancelled" is a cancelation the studio
// accepted: a pending one does not show here, nor do cancelation dates or
// a withdrawal (CanCancel and CanWithdraw are false: the portal decides
// those from endpoint 5).
func SubStatusOf(sc apiclient.SubContract, today apiclient.Date) Status {
	mc := apiclient.AdditionalModuleContract{Name: sc.RateName, StartDate: sc.StartDate, EndDate: sc.EndDate}
	if sc.Cancelled {
		mc.ContractCancelationStatus = apiclient.CancelationCanceled
		mc.CancelationDate = sc.CancellationDate
		if mc.CancelationDate.IsZero() {
			mc.CancelationDate = sc.EndDate
		}
	}
	return StatusOf(mc, today)
}

// MonthlyAmount is what price p, booked on start, charges each month on
// today: the amount of a RECURRING price charged every month, or the amount
// a TERM_BASED price charged every month is at today (its step). ok is
// false for every other price: free, once, yearly or every few months or
// weeks, on set days of the year, or unknown.
func MonthlyAmount(p Price, start, today apiclient.Date) (apiclient.Money, bool) {
	monthly := p.Interval == apiclient.Term{Value: 1, Unit: apiclient.UnitMonth}
	switch {
	case p.Kind == PriceRecurring && monthly:
		return p.Amount, true
	case p.Kind == PriceStepped && monthly:
		return p.amountOn(start, today), true
	}
	return apiclient.Money{}, false
}

// Charge is a current add-on's price and start, for a monthly total.
type Charge struct {
	Price Price
	Start apiclient.Date
}

// Monthly is the monthly total of a member's current add-ons.
type Monthly struct {
	// Total adds the amounts of the add-ons charged every month
	// (MonthlyAmount) exactly, in minor units; Counted is how many.
	Total   apiclient.Money
	Counted int
	// Others are the indexes of the add-ons charged at another interval
	// (yearly, every few months or weeks, on set days of the year), at an
	// interval the data does not give, or at an unknown price: not in
	// Total, and nothing is converted into a monthly share. Free and
	// one-time add-ons are in neither.
	Others []int
}

// MonthlyTotal adds up the charges as Monthly says. ok is false when the
// amounts do not add up (mixed currencies).
func MonthlyTotal(charges []Charge, today apiclient.Date) (Monthly, bool) {
	var m Monthly
	for i, c := range charges {
		amount, monthly := MonthlyAmount(c.Price, c.Start, today)
		switch {
		case monthly && m.Counted == 0:
			m.Total, m.Counted = amount, 1
		case monthly:
			sum, err := m.Total.Add(amount)
			if err != nil {
				return Monthly{}, false
			}
			m.Total, m.Counted = sum, m.Counted+1
		case c.Price.Kind != PriceFree && c.Price.Kind != PriceOnce:
			m.Others = append(m.Others, i)
		}
	}
	return m, true
}

// WithTermEnd returns the add-on contract mc (endpoint 5) with the end of
// its current term from its SubContract sc when mc gives none: the
// customers API's endDate of an add-on without a cancelation in effect is
// that term's end, which endpoint 5 may leave out (the contract does not
// define endDate there). With a cancelation in effect mc is returned as it
// is: its end is the cancelation's.
func WithTermEnd(mc apiclient.AdditionalModuleContract, sc apiclient.SubContract) apiclient.AdditionalModuleContract {
	if !mc.EndDate.IsZero() || sc.EndDate.IsZero() || sc.Cancelled || canceled(mc.ContractCancelationStatus) {
		return mc
	}
	mc.EndDate = sc.EndDate
	return mc
}
