package i18n

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/studio-addons/portal/apiclient"
)

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		loc  Locale
		m    apiclient.Money
		want string
	}{
		{English, apiclient.Money{Minor: 990, Currency: "EUR"}, "€9.90"},
		{German, apiclient.Money{Minor: 990, Currency: "EUR"}, "9,90\u00a0€"},
		{English, apiclient.Money{Minor: 2000, Currency: "EUR"}, "€20.00"},
		{German, apiclient.Money{Minor: 2000, Currency: "EUR"}, "20,00\u00a0€"},
		{English, apiclient.Money{Minor: 123456789, Currency: "EUR"}, "€1,234,567.89"},
		{German, apiclient.Money{Minor: 123456789, Currency: "EUR"}, "1.234.567,89\u00a0€"},
		{English, apiclient.Money{Minor: 0, Currency: "EUR"}, "€0.00"},
		{English, apiclient.Money{Minor: -5, Currency: "EUR"}, "−€0.05"},
		{English, apiclient.Money{Minor: 1500, Currency: "JPY"}, "JPY\u00a01,500"},
		{English, apiclient.Money{Minor: 1000, Currency: "CHF"}, "CHF\u00a010.00"},
	}
	for _, tt := range tests {
		if got := FormatMoney(tt.loc, tt.m); got != tt.want {
			t.Errorf("FormatMoney(%s, %v) = %q, want %q", tt.loc, tt.m, got, tt.want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	d := apiclient.NewDate(2026, 11, 2)
	if got, want := FormatDate(English, d), "2 Nov 2026"; got != want {
		t.Errorf("English = %q, want %q", got, want)
	}
	if got, want := FormatDate(German, d), "02.11.2026"; got != want {
		t.Errorf("German = %q, want %q", got, want)
	}
	if got := FormatDate(English, apiclient.Date{}); got != "" {
		t.Errorf("zero date = %q, want empty", got)
	}
}

func TestTermAndMonthDay(t *testing.T) {
	ctx := WithLocale(context.Background(), English)
	tests := []struct {
		term apiclient.Term
		want string
	}{
		{apiclient.Term{Value: 1, Unit: apiclient.UnitMonth}, "1 month"},
		{apiclient.Term{Value: 12, Unit: apiclient.UnitMonth}, "12 months"},
		{apiclient.Term{Value: 14, Unit: apiclient.UnitDay}, "14 days"},
		{apiclient.Term{Value: 1, Unit: apiclient.UnitWeek}, "1 week"},
		{apiclient.Term{Value: 2, Unit: apiclient.UnitYear}, "2 years"},
	}
	for _, tt := range tests {
		if got := Term(ctx, tt.term); got != tt.want {
			t.Errorf("Term(%v) = %q, want %q", tt.term, got, tt.want)
		}
	}
	if got, want := MonthDay(ctx, apiclient.MonthDay{Month: apiclient.May, DayOfMonth: 1}), "1 May"; got != want {
		t.Errorf("MonthDay = %q, want %q", got, want)
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Locale{"de-DE": German, "en": English, " EN-gb": English} {
		if got, ok := Parse(in); !ok || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := Parse("fr"); ok {
		t.Error("Parse(fr) ok, want not supported")
	}
}

// keyUse finds literal keys passed to T / i18n.T / Lookup in the code.
// The first argument may be any context expression (ctx,
// c.Request().Context()) or, for Lookup, a locale.
var keyUse = regexp.MustCompile(`\b(?:T|Lookup)\([A-Za-z_][A-Za-z0-9_.]*(?:\(\))?(?:\.[A-Za-z_][A-Za-z0-9_]*\(\))*, "([a-zA-Z0-9_.]+)"`)

// TestCatalogCoversKeysUsed fails when code or a template asks for a key the
// catalog does not have, which would show the bare key to a member.
func TestCatalogCoversKeysUsed(t *testing.T) {
	root := ".."
	var missing []string
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".templ") {
			return nil
		}
		if strings.HasSuffix(path, "_templ.go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyUse.FindAllStringSubmatch(string(b), -1) {
			found++
			if !Has(m[1]) {
				missing = append(missing, path+": "+m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 100 {
		t.Errorf("found only %d uses of message keys; the pattern no longer matches the code", found)
	}
	for _, m := range missing {
		t.Errorf("message key not in catalog: %s", m)
	}
}
