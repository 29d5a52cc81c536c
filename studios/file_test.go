package studios

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/studio-addons/portal/i18n"
)

// validStudio is one correct studio entry; tests append keys to it or
// replace a line.
const validStudio = `
  - slug: berlin
    name: Kraftwerk Berlin
    product: perfectgym-next
    base_url: https://kraftwerk.open-api.example
    api_key_env: BERLIN_API_KEY
    webhook_key_env: BERLIN_WEBHOOK_KEY
    sso_secret_env: BERLIN_SSO
    language: de
    branding:
      logo: logos/berlin.svg
      primary: "#1d3557"
      accent: "#c2410c"
    contact:
      email: hallo@kraftwerk.example
      phone: +49 30 7654321
      address: Invalidenstraße 50, 10115 Berlin
    website: https://www.kraftwerk.example
    legal:
      imprint: https://www.kraftwerk.example/impressum
      privacy: https://www.kraftwerk.example/datenschutz
      terms: https://www.kraftwerk.example/agb
    frame_origins:
      - https://www.kraftwerk.example
      - http://localhost:8081
`

var testEnv = map[string]string{
	"BERLIN_API_KEY":     "api-key",
	"BERLIN_WEBHOOK_KEY": "hook-key",
	"BERLIN_SSO":         strings.Repeat("s", 32),
	"OTHER_API_KEY":      "other-key",
}

