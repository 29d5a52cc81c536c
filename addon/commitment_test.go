package addon

import (
	"reflect"
	"slices"
	"testing"

	"github.com/studio-addons/portal/apiclient"
)

// module builds a catalog module: initial term, renewal (nil ext = NEW),
// notice periods and the trial's length (nil = no trial offered).
func module(initial, ext, notice, extNotice *apiclient.Term, trial *apiclient.Term) apiclient.AdditionalModule {
	m := apiclient.AdditionalModule{TermInformation: apiclient.TermInformation{Term: initial, CancelationPeriod: notice,
		Extension: &apiclient.Extension{ExtensionType: apiclient.ExtensionNew}}}
	if ext != nil {
		m.TermInformation.Extension = &apiclient.Extension{ExtensionType: apiclient.ExtensionTermExtension,
			TermExtension: ext, ExtensionCancelationPeriod: extNotice}
	}
	if trial != nil {
		m.TrialPeriodConfig = &apiclient.TrialPeriodConfig{Term: trial, Description: "try it"}
	}
	return m
}

// The demo studio's modules (see the sandbox's seed), with the initial
// term and trial length newer tenants send.
var (
	towelModule    = module(termP(12, month), termP(1, month), termP(1, month), termP(1, month), nil)
	saunaModule    = module(termP(1, month), termP(1, month), termP(2, week), termP(2, week), termP(14, day))
	drinkModule    = module(termP(6, month), termP(1, month), termP(4, week), termP(2, week), termP(1, week))
	trainingModule = module(termP(1, month), nil, termP(1, week), nil, nil)
	physioModule   = module(termP(12, month), nil, termP(1, month), nil, nil)
	summerModule   = module(termP(12, month), termP(12, month), termP(1, month), termP(1, month), nil)
	towelMonthly   = apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, month), Price: eurP(450)}
)

// without returns m changed by edit (the modules above are shared).
func without(m apiclient.AdditionalModule, edit func(*apiclient.AdditionalModule)) apiclient.AdditionalModule {
	ti := m.TermInformation
	m.TermInformation = ti
	if m.TrialPeriodConfig != nil {
		cfg := *m.TrialPeriodConfig
		m.TrialPeriodConfig = &cfg
	}
	edit(&m)
	return m
}

func recurring(v int, u apiclient.TermUnit, minor int64) apiclient.PaymentFrequency {
	return apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(v, u), Price: eurP(minor)}
}

type scheduleWant struct {
	known bool
	dates []string
	total apiclient.Money
}

