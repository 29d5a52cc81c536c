package views

import (
	"bytes"
	"context"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/i18n"
)

// renderFields renders the check form's fields of v.
func renderFields(t *testing.T, v ModuleView) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	ctx := i18n.WithLocale(context.Background(), i18n.English)
	if err := checkFields(v, false).Render(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestCheckFieldsDescribedBy(t *testing.T) {
	card := ModuleCard{ID: 301, HasTrial: true, Prices: []PriceOption{{ID: 3011, Price: addon.Price{Kind: addon.PriceFree}}}}
	described := card
	described.Trial = "Try the sauna free for 14 days"
	tests := []struct {
		name            string
		v               ModuleView
		trial, fieldset string // the attribute's value; "-" when it must be absent
	}{
		{"trial without a description: no empty attribute", ModuleView{Card: card}, "-", "-"},
		{"trial with a description", ModuleView{Card: described}, "trial-hint", "-"},
		{"trial error", ModuleView{Card: described, Form: ModuleForm{Errors: Errors{"trial": "x"}}}, "trial-hint trial-error", "-"},
		{"frequency error", ModuleView{Card: card, Form: ModuleForm{Errors: Errors{"paymentFrequency": "x"}}}, "-", "paymentFrequency-error"},
	}
	for _, tt := range tests {
		doc := renderFields(t, tt.v)
		for sel, want := range map[string]string{"#trial": tt.trial, "fieldset": tt.fieldset} {
			got, ok := doc.Find(sel).Attr("aria-describedby")
			if want == "-" && ok {
				t.Errorf("%s: %s has aria-describedby=%q, want none", tt.name, sel, got)
			}
			if want != "-" && got != want {
				t.Errorf("%s: %s aria-describedby=%q, want %q", tt.name, sel, got, want)
			}
		}
	}
	// A trial asked for where none is offered: the choice carries the error.
	noTrial := ModuleView{Card: ModuleCard{ID: 302, Prices: card.Prices}, Form: ModuleForm{Errors: Errors{"trial": "x"}}}
	doc := renderFields(t, noTrial)
	if got := doc.Find("fieldset").AttrOr("aria-describedby", ""); got != "trial-error" || doc.Find("#trial-error").Length() != 1 {
		t.Errorf("trial error without a checkbox: fieldset aria-describedby=%q", got)
	}
}
