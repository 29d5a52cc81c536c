package views

import (
	"context"
	"strings"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
)

// CommitmentView is what booking an add-on with one choice commits the
// member to (package addon's Commitment), as the add-on page, the summary
// and a booking's receipt state it.
type CommitmentView struct {
	addon.Commitment
	// Today is the studio's date: a start on it reads "Today, …". Zero on a
	// receipt, which is read later.
	Today apiclient.Date
	// TrialOffered shows the trial line even without a trial chosen (the
	// member could have one).
	TrialOffered bool
	// TrialDescription is the studio's words for its trial, if any.
	TrialDescription string
}

// HasTrialLine says whether the trial is worth a line: chosen, or on offer.
func (v CommitmentView) HasTrialLine() bool { return v.Trial != nil || v.TrialOffered }

// chargesPrice says whether the price asks for money at all (a line for
// the day paying starts makes sense then).
func (v CommitmentView) chargesPrice() bool { return v.Price.Kind != addon.PriceFree }

// paymentRun is a run of charges of one amount, for the wording of a
// schedule: "12 payments of €4.50, from 21 Nov 2026 to 21 Oct 2027".
type paymentRun struct {
	Count       int
	Amount      apiclient.Money
	First, Last apiclient.Date
}

// runs groups a schedule's payments into runs of equal amounts, in date
// order. A MONTH_DAY schedule is never grouped: its charge days are not
// evenly spaced, so each is said on its own.
func runs(s addon.Schedule, kind addon.PriceKind) []paymentRun {
	var out []paymentRun
	for _, p := range s.Payments {
		if n := len(out); n > 0 && kind != addon.PriceMonthDay && out[n-1].Amount == p.Amount {
			out[n-1].Count++
			out[n-1].Last = p.Date
			continue
		}
		out = append(out, paymentRun{Count: 1, Amount: p.Amount, First: p.Date, Last: p.Date})
	}
	return out
}

// ScheduleText says what a schedule of charges costs in all and when:
// "€54.00 (12 payments of €4.50, from 21 Nov 2026 to 21 Oct 2027)",
// "€9.90, due on 5 Dec 2026", "nothing to pay", or that the studio's data
// does not allow working it out.
func ScheduleText(ctx context.Context, s addon.Schedule, kind addon.PriceKind) string {
	switch {
	case !s.Known:
		return i18n.T(ctx, "schedule.unknown")
	case kind == addon.PriceFree:
		return i18n.T(ctx, "schedule.free")
	case len(s.Payments) == 0:
		return i18n.T(ctx, "schedule.none")
	case len(s.Payments) == 1:
		return i18n.T(ctx, "schedule.single", i18n.Money(ctx, s.Total), i18n.Date(ctx, s.Payments[0].Date))
	}
	parts := make([]string, 0, 4)
	for _, r := range runs(s, kind) {
		if r.Count == 1 {
			parts = append(parts, i18n.T(ctx, "schedule.on", i18n.Money(ctx, r.Amount), i18n.Date(ctx, r.First)))
			continue
		}
		parts = append(parts, i18n.T(ctx, "schedule.run", r.Count, i18n.Money(ctx, r.Amount), i18n.Date(ctx, r.First), i18n.Date(ctx, r.Last)))
	}
	sep := i18n.T(ctx, "schedule.then")
	if kind == addon.PriceMonthDay {
		sep = i18n.T(ctx, "price.list.sep")
	}
	return i18n.T(ctx, "schedule.total", i18n.Money(ctx, s.Total), strings.Join(parts, sep))
}

// TermUntil is a term with the day it ends: "12 months, until 20 Nov 2027".
func TermUntil(ctx context.Context, t apiclient.Term, last apiclient.Date) string {
	return i18n.T(ctx, "commitment.until", i18n.Term(ctx, t), i18n.Date(ctx, last))
}

// StartText is a start date, "Today, 21 Nov 2026" when it is today.
func StartText(ctx context.Context, start, today apiclient.Date) string {
	if !today.IsZero() && start == today {
		return i18n.T(ctx, "confirm.start.today", i18n.Date(ctx, start))
	}
	return i18n.Date(ctx, start)
}

// NoticeText is the notice period: of the initial term, and of a renewal
// when it differs.
func NoticeText(ctx context.Context, t addon.Terms) string {
	switch {
	case t.Renewal == addon.RenewalEnds:
		return i18n.T(ctx, "commitment.notice.none")
	case t.Notice == nil:
		return i18n.T(ctx, "commitment.unknown")
	case t.Renewal == addon.RenewalExtends && t.ExtensionNotice != nil && *t.ExtensionNotice != *t.Notice:
		return i18n.T(ctx, "commitment.notice.both", i18n.Term(ctx, *t.Notice), i18n.Term(ctx, *t.ExtensionNotice))
	}
	return i18n.T(ctx, "commitment.notice.value", i18n.Term(ctx, *t.Notice))
}

// RenewalText says what happens after the initial term.
func RenewalText(ctx context.Context, t addon.Terms) string {
	switch {
	case t.Renewal == addon.RenewalExtends && t.Extension != nil:
		return i18n.T(ctx, "commitment.renewal.extends", i18n.Term(ctx, *t.Extension))
	case t.Renewal == addon.RenewalEnds:
		return i18n.T(ctx, "commitment.renewal.ends")
	}
	return i18n.T(ctx, "commitment.unknown")
}
