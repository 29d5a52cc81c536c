// Package views renders the portal's pages with templ: layouts, pages,
// partials (htmx fragments) and small components. Views receive view models
// built by handlers; they never call the upstream and hold no business rules.
// Member-facing text comes from the i18n catalog through the context.
package views

import (
	"strings"
	"time"

	"github.com/studio-addons/portal/routenames"
	"github.com/studio-addons/portal/static"
)

// Page is what the layout needs on every page.
type Page struct {
	Title  string
	Studio Studio
	// Stylesheets are the studios' generated stylesheets the page needs:
	// its studio's, or every listed studio's on the studio list.
	Stylesheets []string
	Member      *Member // nil when nobody is logged in
	CSRF        string  // the form token for this browser
	Flash       *Flash
	Nav         string // "modules" or "mymodules": the current section
	// Return is this page's address, where the language switch leads back.
	Return string
	// AsOf, when set, is when the oldest data on the page was read from
	// the studio's system: the page was made from older data because the
	// system was busy.
	AsOf time.Time
	// FrameOrigins are the origins that may frame the studio's pages,
	// space-separated (portal.js posts the page's height only to them);
	// EmbedOrigin is the one the studio's embed script named for this
	// frame, when it is among them.
	FrameOrigins, EmbedOrigin string
	// Paths builds the links of the page from route names (Path).
	Paths *routenames.Paths
}

// Studio is the studio a page belongs to, with its branding.
type Studio struct {
	Slug string
	Name string
	// Product is the studio's membership system as members read it
	// ("Magicline", "PerfectGym Next"); "" when not known.
	Product string
	// Stylesheet, Logo and Favicon are URLs; "" means the portal's own.
	Stylesheet string
	Logo       string
	Favicon    string
	Contact    Contact
	Links      Links
}

// Contact is how members reach the studio; empty fields are not shown.
type Contact struct {
	Email   string
	Phone   string
	Address string
}

// Links are the studio's own pages; empty ones are not shown.
type Links struct {
	Website string
	Imprint string
	Privacy string
	Terms   string
}

// LogoURL is the studio's logo, or the portal's mark.
func (s Studio) LogoURL() string {
	if s.Logo != "" {
		return s.Logo
	}
	return static.URL("img/logo.svg")
}

// FaviconURL is the studio's favicon, else its logo, else the portal's mark.
func (s Studio) FaviconURL() string {
	if s.Favicon != "" {
		return s.Favicon
	}
	return s.LogoURL()
}

// HasLegal reports whether the studio has any legal page to link to.
func (l Links) HasLegal() bool { return l.Imprint != "" || l.Privacy != "" || l.Terms != "" }

// PhoneURL is a tel: link for a written phone number ("+49 30 123" →
// "tel:+4930123").
func (c Contact) PhoneURL() string {
	return "tel:" + strings.Map(func(r rune) rune {
		if r == '+' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, c.Phone)
}

// Member is the logged-in member as the layout shows them.
type Member struct {
	FirstName string
	// Bound is false while the member still has to choose a contract.
	Bound bool
	// Contract names the contract a member with several is looking at
	// (the header offers to switch); "" for a member with one.
	Contract string
}

// FlashKind says how a flash message looks.
type FlashKind string

// Flash kinds.
const (
	FlashOK   FlashKind = "ok"
	FlashInfo FlashKind = ""
	FlashWarn FlashKind = "warn"
)

// Flash is a one-time message shown after a redirect; Link (with its
// LinkText) leads to the change's receipt, which a framed page opens in a
// tab of its own (to print it).
type Flash struct {
	Kind     FlashKind
	Text     string
	Link     string
	LinkText string
}

// Path is the path of the page's studio's route name (package routenames),
// params filling the route's parameters after the studio:
// p.Path(routenames.Module, id) is "/demo/modules/301". A Page without
// Paths (a component rendered on its own in a test) links nowhere ("").
func (p Page) Path(name string, params ...any) string {
	return p.PathIn(p.Studio.Slug, name, params...)
}

// PathIn is Path for another studio (slug), for the list of studios.
func (p Page) PathIn(slug, name string, params ...any) string {
	if p.Paths == nil {
		return ""
	}
	return p.Paths.In(slug, name, params...)
}

// Errors maps field names to their messages.
type Errors map[string]string

// ErrorID returns the id of a field's error element (for aria-describedby).
func ErrorID(field string) string { return field + "-error" }
