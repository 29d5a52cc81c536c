package studios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/studio-addons/portal/i18n"
)

// fileDoc is a studios file as written (README.md documents it).
type fileDoc struct {
	Studios []studioDoc `yaml:"studios"`
}

type studioDoc struct {
	Slug                 string      `yaml:"slug"`
	Name                 string      `yaml:"name"`
	Product              string      `yaml:"product"`
	BaseURL              string      `yaml:"base_url"`
	APIKeyEnv            string      `yaml:"api_key_env"`
	WebhookKeyEnv        string      `yaml:"webhook_key_env"`
	SSOSecretEnv         string      `yaml:"sso_secret_env"`
	SSOPreviousSecretEnv string      `yaml:"sso_previous_secret_env"`
	Language             string      `yaml:"language"`
	Branding             brandingDoc `yaml:"branding"`
	Contact              contactDoc  `yaml:"contact"`
	Website              string      `yaml:"website"`
	Legal                legalDoc    `yaml:"legal"`
	FrameOrigins         []string    `yaml:"frame_origins"`
}

type brandingDoc struct {
	Logo    string `yaml:"logo"`
	Favicon string `yaml:"favicon"`
	Primary string `yaml:"primary"`
	Accent  string `yaml:"accent"`
}

type contactDoc struct {
	Email   string `yaml:"email"`
	Phone   string `yaml:"phone"`
	Address string `yaml:"address"`
}

type legalDoc struct {
	Imprint string `yaml:"imprint"`
	Privacy string `yaml:"privacy"`
	Terms   string `yaml:"terms"`
}

// Limits on image files next to the studios file.
const maxImageBytes = 256 << 10

var imageExts = []string{".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico"}

// MinSSOSecret is the shortest SSO secret accepted (an HMAC-SHA256 key).
const MinSSOSecret = 32

// Load reads and checks the studios file at name; the secrets it names
// come from getenv. Any problem makes the error an *Error listing all.
func Load(name string, getenv func(string) string) ([]Studio, error) {
	list, err := LoadFS(os.DirFS(filepath.Dir(name)), filepath.Base(name), getenv)
	var e *Error
	if errors.As(err, &e) {
		e.Source = name
	}
	return list, err
}

// LoadFS is Load for a file in fsys; image files are read relative to it.
func LoadFS(fsys fs.FS, name string, getenv func(string) string) ([]Studio, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		msg := "cannot read the file"
		if errors.Is(err, fs.ErrNotExist) {
			msg = "no such file"
		}
		return nil, &Error{Source: name, Problems: []Problem{{Msg: msg, index: -1}}}
	}
	l := &loader{fsys: fsys, dir: path.Dir(name), getenv: getenv}
	list := l.parse(data)
	if len(l.problems) > 0 {
		slices.SortStableFunc(l.problems, func(a, b Problem) int { return a.Line - b.Line })
		return nil, &Error{Source: name, Problems: l.problems}
	}
	return list, nil
}

// loader collects the problems of one file.
type loader struct {
	fsys     fs.FS
	dir      string
	getenv   func(string) string
	problems []Problem
	starts   []int            // first line of each studio
	lines    []map[string]int // per studio: field path → line
	labels   []string
}

func (l *loader) fileProblem(line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{Line: line, Msg: fmt.Sprintf(format, args...), index: -1})
}

func (l *loader) add(i int, field, format string, args ...any) {
	l.problems = append(l.problems, Problem{Studio: l.labels[i], Field: field, Msg: fmt.Sprintf(format, args...), index: i, Line: l.lineOf(i, field)})
}

// lineOf is the line of a field, else of the studio.
func (l *loader) lineOf(i int, field string) int {
	if i < 0 || i >= len(l.lines) {
		return 0
	}
	for f := field; f != ""; {
		if n, ok := l.lines[i][f]; ok {
			return n
		}
		// "branding.primary" falls back to "branding", "frame_origins #2" to "frame_origins".
		cut := strings.LastIndexAny(f, ". ")
		if cut < 0 {
			break
		}
		f = f[:cut]
	}
	return l.starts[i]
}

