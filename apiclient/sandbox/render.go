package sandbox

import (
	"encoding/json"
	"net/http"

	"github.com/studio-addons/portal/apiclient"
)

// This file renders the sandbox's state in the shapes of the contract
// (shared/spec/open-api-contract.md). The schema test (schema_test.go)
// checks every field of every answer against that contract's shapes.

// toAPI renders a catalog module; the image URL follows the request's host.
func (m *module) toAPI(r *http.Request) apiclient.AdditionalModule {
	initial := m.terms.initial
	am := apiclient.AdditionalModule{
		ID: m.id, Name: m.name, Description: m.description,
		ImageURL:           imageURL(r, m.slug),
		PaymentFrequencies: m.frequencies,
		TermInformation: apiclient.TermInformation{
			Term:              &initial,
			Extension:         &apiclient.Extension{ExtensionType: m.terms.extension},
			CancelationPeriod: optionalTerm(m.terms.cancelPeriod),
		},
		RateCodes: m.rateCodes,
	}
	if m.terms.extension == apiclient.ExtensionTermExtension {
		am.TermInformation.Extension.TermExtension = optionalTerm(m.terms.extensionTerm)
		am.TermInformation.Extension.ExtensionCancelationPeriod = optionalTerm(m.terms.extCancelPeriod)
	}
	if !m.trialTerm.IsZero() {
		trial := m.trialTerm
		am.TrialPeriodConfig = &apiclient.TrialPeriodConfig{Term: &trial, Description: m.trialText}
	}
	return am
}

func optionalTerm(t apiclient.Term) *apiclient.Term {
	if t.IsZero() {
		return nil
	}
	return &t
}

// toAPI renders a module contract as of today (endpoint 5). Its endDate is
// set only when the contract has an end (a NEW module's term end, or a
// cancelation in effect): the contract leaves its meaning for add-ons open.
func (mc *moduleContract) toAPI(today apiclient.Date) apiclient.AdditionalModuleContract {
	dates, last := mc.cancelationDates(today)
	out := apiclient.AdditionalModuleContract{
		Name: mc.name, Price: mc.price, StartDate: mc.start, EndDate: mc.end,
		CancelationDate:                   mc.cancelDate,
		LastPossibleCancelationDate:       last,
		CancelationReason:                 mc.reason,
		ContractCancelationStatus:         mc.status,
		ContractCancelationCanBeWithdrawn: mc.canWithdraw(today),
		RateCodes:                         mc.rateCodes,
		AvailableCancelationDates:         dates,
	}
	if mc.trial != nil {
		trial := *mc.trial
		out.TrialPeriod = &trial
	}
	return out
}

// cancelled reports whether the add-on carries a cancelation the studio
// accepted (CANCELED, or a withdrawal not yet verified): the customers
// API's "cancelled". A cancelation pending verification is not one yet.
func (mc *moduleContract) cancelled() bool {
	return mc.status == apiclient.CancelationCanceled || mc.status == apiclient.CancelationPendingWithdrawalVerification
}

// subContract renders the module contract as an element of its main
// contract's moduleContracts. Its endDate follows the customers API's
// definition for contracts: the end of the current term, or the date of
// termination once there is one.
func (mc *moduleContract) subContract(today apiclient.Date) apiclient.SubContract {
	current := mc.currentPrice(today)
	base := mc.price
	freq := cloneFrequency(mc.frequency)
	sc := apiclient.SubContract{
		ID: mc.id, RateName: mc.name, StartDate: mc.start, EndDate: mc.end,
		PaymentFrequency: mc.frequency.Type,
		Price:            json.Number(current.DecimalString()),
		PriceDetails:     apiclient.PriceDetails{BasePrice: &base, CurrentPrice: &current, PaymentFrequency: &freq},
		Cancelled:        mc.cancelled(),
		ContractStatus:   apiclient.ContractActive,
		RateCodes:        mc.rateCodes,
	}
	if sc.EndDate.IsZero() {
		sc.EndDate = mc.terms.currentTermEnd(mc.start, today)
	}
	if sc.Cancelled {
		sc.CancellationDate, sc.CancellationReceiptDate = mc.cancelDate, mc.received
	}
	if mc.ended(today) {
		sc.ContractStatus = apiclient.ContractInactive
	}
	return sc
}

