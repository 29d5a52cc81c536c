package addon

import (
	"reflect"
	"testing"

	"github.com/studio-addons/portal/apiclient"
)

func extending(initial, ext, notice, extNotice *apiclient.Term) Terms {
	return Terms{Initial: initial, Renewal: RenewalExtends, Extension: ext, Notice: notice, ExtensionNotice: extNotice}
}

func TestTermsOf(t *testing.T) {
	tests := []struct {
		name string
		ti   apiclient.TermInformation
		want Terms
	}{
		{"extends", apiclient.TermInformation{Term: termP(12, month), CancelationPeriod: termP(1, month),
			Extension: &apiclient.Extension{ExtensionType: apiclient.ExtensionTermExtension, TermExtension: termP(1, month), ExtensionCancelationPeriod: termP(2, week)}},
			extending(termP(12, month), termP(1, month), termP(1, month), termP(2, week))},
		{"ends", apiclient.TermInformation{Term: termP(1, month), CancelationPeriod: termP(1, week),
			Extension: &apiclient.Extension{ExtensionType: apiclient.ExtensionNew}},
			Terms{Initial: termP(1, month), Renewal: RenewalEnds, Notice: termP(1, week)}},
		{"older tenant: no initial term", apiclient.TermInformation{CancelationPeriod: termP(1, month),
			Extension: &apiclient.Extension{ExtensionType: apiclient.ExtensionTermExtension, TermExtension: termP(1, month)}},
			Terms{Renewal: RenewalExtends, Extension: termP(1, month), Notice: termP(1, month)}},
		{"nothing said", apiclient.TermInformation{}, Terms{}},
		{"unknown extension type", apiclient.TermInformation{Term: termP(1, month),
			Extension: &apiclient.Extension{ExtensionType: "FOREVER", TermExtension: termP(1, month)}},
			Terms{Initial: termP(1, month)}},
		{"unusable terms are unknown", apiclient.TermInformation{Term: termP(0, month), CancelationPeriod: termP(1, "FORTNIGHT")}, Terms{}},
	}
	for _, tt := range tests {
		if got := TermsOf(tt.ti); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: TermsOf = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestTermEnds(t *testing.T) {
	tests := []struct {
		name  string
		terms Terms
		start string
		want  []string // term ends k = 0, 1, 2, ...
	}{
		{"days", extending(termP(14, day), termP(10, day), nil, nil), "2026-11-21", []string{"2026-12-04", "2026-12-14", "2026-12-24"}},
		{"weeks", extending(termP(2, week), termP(1, week), nil, nil), "2026-11-21", []string{"2026-12-04", "2026-12-11", "2026-12-18"}},
		{"months", extending(termP(12, month), termP(1, month), nil, nil), "2026-11-21", []string{"2027-11-20", "2027-12-20", "2028-01-20"}},
		{"years", extending(termP(1, year), termP(1, year), nil, nil), "2026-11-21", []string{"2027-11-20", "2028-11-20", "2029-11-20"}},
		// Counted from the start, clamped, not chained: no drift after February.
		{"31 Jan + 1 month", extending(termP(1, month), termP(1, month), nil, nil), "2027-01-31", []string{"2027-02-27", "2027-03-30", "2027-04-29", "2027-05-30"}},
		{"31 Jan + 1 month in a leap year", extending(termP(1, month), termP(1, month), nil, nil), "2028-01-31", []string{"2028-02-28", "2028-03-30", "2028-04-29"}},
		{"29 Feb + 1 year", extending(termP(1, year), termP(1, year), nil, nil), "2028-02-29", []string{"2029-02-27", "2030-02-27", "2031-02-27", "2032-02-28"}},
		{"29 Feb + 12 months, then months", extending(termP(12, month), termP(1, month), nil, nil), "2028-02-29", []string{"2029-02-27", "2029-03-28", "2029-04-28"}},
		{"year then months", extending(termP(1, year), termP(1, month), nil, nil), "2024-03-01", []string{"2025-02-28", "2025-03-31", "2025-04-30"}},
		{"days then weeks", extending(termP(14, day), termP(1, week), nil, nil), "2025-01-01", []string{"2025-01-14", "2025-01-21", "2025-01-28"}},
		{"weeks then months: months counted from the initial term's end", extending(termP(4, week), termP(1, month), nil, nil), "2027-01-03", []string{"2027-01-30", "2027-02-27", "2027-03-30"}},
		{"ends: only the initial term", Terms{Initial: termP(1, month), Renewal: RenewalEnds}, "2026-11-21", []string{"2026-12-20", ""}},
		{"extends by an unknown term", Terms{Initial: termP(1, month), Renewal: RenewalExtends}, "2026-11-21", []string{"2026-12-20", ""}},
		{"renewal unknown", Terms{Initial: termP(1, month)}, "2026-11-21", []string{"2026-12-20", ""}},
		{"initial term unknown", Terms{Renewal: RenewalExtends, Extension: termP(1, month)}, "2026-11-21", []string{"", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, want := range tt.want {
				got, ok := tt.terms.TermEnd(d(t, tt.start), k)
				if got != d(t, want) || ok != (want != "") {
					t.Errorf("term %d ends %s (ok %v), want %q", k, got, ok, want)
				}
			}
		})
	}
}

func TestNoticeDeadline(t *testing.T) {
	terms := extending(termP(1, month), termP(1, month), termP(1, month), termP(2, week))
	tests := []struct {
		name  string
		terms Terms
		end   string
		k     int
		want  string
	}{
		{"initial term: a month before, clamped", terms, "2027-03-31", 0, "2027-02-28"},
		{"initial term: a month before in a leap year", terms, "2028-03-31", 0, "2028-02-29"},
		{"renewal: its own notice", terms, "2027-03-31", 1, "2027-03-17"},
		{"days", Terms{Notice: termP(10, day)}, "2027-03-05", 0, "2027-02-23"},
		{"year", Terms{Notice: termP(1, year)}, "2029-02-28", 0, "2028-02-28"},
		{"no notice period", Terms{}, "2027-03-31", 0, ""},
		// The sandbox would fall back to the initial notice; the portal does not guess.
		{"renewal without its own notice", Terms{Notice: termP(1, month)}, "2027-03-31", 1, ""},
	}
	for _, tt := range tests {
		got, ok := tt.terms.NoticeDeadline(d(t, tt.end), tt.k)
		if got != d(t, tt.want) || ok != (tt.want != "") {
			t.Errorf("%s: deadline %s (ok %v), want %q", tt.name, got, ok, tt.want)
		}
	}
}

func TestEarliestEnd(t *testing.T) {
	tests := []struct {
		name          string
		terms         Terms
		start, today  string
		end, noticeBy string // "" for unknown
	}{
		{"towel: a year", extending(termP(12, month), termP(1, month), termP(1, month), termP(1, month)),
			"2026-11-21", "2026-11-21", "2027-11-20", "2027-10-20"},
		{"sauna: a month, two weeks' notice", extending(termP(1, month), termP(1, month), termP(2, week), termP(2, week)),
			"2026-11-21", "2026-11-21", "2026-12-20", "2026-12-06"},
		{"deadline is today: still in time", extending(termP(1, month), termP(1, month), termP(2, week), termP(2, week)),
			"2026-11-21", "2026-12-06", "2026-12-20", "2026-12-06"},
		{"first deadline passed: the next term end", extending(termP(1, month), termP(1, month), termP(2, week), termP(2, week)),
			"2026-11-21", "2026-12-07", "2027-01-20", "2027-01-06"},
		{"notice longer than the initial term", extending(termP(1, week), termP(1, month), termP(2, week), termP(1, week)),
			"2026-11-21", "2026-11-21", "2026-12-27", "2026-12-20"},
		{"several renewals passed", extending(termP(1, month), termP(1, month), termP(2, week), termP(2, week)),
			"2026-01-31", "2026-06-01", "2026-06-29", "2026-06-15"},
		{"ends by itself: no notice", Terms{Initial: termP(1, month), Renewal: RenewalEnds, Notice: termP(1, week)},
			"2026-11-21", "2026-11-21", "2026-12-20", ""},
		{"ends by itself, notice period unknown", Terms{Initial: termP(12, month), Renewal: RenewalEnds},
			"2026-11-21", "2026-11-21", "2027-11-20", ""},
		{"ends by itself, already ended", Terms{Initial: termP(1, month), Renewal: RenewalEnds},
			"2026-11-21", "2026-12-21", "", ""},
		{"no initial term: unknown", Terms{Renewal: RenewalExtends, Extension: termP(1, month), Notice: termP(1, month), ExtensionNotice: termP(1, month)},
			"2026-11-21", "2026-11-21", "", ""},
		{"no notice period: unknown", extending(termP(1, month), termP(1, month), nil, nil),
			"2026-11-21", "2026-11-21", "", ""},
		{"renewal unknown, first deadline in time", Terms{Initial: termP(1, month), Notice: termP(1, week)},
			"2026-11-21", "2026-11-21", "2026-12-20", "2026-12-13"},
		{"renewal unknown, first deadline passed: unknown", Terms{Initial: termP(1, week), Notice: termP(2, week)},
			"2026-11-21", "2026-11-21", "", ""},
		{"renewal notice unknown, first deadline passed: unknown", extending(termP(1, week), termP(1, month), termP(2, week), nil),
			"2026-11-21", "2026-11-21", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			end, by, ok := tt.terms.EarliestEnd(d(t, tt.start), d(t, tt.today))
			if end != d(t, tt.end) || by != d(t, tt.noticeBy) || ok != (tt.end != "") {
				t.Errorf("EarliestEnd = %s, notice by %s (ok %v); want %q, %q", end, by, ok, tt.end, tt.noticeBy)
			}
		})
	}
}
