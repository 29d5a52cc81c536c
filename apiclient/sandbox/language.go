package sandbox

import (
	"net/http"

	"golang.org/x/text/language"
)

// text is an errorMessage in the sandbox's two languages. The contract says
// Accept-Language chooses the language of errorMessage and that the
// studio's language applies without it; which languages a tenant speaks is
// not documented: the sandbox speaks English and German.
type text struct{ en, de string }

// in returns the message in lang ("de" or "en").
func (t text) in(lang string) string {
	if lang == "de" && t.de != "" {
		return t.de
	}
	return t.en
}

// messageLanguages are the languages of the sandbox's errorMessages, in
// the matcher's order (the first is its fallback).
var messageLanguages = []string{"en", "de"}

var languageMatcher = language.NewMatcher([]language.Tag{language.English, language.German})

// messageLanguage is the language of an errorMessage for r: the best match
// of its Accept-Language among English and German, else the studio's
// language (also for a header naming neither).
func messageLanguage(r *http.Request, studio string) string {
	if h := r.Header.Get("Accept-Language"); h != "" {
		if tags, _, err := language.ParseAcceptLanguage(h); err == nil && len(tags) > 0 {
			if _, i, conf := languageMatcher.Match(tags...); conf != language.No {
				return messageLanguages[i]
			}
		}
	}
	if studio == "" {
		return "en"
	}
	return studio
}
