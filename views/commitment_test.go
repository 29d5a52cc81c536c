package views

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
)

// renderCommitment renders the commitment of booking mod with f on start
// and returns the text of each fact by its data-testid.
func renderCommitment(t *testing.T, loc i18n.Locale, mod apiclient.AdditionalModule, f apiclient.PaymentFrequency, trial bool, start apiclient.Date) map[string]string {
	t.Helper()
	v := CommitmentView{Commitment: addon.CommitmentOf(mod, f, trial, start), Today: start}
	if mod.TrialPeriodConfig != nil {
		v.TrialOffered, v.TrialDescription = true, mod.TrialPeriodConfig.Description
	}
	var buf bytes.Buffer
	if err := Commitment(v).Render(i18n.WithLocale(context.Background(), loc), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	doc.Find("dd[data-testid]").Each(func(_ int, s *goquery.Selection) {
		out[s.AttrOr("data-testid", "")] = strings.Join(strings.Fields(s.Text()), " ")
	})
	return out
}

// TestCommitmentSaysWhatTheDataLacks: a tenant that sends no initial term
// and no trial length (older API versions) gets every fact that depends on
// them said to be missing, never a guessed date or total.
func TestCommitmentSaysWhatTheDataLacks(t *testing.T) {
	price := apiclient.NewMoney(990, "EUR")
	month := &apiclient.Term{Value: 1, Unit: apiclient.UnitMonth}
	f := apiclient.PaymentFrequency{ID: 1, Type: apiclient.FrequencyRecurring, Term: month, Price: &price}
	old := apiclient.AdditionalModule{
		TermInformation:   apiclient.TermInformation{Extension: &apiclient.Extension{ExtensionType: apiclient.ExtensionTermExtension, TermExtension: month}},
		TrialPeriodConfig: &apiclient.TrialPeriodConfig{Description: "Try it"},
	}
	got := renderCommitment(t, i18n.English, old, f, true, apiclient.NewDate(2026, 11, 21))
	want := map[string]string{
		"commitment-start":    "Today, 21 Nov 2026",
		"commitment-trial":    "Yes; the studio's data does not give its length Try it",
		"commitment-paying":   "When the trial ends; the studio's data does not give the date",
		"commitment-price":    "€9.90 every month",
		"commitment-term":     "Not given in the studio's data",
		"commitment-renewal":  "It renews by 1 month at a time unless you cancel in time.",
		"commitment-notice":   "Not given in the studio's data",
		"commitment-earliest": "Not given in the studio's data",
		"commitment-total":    "cannot be worked out from the studio's data",
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s = %q, want %q", id, got[id], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("facts %v, want exactly %v", got, want)
	}
}

// TestCommitmentGerman: the same facts in German, dates and money per
// CLDR.
func TestCommitmentGerman(t *testing.T) {
	price := apiclient.NewMoney(450, "EUR")
	month := &apiclient.Term{Value: 1, Unit: apiclient.UnitMonth}
	towel := apiclient.AdditionalModule{TermInformation: apiclient.TermInformation{
		Term:              &apiclient.Term{Value: 12, Unit: apiclient.UnitMonth},
		Extension:         &apiclient.Extension{ExtensionType: apiclient.ExtensionTermExtension, TermExtension: month},
		CancelationPeriod: month,
	}}
	f := apiclient.PaymentFrequency{ID: 1, Type: apiclient.FrequencyRecurring, Term: month, Price: &price}
	got := renderCommitment(t, i18n.German, towel, f, false, apiclient.NewDate(2026, 11, 21))
	for id, w := range map[string]string{
		"commitment-term":  "12 Monate, bis 20.11.2027",
		"commitment-total": "54,00 € (12 Zahlungen zu je 4,50 €, vom 21.11.2026 bis zum 21.10.2027)",
	} {
		if g := strings.ReplaceAll(got[id], "\u00a0", " "); g != w {
			t.Errorf("%s = %q, want %q", id, g, w)
		}
	}
	if _, ok := got["commitment-trial"]; ok {
		t.Error("a module without a trial has a trial line")
	}
}

// TestScheduleRuns: equal amounts in a row are said once with their count
// and dates, a MONTH_DAY schedule date by date.
func TestScheduleRuns(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), i18n.English)
	eur := func(minor int64) apiclient.Money { return apiclient.NewMoney(minor, "EUR") }
	d := func(m time.Month, day int) apiclient.Date { return apiclient.NewDate(2027, m, day) }
	s := addon.Schedule{Known: true, Total: eur(6960), Payments: []addon.Payment{
		{Date: d(1, 1), Amount: eur(1990)}, {Date: d(2, 1), Amount: eur(1990)}, {Date: d(3, 1), Amount: eur(2980)},
	}}
	if got, want := ScheduleText(ctx, s, addon.PriceStepped), "€69.60 (2 payments of €19.90, from 1 Jan 2027 to 1 Feb 2027, then €29.80 on 1 Mar 2027)"; got != want {
		t.Errorf("stepped: %q, want %q", got, want)
	}
	if got, want := ScheduleText(ctx, s, addon.PriceMonthDay), "€69.60 (€19.90 on 1 Jan 2027, €19.90 on 1 Feb 2027, €29.80 on 1 Mar 2027)"; got != want {
		t.Errorf("month-day: %q, want %q", got, want)
	}
	if got := ScheduleText(ctx, addon.Schedule{Known: true}, addon.PriceRecurring); got != "no payment falls due" {
		t.Errorf("no payment inside the period (a trial longer than the term): %q", got)
	}
}

// TestRenewalAndNoticeText: what happens after the minimum term and the
// notice period, for a module that renews (with the same or a shorter
// notice once renewed), one that ends by itself, and one whose terms say
// nothing.
func TestRenewalAndNoticeText(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), i18n.English)
	month, week := termP(1, apiclient.UnitMonth), termP(2, apiclient.UnitWeek)
	tests := []struct {
		name                string
		ti                  apiclient.TermInformation
		renewal, noticeText string
	}{
		{"renews, same notice", apiclient.TermInformation{
			Extension:         &apiclient.Extension{ExtensionType: apiclient.ExtensionTermExtension, TermExtension: month, ExtensionCancelationPeriod: month},
			CancelationPeriod: month,
		}, "It renews by 1 month at a time unless you cancel in time.", "1 month before the end of a term"},
		{"renews, shorter notice once renewed", apiclient.TermInformation{
			Extension:         &apiclient.Extension{ExtensionType: apiclient.ExtensionTermExtension, TermExtension: month, ExtensionCancelationPeriod: week},
			CancelationPeriod: month,
		}, "It renews by 1 month at a time unless you cancel in time.", "1 month before the end of the minimum term, 2 weeks before the end of a renewal"},
		{"ends, with a renewal's notice that does not apply", apiclient.TermInformation{
			Extension:         &apiclient.Extension{ExtensionType: apiclient.ExtensionNew, ExtensionCancelationPeriod: week},
			CancelationPeriod: month,
		}, "It ends by itself; you do not need to cancel.", "None needed"},
		{"nothing said", apiclient.TermInformation{}, "Not given in the studio's data", "Not given in the studio's data"},
	}
	for _, tt := range tests {
		terms := addon.TermsOf(tt.ti)
		if got := RenewalText(ctx, terms); got != tt.renewal {
			t.Errorf("%s: RenewalText = %q, want %q", tt.name, got, tt.renewal)
		}
		if got := NoticeText(ctx, terms); got != tt.noticeText {
			t.Errorf("%s: NoticeText = %q, want %q", tt.name, got, tt.noticeText)
		}
	}
}
