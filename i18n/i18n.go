// Package i18n is the portal's one message catalog and its one formatting
// helper for money, dates and terms. Every member-facing string goes through
// T; views reach the member's locale through the request context.
package i18n

import (
	"context"
	"fmt"
	"strings"
)

// Locale is a language the portal speaks.
type Locale string

// Supported locales. German arrives with the studios work; formatting already
// knows it so money and dates have a single home.
const (
	English Locale = "en"
	German  Locale = "de"
)

// Default is the locale used when nothing else is known.
const Default = English

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

// Parse maps a language tag ("de-DE", "en") to a supported locale.
func Parse(tag string) (Locale, bool) {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	switch Locale(base) {
	case English:
		return English, true
	case German:
		return German, true
	}
	return "", false
}

// catalogs holds every message by locale and key. Locales without their own
// text for a key fall back to English.
var catalogs = map[Locale]map[string]string{
	English: merge(commonEN, authEN, modulesEN, bookingEN, myModulesEN),
}

func merge(maps ...map[string]string) map[string]string {
	out := map[string]string{}
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

// T returns the message for key in the context's locale, formatted with args
// (fmt verbs). An unknown key returns the key itself so it is visible in
// tests; TestCatalogCoversKeysUsed keeps that from shipping.
func T(ctx context.Context, key string, args ...any) string {
	return Lookup(LocaleFrom(ctx), key, args...)
}

// Lookup is T for an explicit locale.
func Lookup(loc Locale, key string, args ...any) string {
	msg, ok := catalogs[loc][key]
	if !ok {
		msg, ok = catalogs[English][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Has reports whether key is in the catalog.
func Has(key string) bool {
	_, ok := catalogs[English][key]
	return ok
}

// Available reports whether the portal has a catalog for loc, so pages are
// never half in one language and formatted in another.
func Available(loc Locale) bool {
	_, ok := catalogs[loc]
	return ok
}