func load(t *testing.T, yaml string) ([]Studio, []Problem) {
	t.Helper()
	fsys := fstest.MapFS{
		"conf/studios.yaml":      {Data: []byte(yaml)},
		"conf/logos/berlin.svg":  {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
		"conf/logos/empty.svg":   {Data: nil},
		"conf/logos/huge.png":    {Data: make([]byte, maxImageBytes+1)},
		"secret.svg":             {Data: []byte("<svg/>")},
		"conf/logos/program.exe": {Data: []byte("MZ")},
	}
	list, err := LoadFS(fsys, "conf/studios.yaml", func(k string) string { return testEnv[k] })
	if err == nil {
		return list, nil
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("LoadFS error %T %v, want *Error", err, err)
	}
	if list != nil {
		t.Error("an invalid file returned studios")
	}
	return nil, e.Problems
}

func TestLoadValidFile(t *testing.T) {
	list, problems := load(t, "studios:"+validStudio)
	if problems != nil {
		t.Fatalf("problems: %v", problems)
	}
	if len(list) != 1 {
		t.Fatalf("%d studios, want 1", len(list))
	}
	s := list[0]
	checks := []struct {
		what      string
		got, want any
	}{
		{"slug", s.Slug, "berlin"},
		{"name", s.Name, "Kraftwerk Berlin"},
		{"product", s.Product.Name(), "PerfectGym Next"},
		{"base URL", s.BaseURL, "https://kraftwerk.open-api.example"},
		{"API key", s.APIKey, "api-key"},
		{"webhook key", s.WebhookKey, "hook-key"},
		{"SSO secrets", strings.Join(s.SSOSecrets, ","), testEnv["BERLIN_SSO"]},
		{"locale", s.Locale, i18n.German},
		{"logo file", s.Branding.Logo.File, "logos/berlin.svg"},
		{"logo bytes", string(s.Branding.Logo.Data), `<svg xmlns="http://www.w3.org/2000/svg"/>`},
		{"favicon unset", s.Branding.Favicon.IsZero(), true},
		{"primary", s.Branding.Primary, Color("#1d3557")},
		{"accent", s.Branding.Accent, Color("#c2410c")},
		{"email", s.Contact.Email, "hallo@kraftwerk.example"},
		{"phone", s.Contact.Phone, "+49 30 7654321"},
		{"address", s.Contact.Address, "Invalidenstraße 50, 10115 Berlin"},
		{"website", s.Links.Website, "https://www.kraftwerk.example"},
		{"imprint", s.Links.Imprint, "https://www.kraftwerk.example/impressum"},
		{"privacy", s.Links.Privacy, "https://www.kraftwerk.example/datenschutz"},
		{"terms", s.Links.Terms, "https://www.kraftwerk.example/agb"},
		{"frame origins", strings.Join(s.FrameOrigins, " "), "https://www.kraftwerk.example http://localhost:8081"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
}

// TestLoadMinimalStudioLeavesNameAndLogoUnset: what the file does not say
// stays unset, so the studio's own information can fill it later.
func TestLoadMinimalStudioLeavesNameAndLogoUnset(t *testing.T) {
	list, problems := load(t, `
studios:
  - slug: fit-mitte
    product: magicline
    base_url: https://fit.open-api.example
    api_key_env: OTHER_API_KEY
`)
	if problems != nil {
		t.Fatalf("problems: %v", problems)
	}
	s := list[0]
	if s.Name != "" || !s.Branding.Logo.IsZero() || s.Locale != i18n.English || s.WebhookKey != "" || s.SSOSecrets != nil {
		t.Errorf("minimal studio = %+v, want name and logo unset, English, no webhook key or SSO", s)
	}
	if got := NameFromSlug(s.Slug); got != "Fit Mitte" {
		t.Errorf("NameFromSlug = %q", got)
	}
	if s.Branding.PrimaryOrDefault() != DefaultPrimary || s.Branding.AccentOrDefault() != DefaultPrimary {
		t.Errorf("default colours = %s, %s", s.Branding.PrimaryOrDefault(), s.Branding.AccentOrDefault())
	}
}

// TestLoadProblems: every mistake is named by studio and field.
func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name       string
		replace    [2]string // in validStudio: old → new
		wantStudio string
		wantField  string
		wantMsg    string
	}{
		{"unknown key", [2]string{"    language: de", "    language: de\n    colour: red"}, `studio "berlin"`, "colour", "unknown key"},
		{"unknown nested key", [2]string{`      accent: "#c2410c"`, `      accent: "#c2410c"` + "\n      secondary: \"#000000\""}, `studio "berlin"`, "branding.secondary", "unknown key"},
		{"secret written into the file", [2]string{"    webhook_key_env: BERLIN_WEBHOOK_KEY", "    webhook_key: abc"}, `studio "berlin"`, "webhook_key", "secrets never go into the file: webhook_key_env names"},
		{"bad base URL", [2]string{"https://kraftwerk.open-api.example", "kraftwerk.open-api.example"}, `studio "berlin"`, "base_url", "not an absolute URL"},
		{"plain http base URL", [2]string{"https://kraftwerk.open-api.example", "http://kraftwerk.open-api.example"}, `studio "berlin"`, "base_url", "must use https"},
		{"bad link", [2]string{"https://www.kraftwerk.example/agb", "www.kraftwerk.example/agb"}, `studio "berlin"`, "legal.terms", "not an absolute URL"},
		{"bad website", [2]string{"website: https://www.kraftwerk.example", "website: javascript:alert(1)"}, `studio "berlin"`, "website", "not an absolute URL"},
		{"bad colour", [2]string{`"#1d3557"`, `"#1d355"`}, `studio "berlin"`, "branding.primary", "not a colour"},
		{"colour name", [2]string{`"#c2410c"`, `orange`}, `studio "berlin"`, "branding.accent", "not a colour"},
		{"primary too light for text on white", [2]string{`"#1d3557"`, `"#ff9900"`}, `studio "berlin"`, "branding.primary", "contrast of 2.14:1 with white"},
		{"primary just below AA", [2]string{`"#1d3557"`, `"#777777"`}, `studio "berlin"`, "branding.primary", "4.47:1"},
		{"accent too light for the focus ring", [2]string{`"#c2410c"`, `"#ffbf47"`}, `studio "berlin"`, "branding.accent", "focus ring"},
		{"accent fails on the page background only", [2]string{`"#c2410c"`, `"#949494"`}, `studio "berlin"`, "branding.accent", "with the page background (#f6f7f9)"},
		{"missing API key variable", [2]string{"BERLIN_API_KEY", "NOT_SET_KEY"}, `studio "berlin"`, "api_key_env", "NOT_SET_KEY is unset or empty"},
		{"no API key reference", [2]string{"    api_key_env: BERLIN_API_KEY\n", ""}, `studio "berlin"`, "api_key_env", "is missing"},
		{"missing webhook key variable", [2]string{"BERLIN_WEBHOOK_KEY", "NOT_SET_HOOK"}, `studio "berlin"`, "webhook_key_env", "NOT_SET_HOOK is unset or empty"},
		{"missing SSO secret variable", [2]string{"sso_secret_env: BERLIN_SSO", "sso_secret_env: NOT_SET_SSO"}, `studio "berlin"`, "sso_secret_env", "NOT_SET_SSO is unset or empty"},
		{"short SSO secret", [2]string{"sso_secret_env: BERLIN_SSO", "sso_secret_env: OTHER_API_KEY"}, `studio "berlin"`, "sso_secret_env", "shorter than 32"},
		{"previous SSO secret alone", [2]string{"sso_secret_env: BERLIN_SSO", "sso_previous_secret_env: BERLIN_SSO"}, `studio "berlin"`, "sso_previous_secret_env", "without sso_secret_env"},
		{"bad variable name", [2]string{"BERLIN_API_KEY", "berlin-key"}, `studio "berlin"`, "api_key_env", "not an environment variable name"},
		{"reserved slug", [2]string{"slug: berlin", "slug: static"}, `studio "static"`, "slug", "the portal uses itself"},
		{"reserved slug webhooks", [2]string{"slug: berlin", "slug: webhooks"}, `studio "webhooks"`, "slug", "the portal uses itself"},
		{"reserved slug embed.js", [2]string{"slug: berlin", "slug: embed.js"}, `studio "embed.js"`, "slug", "the portal uses itself"},
		{"slug not URL-safe", [2]string{"slug: berlin", "slug: Berlin Mitte"}, `studio "Berlin Mitte"`, "slug", "not URL-safe"},
		{"slug with a slash", [2]string{"slug: berlin", "slug: berlin/mitte"}, `studio "berlin/mitte"`, "slug", "not URL-safe"},
		{"no slug", [2]string{"  - slug: berlin\n    name", "  - name"}, "studio #1", "slug", "is missing"},
		{"unknown product", [2]string{"product: perfectgym-next", "product: PerfectGym"}, `studio "berlin"`, "product", "not a product"},
		{"no product", [2]string{"    product: perfectgym-next\n", ""}, `studio "berlin"`, "product", "is missing"},
		{"unknown language", [2]string{"language: de", "language: fr"}, `studio "berlin"`, "language", "write en or de"},
		{"origin with a path", [2]string{"- https://www.kraftwerk.example\n", "- https://www.kraftwerk.example/kurse\n"}, `studio "berlin"`, "frame_origins #1", "not an origin"},
		{"origin with a trailing slash", [2]string{"- https://www.kraftwerk.example\n", "- https://www.kraftwerk.example/\n"}, `studio "berlin"`, "frame_origins #1", "not an origin"},
		{"origin over http", [2]string{"- http://localhost:8081", "- http://www.kraftwerk.example"}, `studio "berlin"`, "frame_origins #2", "must use https"},
		{"wildcard origin", [2]string{"- https://www.kraftwerk.example\n", "- https://*.kraftwerk.example\n"}, `studio "berlin"`, "frame_origins #1", "wildcards"},
		{"origin not a URL", [2]string{"- https://www.kraftwerk.example\n", "- kraftwerk.example\n"}, `studio "berlin"`, "frame_origins #1", "not an absolute URL"},
		{"origins not a list", [2]string{"    frame_origins:\n      - https://www.kraftwerk.example\n      - http://localhost:8081\n", "    frame_origins: https://www.kraftwerk.example\n"}, `studio "berlin"`, "frame_origins", "wrong kind of value"},
		{"logo file missing", [2]string{"logos/berlin.svg", "logos/missing.svg"}, `studio "berlin"`, "branding.logo", "cannot be read"},
		{"logo outside the directory", [2]string{"logos/berlin.svg", "../secret.svg"}, `studio "berlin"`, "branding.logo", "without .."},
		{"logo of the wrong type", [2]string{"logos/berlin.svg", "logos/program.exe"}, `studio "berlin"`, "branding.logo", "must be one of"},
		{"empty logo", [2]string{"logos/berlin.svg", "logos/empty.svg"}, `studio "berlin"`, "branding.logo", "between 1 byte"},
		{"huge logo", [2]string{"logos/berlin.svg", "logos/huge.png"}, `studio "berlin"`, "branding.logo", "256 KiB"},
		{"logo over http", [2]string{"logos/berlin.svg", "http://cdn.kraftwerk.example/logo.svg"}, `studio "berlin"`, "branding.logo", "must use https"},
		{"bad e-mail", [2]string{"hallo@kraftwerk.example", "Kraftwerk <hallo@kraftwerk.example>"}, `studio "berlin"`, "contact.email", "not an e-mail address"},
		{"bad phone", [2]string{"+49 30 7654321", "call us"}, `studio "berlin"`, "contact.phone", "not a phone number"},
		{"name with spaces around", [2]string{"name: Kraftwerk Berlin", `name: " Kraftwerk "`}, `studio "berlin"`, "name", "leading or trailing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(validStudio, tt.replace[0]) {
				t.Fatalf("test is wrong: %q not in the valid studio", tt.replace[0])
			}
			_, problems := load(t, "studios:"+strings.Replace(validStudio, tt.replace[0], tt.replace[1], 1))
			if len(problems) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(problems), problems)
			}
			p := problems[0]
			if p.Studio != tt.wantStudio || p.Field != tt.wantField || !strings.Contains(p.Msg, tt.wantMsg) {
				t.Errorf("problem = %s | %s | %s\nwant      %s | %s | …%s…", p.Studio, p.Field, p.Msg, tt.wantStudio, tt.wantField, tt.wantMsg)
			}
			if p.Line == 0 {
				t.Error("the problem has no line")
			}
		})
	}
}

