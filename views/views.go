// Package views renders the portal's pages with templ: layouts, pages,
// partials (htmx fragments) and small components. Views receive view models
// built by handlers; they never call the upstream and hold no business rules.
// Member-facing text comes from the i18n catalog through the context.
package views

// Page is what the layout needs on every page.
type Page struct {
	Title  string
	Studio Studio
	Member *Member // nil when nobody is logged in
	CSRF   string  // the form token for this browser
	Flash  *Flash
	Nav    string // "modules" or "mymodules": the current section
	// Return is this page's address, where the language switch leads back.
	Return string
}

// Studio is the studio a page belongs to.
type Studio struct {
	Slug string
	Name string
}

// Member is the logged-in member as the layout shows them.
type Member struct {
	FirstName string
	// Bound is false while the member still has to choose a contract.
	Bound bool
}

// FlashKind says how a flash message looks.
type FlashKind string

// Flash kinds.
const (
	FlashOK   FlashKind = "ok"
	FlashInfo FlashKind = ""
	FlashWarn FlashKind = "warn"
)

// Flash is a one-time message shown after a redirect.
type Flash struct {
	Kind FlashKind
	Text string
}

// Base returns the studio's URL prefix ("/demo").
func (p Page) Base() string { return "/" + p.Studio.Slug }

// Errors maps field names to their messages.
type Errors map[string]string

// ErrorID returns the id of a field's error element (for aria-describedby).
func ErrorID(field string) string { return field + "-error" }