func TestCommitment(t *testing.T) {
	tests := []struct {
		name                string
		m                   apiclient.AdditionalModule
		f                   apiclient.PaymentFrequency
		trial               bool
		start               string
		payingStarts        string
		trialLastDay        string // "" also when no trial is booked
		termEnd             string
		earliestEnd         string
		noticeBy            string
		initial, untilFirst scheduleWant
	}{
		{name: "towel monthly: a year, 12 payments", m: towelModule, f: towelMonthly, start: "2026-11-21",
			payingStarts: "2026-11-21", termEnd: "2027-11-20", earliestEnd: "2027-11-20", noticeBy: "2027-10-20",
			initial: scheduleWant{true, []string{"2026-11-21", "2026-12-21", "2027-01-21", "2027-02-21", "2027-03-21", "2027-04-21",
				"2027-05-21", "2027-06-21", "2027-07-21", "2027-08-21", "2027-09-21", "2027-10-21"}, eur(5400)},
			untilFirst: scheduleWant{true, []string{"2026-11-21", "2026-12-21", "2027-01-21", "2027-02-21", "2027-03-21", "2027-04-21",
				"2027-05-21", "2027-06-21", "2027-07-21", "2027-08-21", "2027-09-21", "2027-10-21"}, eur(5400)}},
		{name: "towel yearly: one payment", m: towelModule, f: recurring(12, month, 4500), start: "2026-11-21",
			payingStarts: "2026-11-21", termEnd: "2027-11-20", earliestEnd: "2027-11-20", noticeBy: "2027-10-20",
			initial:    scheduleWant{true, []string{"2026-11-21"}, eur(4500)},
			untilFirst: scheduleWant{true, []string{"2026-11-21"}, eur(4500)}},
		{name: "sauna with its trial: canceling on day one still costs one payment", m: saunaModule, f: monthly, trial: true, start: "2026-11-21",
			payingStarts: "2026-12-05", trialLastDay: "2026-12-04", termEnd: "2026-12-20", earliestEnd: "2026-12-20", noticeBy: "2026-12-06",
			initial:    scheduleWant{true, []string{"2026-12-05"}, eur(990)},
			untilFirst: scheduleWant{true, []string{"2026-12-05"}, eur(990)}},
		{name: "sauna without trial", m: saunaModule, f: monthly, start: "2026-11-21",
			payingStarts: "2026-11-21", termEnd: "2026-12-20", earliestEnd: "2026-12-20", noticeBy: "2026-12-06",
			initial:    scheduleWant{true, []string{"2026-11-21"}, eur(990)},
			untilFirst: scheduleWant{true, []string{"2026-11-21"}, eur(990)}},
		{name: "trial longer than the term: nothing paid in it", m: without(saunaModule, func(m *apiclient.AdditionalModule) {
			m.TrialPeriodConfig.Term = termP(45, day)
		}), f: monthly, trial: true, start: "2026-11-21",
			payingStarts: "2027-01-05", trialLastDay: "2027-01-04", termEnd: "2026-12-20", earliestEnd: "2026-12-20", noticeBy: "2026-12-06",
			initial:    scheduleWant{true, nil, eur(0)},
			untilFirst: scheduleWant{true, nil, eur(0)}},
		{name: "term based: 3 months at the base price, then the step", m: drinkModule, f: drink, start: "2026-11-21",
			payingStarts: "2026-11-21", termEnd: "2027-05-20", earliestEnd: "2027-05-20", noticeBy: "2027-04-22",
			initial: scheduleWant{true, []string{"2026-11-21", "2026-12-21", "2027-01-21", "2027-02-21", "2027-03-21", "2027-04-21"},
				eur(3*1990 + 3*2490)},
			untilFirst: scheduleWant{true, []string{"2026-11-21", "2026-12-21", "2027-01-21", "2027-02-21", "2027-03-21", "2027-04-21"},
				eur(3*1990 + 3*2490)}},
		// Steps count from the start, trial included: with a six-week trial
		// only two payments fall before month 4 of the contract.
		{name: "term based with a long trial: steps count from the start", m: without(drinkModule, func(m *apiclient.AdditionalModule) {
			m.TrialPeriodConfig.Term = termP(6, week)
		}), f: drink, trial: true, start: "2026-11-21",
			payingStarts: "2027-01-02", trialLastDay: "2027-01-01", termEnd: "2027-05-20", earliestEnd: "2027-05-20", noticeBy: "2027-04-22",
			initial: scheduleWant{true, []string{"2027-01-02", "2027-02-02", "2027-03-02", "2027-04-02", "2027-05-02"},
				eur(2*1990 + 3*2490)},
			untilFirst: scheduleWant{true, []string{"2027-01-02", "2027-02-02", "2027-03-02", "2027-04-02", "2027-05-02"},
				eur(2*1990 + 3*2490)}},
		{name: "one-off, ends by itself", m: trainingModule, f: oneTime, start: "2026-11-21",
			payingStarts: "2026-11-21", termEnd: "2026-12-20", earliestEnd: "2026-12-20",
			initial:    scheduleWant{true, []string{"2026-11-21"}, eur(4900)},
			untilFirst: scheduleWant{true, []string{"2026-11-21"}, eur(4900)}},
		{name: "free: nothing, and no amount", m: physioModule, f: free, start: "2026-11-21",
			payingStarts: "2026-11-21", termEnd: "2027-11-20", earliestEnd: "2027-11-20",
			initial:    scheduleWant{known: true},
			untilFirst: scheduleWant{known: true}},
		{name: "month day: the dates inside the term", m: summerModule, f: summer, start: "2026-11-21",
			payingStarts: "2026-11-21", termEnd: "2027-11-20", earliestEnd: "2027-11-20", noticeBy: "2027-10-20",
			initial:    scheduleWant{true, []string{"2027-05-01", "2027-07-01", "2027-09-01"}, eur(7700)},
			untilFirst: scheduleWant{true, []string{"2027-05-01", "2027-07-01", "2027-09-01"}, eur(7700)}},
		{name: "month day started in the season", m: summerModule, f: summer, start: "2027-06-15",
			payingStarts: "2027-06-15", termEnd: "2028-06-14", earliestEnd: "2028-06-14", noticeBy: "2028-05-14",
			initial:    scheduleWant{true, []string{"2027-07-01", "2027-09-01", "2028-05-01"}, eur(2900 + 1900 + 2900)},
			untilFirst: scheduleWant{true, []string{"2027-07-01", "2027-09-01", "2028-05-01"}, eur(2900 + 1900 + 2900)}},
		{name: "month day on 29 Feb: Mar 1 outside leap years", m: module(termP(3, year), nil, termP(1, month), nil, nil),
			f: apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay, MonthDaysToPrices: []apiclient.MonthDayPrice{
				{MonthDay: md(apiclient.February, 2, 29), Price: eur(1000)}}}, start: "2026-03-01",
			payingStarts: "2026-03-01", termEnd: "2029-02-28", earliestEnd: "2029-02-28",
			initial:    scheduleWant{true, []string{"2026-03-01", "2027-03-01", "2028-02-29"}, eur(3000)},
			untilFirst: scheduleWant{true, []string{"2026-03-01", "2027-03-01", "2028-02-29"}, eur(3000)}},
		{name: "weeks", m: module(termP(4, week), termP(1, week), termP(1, week), termP(1, week), nil), f: recurring(1, week, 300), start: "2026-11-21",
			payingStarts: "2026-11-21", termEnd: "2026-12-18", earliestEnd: "2026-12-18", noticeBy: "2026-12-11",
			initial:    scheduleWant{true, []string{"2026-11-21", "2026-11-28", "2026-12-05", "2026-12-12"}, eur(1200)},
			untilFirst: scheduleWant{true, []string{"2026-11-21", "2026-11-28", "2026-12-05", "2026-12-12"}, eur(1200)}},
		{name: "days", m: module(termP(10, day), termP(1, day), termP(3, day), termP(1, day), nil), f: recurring(2, day, 100), start: "2026-12-28",
			payingStarts: "2026-12-28", termEnd: "2027-01-06", earliestEnd: "2027-01-06", noticeBy: "2027-01-03",
			initial:    scheduleWant{true, []string{"2026-12-28", "2026-12-30", "2027-01-01", "2027-01-03", "2027-01-05"}, eur(500)},
			untilFirst: scheduleWant{true, []string{"2026-12-28", "2026-12-30", "2027-01-01", "2027-01-03", "2027-01-05"}, eur(500)}},
		{name: "years from 29 Feb", m: module(termP(2, year), termP(1, year), termP(3, month), termP(3, month), nil), f: recurring(1, year, 9900), start: "2028-02-29",
			payingStarts: "2028-02-29", termEnd: "2030-02-27", earliestEnd: "2030-02-27", noticeBy: "2029-11-27",
			initial:    scheduleWant{true, []string{"2028-02-29", "2029-02-28"}, eur(19800)},
			untilFirst: scheduleWant{true, []string{"2028-02-29", "2029-02-28"}, eur(19800)}},
		// Charges are counted from the first, not chained: Jan 31, Feb 28, Mar 31.
		{name: "31 Jan monthly", m: module(termP(3, month), termP(1, month), termP(1, month), termP(1, month), nil), f: recurring(1, month, 1000), start: "2027-01-31",
			payingStarts: "2027-01-31", termEnd: "2027-04-29", earliestEnd: "2027-04-29", noticeBy: "2027-03-29",
			initial:    scheduleWant{true, []string{"2027-01-31", "2027-02-28", "2027-03-31"}, eur(3000)},
			untilFirst: scheduleWant{true, []string{"2027-01-31", "2027-02-28", "2027-03-31"}, eur(3000)}},
		{name: "31 Jan + 1 month in a leap year", m: module(termP(1, month), termP(1, month), termP(1, week), termP(1, week), nil), f: recurring(1, month, 1000), start: "2028-01-31",
			payingStarts: "2028-01-31", termEnd: "2028-02-28", earliestEnd: "2028-02-28", noticeBy: "2028-02-21",
			initial:    scheduleWant{true, []string{"2028-01-31"}, eur(1000)},
			untilFirst: scheduleWant{true, []string{"2028-01-31"}, eur(1000)}},
		// Notice longer than the initial term: the earliest end is a renewal's,
		// and the member pays up to it.
		{name: "first deadline already passed: the next term end", m: module(termP(1, week), termP(1, month), termP(2, week), termP(1, week), nil),
			f: recurring(1, week, 500), start: "2026-11-21",
			payingStarts: "2026-11-21", termEnd: "2026-11-27", earliestEnd: "2026-12-27", noticeBy: "2026-12-20",
			initial:    scheduleWant{true, []string{"2026-11-21"}, eur(500)},
			untilFirst: scheduleWant{true, []string{"2026-11-21", "2026-11-28", "2026-12-05", "2026-12-12", "2026-12-19", "2026-12-26"}, eur(3000)}},

		// Facts the studio's data lacks.
		{name: "older tenant: no initial term", m: without(towelModule, func(m *apiclient.AdditionalModule) { m.TermInformation.Term = nil }),
			f: towelMonthly, start: "2026-11-21", payingStarts: "2026-11-21"},
		{name: "no trial length", m: without(saunaModule, func(m *apiclient.AdditionalModule) { m.TrialPeriodConfig.Term = nil }),
			f: monthly, trial: true, start: "2026-11-21", termEnd: "2026-12-20", earliestEnd: "2026-12-20", noticeBy: "2026-12-06"},
		{name: "no notice period", m: without(towelModule, func(m *apiclient.AdditionalModule) { m.TermInformation.CancelationPeriod = nil }),
			f: recurring(12, month, 4500), start: "2026-11-21", payingStarts: "2026-11-21", termEnd: "2027-11-20",
			initial: scheduleWant{true, []string{"2026-11-21"}, eur(4500)}},
		{name: "recurring without a price", m: towelModule, f: apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, month)},
			start: "2026-11-21", payingStarts: "2026-11-21", termEnd: "2027-11-20", earliestEnd: "2027-11-20", noticeBy: "2027-10-20"},
		{name: "one-off without a price", m: trainingModule, f: apiclient.PaymentFrequency{Type: apiclient.FrequencyNonRecurring},
			start: "2026-11-21", payingStarts: "2026-11-21", termEnd: "2026-12-20", earliestEnd: "2026-12-20"},
		// A charge on the first day is inside any term.
		{name: "one-off, no initial term: still once", m: without(trainingModule, func(m *apiclient.AdditionalModule) { m.TermInformation.Term = nil }),
			f: oneTime, start: "2026-11-21", payingStarts: "2026-11-21",
			initial:    scheduleWant{true, []string{"2026-11-21"}, eur(4900)},
			untilFirst: scheduleWant{true, []string{"2026-11-21"}, eur(4900)}},
		{name: "one-off after a trial, no initial term: unknown", m: without(saunaModule, func(m *apiclient.AdditionalModule) { m.TermInformation.Term = nil }),
			f: oneTime, trial: true, start: "2026-11-21", payingStarts: "2026-12-05", trialLastDay: "2026-12-04"},
		{name: "free, no initial term: still nothing", m: without(physioModule, func(m *apiclient.AdditionalModule) { m.TermInformation.Term = nil }),
			f: free, start: "2026-11-21", payingStarts: "2026-11-21",
			initial: scheduleWant{known: true}, untilFirst: scheduleWant{known: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := CommitmentOf(tt.m, tt.f, tt.trial, d(t, tt.start))
			if c.Start != d(t, tt.start) {
				t.Errorf("start = %s, want %s", c.Start, tt.start)
			}
			if c.PayingStarts != d(t, tt.payingStarts) {
				t.Errorf("paying starts %s, want %q", c.PayingStarts, tt.payingStarts)
			}
			switch {
			case !tt.trial && c.Trial != nil:
				t.Errorf("trial = %+v, want none", c.Trial)
			case tt.trial && c.Trial == nil:
				t.Error("no trial, want one")
			case tt.trial:
				if c.Trial.FirstDay != c.Start || c.Trial.LastDay != d(t, tt.trialLastDay) || (c.Trial.Term == nil) != (tt.trialLastDay == "") {
					t.Errorf("trial = %+v (term %v), want %s to %q", c.Trial, c.Trial.Term, tt.start, tt.trialLastDay)
				}
			}
			if c.InitialTermEnd != d(t, tt.termEnd) {
				t.Errorf("initial term ends %s, want %q", c.InitialTermEnd, tt.termEnd)
			}
			if c.EarliestEnd != d(t, tt.earliestEnd) || c.NoticeBy != d(t, tt.noticeBy) {
				t.Errorf("earliest end %s, notice by %s; want %q, %q", c.EarliestEnd, c.NoticeBy, tt.earliestEnd, tt.noticeBy)
			}
			assertSchedule(t, "initial term", c.InitialTermPayments, tt.initial)
			assertSchedule(t, "until the earliest end", c.UntilEarliestEnd, tt.untilFirst)
		})
	}
}

