// Package studios is the portal's studio configuration: the studios file
// (YAML, documented in README.md), the checks `portal check-config` runs on
// it, the colour contrast rules, and each studio's generated stylesheet.
// Secrets are never in the file: it names the environment variables that
// hold them, and Load reads those.
package studios

import (
	"path"
	"strings"

	"github.com/studio-addons/portal/i18n"
)

// Studio is one studio (tenant) as the portal runs it, with its secrets
// read from the environment.
type Studio struct {
	Slug string // URL prefix: /{slug}/login
	// Name is the display name; "" means unset: the studio's own name from
	// its tenant (GET /v1/studios/information) applies, and until that is
	// read, one made from the slug (NameFromSlug).
	Name    string
	Product Product
	BaseURL string // the tenant's Open API base URL
	APIKey  string
	// WebhookKey is the key the tenant sends with webhooks; "" = none.
	WebhookKey string
	// SSOSecrets sign single sign-on links: the current secret first, then
	// the previous one while a rotation is under way. None: no SSO.
	SSOSecrets []string
	Locale     i18n.Locale // the studio's default language
	Branding   Branding
	Contact    Contact
	Links      Links
	// FrameOrigins are the origins (https://www.studio.example) whose pages
	// may frame the portal for this studio.
	FrameOrigins []string
}

// Product is the membership software a studio's tenant runs. Both speak
// the same Open API; members and staff know it by its name.
type Product string

// Products.
const (
	Magicline      Product = "magicline"
	PerfectGymNext Product = "perfectgym-next"
)

// Name is the product's name as members read it.
func (p Product) Name() string {
	switch p {
	case PerfectGymNext:
		return "PerfectGym Next"
	case Magicline:
		return "Magicline"
	}
	return ""
}

// Branding is how the studio's pages look.
type Branding struct {
	// Logo is zero when unset: the tenant's logo applies (studio
	// information), and until that is read, the portal's own mark.
	Logo    Image
	Favicon Image // zero: the logo
	Primary Color // "" = DefaultPrimary
	Accent  Color // "" = the primary colour
}

// PrimaryOrDefault is the primary colour the pages use.
func (b Branding) PrimaryOrDefault() Color {
	if b.Primary == "" {
		return DefaultPrimary
	}
	return b.Primary
}

// AccentOrDefault is the accent colour the pages use.
func (b Branding) AccentOrDefault() Color {
	if b.Accent == "" {
		return b.PrimaryOrDefault()
	}
	return b.Accent
}

// Image is a logo or favicon: either a URL the browser loads, or a file
// next to the studios file that the portal reads at start and serves itself.
type Image struct {
	URL  string // absolute https URL (http only on localhost)
	File string // file name as written in the studios file
	Data []byte // the file's content
}

// IsZero reports an unset image.
func (i Image) IsZero() bool { return i.URL == "" && i.File == "" }

// Ext is the image file's extension (".svg"); "" for a URL.
func (i Image) Ext() string { return strings.ToLower(path.Ext(i.File)) }

// Contact is how members reach the studio.
type Contact struct {
	Email   string
	Phone   string
	Address string // one line: street, postcode and town
}

// Links are the studio's own pages the portal links to.
type Links struct {
	Website string
	Imprint string
	Privacy string
	Terms   string
}

// NameFromSlug makes a display name from a slug ("fit-mitte" → "Fit Mitte"),
// for a studio whose name is not known yet.
func NameFromSlug(slug string) string {
	words := strings.Split(slug, "-")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}
