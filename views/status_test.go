package views

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
)

var statusToday = apiclient.NewDate(2026, 11, 21)

func enCtx() context.Context { return i18n.WithLocale(context.Background(), i18n.English) }

func enDate(d apiclient.Date) string { return i18n.FormatDate(i18n.English, d) }

// renderDoc renders a component in English and parses it.
func renderDoc(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(enCtx(), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// assertDescribedBy checks sel's aria-describedby: absent when want is "",
// else equal to want, and every id it names present in the document.
func assertDescribedBy(t *testing.T, doc *goquery.Document, sel, want string) {
	t.Helper()
	got, ok := doc.Find(sel).Attr("aria-describedby")
	if want == "" {
		if ok {
			t.Errorf("%s has aria-describedby=%q, want none", sel, got)
		}
		return
	}
	if got != want {
		t.Errorf("%s aria-describedby = %q, want %q", sel, got, want)
	}
	for _, id := range strings.Fields(got) {
		if doc.Find("#"+id).Length() != 1 {
			t.Errorf("%s is described by #%s, which is not on the page", sel, id)
		}
	}
}

func TestDescribedBy(t *testing.T) {
	tests := []struct {
		ids  []string
		want string
	}{
		{nil, ""},
		{[]string{"", ""}, ""},
		{[]string{"name-hint", ""}, "name-hint"},
		{[]string{"", "name-error"}, "name-error"},
		{[]string{"name-hint", "name-error"}, "name-hint name-error"},
		{[]string{"a", "", "b", "", "c"}, "a b c"},
	}
	for _, tt := range tests {
		if got := DescribedBy(tt.ids...); got != tt.want {
			t.Errorf("DescribedBy(%q) = %q, want %q", tt.ids, got, tt.want)
		}
	}
}

func TestTextFieldDescribedBy(t *testing.T) {
	tests := []struct {
		name, hint, err, want string
	}{
		{"plain field", "", "", ""},
		{"hint only", "As on your card", "", "number-hint"},
		{"error only", "", "Please enter it", "number-error"},
		{"hint and error", "As on your card", "Please enter it", "number-hint number-error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := renderDoc(t, TextField(TextFieldProps{Name: "number", Label: "Number", Hint: tt.hint, Error: tt.err, Type: "text"}))
			assertDescribedBy(t, doc, "input#number", tt.want)
		})
	}
}

func TestCancelFormDescribedBy(t *testing.T) {
	mc := ModuleContract{ID: 5001, Name: "Towel", Status: addon.Status{AvailableDates: []apiclient.Date{statusToday.AddMonths(1)}}}
	form := CancelForm{Contract: mc, Reasons: []CancelReason{{ID: "1", Name: "Illness"}}, Errors: Errors{}}
	p := Page{Studio: Studio{Slug: "demo"}}

	doc := renderDoc(t, CancelFormPartial(p, form))
	assertDescribedBy(t, doc, "fieldset[data-testid=cancel-dates]", "cancelationDate-hint")
	assertDescribedBy(t, doc, "fieldset[data-testid=cancel-reasons]", "")

	form.Errors = Errors{FieldCancelDate: "Please choose a date.", FieldCancelReason: "Please choose a reason."}
	doc = renderDoc(t, CancelFormPartial(p, form))
	assertDescribedBy(t, doc, "fieldset[data-testid=cancel-dates]", "cancelationDate-hint cancelationDate-error")
	assertDescribedBy(t, doc, "fieldset[data-testid=cancel-reasons]", "cancelationReason-error")
}

func TestCancelQueryCarriesTheFormFields(t *testing.T) {
	if got := CancelQuery("", ""); got != "" {
		t.Errorf("CancelQuery without a choice = %q, want none", got)
	}
	u, err := url.Parse("/demo/my-modules/5001/cancel" + CancelQuery("2026-12-31", "3"))
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/demo/my-modules/5001/cancel" {
		t.Errorf("path = %q", u.Path)
	}
	// The cancel page reads the choice back under the form's field names.
	q := u.Query()
	if got := q.Get(FieldCancelDate); got != "2026-12-31" {
		t.Errorf("%s = %q, want 2026-12-31", FieldCancelDate, got)
	}
	if got := q.Get(FieldCancelReason); got != "3" {
		t.Errorf("%s = %q, want 3", FieldCancelReason, got)
	}
	if len(q) != 2 {
		t.Errorf("query %q carries more than the two fields", u.RawQuery)
	}
}