// TestLoadListsEveryProblem: all mistakes of all studios, in file order,
// each with its line, not just the first.
func TestLoadListsEveryProblem(t *testing.T) {
	second := strings.NewReplacer(
		"slug: berlin", "slug: berlin",
		`"#1d3557"`, `"#ffff00"`,
		"BERLIN_API_KEY", "UNSET_KEY",
	).Replace(validStudio)
	file := "studios:" + validStudio + second + `
  - slug: healthz
    product: magicline
    base_url: https://x.example
    api_key_env: OTHER_API_KEY
    colour: blue
extra: true
`
	_, problems := load(t, file)
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		`studio "berlin": slug: "berlin" is already the slug of studio #1`,
		`studio "berlin": api_key_env: the environment variable UNSET_KEY is unset or empty`,
		`studio "berlin": webhook_key_env: the key is studio #1's too: the portal could not tell their webhooks apart`,
		`studio "berlin": branding.primary: #ffff00 has a contrast of 1.07:1 with white; links in this colour on white, and white text on buttons and the header in it, need at least 4.50:1 (WCAG 2.1 AA)`,
		`studio "healthz": slug: "healthz" is a path the portal uses itself; choose another slug`,
		`studio "healthz": colour: unknown key`,
		`unknown key "extra" (the file has only the key studios)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := 1; i < len(problems); i++ {
		if problems[i].Line < problems[i-1].Line {
			t.Errorf("problems not in file order: line %d after %d", problems[i].Line, problems[i-1].Line)
		}
	}
	if l := problems[0].Line; l != 2+strings.Count(validStudio, "\n") {
		t.Errorf("duplicate slug reported on line %d, want %d", l, 2+strings.Count(validStudio, "\n"))
	}
}

func TestLoadFileProblems(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"empty file", "", "the file is empty"},
		{"no studios", "studios: []\n", "no studios"},
		{"not a mapping", "- slug: a\n", "must be a mapping"},
		{"studios not a list", "studios: berlin\n", "must be a list"},
		{"syntax error", "studios:\n  - slug: a\n   name: b\n", "not valid YAML"},
		{"typo in the top key", "studio:" + validStudio, `unknown key "studio"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := load(t, tt.file)
			if len(problems) == 0 || problems[0].Studio != "" || !strings.Contains(problems[0].Msg, tt.want) {
				t.Errorf("problems = %v, want a file problem with %q", problems, tt.want)
			}
		})
	}
}