func assertSchedule(t *testing.T, what string, got Schedule, want scheduleWant) {
	t.Helper()
	if got.Known != want.known || !slices.Equal(paymentDates(got.Payments), want.dates) && len(got.Payments)+len(want.dates) > 0 || got.Total != want.total {
		t.Errorf("%s: known %v, payments %v, total %v; want %v, %v, %v", what,
			got.Known, paymentDates(got.Payments), got.Total, want.known, want.dates, want.total)
	}
}

func TestCommitmentPaymentAmountsFollowTheSteps(t *testing.T) {
	c := CommitmentOf(drinkModule, drink, false, apiclient.NewDate(2026, 11, 21))
	var got []int64
	for _, p := range c.InitialTermPayments.Payments {
		got = append(got, p.Amount.Minor)
	}
	if want := []int64{1990, 1990, 1990, 2490, 2490, 2490}; !slices.Equal(got, want) {
		t.Errorf("amounts = %v, want %v", got, want)
	}
}

func TestCommitmentReadsTheModule(t *testing.T) {
	c := CommitmentOf(towelModule, towelMonthly, false, apiclient.NewDate(2026, 11, 21))
	if !reflect.DeepEqual(c.Price, PriceOf(towelMonthly)) {
		t.Errorf("price = %+v, want %+v", c.Price, PriceOf(towelMonthly))
	}
	if c.Terms.Initial == nil || *c.Terms.Initial != term(12, month) || c.Terms.Renewal != RenewalExtends ||
		*c.Terms.Extension != term(1, month) || *c.Terms.Notice != term(1, month) {
		t.Errorf("terms = %+v, want the towel's", c.Terms)
	}
}

func TestStepsMixingUnitsUseTheRealOrigin(t *testing.T) {
	// From Feb 1 2027, 30 days end Mar 3 but 1 month ends Mar 1: the month
	// step begins first although from Jan 1 it would begin last.
	p := Price{Kind: PriceStepped, Amount: eur(100), Interval: term(1, day),
		Steps: []Step{{After: term(30, day), Amount: eur(300)}, {After: term(1, month), Amount: eur(200)}}}
	origin := apiclient.NewDate(2027, 2, 1)
	tests := []struct {
		day  apiclient.Date
		want int64
	}{
		{apiclient.NewDate(2027, 2, 28), 100},
		{apiclient.NewDate(2027, 3, 1), 200},
		{apiclient.NewDate(2027, 3, 2), 200},
		{apiclient.NewDate(2027, 3, 3), 300},
	}
	for _, tt := range tests {
		if got := p.amountOn(origin, tt.day); got.Minor != tt.want {
			t.Errorf("amount on %s = %d, want %d", tt.day, got.Minor, tt.want)
		}
	}
}
