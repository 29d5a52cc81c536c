package views

import (
	"context"
	"net/url"
	"slices"
	"strconv"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
)

// ModuleContractState is the one status a member is shown for a booked
// add-on, derived from the upstream's dates and cancelation status.
type ModuleContractState string

// The states, in the words of the status texts.
const (
	StateActive            ModuleContractState = "active"
	StateUpcoming          ModuleContractState = "upcoming"
	StateTrial             ModuleContractState = "trial"
	StateCancelPending     ModuleContractState = "cancel-pending"
	StateCanceled          ModuleContractState = "canceled"
	StateWithdrawalPending ModuleContractState = "withdrawal-pending"
	StateEnded             ModuleContractState = "ended"
)

// ModuleContract is a booked add-on as the My modules pages show it.
type ModuleContract struct {
	ID          int64
	Name        string
	Price       apiclient.Money
	Start       apiclient.Date
	End         apiclient.Date // the (planned or effective) last day, zero when open-ended
	CancelDate  apiclient.Date // the date a cancelation (pending or not) is set to
	Reason      string
	Cancelation apiclient.CancelationStatus
	// TrialLastDay is the last day of the trial (zero without a trial).
	TrialLastDay apiclient.Date
	InTrial      bool
	// LastPossibleCancel is the notice deadline for AvailableDates[0].
	LastPossibleCancel apiclient.Date
	AvailableDates     []apiclient.Date
	Withdrawable       bool
	RateCodes          []apiclient.RateCode
	State              ModuleContractState
	Today              apiclient.Date
}

// NewModuleContract maps an upstream add-on contract to its view model.
// today is the studio's current date.
func NewModuleContract(id int64, mc apiclient.AdditionalModuleContract, today apiclient.Date) ModuleContract {
	v := ModuleContract{
		ID: id, Name: mc.Name, Price: mc.Price, Start: mc.StartDate, End: mc.EndDate,
		CancelDate: mc.CancelationDate, Reason: mc.CancelationReason,
		Cancelation:        mc.ContractCancelationStatus,
		LastPossibleCancel: mc.LastPossibleCancelationDate,
		AvailableDates:     mc.AvailableCancelationDates,
		Withdrawable:       mc.ContractCancelationCanBeWithdrawn,
		RateCodes:          mc.RateCodes,
		Today:              today,
	}
	if tp := mc.TrialPeriod; tp != nil && !tp.StartDate.IsZero() && !tp.Term.IsZero() {
		// End is the first paid day; members think in the last free one.
		v.TrialLastDay = tp.End().AddDays(-1)
		v.InTrial = tp.End().After(today) && !tp.StartDate.After(today)
	}
	v.State = v.state()
	return v
}

// effectiveEnd is the day the add-on stops: its end date, or for a
// cancelation in effect without one, the cancelation date.
func (m ModuleContract) effectiveEnd() apiclient.Date {
	if m.End.IsZero() && m.Cancelation == apiclient.CancelationCanceled {
		return m.CancelDate
	}
	return m.End
}

func (m ModuleContract) state() ModuleContractState {
	end := m.effectiveEnd()
	switch {
	case !end.IsZero() && end.Before(m.Today):
		return StateEnded
	case m.Cancelation == apiclient.CancelationPendingVerification:
		return StateCancelPending
	case m.Cancelation == apiclient.CancelationCanceled:
		return StateCanceled
	case m.Cancelation == apiclient.CancelationPendingWithdrawalVerification:
		return StateWithdrawalPending
	case m.Start.After(m.Today):
		// Booked to start later: "Active" would claim a service not yet given.
		return StateUpcoming
	case m.InTrial:
		return StateTrial
	}
	return StateActive
}

// Past reports whether the add-on has ended.
func (m ModuleContract) Past() bool { return m.State == StateEnded }

// CanCancel reports whether a cancelation can be requested now: the studio
// offers dates and no cancelation is pending or in effect.
func (m ModuleContract) CanCancel() bool {
	return len(m.AvailableDates) > 0 && m.Cancelation == "" && !m.Past()
}

