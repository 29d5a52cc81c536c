package statetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/state"
)

// TestReceipts runs the Receipts contract. newReceipts returns an empty
// store keeping receipts for ttl.
func TestReceipts(t *testing.T, newReceipts func(t *testing.T, ttl time.Duration, now state.Clock) Receipts) {
	ctx := context.Background()
	t.Run("kept exactly", func(t *testing.T) {
		clk := NewClock()
		rs := newReceipts(t, time.Hour, clk.Now)
		for i, want := range sampleReceipts(clk.Now()) {
			must(t, rs.Add(ctx, want))
			got, err := rs.Get(ctx, want.Studio, want.CustomerID, want.ID)
			must(t, err)
			if !sameReceipt(got, want) {
				t.Errorf("receipt %d: Get =\n%#v\nwant\n%#v", i, got, want)
			}
		}
	})
	t.Run("only its customer reads it", func(t *testing.T) {
		clk := NewClock()
		rs := newReceipts(t, time.Hour, clk.Now)
		r := sampleReceipts(clk.Now())[0]
		must(t, rs.Add(ctx, r))
		for name, get := range map[string]func() error{
			"another customer": func() error { _, err := rs.Get(ctx, r.Studio, r.CustomerID+1, r.ID); return err },
			// Customer ids repeat from studio to studio.
			"another studio": func() error { _, err := rs.Get(ctx, "direct", r.CustomerID, r.ID); return err },
			"an unknown id":  func() error { _, err := rs.Get(ctx, r.Studio, r.CustomerID, "nope"); return err },
		} {
			if err := get(); !errors.Is(err, state.ErrUnknownReceipt) {
				t.Errorf("%s: err = %v, want ErrUnknownReceipt", name, err)
			}
		}
		for name, owner := range map[string]struct {
			studio   string
			customer int64
		}{"another customer": {r.Studio, r.CustomerID + 1}, "another studio": {"direct", r.CustomerID}} {
			list, err := rs.ForModuleContract(ctx, owner.studio, owner.customer, r.ModuleContractID)
			must(t, err)
			if len(list) != 0 {
				t.Errorf("%s lists %d receipts of the add-on, want none", name, len(list))
			}
		}
	})
	t.Run("by add-on contract, most recent first", func(t *testing.T) {
		clk := NewClock()
		rs := newReceipts(t, time.Hour, clk.Now)
		base := state.Receipt{Studio: "demo", CustomerID: 1002, ContractID: 2002, ModuleContractID: 5001}
		var ids []string
		for i, kind := range []state.ReceiptKind{state.ReceiptBooking, state.ReceiptCancelation, state.ReceiptWithdrawal} {
			r := base
			r.ID, r.Kind, r.Received = state.NewID(), kind, clk.Now().Add(time.Duration(i)*time.Minute)
			must(t, rs.Add(ctx, r))
			ids = append(ids, r.ID)
		}
		other := base
		other.ID, other.ModuleContractID, other.Received = state.NewID(), 5002, clk.Now()
		must(t, rs.Add(ctx, other))
		list, err := rs.ForModuleContract(ctx, "demo", 1002, 5001)
		must(t, err)
		var got []string
		for _, r := range list {
			got = append(got, r.ID)
		}
		if want := []string{ids[2], ids[1], ids[0]}; !reflect.DeepEqual(got, want) {
			t.Errorf("ForModuleContract = %q, want %q (newest first, this add-on only)", got, want)
		}
		if list, err := rs.ForModuleContract(ctx, "demo", 1002, 9999); err != nil || len(list) != 0 {
			t.Errorf("an add-on without receipts: %d, %v; want none", len(list), err)
		}
	})
	t.Run("kept for the TTL", func(t *testing.T) {
		clk := NewClock()
		rs := newReceipts(t, 90*24*time.Hour, clk.Now)
		r := sampleReceipts(clk.Now())[0]
		must(t, rs.Add(ctx, r))
		clk.Advance(90*24*time.Hour - time.Minute)
		if _, err := rs.Get(ctx, r.Studio, r.CustomerID, r.ID); err != nil {
			t.Errorf("a minute before its TTL: err = %v", err)
		}
		clk.Advance(time.Minute)
		if _, err := rs.Get(ctx, r.Studio, r.CustomerID, r.ID); !errors.Is(err, state.ErrUnknownReceipt) {
			t.Errorf("after its TTL: err = %v, want ErrUnknownReceipt", err)
		}
		if list, err := rs.ForModuleContract(ctx, r.Studio, r.CustomerID, r.ModuleContractID); err != nil || len(list) != 0 {
			t.Errorf("after its TTL the add-on lists %d receipts, %v; want none", len(list), err)
		}
	})
	t.Run("an id is required", func(t *testing.T) {
		rs := newReceipts(t, time.Hour, NewClock().Now)
		if err := rs.Add(ctx, state.Receipt{Studio: "demo", CustomerID: 1}); err == nil {
			t.Error("a receipt without an id was stored")
		}
	})
}

