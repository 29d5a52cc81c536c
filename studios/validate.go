package studios

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Problem is one mistake in the studio configuration.
type Problem struct {
	Line   int    // line in the studios file; 0 when not known
	Studio string // `studio "berlin"`, `studio #2` when it has no slug, "" for the file as a whole
	Field  string // the key as the file writes it: "branding.primary"
	Msg    string
	index  int // the studio's position in the file, -1 for the file as a whole
}

// String is the problem as check-config prints it (without file and line).
func (p Problem) String() string {
	var parts []string
	if p.Studio != "" {
		parts = append(parts, p.Studio)
	}
	if p.Field != "" {
		parts = append(parts, p.Field)
	}
	return strings.Join(append(parts, p.Msg), ": ")
}

// Error is an invalid studio configuration: every problem found.
type Error struct {
	Source   string // the file name, or "environment"
	Problems []Problem
}

// Error lists every problem on its own line.
func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Source)
		if p.Line > 0 {
			b.WriteString(":" + strconv.Itoa(p.Line))
		}
		b.WriteString(": " + p.String())
	}
	return b.String()
}

// reserved are first path segments the portal uses itself.
var reserved = []string{"static", "healthz", "readyz", "webhooks", "embed.js", "favicon.ico", "robots.txt", "sso"}

var slugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$`)

// label names studio i in messages.
func label(i int, slug string) string {
	if slug == "" {
		return "studio #" + strconv.Itoa(i+1)
	}
	return "studio " + strconv.Quote(slug)
}

// Validate checks resolved studios (from the file or the environment):
// slugs, names, URLs, colour contrast, contact details and framing origins.
// It names fields as the studios file writes them.
func Validate(list []Studio) []Problem {
	var ps []Problem
	seen := map[string]int{}
	hooks := map[string]int{} // webhook key → the first studio with it
	for i, s := range list {
		add := func(field, format string, args ...any) {
			ps = append(ps, Problem{Studio: label(i, s.Slug), Field: field, Msg: fmt.Sprintf(format, args...), index: i})
		}
		switch {
		case s.Slug == "":
			add("slug", "is missing")
		case slices.Contains(reserved, strings.ToLower(s.Slug)):
			add("slug", "%q is a path the portal uses itself; choose another slug", s.Slug)
		case !slugPattern.MatchString(s.Slug):
			add("slug", "%q is not URL-safe: use 1-40 lower-case letters, digits and inner hyphens", s.Slug)
		}
		if j, dup := seen[s.Slug]; dup && s.Slug != "" {
			add("slug", "%q is already the slug of studio #%d", s.Slug, j+1)
		} else {
			seen[s.Slug] = i
		}
		// The webhook key is how the portal tells whose events arrive: two
		// studios with one key would have one's events applied to the other.
		if j, dup := hooks[s.WebhookKey]; dup && s.WebhookKey != "" {
			add("webhook_key_env", "the key is studio #%d's too: the portal could not tell their webhooks apart", j+1)
		} else if s.WebhookKey != "" {
			hooks[s.WebhookKey] = i
		}
		if msg := checkName(s.Name); msg != "" {
			add("name", "%s", msg)
		}
		if s.Product.Name() == "" {
			add("product", "is missing: write %s or %s", Magicline, PerfectGymNext)
		}
		if msg := checkURL(s.BaseURL, true); msg != "" {
			add("base_url", "%s", msg)
		}
		validateBranding(s.Branding, add)
		validateContact(s.Contact, add)
		for _, l := range []struct{ field, url string }{
			{"website", s.Links.Website}, {"legal.imprint", s.Links.Imprint},
			{"legal.privacy", s.Links.Privacy}, {"legal.terms", s.Links.Terms},
		} {
			if msg := checkURL(l.url, false); msg != "" {
				add(l.field, "%s", msg)
			}
		}
		for j, o := range s.FrameOrigins {
			if msg := checkOrigin(o); msg != "" {
				add(fmt.Sprintf("frame_origins #%d", j+1), "%s", msg)
			}
		}
	}
	return ps
}

// validateBranding checks image URLs and colour contrast. Where the
// colours are used (static/css/app.css, Stylesheet) decides the rules:
// the primary colour is the text colour of links and secondary buttons on
// white, and the background of the header and of buttons under white text
// (one ratio: primary against white, at least 4.5:1); the accent colour is
// the focus ring and the timeline markers, drawn on white cards and on the
// page background (user interface: at least 3:1 against both).
func validateBranding(b Branding, add func(field, format string, args ...any)) {
	for _, img := range []struct {
		field string
		img   Image
	}{{"branding.logo", b.Logo}, {"branding.favicon", b.Favicon}} {
		if msg := checkURL(img.img.URL, false); msg != "" {
			add(img.field, "%s", msg)
		}
	}
	if b.Primary != "" {
		if r := Contrast(b.Primary, White); r < MinTextContrast {
			add("branding.primary", "%s has a contrast of %s with white; links in this colour on white, and white text on buttons and the header in it, need at least %s (WCAG 2.1 AA)",
				b.Primary, ratio(r), ratio(MinTextContrast))
		}
	}
	if b.Accent != "" {
		for _, bg := range []struct {
			c    Color
			name string
		}{{White, "white"}, {PageBackground, "the page background (" + string(PageBackground) + ")"}} {
			if r := Contrast(b.Accent, bg.c); r < MinUIContrast {
				add("branding.accent", "%s has a contrast of %s with %s; the focus ring and other markers in this colour need at least %s (WCAG 2.1 AA)",
					b.Accent, ratio(r), bg.name, ratio(MinUIContrast))
				break
			}
		}
	}
}

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()/.-]{3,30}$`)