// CanWithdraw reports whether the cancelation can be withdrawn now.
func (m ModuleContract) CanWithdraw() bool { return m.Withdrawable }

// EarliestDate is the first available cancelation date (zero when none).
func (m ModuleContract) EarliestDate() apiclient.Date {
	if len(m.AvailableDates) == 0 {
		return apiclient.Date{}
	}
	return m.AvailableDates[0]
}

// URL is the add-on's detail page under the studio prefix base ("/demo").
func (m ModuleContract) URL(base string) string {
	return base + "/my-modules/" + strconv.FormatInt(m.ID, 10)
}

// StatusText is the status in words, so it never depends on colour.
func (m ModuleContract) StatusText(ctx context.Context) string {
	switch m.State {
	case StateUpcoming:
		return i18n.T(ctx, "mymodules.status.upcoming", i18n.Date(ctx, m.Start))
	case StateTrial:
		return i18n.T(ctx, "mymodules.status.trial", i18n.Date(ctx, m.TrialLastDay))
	case StateCancelPending:
		return i18n.T(ctx, "mymodules.status.cancelpending")
	case StateCanceled:
		return i18n.T(ctx, "mymodules.status.canceled", i18n.Date(ctx, m.CancelDate))
	case StateWithdrawalPending:
		return i18n.T(ctx, "mymodules.status.withdrawalpending")
	case StateEnded:
		return i18n.T(ctx, "mymodules.status.ended", i18n.Date(ctx, m.effectiveEnd()))
	}
	return i18n.T(ctx, "mymodules.status.active")
}

// BadgeClass is the badge colour matching the status text.
func (m ModuleContract) BadgeClass() string {
	switch m.State {
	case StateActive, StateTrial, StateUpcoming:
		return "badge ok"
	case StateCancelPending, StateWithdrawalPending:
		return "badge warn"
	case StateCanceled:
		return "badge bad"
	}
	return "badge muted"
}

// PriceText is the amount charged per payment in words: "Free" for an
// add-on that costs nothing, rather than a price of €0.00.
func (m ModuleContract) PriceText(ctx context.Context) string {
	if m.Price.Minor == 0 {
		return i18n.T(ctx, "mymodules.price.free")
	}
	return i18n.Money(ctx, m.Price)
}

// EndLine is the label and date of the list's end or cancelation date
// line; ok is false when the add-on runs open-ended without a cancelation.
func (m ModuleContract) EndLine(ctx context.Context) (label string, date apiclient.Date, ok bool) {
	switch {
	case m.Cancelation != "" && !m.CancelDate.IsZero():
		return i18n.T(ctx, "mymodules.canceldate"), m.CancelDate, true
	case !m.End.IsZero():
		return i18n.T(ctx, "mymodules.enddate"), m.End, true
	}
	return "", apiclient.Date{}, false
}

// TimelineEntry is one dated step on the detail page's timeline.
type TimelineEntry struct {
	Kind  string // start, trial, lastcancel, end: the entry's test hook
	Label string
	Date  apiclient.Date
	Past  bool
}

// Timeline lists start, trial end, the notice deadline and the end or
// cancelation date, in date order.
func (m ModuleContract) Timeline(ctx context.Context) []TimelineEntry {
	start := i18n.T(ctx, "mymodules.timeline.started")
	if m.Start.After(m.Today) {
		start = i18n.T(ctx, "mymodules.timeline.starts")
	}
	out := []TimelineEntry{{Kind: "start", Label: start, Date: m.Start}}
	if !m.TrialLastDay.IsZero() {
		out = append(out, TimelineEntry{Kind: "trial", Label: i18n.T(ctx, "mymodules.timeline.trial"), Date: m.TrialLastDay})
	}
	if !m.LastPossibleCancel.IsZero() && len(m.AvailableDates) > 0 {
		out = append(out, TimelineEntry{Kind: "lastcancel", Date: m.LastPossibleCancel,
			Label: i18n.T(ctx, "mymodules.timeline.lastcancel", i18n.Date(ctx, m.AvailableDates[0]))})
	}
	if e, ok := m.endEntry(ctx); ok {
		out = append(out, e)
	}
	for i := range out {
		out[i].Past = out[i].Date.Before(m.Today)
	}
	slices.SortStableFunc(out, func(a, b TimelineEntry) int { return a.Date.Compare(b.Date) })
	return out
}

