package views

import (
	"context"
	"strings"
	"testing"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
)

func TestBookedPriceText(t *testing.T) {
	booked := func(f *apiclient.PaymentFrequency, minor int64) addon.Price {
		return addon.BookedPrice(apiclient.AdditionalModuleContract{Price: eur(minor)}, f)
	}
	every2 := apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(2, apiclient.UnitMonth)}
	biennial := apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: termP(24, apiclient.UnitMonth)}
	tests := []struct {
		name   string
		price  addon.Price
		en, de string
	}{
		{"monthly", booked(&monthly, 990), "€9.90 per month", "9,90\u00a0€ pro Monat"},
		{"12 months is a year", booked(&yearly, 4500), "€45.00 per year", "45,00\u00a0€ pro Jahr"},
		{"24 months are two years", booked(&biennial, 8000), "€80.00 every 2 years", "80,00\u00a0€ alle 2\u00a0Jahre"},
		{"every 2 months", booked(&every2, 1500), "€15.00 every 2 months", "15,00\u00a0€ alle 2\u00a0Monate"},
		{"once", booked(&oneTime, 4900), "€49.00 once", "49,00\u00a0€ einmalig"},
		{"free", booked(&free, 0), "Free", "Kostenlos"},
		{"free by its zero price", booked(nil, 0), "Free", "Kostenlos"},
		{"interval unknown", booked(nil, 1200), "€12.00 per payment", "12,00\u00a0€ je Zahlung"},
		{"stepped: from the contract period", booked(&drink, 1990), "€19.90 per month, €24.90 from month 4 of the contract",
			"19,90\u00a0€ pro Monat, 24,90\u00a0€ ab dem 4. Vertragsmonat"},
		{"unknown", addon.Price{}, "Not shown by the studio's system", "Im System des Studios nicht angegeben"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for loc, want := range map[i18n.Locale]string{i18n.English: tt.en, i18n.German: tt.de} {
				if got := BookedPriceText(i18n.WithLocale(context.Background(), loc), tt.price); got != want {
					t.Errorf("%s: %q, want %q", loc, got, want)
				}
			}
		})
	}
}

func TestMyModulesPageGroupsAndSums(t *testing.T) {
	day := statusToday.AddDays
	sauna := NewModuleContract(1, apiclient.AdditionalModuleContract{Name: "Sauna", StartDate: day(-40), Price: eur(990)}, statusToday)
	sauna.Price = addon.BookedPrice(apiclient.AdditionalModuleContract{Price: eur(990)}, &monthly)
	sauna.Next, sauna.HasNext = addon.Payment{Date: day(10), Amount: eur(990)}, true
	towel := NewModuleContract(2, apiclient.AdditionalModuleContract{Name: "Towel", StartDate: day(-400)}, statusToday)
	towel.Price = addon.BookedPrice(apiclient.AdditionalModuleContract{Price: eur(4500)}, &yearly)
	unread := ModuleContract{Status: addon.SubStatusOf(apiclient.SubContract{StartDate: day(-10), EndDate: day(20)}, statusToday),
		ID: 3, Name: "Solarium", Price: addon.BookedPrice(apiclient.AdditionalModuleContract{Price: eur(1200)}, &monthly), Unavailable: true}
	ended := NewModuleContract(4, apiclient.AdditionalModuleContract{Name: "Drink flat", StartDate: day(-400), EndDate: day(-200)}, statusToday)
	current := []ModuleContract{sauna, towel, unread}
	total := MonthlySummary{Total: eur(2190), Counted: 2, Others: []ModuleContract{towel}}
	doc := renderDoc(t, MyModulesPage(Page{Studio: Studio{Slug: "demo"}}, current, []ModuleContract{ended}, total))

	if got := doc.Find("[data-testid=mymodules-current] [data-testid=module-contract]").Length(); got != 3 {
		t.Errorf("%d current cards, want 3", got)
	}
	past := doc.Find("[data-testid=mymodules-past] details:not([open]) [data-testid=module-contract]")
	if past.Length() != 1 || past.AttrOr("data-id", "") != "4" {
		t.Errorf("ended add-ons in a closed <details>: %d, want the drink flat", past.Length())
	}
	if got := strings.TrimSpace(doc.Find("[data-testid=mymodules-past] summary").Text()); got != "Show the ended add-on" {
		t.Errorf("summary = %q", got)
	}
	if got := strings.TrimSpace(doc.Find("[data-testid=monthly-total-amount]").Text()); got != "€21.90" {
		t.Errorf("monthly total = %q, want €21.90", got)
	}
	if got := strings.TrimSpace(doc.Find("[data-testid=monthly-total-counted]").Text()); got != "For your 2 current add-ons charged every month." {
		t.Errorf("counted = %q", got)
	}
	if got := strings.Join(strings.Fields(doc.Find("[data-testid=other-charges]").Text()), " "); got != "Towel: €45.00 per year" {
		t.Errorf("other charges = %q", got)
	}
	card := doc.Find("[data-testid=module-contract][data-id='1']")
	if got := strings.TrimSpace(card.Find("[data-testid=module-contract-next]").Text()); got != "€9.90 on "+enDate(day(10)) {
		t.Errorf("next payment = %q", got)
	}
	bad := doc.Find("[data-testid=module-contract][data-id='3']")
	if bad.AttrOr("data-details", "") != "unavailable" || bad.Find("[data-testid=details-unavailable]").Length() != 1 {
		t.Error("the unread add-on does not say its details are unavailable")
	}
	if got := strings.TrimSpace(bad.Find("[data-testid=module-contract-price]").Text()); got != "€12.00 per month" {
		t.Errorf("unread add-on's price = %q, want the contract list's", got)
	}
	if bad.Find("[data-testid=module-contract-next]").Length() != 0 {
		t.Error("a next payment on an add-on whose details were not read")
	}
}

func TestMonthlyTotalWithoutMonthlyAddOns(t *testing.T) {
	towel := NewModuleContract(2, apiclient.AdditionalModuleContract{Name: "Towel", StartDate: statusToday.AddDays(-400)}, statusToday)
	towel.Price = addon.BookedPrice(apiclient.AdditionalModuleContract{Price: eur(4500)}, &yearly)
	doc := renderDoc(t, MyModulesPage(Page{Studio: Studio{Slug: "demo"}}, []ModuleContract{towel}, nil, MonthlySummary{Others: []ModuleContract{towel}}))
	if doc.Find("[data-testid=monthly-total-amount]").Length() != 0 {
		t.Error("a monthly total of nothing")
	}
	if got := strings.TrimSpace(doc.Find("[data-testid=monthly-total-none]").Text()); got != "None of your current add-ons is charged every month." {
		t.Errorf("no monthly add-ons = %q", got)
	}
	if got := strings.Join(strings.Fields(doc.Find("[data-testid=other-charges]").Text()), " "); got != "Towel: €45.00 per year" {
		t.Errorf("other charges = %q", got)
	}
	if doc.Find("[data-testid=mymodules-past]").Length() != 0 {
		t.Error("an ended section without ended add-ons")
	}
	// Nothing recurring at all: no total.
	if doc := renderDoc(t, MyModulesPage(Page{Studio: Studio{Slug: "demo"}}, []ModuleContract{towel}, nil, MonthlySummary{})); doc.Find("[data-testid=monthly-total]").Length() != 0 {
		t.Error("a monthly total block without anything recurring")
	}
}
