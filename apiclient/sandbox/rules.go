package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// Errors of the exported studio-side methods, matched with errors.Is.
var (
	// ErrNotFound: the studio, module or module contract does not exist.
	ErrNotFound = errors.New("sandbox: not found")
	// ErrConflict: the module contract has no amendment waiting for verification.
	ErrConflict = errors.New("sandbox: conflict")
)

// apiError is a rule violation answered with the upstream error body; its
// errorMessage is written in the request's language (messageLanguage).
type apiError struct {
	status    int
	code      string
	msg       text
	reference string
}

func (e *apiError) Error() string { return "sandbox: " + e.msg.en }

func badRequest(code, reference string, msg text) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, msg: msg, reference: reference}
}

func notFound(code string, msg text) *apiError {
	return &apiError{status: http.StatusNotFound, code: code, msg: msg}
}

// refused is the answer to a purchase, cancelation or withdrawal the rules
// do not allow. How the upstream answers one is not documented; the
// sandbox answers 400 (the request failed validation) with its own
// errorCode and no reference. 409 is kept for what the contract says it
// means, a concurrent modification.
func refused(code string, msg text) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, msg: msg}
}

const (
	// maxCancelationDates bounds availableCancelationDates: the member picks
	// one of the next few term ends, not one years ahead.
	maxCancelationDates = 4
	// maxTerms bounds the walk over an old contract's extension terms.
	maxTerms = 10000
)

// termBoundary returns the first day after term k of a contract starting on
// start (k = 0 the initial term, k ≥ 1 the k-th extension). Month-based terms
// are counted from the start date, not chained, so a month-end start does not
// drift (Jan 31: Feb 28, Mar 31, Apr 30 rather than Feb 28, Mar 28, Apr 28).
func (r termRules) termBoundary(start apiclient.Date, k int) apiclient.Date {
	first := r.initial.AddTo(start, 1)
	if k == 0 {
		return first
	}
	mi, ok1 := monthsOf(r.initial)
	me, ok2 := monthsOf(r.extensionTerm)
	if ok1 && ok2 {
		return start.AddMonths(mi + k*me)
	}
	return r.extensionTerm.AddTo(first, k)
}

func monthsOf(t apiclient.Term) (int, bool) {
	switch t.Unit {
	case apiclient.UnitMonth:
		return t.Value, true
	case apiclient.UnitYear:
		return 12 * t.Value, true
	}
	return 0, false
}

// termEnd returns the last day of term k.
func (r termRules) termEnd(start apiclient.Date, k int) apiclient.Date {
	return r.termBoundary(start, k).AddDays(-1)
}

// deadline returns the last day notice can be given for the end of term k:
// the cancelation period before the initial term's end, the extension's own
// cancelation period (when configured) before an extension's end.
func (r termRules) deadline(end apiclient.Date, k int) apiclient.Date {
	p := r.cancelPeriod
	if k > 0 && !r.extCancelPeriod.IsZero() {
		p = r.extCancelPeriod
	}
	return p.AddTo(end, -1)
}

// terms returns how many term ends a contract has: one unless it extends.
func (r termRules) terms() int {
	if r.extension == apiclient.ExtensionTermExtension && !r.extensionTerm.IsZero() {
		return maxTerms
	}
	return 1
}

// ended reports whether the contract's end date has passed.
func (mc *moduleContract) ended(today apiclient.Date) bool {
	return !mc.end.IsZero() && mc.end.Before(today)
}

// cancelationDates returns the dates the contract may be canceled to today:
// the first maxCancelationDates term ends whose notice deadline is today or
// later, and the deadline of the earliest of them. None once the contract has
// ended or carries a cancelation (pending or not).
func (mc *moduleContract) cancelationDates(today apiclient.Date) (dates []apiclient.Date, last apiclient.Date) {
	if mc.status != "" || mc.ended(today) {
		return nil, apiclient.Date{}
	}
	return mc.terms.upcomingEnds(mc.start, today)
}