// sampleReceipts are one receipt of each kind, with every field set, money
// in odd currencies and a time on a whole millisecond (as the stores keep it).
func sampleReceipts(now time.Time) []state.Receipt {
	eur := apiclient.NewMoney(450, "EUR")
	received := now.Add(1234 * time.Millisecond).UTC()
	return []state.Receipt{
		{
			ID: state.NewID(), Reference: "K7Q2-XM9P-4T6D", Kind: state.ReceiptBooking, Studio: "demo",
			CustomerID: 1001, ContractID: 2001, ModuleContractID: 9001, Received: received,
			ModuleName: "Towel flat-rate „Plus“",
			Frequency: apiclient.PaymentFrequency{ID: 3021, Type: apiclient.FrequencyRecurring,
				Term: &apiclient.Term{Value: 1, Unit: apiclient.UnitMonth}, Price: &eur,
				TermsToPrices: []apiclient.TermPrice{{Term: apiclient.Term{Value: 3, Unit: apiclient.UnitMonth}, Price: apiclient.NewMoney(1500, "JPY")}}},
			Trial: true,
			Terms: apiclient.TermInformation{Term: &apiclient.Term{Value: 12, Unit: apiclient.UnitMonth},
				Extension:         &apiclient.Extension{ExtensionType: apiclient.ExtensionTermExtension, TermExtension: &apiclient.Term{Value: 1, Unit: apiclient.UnitMonth}},
				CancelationPeriod: &apiclient.Term{Value: 1, Unit: apiclient.UnitMonth}},
			TrialConfig: &apiclient.TrialPeriodConfig{Term: &apiclient.Term{Value: 14, Unit: apiclient.UnitDay}, Description: "Two weeks"},
			Start:       apiclient.NewDate(2026, 11, 21),
		},
		{
			ID: state.NewID(), Reference: "AAAA-BBBB-CCCC", Kind: state.ReceiptCancelation, Studio: "demo",
			CustomerID: 1002, ContractID: 2002, ModuleContractID: 5001, Received: received,
			ModuleName: "Towel flat-rate", Price: apiclient.NewMoney(12345, "KWD"),
			CancelDate: apiclient.NewDate(2027, 2, 28), Reason: "Umzug", Outcome: state.ReceiptWaiting,
		},
		{
			ID: state.NewID(), Reference: "DDDD-EEEE-FFFF", Kind: state.ReceiptWithdrawal, Studio: "direct",
			CustomerID: 1003, ContractID: 2003, ModuleContractID: 5003, Received: received,
			ModuleName: "Sauna", Price: apiclient.NewMoney(0, ""), CancelDate: apiclient.NewDate(2026, 12, 31), Outcome: state.ReceiptDone,
		},
	}
}

// sameReceipt compares every field, the time as an instant.
func sameReceipt(a, b state.Receipt) bool {
	if !a.Received.Equal(b.Received) {
		return false
	}
	a.Received, b.Received = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}