func (l *loader) parse(data []byte) []Studio {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if m := typeErrorLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		l.fileProblem(line, "not valid YAML: %s", msg)
		return nil
	}
	if !l.walkFile(&root) {
		return nil
	}
	var doc fileDoc
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		l.typeErrors(err)
	}
	if len(doc.Studios) == 0 {
		if len(l.problems) == 0 {
			l.fileProblem(0, "no studios: the file needs a list under the key studios")
		}
		return nil
	}
	list := make([]Studio, len(doc.Studios))
	for i, d := range doc.Studios {
		list[i] = l.resolve(i, d)
	}
	for _, p := range Validate(list) {
		p.Line = l.lineOf(p.index, p.Field)
		l.problems = append(l.problems, p)
	}
	return list
}

// walkFile checks every key against the documented ones and records where
// each studio and field is, so problems can name them; false when the
// file's shape leaves nothing to check.
func (l *loader) walkFile(root *yaml.Node) bool {
	if len(root.Content) == 0 {
		l.fileProblem(0, "the file is empty: it needs a list under the key studios")
		return false
	}
	top := resolveAlias(root.Content[0])
	if top.Kind != yaml.MappingNode {
		l.fileProblem(top.Line, "the file must be a mapping with the key studios")
		return false
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], resolveAlias(top.Content[i+1])
		if k.Value != "studios" {
			l.fileProblem(k.Line, "unknown key %q (the file has only the key studios)", k.Value)
			continue
		}
		if v.Kind != yaml.SequenceNode {
			l.fileProblem(v.Line, "studios must be a list (each entry starting with -)")
			return false
		}
		for n, item := range v.Content {
			item = resolveAlias(item)
			l.starts = append(l.starts, item.Line)
			l.lines = append(l.lines, map[string]int{})
			l.labels = append(l.labels, label(n, slugOf(item)))
			walk(item, reflect.TypeFor[studioDoc](), "", l.lines[n], func(field string, line int) {
				msg := "unknown key"
				if _, ok := fieldByKey(reflect.TypeFor[studioDoc](), field+"_env"); ok {
					msg += fmt.Sprintf(" (secrets never go into the file: %s_env names the environment variable that holds it)", field)
				}
				l.problems = append(l.problems, Problem{Line: line, Studio: l.labels[n], Field: field, Msg: msg, index: n})
			})
		}
	}
	return true
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// slugOf is the slug a studio's mapping writes, for naming it early.
func slugOf(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "slug" && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// walk visits n as the type t: unknown keys are reported, the line of every
// known one is recorded under its path ("branding.primary",
// "frame_origins #2"). Shape mismatches are left to the decoder.
func walk(n *yaml.Node, t reflect.Type, prefix string, lines map[string]int, unknown func(field string, line int)) {
	n = resolveAlias(n)
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			p := k.Value
			if prefix != "" {
				p = prefix + "." + k.Value
			}
			f, ok := fieldByKey(t, k.Value)
			if !ok {
				unknown(p, k.Line)
				continue
			}
			lines[p] = k.Line
			walk(n.Content[i+1], f.Type, p, lines, unknown)
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			p := prefix + " #" + strconv.Itoa(i+1)
			lines[p] = item.Line
			walk(item, t.Elem(), p, lines, unknown)
		}
	}
}

func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

var typeErrorLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// typeErrors reports the decoder's complaints about values of the wrong
// shape (a list where a word belongs); unknown keys were reported by walk.
func (l *loader) typeErrors(err error) {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		l.fileProblem(0, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
		return
	}
	for _, msg := range te.Errors {
		m := typeErrorLine.FindStringSubmatch(msg)
		if m == nil {
			l.fileProblem(0, "%s", msg)
			continue
		}
		if strings.Contains(m[2], " not found in type ") {
			continue
		}
		line, _ := strconv.Atoi(m[1])
		i := l.studioAt(line)
		if i < 0 {
			l.fileProblem(line, "%s", m[2])
			continue
		}
		field := ""
		for f, n := range l.lines[i] {
			if n == line && (len(f) > len(field) || len(f) == len(field) && f < field) {
				field = f
			}
		}
		l.problems = append(l.problems, Problem{Line: line, Studio: l.labels[i], Field: field, Msg: "has the wrong kind of value (" + m[2] + ")", index: i})
	}
}