// upcomingEnds returns the first maxCancelationDates term ends of a
// contract started on start whose notice deadline is today or later, and
// the deadline of the earliest of them.
func (r termRules) upcomingEnds(start, today apiclient.Date) (dates []apiclient.Date, last apiclient.Date) {
	for k := 0; k < r.terms() && len(dates) < maxCancelationDates; k++ {
		end := r.termEnd(start, k)
		dl := r.deadline(end, k)
		if dl.Before(today) {
			continue
		}
		if len(dates) == 0 {
			last = dl
		}
		dates = append(dates, end)
	}
	return dates, last
}

// currentTermEnd returns the last day of the term running today (the last
// term's end once they are all over): what the customers API calls a
// running contract's endDate.
func (r termRules) currentTermEnd(start, today apiclient.Date) apiclient.Date {
	end := r.termEnd(start, 0)
	for k := 1; k < r.terms() && end.Before(today); k++ {
		end = r.termEnd(start, k)
	}
	return end
}

// canWithdraw reports contractCancelationCanBeWithdrawn: a pending
// cancelation always, an effective one while its date is still ahead.
func (mc *moduleContract) canWithdraw(today apiclient.Date) bool {
	switch mc.status {
	case apiclient.CancelationPendingVerification:
		return true
	case apiclient.CancelationCanceled:
		return mc.cancelDate.After(today)
	}
	return false
}

// clearCancelation removes every trace of a cancelation.
func (mc *moduleContract) clearCancelation() {
	mc.status, mc.cancelDate, mc.reason, mc.end = "", apiclient.Date{}, "", mc.plannedEnd
	mc.received = apiclient.Date{}
}

// newModuleContract turns a module into a contract booked on start.
func newModuleContract(id int64, c *mainContract, m *module, f apiclient.PaymentFrequency, start apiclient.Date, trial bool, currency string) *moduleContract {
	mc := &moduleContract{
		id: id, contractID: c.id, moduleID: m.id, name: m.name,
		frequency: cloneFrequency(f),
		price:     chargedPrice(f, start, currency),
		rateCodes: slices.Clone(m.rateCodes),
		start:     start,
		terms:     m.terms,
	}
	if trial {
		mc.trial = &apiclient.TrialPeriod{Term: m.trialTerm, StartDate: start}
	}
	if m.terms.extension == apiclient.ExtensionNew {
		mc.plannedEnd = m.terms.termEnd(start, 0)
		mc.end = mc.plannedEnd
	}
	return mc
}

// chargedPrice is the price a member booking on day pays for the frequency:
// FREE nothing; NON_RECURRING and RECURRING the price; TERM_BASED the price
// before the first step (the first step's price when there is no base
// price); MONTH_DAY the price of the next charge date on or after day.
func chargedPrice(f apiclient.PaymentFrequency, day apiclient.Date, currency string) apiclient.Money {
	switch {
	case f.Type == apiclient.FrequencyFree:
	case f.Type == apiclient.FrequencyMonthDay && len(f.MonthDaysToPrices) > 0:
		return nextMonthDayPrice(f.MonthDaysToPrices, day)
	case f.Price != nil:
		return *f.Price
	case f.Type == apiclient.FrequencyTermBased && len(f.TermsToPrices) > 0:
		return f.TermsToPrices[0].Price
	}
	return apiclient.NewMoney(0, currency)
}

// currentPrice is what the contract charges as of today: a TERM_BASED
// price steps up once a step's term has passed since the start; MONTH_DAY
// charges the next charge date's price; the others their booked price.
func (mc *moduleContract) currentPrice(today apiclient.Date) apiclient.Money {
	f := mc.frequency
	switch {
	case f.Type == apiclient.FrequencyMonthDay && len(f.MonthDaysToPrices) > 0:
		return nextMonthDayPrice(f.MonthDaysToPrices, today)
	case f.Type == apiclient.FrequencyTermBased:
		price := mc.price
		for _, step := range f.TermsToPrices {
			if !step.Term.AddTo(mc.start, 1).After(today) {
				price = step.Price
			}
		}
		return price
	}
	return mc.price
}

// cloneFrequency copies a payment frequency deeply, so a later price change
// in the catalog (SetFrequencyPrice) leaves booked contracts alone.
func cloneFrequency(f apiclient.PaymentFrequency) apiclient.PaymentFrequency {
	if f.Term != nil {
		t := *f.Term
		f.Term = &t
	}
	if f.Price != nil {
		p := *f.Price
		f.Price = &p
	}
	f.MonthDaysToPrices = slices.Clone(f.MonthDaysToPrices)
	f.TermsToPrices = slices.Clone(f.TermsToPrices)
	return f
}

