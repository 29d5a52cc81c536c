// Package i18n is the portal's one message catalog and its one formatting
// helper for money, dates and terms. Every member-facing string goes through
// T; views reach the member's locale through the request context.
//
// Messages are fmt formats (explicit argument indexes such as %[2]s let a
// language reorder them). A message whose words depend on a number is a
// Plural: one text per CLDR plural category, chosen by golang.org/x/text's
// plural rules for the locale, so a language with more categories than
// "one" and "other" needs no code. Numbers in messages are formatted for
// the locale by x/text/message; money and dates by format.go.
package i18n

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// Locale is a language the portal speaks: a BCP 47 base language.
type Locale string

// Supported locales.
const (
	English Locale = "en"
	German  Locale = "de"
)

// Default is the locale used when nothing else is known.
const Default = English

// supported lists the locales with a full catalog, in the order the
// language switch shows them; tags are their language tags, index for index.
var (
	supported = []Locale{English, German}
	tags      = []language.Tag{language.English, language.German}
	matcher   = language.NewMatcher(tags)
)

// Supported returns the locales the portal speaks, in the switch's order.
func Supported() []Locale { return append([]Locale(nil), supported...) }

// Tag is the locale's language tag.
func (loc Locale) Tag() language.Tag {
	for i, l := range supported {
		if l == loc {
			return tags[i]
		}
	}
	return language.Und
}

type ctxKey struct{}

// WithLocale returns ctx carrying loc.
func WithLocale(ctx context.Context, loc Locale) context.Context {
	return context.WithValue(ctx, ctxKey{}, loc)
}

// LocaleFrom returns the locale carried by ctx, or Default.
func LocaleFrom(ctx context.Context) Locale {
	if loc, ok := ctx.Value(ctxKey{}).(Locale); ok {
		return loc
	}
	return Default
}

// Match returns the supported locale that serves a reader of the given
// languages (in order of preference) best: "de-AT", "de-CH" and "gsw" are
// German, "en-GB" and "en-US" English. ok is false when none is close
// enough ("fr", "nl").
func Match(prefs ...language.Tag) (Locale, bool) {
	if len(prefs) == 0 {
		return "", false
	}
	_, i, conf := matcher.Match(prefs...)
	if conf == language.No {
		return "", false
	}
	return supported[i], true
}

// MatchAcceptLanguage is Match for an Accept-Language header, its q-values
// respected ("fr, de;q=0.8, en;q=0.5" is German). Browsers send few
// distinct headers and parsing one costs microseconds on every request,
// so the answers for usual-length headers are remembered (bounded).
func MatchAcceptLanguage(header string) (Locale, bool) {
	if len(header) > maxMemoHeader {
		return matchAcceptLanguage(header)
	}
	loc := Locale(acceptMemo.get(header, func() string {
		loc, _ := matchAcceptLanguage(header)
		return string(loc)
	}))
	return loc, loc != ""
}

const maxMemoHeader = 256

var acceptMemo = memo[string]{max: 1024}

func matchAcceptLanguage(header string) (Locale, bool) {
	prefs, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return "", false
	}
	return Match(prefs...)
}

// Parse maps one language tag ("de", "de-DE", "en_GB") to a supported locale.
func Parse(tag string) (Locale, bool) {
	t, err := language.Parse(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"))
	if err != nil {
		return "", false
	}
	return Match(t)
}

// Available reports whether the portal has a catalog for loc, so pages are
// never half in one language and formatted in another.
func Available(loc Locale) bool {
	_, ok := catalogs[loc]
	return ok
}

// T returns the message for key in the context's locale, formatted with args.
// An unknown key returns the key itself so it is visible in tests;
// TestCatalog keeps that from shipping.
func T(ctx context.Context, key string, args ...any) string {
	return Lookup(LocaleFrom(ctx), key, args...)
}

// Lookup is T for an explicit locale. A key the locale lacks falls back to
// English (TestCatalog keeps both complete).
func Lookup(loc Locale, key string, args ...any) string {
	lc, ok := catalogs[loc]
	if !ok {
		lc = catalogs[English]
	}
	if s, ok := lc.text[key]; ok {
		switch {
		case len(args) == 0 && !strings.Contains(s, "%"):
			return s
		case onlyStrings(args):
			// x/text formats strings exactly as fmt does (it localizes
			// numbers only), and fmt skips its catalog lookup per call.
			return fmt.Sprintf(s, args...)
		}
	}
	if !Has(key) {
		return key
	}
	if k, ok := newPrintKey(loc, key, args); ok {
		return printMemo.get(k, func() string { return lc.printer.Sprintf(key, args...) })
	}
	return lc.printer.Sprintf(key, args...)
}

// printKey names a message printed with up to three number or string
// arguments: the plurals and counts, which repeat from page to page.
type printKey struct {
	loc  Locale
	key  string
	args [3]any
}

var printMemo = memo[printKey]{max: 4096}

func newPrintKey(loc Locale, key string, args []any) (printKey, bool) {
	k := printKey{loc: loc, key: key}
	if len(args) > len(k.args) {
		return k, false
	}
	for i, a := range args {
		switch a.(type) {
		case int, int64, string:
			k.args[i] = a
		default:
			return k, false
		}
	}
	return k, true
}

func onlyStrings(args []any) bool {
	for _, a := range args {
		if _, ok := a.(string); !ok {
			return false
		}
	}
	return true
}

// Has reports whether key is in the catalog.
func Has(key string) bool {
	en := catalogs[English]
	_, text := en.text[key]
	_, plural := en.plurals[key]
	return text || plural
}
