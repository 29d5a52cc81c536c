package apiclient

import "context"

type languageKey struct{}

// WithLanguage returns ctx carrying lang (e.g. "de", "en", or a full
// Accept-Language value such as "de-DE,de;q=0.9"): every call made with it
// sends "Accept-Language: lang", so the upstream's errorMessage comes back
// in the member's language (without it the studio's language applies). A
// value that is not a plausible Accept-Language header (control characters,
// over 100 bytes) is ignored rather than sent.
func WithLanguage(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, languageKey{}, lang)
}

// languageFrom returns the Accept-Language value ctx carries, "" for none
// or an implausible one.
func languageFrom(ctx context.Context) string {
	lang, _ := ctx.Value(languageKey{}).(string)
	if len(lang) > 100 {
		return ""
	}
	for i := range len(lang) {
		switch c := lang[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == ',', c == ';', c == '=', c == '.', c == ' ', c == '*':
		default:
			return ""
		}
	}
	return lang
}