// nextMonthDayPrice returns the price of the charge date that comes next on
// or after day, wrapping into the next year.
func nextMonthDayPrice(prices []apiclient.MonthDayPrice, day apiclient.Date) apiclient.Money {
	var best apiclient.Date
	var price apiclient.Money
	for _, p := range prices {
		d := apiclient.NewDate(day.Year, time.Month(p.MonthDay.MonthValue), p.MonthDay.DayOfMonth)
		if d.Before(day) {
			d = apiclient.NewDate(day.Year+1, time.Month(p.MonthDay.MonthValue), p.MonthDay.DayOfMonth)
		}
		if best.IsZero() || d.Before(best) {
			best, price = d, p.Price
		}
	}
	return price
}

// frequency returns the module's payment frequency with the id.
func (m *module) frequency(id int64) (apiclient.PaymentFrequency, bool) {
	return apiclient.AdditionalModule{PaymentFrequencies: m.frequencies}.Frequency(id)
}

// status is the main contract's contractStatus: ACTIVE until its end date.
func (c *mainContract) status(today apiclient.Date) apiclient.ContractStatus {
	if !c.end.IsZero() && c.end.Before(today) {
		return apiclient.ContractInactive
	}
	return apiclient.ContractActive
}

// bookable reports whether add-ons can be booked on the main contract.
func (c *mainContract) bookable(today apiclient.Date) bool {
	return c.status(today) == apiclient.ContractActive && c.cancellationDate.IsZero()
}

// hasCurrent reports whether the main contract has a not yet ended contract
// of the module (canceled ones count until their end).
func (t *tenant) hasCurrent(c *mainContract, moduleID int64, today apiclient.Date) bool {
	for _, id := range c.moduleContracts {
		if mc := t.moduleContracts[id]; mc.moduleID == moduleID && !mc.ended(today) {
			return true
		}
	}
	return false
}

// hadTrial reports whether the customer ever booked the module's trial, on
// any of their contracts: a trial is once per customer.
func (t *tenant) hadTrial(customerID, moduleID int64) bool {
	for _, c := range t.contractsOf(customerID) {
		for _, id := range c.moduleContracts {
			if mc := t.moduleContracts[id]; mc.moduleID == moduleID && mc.trial != nil {
				return true
			}
		}
	}
	return false
}

// moduleStatus applies the validation rules after the module and frequency
// are known, in their documented order.
func (t *tenant) moduleStatus(c *mainContract, m *module, trial bool, today apiclient.Date) apiclient.ValidationStatus {
	switch {
	case m == nil || !m.active:
		return apiclient.ValidationNotFound
	case !m.online:
		return apiclient.ValidationNotOnlinePurchasable
	case !c.bookable(today):
		return apiclient.ValidationInvalidStatus
	case t.hasCurrent(c, m.id, today):
		return apiclient.ValidationAlreadyPurchased
	case trial && (m.trialTerm.IsZero() || t.hadTrial(c.customerID, m.id)):
		return apiclient.ValidationTrialNotBookable
	}
	return apiclient.ValidationPurchasable
}

// checkPurchase validates a validate/purchase request against the main
// contract. A frequency the (known, active) module does not have is a 400.
func (t *tenant) checkPurchase(c *mainContract, req apiclient.AdditionalModuleRequest, today apiclient.Date) (apiclient.ValidationStatus, *module, apiclient.PaymentFrequency, error) {
	m := t.module(req.AdditionalModuleID)
	if m == nil || !m.active {
		return apiclient.ValidationNotFound, nil, apiclient.PaymentFrequency{}, nil
	}
	f, ok := m.frequency(req.PaymentFrequencyID)
	if !ok {
		return "", nil, f, badRequest("PAYMENT_FREQUENCY_NOT_FOUND", "paymentFrequencyId", text{
			fmt.Sprintf("Payment frequency %d is not offered for additional module %d.", req.PaymentFrequencyID, m.id),
			fmt.Sprintf("Die Zahlungsweise %d wird für das Zusatzmodul %d nicht angeboten.", req.PaymentFrequencyID, m.id)})
	}
	return t.moduleStatus(c, m, req.BookTrialPeriod, today), m, f, nil
}

