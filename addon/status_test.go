package addon

import (
	"reflect"
	"testing"

	"github.com/studio-addons/portal/apiclient"
)

var statusToday = apiclient.NewDate(2026, 11, 21)

// trial is a trial of days days starting start days from statusToday.
func trial(start, days int) *apiclient.TrialPeriod {
	return &apiclient.TrialPeriod{StartDate: statusToday.AddDays(start), Term: term(days, day)}
}

func TestStatusOf(t *testing.T) {
	dayN := statusToday.AddDays
	zero := apiclient.Date{}
	tests := []struct {
		name       string
		mc         apiclient.AdditionalModuleContract
		wantState  State
		wantPast   bool
		wantCancel bool // offered dates are set on every case
		wantEnd    apiclient.Date
		wantTerm   apiclient.Date
	}{
		{"active", apiclient.AdditionalModuleContract{StartDate: dayN(-100)},
			StateActive, false, true, zero, zero},
		{"in trial", apiclient.AdditionalModuleContract{StartDate: dayN(-5), TrialPeriod: trial(-5, 14)},
			StateTrial, false, true, zero, zero},
		{"trial over: its last day was yesterday", apiclient.AdditionalModuleContract{StartDate: dayN(-14), TrialPeriod: trial(-14, 14)},
			StateActive, false, true, zero, zero},
		{"trial's last day is today", apiclient.AdditionalModuleContract{StartDate: dayN(-13), TrialPeriod: trial(-13, 14)},
			StateTrial, false, true, zero, zero},
		{"starts later", apiclient.AdditionalModuleContract{StartDate: dayN(10)},
			StateUpcoming, false, true, zero, zero},
		{"starts later with a trial: not in trial yet", apiclient.AdditionalModuleContract{StartDate: dayN(10), TrialPeriod: trial(10, 14)},
			StateUpcoming, false, true, zero, zero},
		{"cancelation pending verification", apiclient.AdditionalModuleContract{StartDate: dayN(-100),
			ContractCancelationStatus: apiclient.CancelationPendingVerification, CancelationDate: dayN(40)},
			StateCancelPending, false, false, zero, zero},
		{"cancelation pending during the trial", apiclient.AdditionalModuleContract{StartDate: dayN(-5), TrialPeriod: trial(-5, 14),
			ContractCancelationStatus: apiclient.CancelationPendingVerification, CancelationDate: dayN(8)},
			StateCancelPending, false, false, zero, zero},
		{"canceled to a later date", apiclient.AdditionalModuleContract{StartDate: dayN(-100),
			ContractCancelationStatus: apiclient.CancelationCanceled, CancelationDate: dayN(40)},
			StateCanceled, false, false, dayN(40), zero},
		{"canceled to today: its last day", apiclient.AdditionalModuleContract{StartDate: dayN(-100),
			ContractCancelationStatus: apiclient.CancelationCanceled, CancelationDate: statusToday},
			StateCanceled, false, false, statusToday, zero},
		{"ended via CANCELED without an end date", apiclient.AdditionalModuleContract{StartDate: dayN(-100),
			ContractCancelationStatus: apiclient.CancelationCanceled, CancelationDate: dayN(-1)},
			StateEnded, true, false, dayN(-1), zero},
		{"ended by its end date", apiclient.AdditionalModuleContract{StartDate: dayN(-100), EndDate: dayN(-3)},
			StateEnded, true, false, dayN(-3), zero},
		// endDate on an add-on that is not canceled is the end of its
		// current term: it renews then, it does not end.
		{"end date ahead, not canceled: the current term's end", apiclient.AdditionalModuleContract{StartDate: dayN(-100), EndDate: dayN(3)},
			StateActive, false, true, zero, dayN(3)},
		{"end date ahead, cancelation pending: still the term's end", apiclient.AdditionalModuleContract{StartDate: dayN(-100), EndDate: dayN(30),
			ContractCancelationStatus: apiclient.CancelationPendingVerification, CancelationDate: dayN(30)},
			StateCancelPending, false, false, zero, dayN(30)},
		{"end date ahead, canceled: an end", apiclient.AdditionalModuleContract{StartDate: dayN(-100), EndDate: dayN(30),
			ContractCancelationStatus: apiclient.CancelationCanceled, CancelationDate: dayN(30)},
			StateCanceled, false, false, dayN(30), zero},
		{"withdrawal pending verification", apiclient.AdditionalModuleContract{StartDate: dayN(-100),
			ContractCancelationStatus: apiclient.CancelationPendingWithdrawalVerification, CancelationDate: dayN(40)},
			StateWithdrawalPending, false, false, zero, zero},
		{"withdrawal pending with its end date: still canceled to it", apiclient.AdditionalModuleContract{StartDate: dayN(-100), EndDate: dayN(40),
			ContractCancelationStatus: apiclient.CancelationPendingWithdrawalVerification, CancelationDate: dayN(40)},
			StateWithdrawalPending, false, false, dayN(40), zero},
		{"pending verification past its end: ended", apiclient.AdditionalModuleContract{StartDate: dayN(-100), EndDate: dayN(-2),
			ContractCancelationStatus: apiclient.CancelationPendingVerification, CancelationDate: dayN(-2)},
			StateEnded, true, false, dayN(-2), zero},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.mc.AvailableCancelationDates = []apiclient.Date{dayN(60)}
			s := StatusOf(tt.mc, statusToday)
			if s.State != tt.wantState {
				t.Errorf("state = %q, want %q", s.State, tt.wantState)
			}
			if got := s.Past(); got != tt.wantPast {
				t.Errorf("past = %v, want %v", got, tt.wantPast)
			}
			if got := s.CanCancel(); got != tt.wantCancel {
				t.Errorf("can cancel = %v, want %v", got, tt.wantCancel)
			}
			if s.End != tt.wantEnd || s.TermEnd != tt.wantTerm {
				t.Errorf("end %s, term end %s; want %s, %s", s.End, s.TermEnd, tt.wantEnd, tt.wantTerm)
			}
		})
	}
}

