package addon_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
)

// The sandbox plays the studio: the dates the portal promises before a
// booking must be the ones the studio then offers for the booked add-on.
func TestCommitmentAgreesWithTheSandbox(t *testing.T) {
	// The seed's initial terms and trial lengths, for a sandbox that serves
	// modules in the older shape without them.
	initial := map[int64]apiclient.Term{
		sandbox.ModuleSauna: {Value: 1, Unit: apiclient.UnitMonth}, sandbox.ModuleTowel: {Value: 12, Unit: apiclient.UnitMonth},
		sandbox.ModuleDrink: {Value: 6, Unit: apiclient.UnitMonth}, sandbox.ModulePersonalTraining: {Value: 1, Unit: apiclient.UnitMonth},
		sandbox.ModulePhysio: {Value: 12, Unit: apiclient.UnitMonth}, sandbox.ModuleSummerPass: {Value: 12, Unit: apiclient.UnitMonth},
	}
	trialLength := map[int64]apiclient.Term{
		sandbox.ModuleSauna: {Value: 14, Unit: apiclient.UnitDay}, sandbox.ModuleDrink: {Value: 1, Unit: apiclient.UnitWeek},
	}
	srv := sandbox.New(sandbox.Config{RateLimit: 1 << 20})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client, err := apiclient.NewClient(ts.URL, sandbox.DemoKey)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	modules, err := client.ListAdditionalModules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, start := range []apiclient.Date{
		apiclient.NewDate(2026, 11, 21), apiclient.NewDate(2027, 1, 31), apiclient.NewDate(2028, 1, 31),
		apiclient.NewDate(2028, 2, 29), apiclient.NewDate(2026, 12, 31), apiclient.NewDate(2027, 3, 31),
	} {
		for _, m := range modules {
			term, ok := initial[m.ID]
			if !ok {
				continue // not purchasable online
			}
			if m.TermInformation.Term == nil {
				m.TermInformation.Term = &term
			}
			if cfg := m.TrialPeriodConfig; cfg != nil && cfg.Term == nil {
				tl := trialLength[m.ID]
				cfg.Term = &tl
			}
			for _, f := range m.PaymentFrequencies {
				for _, trial := range []bool{false, true} {
					if trial && m.TrialPeriodConfig == nil {
						continue
					}
					t.Run(fmt.Sprintf("%s/%s/%d/trial=%v", start, m.Name, f.ID, trial), func(t *testing.T) {
						srv.SetToday(start)
						srv.Reset()
						res, err := client.PurchaseAdditionalModule(ctx, sandbox.ContractNoAddOns,
							apiclient.AdditionalModuleRequest{AdditionalModuleID: m.ID, PaymentFrequencyID: f.ID, BookTrialPeriod: trial})
						if err != nil {
							t.Fatalf("purchase: %v", err)
						}
						c := addon.CommitmentOf(m, f, trial, start)
						assertAgrees(t, srv, client, res.ID, c)
						checked++
					})
				}
			}
		}
	}
	if checked < 6*8 {
		t.Errorf("checked %d bookings, want every start × frequency × trial", checked)
	}
}

// assertAgrees compares a commitment with the add-on the sandbox booked,
// on its first day and on the days after each of the next notice deadlines.
func assertAgrees(t *testing.T, srv *sandbox.Server, client *apiclient.Client, id int64, c addon.Commitment) {
	t.Helper()
	ctx := context.Background()
	mc, err := client.GetAdditionalModuleContract(ctx, sandbox.ContractNoAddOns, id)
	if err != nil {
		t.Fatal(err)
	}
	if mc.StartDate != c.Start {
		t.Errorf("start %s, sandbox %s", c.Start, mc.StartDate)
	}
	if (mc.TrialPeriod != nil) != (c.Trial != nil) || mc.TrialPeriod != nil && mc.TrialPeriod.End() != c.PayingStarts {
		t.Errorf("paying starts %s, sandbox's trial %+v", c.PayingStarts, mc.TrialPeriod)
	}
	if ps := c.InitialTermPayments.Payments; c.Trial == nil && len(ps) > 0 && ps[0].Amount != mc.Price {
		t.Errorf("first payment %v, sandbox's price %v", ps[0].Amount, mc.Price)
	}
	if c.Price.Kind == addon.PriceFree && mc.Price.Minor != 0 {
		t.Errorf("free, sandbox's price %v", mc.Price)
	}
	if c.Terms.Renewal == addon.RenewalEnds {
		if mc.EndDate != c.EarliestEnd || c.EarliestEnd != c.InitialTermEnd || !c.NoticeBy.IsZero() {
			t.Errorf("ends by itself on %s (term end %s, notice by %s), sandbox's endDate %s", c.EarliestEnd, c.InitialTermEnd, c.NoticeBy, mc.EndDate)
		}
		return
	}
	if len(mc.AvailableCancelationDates) == 0 || mc.AvailableCancelationDates[0] != c.EarliestEnd || mc.LastPossibleCancelationDate != c.NoticeBy {
		t.Errorf("earliest end %s, notice by %s; sandbox %v by %s", c.EarliestEnd, c.NoticeBy, mc.AvailableCancelationDates, mc.LastPossibleCancelationDate)
	}
	// Later: the day after a deadline, the next term end is the earliest.
	day := c.NoticeBy
	for range 3 {
		day = day.AddDays(1)
		srv.SetToday(day)
		mc, err := client.GetAdditionalModuleContract(ctx, sandbox.ContractNoAddOns, id)
		if err != nil {
			t.Fatal(err)
		}
		end, by, ok := c.Terms.EarliestEnd(c.Start, day)
		if !ok || len(mc.AvailableCancelationDates) == 0 || mc.AvailableCancelationDates[0] != end || mc.LastPossibleCancelationDate != by {
			t.Errorf("on %s: earliest end %s by %s (ok %v); sandbox %v by %s", day, end, by, ok, mc.AvailableCancelationDates, mc.LastPossibleCancelationDate)
			return
		}
		for k, want := range mc.AvailableCancelationDates {
			if got, ok := termEndAtOrAfter(c.Terms, c.Start, end, k); !ok || got != want {
				t.Errorf("on %s: term end %d after the earliest = %s, sandbox %s", day, k, got, want)
			}
		}
		day = by
	}
}

// termEndAtOrAfter returns the k-th term end on or after from.
func termEndAtOrAfter(terms addon.Terms, start, from apiclient.Date, k int) (apiclient.Date, bool) {
	for i := 0; i < 10000; i++ {
		end, ok := terms.TermEnd(start, i)
		if !ok {
			return apiclient.Date{}, false
		}
		if end.Before(from) {
			continue
		}
		if k == 0 {
			return end, true
		}
		k--
	}
	return apiclient.Date{}, false
}