// notPurchasable explains each refusal of a purchase.
var notPurchasable = map[apiclient.ValidationStatus]text{
	apiclient.ValidationNotFound: {"The additional module does not exist or is not active.",
		"Das Zusatzmodul existiert nicht oder ist nicht aktiv."},
	apiclient.ValidationNotOnlinePurchasable: {"The additional module cannot be purchased online.",
		"Das Zusatzmodul kann nicht online gebucht werden."},
	apiclient.ValidationInvalidStatus: {"The contract is not active or has been cancelled.",
		"Der Vertrag ist nicht aktiv oder wurde gekündigt."},
	apiclient.ValidationAlreadyPurchased: {"The additional module is already booked on this contract.",
		"Das Zusatzmodul ist auf diesem Vertrag bereits gebucht."},
	apiclient.ValidationTrialNotBookable: {"The trial period of the additional module cannot be booked.",
		"Der Probezeitraum des Zusatzmoduls kann nicht gebucht werden."},
}

// purchaseLocked books the module on the main contract if the validation
// rules allow it; otherwise it answers 400 with the validation status as
// its (the sandbox's own) errorCode. Call with s.mu held: check and booking
// are one step.
func (s *Server) purchaseLocked(t *tenant, c *mainContract, req apiclient.AdditionalModuleRequest, today apiclient.Date) (int64, error) {
	status, m, f, err := t.checkPurchase(c, req, today)
	if err != nil {
		return 0, err
	}
	if status != apiclient.ValidationPurchasable {
		return 0, refused(string(status), notPurchasable[status])
	}
	mc := newModuleContract(t.ids.take(), c, m, f, today, req.BookTrialPeriod, t.currency)
	t.attach(c, mc)
	s.committedLocked(t, mc, apiclient.EventModuleCreated)
	return mc.id, nil
}

// cancelLocked applies an ordinary cancelation: an amendment waiting for the
// studio, or in a direct studio the cancelation itself.
func (s *Server) cancelLocked(t *tenant, mc *moduleContract, req apiclient.CancelationRequest, today apiclient.Date) error {
	if mc.status != "" {
		return refused("ADDITIONAL_MODULE_CONTRACT_ALREADY_CANCELED", text{
			"The additional module contract already has a cancelation.",
			"Für den Zusatzmodulvertrag liegt bereits eine Kündigung vor."})
	}
	if mc.ended(today) {
		return refused("ADDITIONAL_MODULE_CONTRACT_ENDED", text{
			"The additional module contract has ended.",
			"Der Zusatzmodulvertrag ist beendet."})
	}
	if dates, _ := mc.cancelationDates(today); !slices.Contains(dates, req.CancelationDate) {
		return badRequest("CANCELATION_DATE_NOT_AVAILABLE", "cancelationDate", text{
			fmt.Sprintf("%s is not an available cancelation date.", req.CancelationDate),
			fmt.Sprintf("Zum %s ist keine Kündigung möglich.", req.CancelationDate)})
	}
	i := slices.IndexFunc(t.reasons, func(r apiclient.CancelationReason) bool { return r.CancelationReasonID == req.CancelationReasonID })
	if i < 0 {
		return badRequest("CANCELATION_REASON_NOT_FOUND", "cancelationReasonId", text{
			fmt.Sprintf("Cancelation reason %d does not exist.", req.CancelationReasonID),
			fmt.Sprintf("Den Kündigungsgrund %d gibt es nicht.", req.CancelationReasonID)})
	}
	mc.cancelDate, mc.reason, mc.received = req.CancelationDate, t.reasons[i].CancelationReasonName, today
	mc.status = apiclient.CancelationPendingVerification
	if t.direct {
		mc.status, mc.end = apiclient.CancelationCanceled, mc.cancelDate
	}
	s.committedLocked(t, mc, apiclient.EventModuleCancelled)
	return nil
}