func TestStatusTrialDays(t *testing.T) {
	tests := []struct {
		name    string
		tp      *apiclient.TrialPeriod
		last    apiclient.Date
		inTrial bool
	}{
		{"no trial", nil, apiclient.Date{}, false},
		{"14 days from 5 days ago", trial(-5, 14), statusToday.AddDays(8), true},
		{"two weeks", &apiclient.TrialPeriod{StartDate: statusToday, Term: term(2, week)}, statusToday.AddDays(13), true},
		{"a month from Jan 31", &apiclient.TrialPeriod{StartDate: apiclient.NewDate(2026, 1, 31), Term: term(1, month)},
			apiclient.NewDate(2026, 2, 27), false},
		{"length not given", &apiclient.TrialPeriod{StartDate: statusToday}, apiclient.Date{}, false},
		{"start not given", &apiclient.TrialPeriod{Term: term(14, day)}, apiclient.Date{}, false},
	}
	for _, tt := range tests {
		s := StatusOf(apiclient.AdditionalModuleContract{StartDate: statusToday, TrialPeriod: tt.tp}, statusToday)
		if s.TrialLastDay != tt.last || s.InTrial != tt.inTrial {
			t.Errorf("%s: last trial day %s, in trial %v; want %s, %v", tt.name, s.TrialLastDay, s.InTrial, tt.last, tt.inTrial)
		}
	}
}

func TestCanWithdrawAndEarliestDateAreTheUpstreams(t *testing.T) {
	mc := apiclient.AdditionalModuleContract{StartDate: statusToday.AddDays(-100), ContractCancelationCanBeWithdrawn: true,
		ContractCancelationStatus: apiclient.CancelationCanceled, CancelationDate: statusToday.AddDays(-1)}
	if s := StatusOf(mc, statusToday); !s.CanWithdraw() {
		t.Error("the upstream says withdrawable; CanWithdraw = false")
	}
	mc.ContractCancelationCanBeWithdrawn = false
	mc.ContractCancelationStatus, mc.CancelationDate = "", apiclient.Date{}
	if s := StatusOf(mc, statusToday); s.CanWithdraw() || !s.EarliestDate().IsZero() {
		t.Errorf("CanWithdraw = %v, EarliestDate = %s; want false, none", s.CanWithdraw(), s.EarliestDate())
	}
	mc.AvailableCancelationDates = []apiclient.Date{statusToday.AddDays(30), statusToday.AddDays(60)}
	if got := StatusOf(mc, statusToday).EarliestDate(); got != statusToday.AddDays(30) {
		t.Errorf("EarliestDate = %s, want the first offered", got)
	}
}