// endDate is the main contract's endDate: the date of termination once
// there is one, else the end of the current term.
func (c *mainContract) endDate(today apiclient.Date) apiclient.Date {
	if !c.end.IsZero() {
		return c.end
	}
	return c.terms.currentTermEnd(c.start, today)
}

// lastPossibleCancellation is the deadline for the earliest end a
// cancelation can still reach; for a contract with a termination date, the
// deadline that end had.
func (c *mainContract) lastPossibleCancellation(today apiclient.Date) apiclient.Date {
	if !c.end.IsZero() {
		return c.terms.cancelPeriod.AddTo(c.end, -1)
	}
	_, last := c.terms.upcomingEnds(c.start, today)
	return last
}

// priceDetails is the main contract's monthly price.
func (c *mainContract) priceDetails() apiclient.PriceDetails {
	base, current, price := c.price, c.price, c.price
	month := apiclient.Term{Value: 1, Unit: apiclient.UnitMonth}
	return apiclient.PriceDetails{BasePrice: &base, CurrentPrice: &current,
		PaymentFrequency: &apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: &month, Price: &price}}
}

func period(t apiclient.Term) apiclient.Period {
	return apiclient.Period{PeriodValue: t.Value, PeriodUnit: t.Unit}
}

// contractAPI renders a main contract as the customers API shows it.
func (t *tenant) contractAPI(c *mainContract, today apiclient.Date) apiclient.Contract {
	notice := period(c.terms.cancelPeriod)
	out := apiclient.Contract{
		ID: c.id, RateName: c.rateName, RateCodes: c.rateCodes,
		CreatedDate: c.created, StartDate: c.start, EndDate: c.endDate(today),
		ContractStatus:               c.status(today),
		Cancelled:                    !c.cancellationDate.IsZero(),
		CancellationDate:             c.cancellationDate,
		CancellationReason:           c.cancelReason,
		CancellationPeriod:           &notice,
		Term:                         period(c.terms.initial),
		ExtensionTerm:                period(c.terms.extensionTerm),
		LastPossibleCancellationDate: c.lastPossibleCancellation(today),
		Price:                        json.Number(c.price.DecimalString()),
		PriceDetails:                 c.priceDetails(),
		FlatFeeContracts:             []apiclient.SubContract{},
		ModuleContracts:              make([]apiclient.SubContract, 0, len(c.moduleContracts)),
	}
	if out.Cancelled {
		out.CancellationReceiptDate = c.cancelReceived
	}
	for _, id := range c.moduleContracts {
		out.ModuleContracts = append(out.ModuleContracts, t.moduleContracts[id].subContract(today))
	}
	return out
}

// contractData renders the main contract as the self-service API shows it.
func (c *mainContract) contractData(today apiclient.Date) apiclient.ContractData {
	notice := c.terms.cancelPeriod
	pd := c.priceDetails()
	d := apiclient.ContractData{
		ID: c.id, RateName: c.rateName, StartDate: c.start, EndDate: c.endDate(today),
		ContractStatus:              c.status(today),
		CancelationPeriod:           &notice,
		CancelationDate:             c.cancellationDate,
		CancelationReason:           c.cancelReason,
		LastPossibleCancelationDate: c.lastPossibleCancellation(today),
		PriceDetails:                &pd,
		RateCodes:                   c.rateCodes,
	}
	if !c.cancellationDate.IsZero() {
		d.CancelationStatus = apiclient.CancelationCanceled
		d.CancelationOrigin = c.cancelOrigin
	} else if d.ContractStatus == apiclient.ContractActive {
		d.AvailableCancelationDates, _ = c.terms.upcomingEnds(c.start, today)
	}
	return d
}

// customerAPI renders a customer.
func (c *customer) customerAPI() apiclient.Customer {
	out := c.Customer
	if c.PreferredLanguage != nil {
		l := *c.PreferredLanguage
		out.PreferredLanguage = &l
	}
	return out
}

// studioInformation renders the studio; the logo URL follows the request's host.
func (t *tenant) studioInformation(r *http.Request) apiclient.StudioInformation {
	si := t.info.StudioInformation
	si.StudioID = t.studioID
	si.LogoURL = imageURL(r, t.info.logoImage)
	si.OpeningHours = append([]apiclient.OpeningHours(nil), si.OpeningHours...)
	return si
}