// studioAt is the index of the studio whose entry holds line, or -1.
func (l *loader) studioAt(line int) int {
	at := -1
	for i, start := range l.starts {
		if start <= line {
			at = i
		}
	}
	return at
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// secret reads the environment variable a *_env field names.
func (l *loader) secret(i int, field, name string, required bool) string {
	switch {
	case name == "" && required:
		l.add(i, field, "is missing: name the environment variable that holds the secret")
	case name == "":
	case !envName.MatchString(name):
		l.add(i, field, "%q is not an environment variable name", name)
	case l.getenv(name) == "":
		l.add(i, field, "the environment variable %s is unset or empty", name)
	default:
		return l.getenv(name)
	}
	return ""
}

// resolve turns studio i as written into a Studio, reading secrets and
// image files; problems of the file's own notation are reported here,
// the rest by Validate.
func (l *loader) resolve(i int, d studioDoc) Studio {
	s := Studio{
		Slug: d.Slug, Name: d.Name, Product: Product(d.Product), BaseURL: d.BaseURL,
		Contact:      Contact{Email: d.Contact.Email, Phone: d.Contact.Phone, Address: d.Contact.Address},
		Links:        Links{Website: d.Website, Imprint: d.Legal.Imprint, Privacy: d.Legal.Privacy, Terms: d.Legal.Terms},
		FrameOrigins: d.FrameOrigins,
	}
	if d.Product != "" && s.Product.Name() == "" {
		l.add(i, "product", "%q is not a product: write %s or %s", d.Product, Magicline, PerfectGymNext)
		s.Product = Magicline // reported; keeps Validate from saying "missing" too
	}
	s.APIKey = l.secret(i, "api_key_env", d.APIKeyEnv, true)
	s.WebhookKey = l.secret(i, "webhook_key_env", d.WebhookKeyEnv, false)
	for _, sso := range []struct{ field, name string }{{"sso_secret_env", d.SSOSecretEnv}, {"sso_previous_secret_env", d.SSOPreviousSecretEnv}} {
		v := l.secret(i, sso.field, sso.name, false)
		if v != "" && len(v) < MinSSOSecret {
			l.add(i, sso.field, "the secret in %s is shorter than %d characters", sso.name, MinSSOSecret)
		}
		if v != "" {
			s.SSOSecrets = append(s.SSOSecrets, v)
		}
	}
	if d.SSOPreviousSecretEnv != "" && d.SSOSecretEnv == "" {
		l.add(i, "sso_previous_secret_env", "is set without sso_secret_env (the current secret)")
	}
	switch d.Language {
	case "", "en":
		s.Locale = i18n.English
	case "de":
		s.Locale = i18n.German
	default:
		l.add(i, "language", "%q is not a language the portal speaks: write en or de", d.Language)
	}
	for _, c := range []struct {
		field, value string
		into         *Color
	}{{"branding.primary", d.Branding.Primary, &s.Branding.Primary}, {"branding.accent", d.Branding.Accent, &s.Branding.Accent}} {
		if c.value == "" {
			continue
		}
		col, err := ParseColor(c.value)
		if err != nil {
			l.add(i, c.field, "%s", err.Error())
		}
		*c.into = col
	}
	s.Branding.Logo = l.image(i, "branding.logo", d.Branding.Logo)
	s.Branding.Favicon = l.image(i, "branding.favicon", d.Branding.Favicon)
	return s
}

// image reads a logo or favicon: a URL stays a URL (Validate checks it), a
// file name is read from beside the studios file.
func (l *loader) image(i int, field, value string) Image {
	if value == "" || strings.Contains(value, "://") {
		return Image{URL: value}
	}
	img := Image{File: value}
	name := path.Join(l.dir, value)
	switch {
	case !fs.ValidPath(value) || path.IsAbs(value):
		l.add(i, field, "%q: give an https URL, or a file name relative to the studios file (without ..)", value)
		return img
	case !slices.Contains(imageExts, img.Ext()):
		l.add(i, field, "%q: the file must be one of %s", value, strings.Join(imageExts, " "))
		return img
	}
	data, err := fs.ReadFile(l.fsys, name)
	switch {
	case err != nil:
		l.add(i, field, "%q cannot be read next to the studios file", value)
	case len(data) == 0 || len(data) > maxImageBytes:
		l.add(i, field, "%q must be between 1 byte and %d KiB", value, maxImageBytes>>10)
	default:
		img.Data = data
	}
	return img
}
