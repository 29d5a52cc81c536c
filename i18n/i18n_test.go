package i18n

import (
	"context"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"github.com/studio-addons/portal/apiclient"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Locale
		ok   bool
	}{
		{"de", German, true},
		{"de-DE", German, true},
		{"DE", German, true},
		{"de_AT", German, true},
		{"de-CH", German, true},
		{"en", English, true},
		{" EN-gb", English, true},
		{"en-US", English, true},
		{"fr", "", false},
		{"", "", false},
		{"not a tag", "", false},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMatchAcceptLanguage(t *testing.T) {
	tests := []struct {
		header string
		want   Locale
		ok     bool
	}{
		{"de", German, true},
		{"de-AT", German, true},
		{"de-CH,de;q=0.9", German, true},
		{"gsw", German, true}, // Swiss German readers read German
		{"en-GB", English, true},
		{"en-US,en;q=0.9,de;q=0.8", English, true},
		{"de;q=0.5, en;q=0.9", English, true},    // q-values, not order
		{"fr, de;q=0.8, en;q=0.5", German, true}, // the best supported one
		{"fr;q=0.9, en;q=0.2, de;q=0.1", English, true},
		{"de;q=0, en;q=0.1", English, true}, // q=0: not German
		{"fr", "", false},
		{"nl, sv;q=0.5", "", false},
		{"*", "", false},
		{"", "", false},
		{"!!", "", false},
	}
	for _, tt := range tests {
		for _, call := range []string{"first", "remembered"} {
			got, ok := MatchAcceptLanguage(tt.header)
			if got != tt.want || ok != tt.ok {
				t.Errorf("MatchAcceptLanguage(%q), %s call = %q, %v; want %q, %v", tt.header, call, got, ok, tt.want, tt.ok)
			}
		}
	}
}

func TestTagsAndSupported(t *testing.T) {
	if got := Supported(); len(got) != 2 || got[0] != English || got[1] != German {
		t.Errorf("Supported = %v, want [en de]", got)
	}
	if got := German.Tag(); got != language.German {
		t.Errorf("German.Tag = %v", got)
	}
	if got := Locale("fr").Tag(); got != language.Und {
		t.Errorf("unsupported Tag = %v, want und", got)
	}
	if Available("fr") || !Available(German) || !Available(English) {
		t.Error("Available disagrees with the catalogs")
	}
}

func TestLookup(t *testing.T) {
	de := WithLocale(context.Background(), German)
	tests := []struct {
		loc  Locale
		key  string
		args []any
		want string
	}{
		{English, "login.title", nil, "Log in"},
		{German, "login.title", nil, "Anmelden"},
		{German, "contracts.since", []any{"01.02.2025"}, "seit 01.02.2025"},
		// Plurals by the locale's CLDR rules.
		{English, "login.throttled", []any{1}, "Too many attempts. Please try again in 1 minute."},
		{English, "login.throttled", []any{15}, "Too many attempts. Please try again in 15 minutes."},
		{German, "login.throttled", []any{1}, "Zu viele Versuche. Bitte versuchen Sie es in 1\u00a0Minute erneut."},
		{German, "login.throttled", []any{15}, "Zu viele Versuche. Bitte versuchen Sie es in 15\u00a0Minuten erneut."},
		// An exact-value case before the categories.
		{German, "price.every.month", []any{1}, "monatlich"},
		{German, "price.every.month", []any{12}, "alle 12\u00a0Monate"},
		{English, "price.per.year", []any{1}, "per year"},
		{English, "price.per.year", []any{2}, "every 2 years"},
		// German reorders its arguments.
		{German, "price.termbased.after", []any{"29,90\u00a0€", "12\u00a0Monate"}, ", 12\u00a0Monate nach Beginn 29,90\u00a0€"},
		// Numbers are the locale's.
		{German, "price.termbased.from.day", []any{"1\u00a0€", 1001}, "1\u00a0€ ab dem 1.001. Vertragstag"},
		// Unknown keys show themselves, so a test sees them.
		{German, "no.such.key", nil, "no.such.key"},
		{German, "no.such.key", []any{3}, "no.such.key"},
		// A locale without a catalog speaks English.
		{"fr", "login.title", nil, "Log in"},
	}
	for _, tt := range tests {
		if got := Lookup(tt.loc, tt.key, tt.args...); got != tt.want {
			t.Errorf("Lookup(%s, %s, %v) = %q, want %q", tt.loc, tt.key, tt.args, got, tt.want)
		}
	}
	if got, want := T(de, "nav.logout"), "Abmelden"; got != want {
		t.Errorf("T in a German context = %q, want %q", got, want)
	}
}

// TestPluralOfAThirdLanguage shows that a language with more plural
// categories needs only its messages: the selection is x/text's CLDR rules.
func TestPluralOfAThirdLanguage(t *testing.T) {
	p := Plural{Arg: 1, Cases: map[string]string{
		"one": "%d месяц", "few": "%d месяца", "many": "%d месяцев", "other": "%d месяца", "=0": "ни одного месяца",
	}}
	b := catalog.NewBuilder()
	if err := b.Set(language.Russian, "term.month", p.selectf()); err != nil {
		t.Fatal(err)
	}
	pr := message.NewPrinter(language.Russian, message.Catalog(b))
	for n, want := range map[int]string{0: "ни одного месяца", 1: "1 месяц", 3: "3 месяца", 5: "5 месяцев", 21: "21 месяц", 112: "112 месяцев"} {
		if got := pr.Sprintf("term.month", n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

// BenchmarkLookup measures the catalog's cost per message: a plain text, a
// formatted one and a plural, and money and a date.
func BenchmarkLookup(b *testing.B) {
	ctx := WithLocale(context.Background(), German)
	b.Run("text", func(b *testing.B) {
		for b.Loop() {
			T(ctx, "modules.choose")
		}
	})
	b.Run("format", func(b *testing.B) {
		for b.Loop() {
			T(ctx, "price.recurring", "9,90 €", "monatlich")
		}
	})
	b.Run("plural", func(b *testing.B) {
		for b.Loop() {
			T(ctx, "price.every.month", 12)
		}
	})
	b.Run("money", func(b *testing.B) {
		m := apiclient.Money{Minor: 123450, Currency: "EUR"}
		for b.Loop() {
			Money(ctx, m)
		}
	})
	b.Run("date", func(b *testing.B) {
		d := apiclient.NewDate(2026, 11, 29)
		for b.Loop() {
			Date(ctx, d)
		}
	})
}
