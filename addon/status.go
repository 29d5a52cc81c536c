package addon

import (
	"slices"

	"github.com/studio-addons/portal/apiclient"
)

// State is the one status a member is shown for a booked add-on.
type State string

// States. The values are stable: pages carry them as test hooks.
const (
	StateActive            State = "active"
	StateUpcoming          State = "upcoming" // booked to start later
	StateTrial             State = "trial"
	StateCancelPending     State = "cancel-pending"     // cancelation waiting for the studio
	StateCanceled          State = "canceled"           // canceled to CancelDate, still running
	StateWithdrawalPending State = "withdrawal-pending" // keeping it waits for the studio
	StateEnded             State = "ended"
)

// Status is a booked add-on's state and the dates and actions that follow
// from the upstream's add-on contract on one day. The upstream's own
// answers (availableCancelationDates, lastPossibleCancelationDate,
// contractCancelationCanBeWithdrawn) are taken as they are: for a booked
// add-on they win over anything the portal could compute.
type Status struct {
	State State
	Today apiclient.Date
	Start apiclient.Date
	// TrialLastDay is the trial's last free day; zero without a trial (or
	// one whose length or start is not given).
	TrialLastDay apiclient.Date
	InTrial      bool
	// End is the day an add-on stops that ends: one that has ended, or
	// whose cancelation is in effect (its endDate, else its cancelation
	// date). Zero while it runs on.
	End apiclient.Date
	// TermEnd is the upstream's endDate of an add-on that is not canceled:
	// the end of its current term, not an end. It renews then, unless its
	// module ends after its term (Renewal says which, when known).
	TermEnd apiclient.Date
	// Renewal is unknown from the add-on contract alone; a caller that
	// knows the module (TermsOf(module.TermInformation).Renewal) sets it.
	Renewal Renewal
	// CancelDate is the date a cancelation (pending or not) is set to.
	CancelDate  apiclient.Date
	Cancelation apiclient.CancelationStatus
	// AvailableDates are the upstream's dates a cancelation may be set to,
	// and LastPossibleCancel the notice deadline of the first of them.
	AvailableDates     []apiclient.Date
	LastPossibleCancel apiclient.Date
	// Withdrawable is the upstream's contractCancelationCanBeWithdrawn.
	Withdrawable bool
}

// StatusOf derives a booked add-on's status on today (the studio's date).
func StatusOf(mc apiclient.AdditionalModuleContract, today apiclient.Date) Status {
	s := Status{
		Today: today, Start: mc.StartDate,
		CancelDate: mc.CancelationDate, Cancelation: mc.ContractCancelationStatus,
		AvailableDates:     mc.AvailableCancelationDates,
		LastPossibleCancel: mc.LastPossibleCancelationDate,
		Withdrawable:       mc.ContractCancelationCanBeWithdrawn,
	}
	if tp := mc.TrialPeriod; tp != nil && !tp.StartDate.IsZero() && validTerm(&tp.Term) {
		// End is the first paid day; members think in the last free one.
		s.TrialLastDay = tp.End().AddDays(-1)
		s.InTrial = tp.End().After(today) && !tp.StartDate.After(today)
	}
	end := mc.EndDate
	if end.IsZero() && mc.ContractCancelationStatus == apiclient.CancelationCanceled {
		end = mc.CancelationDate
	}
	switch {
	case !end.IsZero() && end.Before(today):
		s.End = end
	case canceled(mc.ContractCancelationStatus):
		s.End = end
	default:
		s.TermEnd = mc.EndDate
	}
	s.State = s.state()
	return s
}

// canceled reports a cancelation in effect: CANCELED, also while keeping
// the add-on waits for the studio.
func canceled(c apiclient.CancelationStatus) bool {
	return c == apiclient.CancelationCanceled || c == apiclient.CancelationPendingWithdrawalVerification
}

func (s Status) state() State {
	switch {
	case !s.End.IsZero() && s.End.Before(s.Today):
		return StateEnded
	case s.Cancelation == apiclient.CancelationPendingVerification:
		return StateCancelPending
	case s.Cancelation == apiclient.CancelationCanceled:
		return StateCanceled
	case s.Cancelation == apiclient.CancelationPendingWithdrawalVerification:
		return StateWithdrawalPending
	case s.Start.After(s.Today):
		// Booked to start later: "active" would claim a service not yet given.
		return StateUpcoming
	case s.InTrial:
		return StateTrial
	}
	return StateActive
}