// trial is a trial of days days starting start days from statusToday.
func trial(start, days int) *apiclient.TrialPeriod {
	return &apiclient.TrialPeriod{StartDate: statusToday.AddDays(start), Term: apiclient.Term{Value: days, Unit: apiclient.UnitDay}}
}

// The states' rules are package addon's (TestStatusOf); here their words.
func TestModuleContractStatusText(t *testing.T) {
	day := statusToday.AddDays
	tests := []struct {
		name      string
		mc        apiclient.AdditionalModuleContract
		wantText  string
		wantBadge string
	}{
		{"active", apiclient.AdditionalModuleContract{StartDate: day(-100)}, "Active", "badge ok"},
		{"in trial", apiclient.AdditionalModuleContract{StartDate: day(-5), TrialPeriod: trial(-5, 14)},
			"In trial until " + enDate(day(8)), "badge ok"},
		{"trial over: its last day was yesterday", apiclient.AdditionalModuleContract{StartDate: day(-14), TrialPeriod: trial(-14, 14)},
			"Active", "badge ok"},
		{"trial's last day is today", apiclient.AdditionalModuleContract{StartDate: day(-13), TrialPeriod: trial(-13, 14)},
			"In trial until " + enDate(statusToday), "badge ok"},
		{"starts later", apiclient.AdditionalModuleContract{StartDate: day(10)}, "Starts on " + enDate(day(10)), "badge ok"},
		{"starts later with a trial: not in trial yet", apiclient.AdditionalModuleContract{StartDate: day(10), TrialPeriod: trial(10, 14)},
			"Starts on " + enDate(day(10)), "badge ok"},
		{"cancelation pending verification", apiclient.AdditionalModuleContract{StartDate: day(-100),
			ContractCancelationStatus: apiclient.CancelationPendingVerification, CancelationDate: day(40)},
			"Cancelation waiting for the studio", "badge warn"},
		{"cancelation pending during the trial", apiclient.AdditionalModuleContract{StartDate: day(-5), TrialPeriod: trial(-5, 14),
			ContractCancelationStatus: apiclient.CancelationPendingVerification, CancelationDate: day(8)},
			"Cancelation waiting for the studio", "badge warn"},
		{"canceled to a later date", apiclient.AdditionalModuleContract{StartDate: day(-100),
			ContractCancelationStatus: apiclient.CancelationCanceled, CancelationDate: day(40)},
			"Canceled, ends on " + enDate(day(40)), "badge bad"},
		{"canceled to today: its last day", apiclient.AdditionalModuleContract{StartDate: day(-100),
			ContractCancelationStatus: apiclient.CancelationCanceled, CancelationDate: statusToday},
			"Canceled, ends on " + enDate(statusToday), "badge bad"},
		{"ended via CANCELED without an end date", apiclient.AdditionalModuleContract{StartDate: day(-100),
			ContractCancelationStatus: apiclient.CancelationCanceled, CancelationDate: day(-1)},
			"Ended on " + enDate(day(-1)), "badge muted"},
		{"ended by its end date", apiclient.AdditionalModuleContract{StartDate: day(-100), EndDate: day(-3)},
			"Ended on " + enDate(day(-3)), "badge muted"},
		{"end date ahead", apiclient.AdditionalModuleContract{StartDate: day(-100), EndDate: day(3)}, "Active", "badge ok"},
		{"withdrawal pending verification", apiclient.AdditionalModuleContract{StartDate: day(-100),
			ContractCancelationStatus: apiclient.CancelationPendingWithdrawalVerification, CancelationDate: day(40)},
			"Keep add-on requested, waiting for the studio", "badge warn"},
		{"pending verification past its end: ended", apiclient.AdditionalModuleContract{StartDate: day(-100), EndDate: day(-2),
			ContractCancelationStatus: apiclient.CancelationPendingVerification, CancelationDate: day(-2)},
			"Ended on " + enDate(day(-2)), "badge muted"},
	}
	ctx := enCtx()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewModuleContract(1, tt.mc, statusToday)
			if got := m.StatusText(ctx); got != tt.wantText {
				t.Errorf("status text = %q, want %q", got, tt.wantText)
			}
			if got := m.BadgeClass(); got != tt.wantBadge {
				t.Errorf("badge = %q, want %q", got, tt.wantBadge)
			}
		})
	}
}