// withdrawLocked withdraws a cancelation: an amendment waiting for the
// studio, or in a direct studio the cancelation disappears.
func (s *Server) withdrawLocked(t *tenant, mc *moduleContract, today apiclient.Date) error {
	if !mc.canWithdraw(today) {
		return refused("ADDITIONAL_MODULE_CONTRACT_CANCELATION_NOT_WITHDRAWABLE", text{
			"The cancelation of the additional module contract cannot be withdrawn.",
			"Die Kündigung des Zusatzmodulvertrags kann nicht zurückgezogen werden."})
	}
	if t.direct {
		mc.clearCancelation()
	} else {
		mc.status = apiclient.CancelationPendingWithdrawalVerification
	}
	s.committedLocked(t, mc, apiclient.EventModuleUpdated)
	return nil
}

// committedLocked records a write and announces it: the module event, then
// CONTRACT_UPDATED for the main contract, which the use case says follows
// every change to a contract's add-ons.
func (s *Server) committedLocked(t *tenant, mc *moduleContract, event string) {
	s.writes[t.slug]++
	c := t.contract(mc.contractID)
	s.emitLocked(t.slug, event, c.customerID, c.id, mc.id)
	s.emitLocked(t.slug, apiclient.EventContractUpdated, c.customerID, c.id, 0)
}

// VerifyAmendment plays the studio verifying a module contract's pending
// amendment: a pending cancelation becomes CANCELED (ending on its
// cancelation date), a pending withdrawal removes the cancelation. It fails
// with ErrNotFound for an unknown studio or module contract and with
// ErrConflict when nothing is pending.
func (s *Server) VerifyAmendment(studio string, moduleContractID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenantBySlugLocked(studio)
	if t == nil {
		return fmt.Errorf("%w: studio %q", ErrNotFound, studio)
	}
	mc := t.moduleContracts[moduleContractID]
	if mc == nil {
		return fmt.Errorf("%w: additional module contract %d", ErrNotFound, moduleContractID)
	}
	switch mc.status {
	case apiclient.CancelationPendingVerification:
		mc.status, mc.end = apiclient.CancelationCanceled, mc.cancelDate
	case apiclient.CancelationPendingWithdrawalVerification:
		mc.clearCancelation()
	default:
		return fmt.Errorf("%w: additional module contract %d has no pending amendment", ErrConflict, moduleContractID)
	}
	s.committedLocked(t, mc, apiclient.EventModuleUpdated)
	return nil
}

// ModuleContractIDs returns the ids of the additional module contracts on a
// main contract in booking order (nil for an unknown studio or contract).
func (s *Server) ModuleContractIDs(studio string, contractID int64) []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenantBySlugLocked(studio)
	if t == nil {
		return nil
	}
	if c := t.contract(contractID); c != nil {
		return slices.Clone(c.moduleContracts)
	}
	return nil
}

// SetModuleActive plays the studio (de)activating a module: an inactive
// module disappears from both module lists and validates as
// ADDITIONAL_MODULE_NOT_FOUND; booked contracts of it are unaffected.
func (s *Server) SetModuleActive(studio string, moduleID int64, active bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenantBySlugLocked(studio)
	if t == nil {
		return fmt.Errorf("%w: studio %q", ErrNotFound, studio)
	}
	m := t.module(moduleID)
	if m == nil {
		return fmt.Errorf("%w: additional module %d", ErrNotFound, moduleID)
	}
	m.active = active
	return nil
}

// SetFrequencyPrice lets the studio change the price of one payment
// frequency (the price of RECURRING/NON_RECURRING, or the base price of the
// other types), as a studio may between a member's confirm page and the
// booking. Contracts already booked keep their price.
func (s *Server) SetFrequencyPrice(studio string, moduleID, frequencyID int64, price apiclient.Money) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenantBySlugLocked(studio)
	if t == nil {
		return fmt.Errorf("%w: studio %q", ErrNotFound, studio)
	}
	m := t.module(moduleID)
	if m == nil {
		return fmt.Errorf("%w: additional module %d", ErrNotFound, moduleID)
	}
	for i := range m.frequencies {
		if m.frequencies[i].ID == frequencyID {
			p := price
			m.frequencies[i].Price = &p
			return nil
		}
	}
	return fmt.Errorf("%w: payment frequency %d", ErrNotFound, frequencyID)
}
