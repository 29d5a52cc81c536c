package addon

import "github.com/studio-addons/portal/apiclient"

// NextPayment returns a booked add-on's next charge on or after today,
// where the data allows knowing it. f is the payment frequency the add-on
// was booked with (see BookedPrice); nil when unknown. renewal is what its
// module does at the end of a term (TermsOf(module.TermInformation).Renewal),
// RenewalUnknown when the caller does not know the module.
//
// ok is false when no next charge is known: the frequency or its term is
// not given, the trial's length is not given, nothing more is charged (free,
// a one-off already paid, ended, canceled before the next charge date), or
// the next charge falls after a date whose outcome is open (the end of the
// current term of an add-on whose renewal the contract does not state, a
// cancelation waiting for the studio).
func NextPayment(mc apiclient.AdditionalModuleContract, f *apiclient.PaymentFrequency, renewal Renewal, today apiclient.Date) (Payment, bool) {
	if f == nil {
		return Payment{}, false
	}
	st := StatusOf(mc, today)
	st.Renewal = renewal
	if st.Past() {
		return Payment{}, false
	}
	payFrom := mc.StartDate
	if tp := mc.TrialPeriod; tp != nil {
		if tp.StartDate.IsZero() || !validTerm(&tp.Term) {
			return Payment{}, false
		}
		payFrom = tp.End()
	}
	last, bounded := lastCertainDay(st)
	for p := range charges(BookedPrice(mc, f), mc.StartDate, payFrom) {
		if p.Date.Before(today) {
			continue
		}
		if bounded && p.Date.After(last) {
			return Payment{}, false
		}
		return p, true
	}
	return Payment{}, false
}

// lastCertainDay is the last day a charge is certain to happen on:
// bounded is false while the add-on runs on without any end in view.
func lastCertainDay(st Status) (last apiclient.Date, bounded bool) {
	switch {
	case canceled(st.Cancelation):
		// A cancelation in effect: nothing is charged after its end (a
		// zero end bounds everything: the data contradicts itself).
		return st.End, true
	case st.Cancelation == apiclient.CancelationPendingVerification:
		// Charges up to the requested end happen whether the studio
		// confirms the cancelation or refuses it (then the add-on runs on
		// as before). A term end bounds them only where the add-on might
		// not renew, or where the requested end is not known.
		last = st.CancelDate
		if !st.TermEnd.IsZero() && (last.IsZero() || st.Renewal != RenewalExtends && st.TermEnd.Before(last)) {
			last = st.TermEnd
		}
		return last, true
	case !st.TermEnd.IsZero() && st.Renewal != RenewalExtends:
		return st.TermEnd, true
	}
	return apiclient.Date{}, false
}
