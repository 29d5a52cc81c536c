package i18n

import (
	"cmp"
	"slices"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Plural is a message whose words depend on a number: argument Arg
// (1-based) picks one of Cases by its CLDR plural category for the locale
// ("one", "other"; "zero", "two", "few", "many" where the language has
// them) or, before any category, by an exact value ("=0"). "other" is
// required. The texts are fmt formats like any message.
type Plural struct {
	Arg   int
	Cases map[string]string
}

// selectorRank orders the cases as x/text tries them: exact values first,
// then the categories, "other" last.
var selectorRank = map[string]int{"zero": 1, "one": 2, "two": 3, "few": 4, "many": 5, "other": 6}

// selectf turns p into x/text's plural selection.
func (p Plural) selectf() catalog.Message {
	sels := make([]string, 0, len(p.Cases))
	for s := range p.Cases {
		sels = append(sels, s)
	}
	slices.SortFunc(sels, func(a, b string) int {
		return cmp.Or(cmp.Compare(selectorRank[a], selectorRank[b]), strings.Compare(a, b))
	})
	cases := make([]any, 0, 2*len(sels))
	for _, s := range sels {
		cases = append(cases, s, p.Cases[s])
	}
	return plural.Selectf(p.Arg, "%d", cases...)
}

// localeCatalog is one locale's messages and the printer that formats them.
type localeCatalog struct {
	text    map[string]string
	plurals map[string]Plural
	printer *message.Printer
}

// catalogs holds every message by locale and key; add a language here and
// in Supported.
var catalogs = build(map[Locale]sources{
	English: {
		text:    merge(commonEN, authEN, modulesEN, bookingEN, myModulesEN, contractsEN, embedEN),
		plurals: merge(commonPluralsEN, authPluralsEN, modulesPluralsEN, myModulesPluralsEN),
	},
	German: {
		text:    merge(commonDE, authDE, modulesDE, bookingDE, myModulesDE, contractsDE, embedDE),
		plurals: merge(commonPluralsDE, authPluralsDE, modulesPluralsDE, myModulesPluralsDE),
	},
})

// sources are one locale's message maps as the messages_*.go files hold them.
type sources struct {
	text    map[string]string
	plurals map[string]Plural
}

// build registers every message in one x/text catalog, English as the
// fallback, and makes a printer per locale.
func build(src map[Locale]sources) map[Locale]*localeCatalog {
	b := catalog.NewBuilder(catalog.Fallback(English.Tag()))
	out := map[Locale]*localeCatalog{}
	for loc, s := range src {
		tag := loc.Tag()
		for k, v := range s.text {
			if err := b.SetString(tag, k, v); err != nil {
				panic("i18n: " + string(loc) + " " + k + ": " + err.Error())
			}
		}
		for k, p := range s.plurals {
			if _, dup := s.text[k]; dup {
				panic("i18n: message key both text and plural: " + k)
			}
			if err := b.Set(tag, k, p.selectf()); err != nil {
				panic("i18n: " + string(loc) + " " + k + ": " + err.Error())
			}
		}
		out[loc] = &localeCatalog{text: s.text, plurals: s.plurals}
	}
	for loc, lc := range out {
		lc.printer = message.NewPrinter(loc.Tag(), message.Catalog(b))
	}
	return out
}

// merge joins one locale's message maps; a key defined twice is a bug.
func merge[V any](maps ...map[string]V) map[string]V {
	out := map[string]V{}
	for _, m := range maps {
		for k, v := range m {
			if _, dup := out[k]; dup {
				panic("i18n: duplicate message key " + k)
			}
			out[k] = v
		}
	}
	return out
}