// Past reports whether the add-on has ended.
func (s Status) Past() bool { return s.State == StateEnded }

// CanCancel reports whether a cancelation can be requested now: the studio
// offers dates and no cancelation is pending or in effect.
func (s Status) CanCancel() bool {
	return len(s.AvailableDates) > 0 && s.Cancelation == "" && !s.Past()
}

// CanWithdraw reports whether the cancelation can be withdrawn (the add-on
// kept) now, as the upstream says.
func (s Status) CanWithdraw() bool { return s.Withdrawable }

// EarliestDate is the first available cancelation date (zero when none).
func (s Status) EarliestDate() apiclient.Date {
	if len(s.AvailableDates) == 0 {
		return apiclient.Date{}
	}
	return s.AvailableDates[0]
}

// EventKind names a dated step in an add-on's life.
type EventKind string

// Event kinds; the values are stable test hooks.
const (
	EventStart    EventKind = "start"
	EventTrialEnd EventKind = "trial"      // the trial's last free day
	EventNoticeBy EventKind = "lastcancel" // last day to give notice to end on the earliest date
	EventEnd      EventKind = "end"        // see EndKind
)

// EndKind says what an EventEnd is.
type EndKind string

// End kinds.
const (
	EndCancelRequested     EndKind = "cancel-requested"     // canceled to this date, waiting for the studio
	EndCanceledWithdrawing EndKind = "canceled-withdrawing" // canceled to this date, keeping it waits for the studio
	EndCanceled            EndKind = "canceled"             // canceled to this date
	EndEnded               EndKind = "ended"                // ended on this date
	EndTermEnd             EndKind = "term-end"             // the current term ends: renews, or ends (Status.Renewal)
)

// Event is one dated step of an add-on.
type Event struct {
	Kind EventKind
	End  EndKind // for EventEnd
	Date apiclient.Date
	Past bool // before today
}

// Timeline lists start, the trial's last day, the notice deadline for the
// earliest end and the end (or end of term), in date order.
func (s Status) Timeline() []Event {
	out := []Event{{Kind: EventStart, Date: s.Start}}
	if !s.TrialLastDay.IsZero() {
		out = append(out, Event{Kind: EventTrialEnd, Date: s.TrialLastDay})
	}
	if !s.LastPossibleCancel.IsZero() && len(s.AvailableDates) > 0 {
		out = append(out, Event{Kind: EventNoticeBy, Date: s.LastPossibleCancel})
	}
	if e, ok := s.endEvent(); ok {
		out = append(out, e)
	}
	for i := range out {
		out[i].Past = out[i].Date.Before(s.Today)
	}
	slices.SortStableFunc(out, func(a, b Event) int { return a.Date.Compare(b.Date) })
	return out
}

func (s Status) endEvent() (Event, bool) {
	e := Event{Kind: EventEnd, Date: s.CancelDate}
	switch {
	case s.Cancelation == apiclient.CancelationPendingVerification:
		e.End = EndCancelRequested
	case s.Cancelation == apiclient.CancelationPendingWithdrawalVerification:
		e.End = EndCanceledWithdrawing
	case s.Cancelation == apiclient.CancelationCanceled && !s.CancelDate.IsZero():
		e.End = EndCanceled
	case s.Past():
		e.End, e.Date = EndEnded, s.End
	case !s.TermEnd.IsZero():
		e.End, e.Date = EndTermEnd, s.TermEnd
	}
	return e, e.End != "" && !e.Date.IsZero()
}

// SplitByPast returns the current add-ons in the given order and the past
// ones, most recently ended first; status reads an element's Status.
func SplitByPast[T any](all []T, status func(T) Status) (current, past []T) {
	for _, m := range all {
		if status(m).Past() {
			past = append(past, m)
		} else {
			current = append(current, m)
		}
	}
	slices.SortStableFunc(past, func(a, b T) int {
		return status(b).End.Compare(status(a).End)
	})
	return current, past
}
