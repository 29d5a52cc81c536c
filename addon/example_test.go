package addon_test

import (
	"fmt"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
)

func ExampleCommitmentOf() {
	month := func(n int) *apiclient.Term { return &apiclient.Term{Value: n, Unit: apiclient.UnitMonth} }
	price := apiclient.NewMoney(450, "EUR")
	towel := apiclient.AdditionalModule{Name: "Towel flat-rate", TermInformation: apiclient.TermInformation{
		Term: month(12), CancelationPeriod: month(1),
		Extension: &apiclient.Extension{ExtensionType: apiclient.ExtensionTermExtension, TermExtension: month(1), ExtensionCancelationPeriod: month(1)},
	}}
	monthly := apiclient.PaymentFrequency{ID: 3021, Type: apiclient.FrequencyRecurring, Term: month(1), Price: &price}

	c := addon.CommitmentOf(towel, monthly, false, apiclient.NewDate(2026, 11, 21))
	fmt.Println("price:", c.Price.Amount, "every", c.Price.Interval.Value, c.Price.Interval.Unit)
	fmt.Println("initial term ends:", c.InitialTermEnd)
	fmt.Println("renews by:", c.Terms.Renewal, c.Terms.Extension.Value, c.Terms.Extension.Unit)
	fmt.Println("earliest end:", c.EarliestEnd, "notice by:", c.NoticeBy)
	fmt.Println("payments in the initial term:", len(c.InitialTermPayments.Payments), "total:", c.InitialTermPayments.Total)
	// Output:
	// price: 4.50 EUR every 1 MONTH
	// initial term ends: 2027-11-20
	// renews by: extends 1 MONTH
	// earliest end: 2027-11-20 notice by: 2027-10-20
	// payments in the initial term: 12 total: 54.00 EUR
}