func (m ModuleContract) endEntry(ctx context.Context) (TimelineEntry, bool) {
	e := TimelineEntry{Kind: "end", Date: m.CancelDate}
	switch {
	case m.Cancelation == apiclient.CancelationPendingVerification:
		e.Label = i18n.T(ctx, "mymodules.timeline.cancelrequested")
	case m.Cancelation == apiclient.CancelationPendingWithdrawalVerification:
		e.Label = i18n.T(ctx, "mymodules.timeline.canceledwithdrawing")
	case m.Cancelation == apiclient.CancelationCanceled && !m.CancelDate.IsZero():
		e.Label = i18n.T(ctx, "mymodules.timeline.canceled")
	case !m.End.IsZero() && m.End.Before(m.Today):
		e.Label, e.Date = i18n.T(ctx, "mymodules.timeline.ended"), m.End
	case !m.End.IsZero():
		e.Label, e.Date = i18n.T(ctx, "mymodules.timeline.ends"), m.End
	}
	return e, e.Label != "" && !e.Date.IsZero()
}

// SplitByPast returns the current add-ons in the given order and the past
// ones, most recently ended first.
func SplitByPast(all []ModuleContract) (current, past []ModuleContract) {
	for _, m := range all {
		if m.Past() {
			past = append(past, m)
		} else {
			current = append(current, m)
		}
	}
	slices.SortStableFunc(past, func(a, b ModuleContract) int {
		return b.effectiveEnd().Compare(a.effectiveEnd())
	})
	return current, past
}

// CancelURL is the cancel page, optionally prefilled with a date and reason
// (the review's "change" way back).
func (m ModuleContract) CancelURL(base string, date string, reasonID string) string {
	u := m.URL(base) + "/cancel"
	q := url.Values{}
	if date != "" {
		q.Set(FieldCancelDate, date)
	}
	if reasonID != "" {
		q.Set(FieldCancelReason, reasonID)
	}
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// CancelBlockedText explains why no cancelation can be requested now.
func (m ModuleContract) CancelBlockedText(ctx context.Context) string {
	switch {
	case m.Past():
		return i18n.T(ctx, "mymodules.cancel.blocked.ended")
	case m.Cancelation == apiclient.CancelationPendingVerification:
		return i18n.T(ctx, "mymodules.cancel.blocked.pending", i18n.Date(ctx, m.CancelDate))
	case m.Cancelation == apiclient.CancelationCanceled:
		return i18n.T(ctx, "mymodules.cancel.blocked.canceled", i18n.Date(ctx, m.CancelDate))
	case m.Cancelation == apiclient.CancelationPendingWithdrawalVerification:
		return i18n.T(ctx, "mymodules.cancel.blocked.withdrawing")
	}
	return i18n.T(ctx, "mymodules.cancel.blocked.nodates")
}

// WithdrawBlockedText explains why the cancelation cannot be withdrawn now.
func (m ModuleContract) WithdrawBlockedText(ctx context.Context) string {
	switch {
	case m.Cancelation == apiclient.CancelationPendingWithdrawalVerification && !m.Past():
		return i18n.T(ctx, "mymodules.withdraw.blocked.pending")
	case m.Cancelation == "" && !m.Past():
		return i18n.T(ctx, "mymodules.withdraw.blocked.none")
	case m.Past():
		return i18n.T(ctx, "mymodules.withdraw.blocked.ended")
	}
	return i18n.T(ctx, "mymodules.withdraw.blocked.late")
}