func TestTimeline(t *testing.T) {
	dayN := statusToday.AddDays
	tests := []struct {
		name string
		mc   apiclient.AdditionalModuleContract
		want []Event
	}{
		{"starting later with a trial", apiclient.AdditionalModuleContract{StartDate: dayN(10), TrialPeriod: trial(10, 14)},
			[]Event{{Kind: EventStart, Date: dayN(10)}, {Kind: EventTrialEnd, Date: dayN(23)}}},
		{"running, with dates offered and a term end", apiclient.AdditionalModuleContract{StartDate: dayN(-40), EndDate: dayN(20),
			AvailableCancelationDates: []apiclient.Date{dayN(20)}, LastPossibleCancelationDate: dayN(6)},
			[]Event{{Kind: EventStart, Date: dayN(-40), Past: true}, {Kind: EventNoticeBy, Date: dayN(6)},
				{Kind: EventEnd, End: EndTermEnd, Date: dayN(20)}}},
		{"cancelation requested", apiclient.AdditionalModuleContract{StartDate: dayN(-40),
			ContractCancelationStatus: apiclient.CancelationPendingVerification, CancelationDate: dayN(20)},
			[]Event{{Kind: EventStart, Date: dayN(-40), Past: true}, {Kind: EventEnd, End: EndCancelRequested, Date: dayN(20)}}},
		{"keeping it requested", apiclient.AdditionalModuleContract{StartDate: dayN(-40),
			ContractCancelationStatus: apiclient.CancelationPendingWithdrawalVerification, CancelationDate: dayN(20)},
			[]Event{{Kind: EventStart, Date: dayN(-40), Past: true}, {Kind: EventEnd, End: EndCanceledWithdrawing, Date: dayN(20)}}},
		{"canceled", apiclient.AdditionalModuleContract{StartDate: dayN(-40),
			ContractCancelationStatus: apiclient.CancelationCanceled, CancelationDate: dayN(20), EndDate: dayN(20)},
			[]Event{{Kind: EventStart, Date: dayN(-40), Past: true}, {Kind: EventEnd, End: EndCanceled, Date: dayN(20)}}},
		{"ended by its end date", apiclient.AdditionalModuleContract{StartDate: dayN(-40), EndDate: dayN(-10)},
			[]Event{{Kind: EventStart, Date: dayN(-40), Past: true}, {Kind: EventEnd, End: EndEnded, Date: dayN(-10), Past: true}}},
		{"open-ended", apiclient.AdditionalModuleContract{StartDate: dayN(-40)},
			[]Event{{Kind: EventStart, Date: dayN(-40), Past: true}}},
	}
	for _, tt := range tests {
		if got := StatusOf(tt.mc, statusToday).Timeline(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: timeline = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestSplitByPastOrdersEndedMostRecentFirst(t *testing.T) {
	dayN := statusToday.AddDays
	type card struct {
		id int64
		s  Status
	}
	all := []card{
		{1, StatusOf(apiclient.AdditionalModuleContract{StartDate: dayN(-300), EndDate: dayN(-200)}, statusToday)},
		{2, StatusOf(apiclient.AdditionalModuleContract{StartDate: dayN(-30)}, statusToday)},
		{3, StatusOf(apiclient.AdditionalModuleContract{StartDate: dayN(-300),
			ContractCancelationStatus: apiclient.CancelationCanceled, CancelationDate: dayN(-10)}, statusToday)},
		{4, StatusOf(apiclient.AdditionalModuleContract{StartDate: dayN(5)}, statusToday)},
	}
	current, past := SplitByPast(all, func(c card) Status { return c.s })
	ids := func(cs []card) (out []int64) {
		for _, c := range cs {
			out = append(out, c.id)
		}
		return out
	}
	if got := ids(current); !reflect.DeepEqual(got, []int64{2, 4}) {
		t.Errorf("current = %v, want [2 4] in the given order", got)
	}
	if got := ids(past); !reflect.DeepEqual(got, []int64{3, 1}) {
		t.Errorf("past = %v, want [3 1], most recently ended first", got)
	}
}
