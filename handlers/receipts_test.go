package handlers

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
)

// TestPriceFrequencyRoundTrip: a receipt keeps a booked add-on's price as
// a payment frequency, and reads back the same price with its interval.
func TestPriceFrequencyRoundTrip(t *testing.T) {
	eur := func(minor int64) apiclient.Money { return apiclient.NewMoney(minor, "EUR") }
	month := apiclient.Term{Value: 1, Unit: apiclient.UnitMonth}
	prices := []addon.Price{
		{Kind: addon.PriceFree},
		{Kind: addon.PriceOnce, Amount: eur(4900)},
		{Kind: addon.PriceRecurring, Amount: eur(4500), Interval: apiclient.Term{Value: 12, Unit: apiclient.UnitMonth}},
		{Kind: addon.PriceStepped, Amount: eur(1990), Interval: month,
			Steps: []addon.Step{{After: apiclient.Term{Value: 3, Unit: apiclient.UnitMonth}, Amount: eur(2490)}}},
		{Kind: addon.PriceMonthDay, Dates: []addon.DatePrice{
			{Day: apiclient.MonthDay{MonthValue: 5, DayOfMonth: 1}, Amount: eur(2900)},
			{Day: apiclient.MonthDay{MonthValue: 9, DayOfMonth: 1}, Amount: eur(1900)},
		}},
	}
	for _, p := range prices {
		f, ok := priceFrequency(p)
		if !ok {
			t.Errorf("%s: not kept", p.Kind)
			continue
		}
		if got := addon.PriceOf(f); !reflect.DeepEqual(got, p) {
			t.Errorf("%s: read back %+v, want %+v", p.Kind, got, p)
		}
	}
	for _, p := range []addon.Price{{Kind: addon.PriceAmount, Amount: eur(990)}, {}} {
		if _, ok := priceFrequency(p); ok {
			t.Errorf("%q: kept as a frequency, want the amount alone", p.Kind)
		}
	}
}

func TestReferences(t *testing.T) {
	re := regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`)
	seen := map[string]bool{}
	for range 1000 {
		r := newReference()
		if !re.MatchString(r) || seen[r] {
			t.Fatalf("reference %q (seen before: %v)", r, seen[r])
		}
		seen[r] = true
	}
}
