package addon

import "github.com/studio-addons/portal/apiclient"

// Renewal says what happens when an add-on's term ends.
type Renewal string

// Renewals. The zero value is RenewalUnknown.
const (
	// RenewalUnknown: the data does not say (no extension in the module's
	// termInformation, or an add-on contract read without its module).
	RenewalUnknown Renewal = ""
	// RenewalExtends: TERM_EXTENSION, it renews by Terms.Extension unless
	// canceled in time.
	RenewalExtends Renewal = "extends"
	// RenewalEnds: NEW, it ends after its initial term by itself.
	RenewalEnds Renewal = "ends"
)

// maxTerms bounds the walk over term ends, as the sandbox does.
const maxTerms = 10000

// Terms is a module's term configuration, typed. A nil term is one the
// studio's data does not give (or gives in a unit the portal cannot count).
type Terms struct {
	// Initial is the initial (minimum) term, termInformation.term; nil on
	// older tenants that do not send it.
	Initial *apiclient.Term
	Renewal Renewal
	// Extension is how long each renewal runs (RenewalExtends only).
	Extension *apiclient.Term
	// Notice is the notice period before the end of the initial term
	// (termInformation.cancelationPeriod).
	Notice *apiclient.Term
	// ExtensionNotice is the notice period before the end of a renewal
	// (extension.extensionCancelationPeriod).
	ExtensionNotice *apiclient.Term
}

// TermsOf reads a module's termInformation.
func TermsOf(ti apiclient.TermInformation) Terms {
	t := Terms{Initial: knownTerm(ti.Term), Notice: knownTerm(ti.CancelationPeriod)}
	if ext := ti.Extension; ext != nil {
		switch ext.ExtensionType {
		case apiclient.ExtensionTermExtension:
			t.Renewal = RenewalExtends
			t.Extension = knownTerm(ext.TermExtension)
		case apiclient.ExtensionNew:
			t.Renewal = RenewalEnds
		}
		if t.Renewal != RenewalUnknown {
			t.ExtensionNotice = knownTerm(ext.ExtensionCancelationPeriod)
		}
	}
	return t
}

// TermEnd returns the last day of term k of an add-on starting on start
// (k = 0 the initial term, k ≥ 1 its renewals): the day before start +
// initial term + k × extension. Month and year terms are counted from the
// start date and clamped to the month's end, not chained (started Jan 31 with
// monthly terms: Feb 27, or Feb 28 in a leap year, then Mar 30, Apr 29). ok
// is false when the data does not give the terms needed, or term k does not
// exist (an add-on that ends after its initial term has only term 0).
func (t Terms) TermEnd(start apiclient.Date, k int) (apiclient.Date, bool) {
	if t.Initial == nil || k < 0 {
		return apiclient.Date{}, false
	}
	first := t.Initial.AddTo(start, 1)
	if k == 0 {
		return first.AddDays(-1), true
	}
	if t.Renewal != RenewalExtends || t.Extension == nil {
		return apiclient.Date{}, false
	}
	mi, ok1 := monthsOf(*t.Initial)
	me, ok2 := monthsOf(*t.Extension)
	if ok1 && ok2 {
		return start.AddMonths(mi + k*me).AddDays(-1), true
	}
	return t.Extension.AddTo(first, k).AddDays(-1), true
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

// NoticeDeadline returns the last day notice of a cancelation to the end of
// term k (end, from TermEnd) can reach the studio: end minus the notice
// period of the initial term (k = 0) or of a renewal (k ≥ 1), clamped at
// month ends (Mar 31 - 1 month = Feb 28). ok is false when that notice
// period is unknown.
func (t Terms) NoticeDeadline(end apiclient.Date, k int) (apiclient.Date, bool) {
	p := t.Notice
	if k > 0 {
		p = t.ExtensionNotice
	}
	if p == nil {
		return apiclient.Date{}, false
	}
	return p.AddTo(end, -1), true
}

// EarliestEnd returns the earliest day an add-on started on start could end
// if canceled on today: the first term end whose notice deadline is today or
// later, and that deadline. An add-on that ends by itself (RenewalEnds) ends
// after its initial term without notice: then noticeBy is zero. ok is false
// when the data does not give what the answer depends on (nothing is
// guessed), and for an add-on that ends by itself and has already ended.
func (t Terms) EarliestEnd(start, today apiclient.Date) (end, noticeBy apiclient.Date, ok bool) {
	if t.Renewal == RenewalEnds {
		end, ok = t.TermEnd(start, 0)
		if !ok || end.Before(today) {
			return apiclient.Date{}, apiclient.Date{}, false
		}
		return end, apiclient.Date{}, true
	}
	for k := 0; k < maxTerms; k++ {
		end, ok := t.TermEnd(start, k)
		if !ok {
			break
		}
		dl, ok := t.NoticeDeadline(end, k)
		if !ok {
			break
		}
		if !dl.Before(today) {
			return end, dl, true
		}
	}
	return apiclient.Date{}, apiclient.Date{}, false
}