func validateContact(c Contact, add func(field, format string, args ...any)) {
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email {
			add("contact.email", "%q is not an e-mail address (write just the address: info@studio.example)", c.Email)
		}
	}
	if c.Phone != "" && !phonePattern.MatchString(c.Phone) {
		add("contact.phone", "%q is not a phone number (digits, spaces, + ( ) / . -)", c.Phone)
	}
	if c.Address != "" {
		if len(c.Address) > 200 || strings.ContainsFunc(c.Address, unicode.IsControl) {
			add("contact.address", "must be one line of at most 200 characters")
		}
	}
}

func checkName(name string) string {
	switch {
	case name == "":
		return ""
	case strings.TrimSpace(name) != name || strings.ContainsFunc(name, unicode.IsControl):
		return "must be one line without leading or trailing spaces"
	case len([]rune(name)) > 80:
		return "is longer than 80 characters"
	}
	return ""
}

// isLocalHost reports a host that only the machine itself reaches, where
// plain http is acceptable (development and the demo).
func isLocalHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// checkURL checks an absolute https URL (http only on localhost); required
// makes an empty one a problem.
func checkURL(raw string, required bool) string {
	if raw == "" {
		if required {
			return "is missing"
		}
		return ""
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || u.Opaque != "":
		return fmt.Sprintf("%q is not an absolute URL (https://…)", raw)
	case u.User != nil:
		return fmt.Sprintf("%q must not carry a user name or password", raw)
	case u.Scheme == "https":
	case u.Scheme == "http" && isLocalHost(u.Host):
	default:
		return fmt.Sprintf("%q must use https (http only for localhost)", raw)
	}
	return ""
}

// checkOrigin checks a framing origin: scheme and host (and port), nothing
// else, https (http only for localhost), no wildcards.
func checkOrigin(raw string) string {
	if msg := checkURL(raw, true); msg != "" {
		return msg
	}
	u, _ := url.Parse(raw)
	switch {
	case strings.Contains(u.Host, "*"):
		return fmt.Sprintf("%q: wildcards are not allowed; list each origin", raw)
	case u.Path != "" || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(raw, "?") || strings.HasSuffix(raw, "#"):
		return fmt.Sprintf("%q is not an origin: write only scheme and host, like %s://%s", raw, u.Scheme, u.Host)
	case raw != strings.ToLower(raw):
		return fmt.Sprintf("%q: write the origin in lower case, as browsers send it", raw)
	}
	return ""
}