func TestLoadErrorMessageNamesFileLineStudioAndField(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "studios.yaml")
	body := "studios:\n  - slug: a\n    product: magicline\n    base_url: https://a.example\n    api_key_env: A_KEY\n    branding:\n      primary: \"#fff\"\n"
	if err := os.WriteFile(name, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(name, func(k string) string { return map[string]string{"A_KEY": "k"}[k] })
	want := name + `:7: studio "a": branding.primary: "#fff" is not a colour; write it as #rrggbb`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml"), os.Getenv); err == nil || !strings.Contains(err.Error(), "missing.yaml: no such file") {
		t.Errorf("missing file: %v", err)
	}
}

// TestDemoFileLoads: the embedded demo is a valid studios file.
func TestDemoFileLoads(t *testing.T) {
	env := map[string]string{"SANDBOX_DEMO_API_KEY": "a", "SANDBOX_BERLIN_API_KEY": "b", "SANDBOX_DIRECT_API_KEY": "c",
		"SANDBOX_DEMO_WEBHOOK_KEY": "wa", "SANDBOX_BERLIN_WEBHOOK_KEY": "wb", "SANDBOX_DIRECT_WEBHOOK_KEY": "wc"}
	getenv := func(k string) string {
		if strings.HasSuffix(k, "_SSO_SECRET") {
			return strings.Repeat("s", MinSSOSecret)
		}
		return env[k]
	}
	list, err := LoadFS(Demo(), DemoFile, getenv)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range list {
		got = append(got, s.Slug+"/"+string(s.Locale)+"/"+s.Product.Name())
		// direct shows its tenant's own name and logo.
		if own := s.Slug != "direct"; own != (len(s.Branding.Logo.Data) > 0) || own != (s.Name != "") {
			t.Errorf("%s: name %q, logo of %d bytes; want both only for demo and berlin", s.Slug, s.Name, len(s.Branding.Logo.Data))
		}
		if len(s.SSOSecrets) != 1 {
			t.Errorf("%s: %d SSO secrets, want 1", s.Slug, len(s.SSOSecrets))
		}
		if s.WebhookKey == "" {
			t.Errorf("%s: no webhook key (go run . wires the sandbox's webhooks with it)", s.Slug)
		}
	}
	if want := "demo/en/Magicline berlin/de/PerfectGym Next direct/en/Magicline"; strings.Join(got, " ") != want {
		t.Errorf("demo studios = %v, want %s", got, want)
	}
}

// TestReadmeExampleLoads keeps the README's studios file example true.
func TestReadmeExampleLoads(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(studios:.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README has no ```yaml block with a studios file")
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "studios.yaml")
	if err := os.WriteFile(name, m[1], 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "logos"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "logos", "berlin.svg"), []byte("<svg/>"), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		if strings.Contains(k, "SSO") {
			return strings.Repeat("x", 32)
		}
		return "set"
	}
	list, err := Load(name, getenv)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 2 {
		t.Errorf("README example has %d studios, want at least 2", len(list))
	}
}
