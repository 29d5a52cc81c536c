package addon

import (
	"testing"

	"github.com/studio-addons/portal/apiclient"
)

func TestNextPayment(t *testing.T) {
	booked := func(start string, minor int64) apiclient.AdditionalModuleContract {
		return apiclient.AdditionalModuleContract{StartDate: d(t, start), Price: eur(minor)}
	}
	with := func(mc apiclient.AdditionalModuleContract, edit func(*apiclient.AdditionalModuleContract)) apiclient.AdditionalModuleContract {
		edit(&mc)
		return mc
	}
	canceledTo := func(mc apiclient.AdditionalModuleContract, status apiclient.CancelationStatus, to string) apiclient.AdditionalModuleContract {
		mc.ContractCancelationStatus, mc.CancelationDate = status, d(t, to)
		if status == apiclient.CancelationCanceled {
			mc.EndDate = d(t, to)
		}
		return mc
	}
	sauna := booked("2026-10-05", 990)
	tests := []struct {
		name    string
		mc      apiclient.AdditionalModuleContract
		f       *apiclient.PaymentFrequency
		renewal Renewal
		date    string // "" for no next payment known
		amount  int64
	}{
		{"frequency unknown", sauna, nil, "", "", 0},
		{"monthly", sauna, &monthly, "", "2026-12-05", 990},
		// The contract's price, not the catalog's (which may have changed since).
		{"monthly at the contract's price", booked("2026-10-05", 890), &monthly, "", "2026-12-05", 890},
		{"started today: today", booked("2026-11-21", 990), &monthly, "", "2026-11-21", 990},
		{"starts later: its first day", booked("2026-12-01", 990), &monthly, "", "2026-12-01", 990},
		{"after the trial", with(booked("2026-11-15", 990), func(mc *apiclient.AdditionalModuleContract) {
			mc.TrialPeriod = &apiclient.TrialPeriod{Term: term(14, day), StartDate: d(t, "2026-11-15")}
		}),
			&monthly, "", "2026-11-29", 990},
		{"trial length not given", with(booked("2026-11-15", 990), func(mc *apiclient.AdditionalModuleContract) {
			mc.TrialPeriod = &apiclient.TrialPeriod{StartDate: d(t, "2026-11-15")}
		}),
			&monthly, "", "", 0},
		{"only the type known", sauna, &apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring}, "", "", 0},
		{"counted from the start, not chained: Jan 31 + 10 months", booked("2026-01-31", 990), &monthly, "", "2026-11-30", 990},
		{"weekly", booked("2026-11-01", 300), &apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(1, week)}, "", "2026-11-22", 300},
		{"canceled before the next charge", canceledTo(sauna, apiclient.CancelationCanceled, "2026-11-30"), &monthly, "", "", 0},
		{"canceled after the next charge", canceledTo(sauna, apiclient.CancelationCanceled, "2026-12-20"), &monthly, "", "2026-12-05", 990},
		{"keeping it pending, canceled before the next charge", canceledTo(sauna, apiclient.CancelationPendingWithdrawalVerification, "2026-11-30"), &monthly, "", "", 0},
		{"cancelation waiting for the studio, before the next charge: open", canceledTo(sauna, apiclient.CancelationPendingVerification, "2026-11-30"), &monthly, "", "", 0},
		{"cancelation waiting for the studio, after the next charge", canceledTo(sauna, apiclient.CancelationPendingVerification, "2026-12-20"), &monthly, "", "2026-12-05", 990},
		// The charge after the term end happens either way: the studio
		// confirms (it ends on 20 Dec) or refuses (it renews).
		{"cancelation waiting for the studio, to after a term that renews", with(canceledTo(sauna, apiclient.CancelationPendingVerification, "2026-12-20"), func(mc *apiclient.AdditionalModuleContract) {
			mc.EndDate = d(t, "2026-11-30")
		}), &monthly, RenewalExtends, "2026-12-05", 990},
		{"cancelation waiting for the studio, to after a term whose renewal is unknown: open", with(canceledTo(sauna, apiclient.CancelationPendingVerification, "2026-12-20"), func(mc *apiclient.AdditionalModuleContract) {
			mc.EndDate = d(t, "2026-11-30")
		}), &monthly, RenewalUnknown, "", 0},
		{"cancelation waiting for the studio, end not given: the term bounds", with(canceledTo(sauna, apiclient.CancelationPendingVerification, ""), func(mc *apiclient.AdditionalModuleContract) {
			mc.EndDate = d(t, "2026-12-10")
		}), &monthly, RenewalExtends, "2026-12-05", 990},
		{"term ends before the next charge, renewal unknown: open", with(sauna, func(mc *apiclient.AdditionalModuleContract) { mc.EndDate = d(t, "2026-11-30") }), &monthly, RenewalUnknown, "", 0},
		{"term ends before the next charge and renews", with(sauna, func(mc *apiclient.AdditionalModuleContract) { mc.EndDate = d(t, "2026-11-30") }), &monthly, RenewalExtends, "2026-12-05", 990},
		{"term ends before the next charge and does not renew", with(sauna, func(mc *apiclient.AdditionalModuleContract) { mc.EndDate = d(t, "2026-11-30") }), &monthly, RenewalEnds, "", 0},
		{"term ends after the next charge", with(sauna, func(mc *apiclient.AdditionalModuleContract) { mc.EndDate = d(t, "2026-12-20") }), &monthly, RenewalUnknown, "2026-12-05", 990},
		{"ended", with(sauna, func(mc *apiclient.AdditionalModuleContract) { mc.EndDate = d(t, "2026-11-20") }), &monthly, "", "", 0},
		{"one-off booked today", booked("2026-11-21", 4900), &oneTime, "", "2026-11-21", 4900},
		{"one-off already charged", booked("2026-11-20", 4900), &oneTime, "", "", 0},
		{"free", booked("2026-11-01", 0), &free, "", "", 0},
		{"term based, before its step", booked("2026-09-21", 1990), &drink, "", "2026-11-21", 1990},
		{"term based, its step began", booked("2026-08-21", 1990), &drink, "", "2026-11-21", 2490},
		{"month day: next year's first date", booked("2026-06-01", 2900), &summer, "", "2027-05-01", 2900},
		{"month day without dates", booked("2026-06-01", 2900), &apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay}, "", "", 0},
	}
	today := d(t, "2026-11-21")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := NextPayment(tt.mc, tt.f, tt.renewal, today)
			if ok != (tt.date != "") || p.Date != d(t, tt.date) || (ok && p.Amount != eur(tt.amount)) {
				t.Errorf("NextPayment = %s %v (ok %v), want %q %d", p.Date, p.Amount, ok, tt.date, tt.amount)
			}
		})
	}
}