// endDate on an add-on that is not canceled is the end of its current
// term: never worded as an end unless the module is known not to renew.
func TestEndLineAndTimelineOfATermEnd(t *testing.T) {
	day := statusToday.AddDays
	running := apiclient.AdditionalModuleContract{StartDate: day(-40), EndDate: day(20)}
	tests := []struct {
		name         string
		mc           apiclient.AdditionalModuleContract
		renewal      addon.Renewal
		wantLabel    string
		wantDate     apiclient.Date
		wantTimeline string
	}{
		{"renewal unknown", running, addon.RenewalUnknown, "Current term until", day(20), "End of the current term"},
		{"renews", running, addon.RenewalExtends, "Renews after", day(20), "Term ends, then renews"},
		{"does not renew", running, addon.RenewalEnds, "Ends on", day(20), "Ends"},
		{"cancelation waiting for the studio: the end asked for", apiclient.AdditionalModuleContract{StartDate: day(-40), EndDate: day(20),
			ContractCancelationStatus: apiclient.CancelationPendingVerification, CancelationDate: day(20)}, addon.RenewalExtends,
			"Requested end", day(20), "Cancelation requested to this date, waiting for the studio"},
		{"keeping it waits for the studio: ends unless confirmed", apiclient.AdditionalModuleContract{StartDate: day(-40), EndDate: day(20),
			ContractCancelationStatus: apiclient.CancelationPendingWithdrawalVerification, CancelationDate: day(20)}, addon.RenewalExtends,
			"Ends on", day(20), "Canceled to this date; you asked to keep the add-on"},
	}
	ctx := enCtx()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewModuleContract(1, tt.mc, statusToday)
			m.Renewal = tt.renewal
			label, date, ok := m.EndLine(ctx)
			if !ok || label != tt.wantLabel || date != tt.wantDate {
				t.Errorf("end line = %q %s (ok %v), want %q %s", label, date, ok, tt.wantLabel, tt.wantDate)
			}
			tl := m.Timeline(ctx)
			if last := tl[len(tl)-1]; last.Kind != "end" || last.Label != tt.wantTimeline || last.Date != tt.wantDate {
				t.Errorf("last timeline entry = %+v, want end %q on %s", last, tt.wantTimeline, tt.wantDate)
			}
		})
	}
}

func TestTimelineOfAnAddOnStartingLater(t *testing.T) {
	m := NewModuleContract(1, apiclient.AdditionalModuleContract{StartDate: statusToday.AddDays(10),
		TrialPeriod: trial(10, 14)}, statusToday)
	got := m.Timeline(enCtx())
	if len(got) != 2 || got[0].Kind != "start" || got[1].Kind != "trial" {
		t.Fatalf("timeline = %+v, want start then trial", got)
	}
	if got[0].Label != "Starts" || got[0].Past || got[1].Past {
		t.Errorf("start = %+v, trial = %+v: want \"Starts\", neither in the past", got[0], got[1])
	}
	if want := statusToday.AddDays(23); got[1].Date != want {
		t.Errorf("last trial day = %s, want %s", got[1].Date, want)
	}
}
