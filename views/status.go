package views

import (
	"context"
	"net/url"
	"time"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
)

// ModuleContract is a booked add-on as the My add-ons pages show it: its
// name, price and next payment, and its status, whose rules are package
// addon's. Back-office data (rate codes, ids) is never shown.
type ModuleContract struct {
	addon.Status
	ID     int64
	Name   string
	Price  addon.Price
	Reason string
	// Next is the next charge, where the data allows knowing it (HasNext).
	Next    addon.Payment
	HasNext bool
	// Unavailable says the add-on's own read failed or took too long: the
	// card shows what the contract's list of add-ons says, and no actions.
	Unavailable bool
	// Receipts are the member's records of this add-on's changes, newest
	// first.
	Receipts []ReceiptLink
}

// ReceiptLink is one receipt of an add-on, as a link.
type ReceiptLink struct {
	URL      string
	Kind     string // booking, cancelation, withdrawal
	Received time.Time
}

// NewModuleContract maps an upstream add-on contract to its view model.
// today is the studio's current date.
func NewModuleContract(id int64, mc apiclient.AdditionalModuleContract, today apiclient.Date) ModuleContract {
	return ModuleContract{
		Status: addon.StatusOf(mc, today),
		ID:     id, Name: mc.Name, Price: addon.BookedPrice(mc, nil),
		Reason: mc.CancelationReason,
	}
}

// StatusText is the status in words, so it never depends on colour.
func (m ModuleContract) StatusText(ctx context.Context) string {
	switch m.State {
	case addon.StateUpcoming:
		return i18n.T(ctx, "mymodules.status.upcoming", i18n.Date(ctx, m.Start))
	case addon.StateTrial:
		return i18n.T(ctx, "mymodules.status.trial", i18n.Date(ctx, m.TrialLastDay))
	case addon.StateCancelPending:
		return i18n.T(ctx, "mymodules.status.cancelpending")
	case addon.StateCanceled:
		return i18n.T(ctx, "mymodules.status.canceled", i18n.Date(ctx, m.CancelDate))
	case addon.StateWithdrawalPending:
		return i18n.T(ctx, "mymodules.status.withdrawalpending")
	case addon.StateEnded:
		return i18n.T(ctx, "mymodules.status.ended", i18n.Date(ctx, m.End))
	}
	return i18n.T(ctx, "mymodules.status.active")
}

// BadgeClass is the badge colour matching the status text.
func (m ModuleContract) BadgeClass() string {
	switch m.State {
	case addon.StateActive, addon.StateTrial, addon.StateUpcoming:
		return "badge ok"
	case addon.StateCancelPending, addon.StateWithdrawalPending:
		return "badge warn"
	case addon.StateCanceled:
		return "badge bad"
	}
	return "badge muted"
}

// PriceText is the price with its interval: "€9.90 per month", "€45.00
// per year", "€49.00 once", "Free" (BookedPriceText).
func (m ModuleContract) PriceText(ctx context.Context) string { return BookedPriceText(ctx, m.Price) }

// NextText is the next payment: "€9.90 on 5 Dec 2026".
func (m ModuleContract) NextText(ctx context.Context) string {
	return i18n.T(ctx, "mymodules.next.value", i18n.Money(ctx, m.Next.Amount), i18n.Date(ctx, m.Next.Date))
}

// EndLine is the label and date of the card's end line; ok is false when
// there is none: the add-on runs open-ended, or its status already says
// the date (canceled, ended). The end of a current term is no end: it
// renews then, or, when the module is known not to renew, ends.
func (m ModuleContract) EndLine(ctx context.Context) (label string, date apiclient.Date, ok bool) {
	switch {
	case m.State == addon.StateEnded || m.State == addon.StateCanceled:
		return "", apiclient.Date{}, false
	case m.Cancelation == apiclient.CancelationPendingVerification && !m.CancelDate.IsZero():
		return i18n.T(ctx, "mymodules.requestedend"), m.CancelDate, true
	case !m.End.IsZero():
		return i18n.T(ctx, "mymodules.endson"), m.End, true
	case !m.TermEnd.IsZero() && m.Renewal == addon.RenewalExtends:
		return i18n.T(ctx, "mymodules.renews"), m.TermEnd, true
	case !m.TermEnd.IsZero() && m.Renewal == addon.RenewalEnds:
		return i18n.T(ctx, "mymodules.endson"), m.TermEnd, true
	case !m.TermEnd.IsZero():
		return i18n.T(ctx, "mymodules.termend"), m.TermEnd, true
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

// Timeline words the add-on's dated steps (addon.Status.Timeline).
func (m ModuleContract) Timeline(ctx context.Context) []TimelineEntry {
	events := m.Status.Timeline()
	out := make([]TimelineEntry, 0, len(events))
	for _, e := range events {
		out = append(out, TimelineEntry{Kind: string(e.Kind), Label: m.eventLabel(ctx, e), Date: e.Date, Past: e.Past})
	}
	return out
}

func (m ModuleContract) eventLabel(ctx context.Context, e addon.Event) string {
	switch e.Kind {
	case addon.EventStart:
		if m.Start.After(m.Today) {
			return i18n.T(ctx, "mymodules.timeline.starts")
		}
		return i18n.T(ctx, "mymodules.timeline.started")
	case addon.EventTrialEnd:
		return i18n.T(ctx, "mymodules.timeline.trial")
	case addon.EventNoticeBy:
		return i18n.T(ctx, "mymodules.timeline.lastcancel", i18n.Date(ctx, m.EarliestDate()))
	}
	switch e.End {
	case addon.EndCancelRequested:
		return i18n.T(ctx, "mymodules.timeline.cancelrequested")
	case addon.EndCanceledWithdrawing:
		return i18n.T(ctx, "mymodules.timeline.canceledwithdrawing")
	case addon.EndCanceled:
		return i18n.T(ctx, "mymodules.timeline.canceled")
	case addon.EndEnded:
		return i18n.T(ctx, "mymodules.timeline.ended")
	}
	// The end of the current term: what follows it, where known.
	switch m.Renewal {
	case addon.RenewalExtends:
		return i18n.T(ctx, "mymodules.timeline.renews")
	case addon.RenewalEnds:
		return i18n.T(ctx, "mymodules.timeline.ends")
	}
	return i18n.T(ctx, "mymodules.timeline.termend")
}

// CancelQuery is the query that prefills the cancel page (the Cancel
// route) with a date and reason, for the review's "change" way back: ""
// without either, else "?" and the form's fields.
func CancelQuery(date string, reasonID string) string {
	q := url.Values{}
	if date != "" {
		q.Set(FieldCancelDate, date)
	}
	if reasonID != "" {
		q.Set(FieldCancelReason, reasonID)
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
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
