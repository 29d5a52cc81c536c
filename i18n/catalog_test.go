package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCatalogIsComplete fails when a key is missing in a language, is a
// plural in one and a text in another, or when the format verbs of two
// languages disagree (a German text must take the same arguments, in any
// order).
func TestCatalogIsComplete(t *testing.T) {
	en := catalogs[English]
	for _, loc := range Supported() {
		lc, ok := catalogs[loc]
		if !ok {
			t.Errorf("%s: no catalog", loc)
			continue
		}
		for _, key := range slices.Sorted(maps.Keys(keysOf(en, lc))) {
			enVerbs, err := messageVerbs(en, key)
			if err != nil {
				t.Errorf("en %s: %v", key, err)
				continue
			}
			locVerbs, err := messageVerbs(lc, key)
			if err != nil {
				t.Errorf("%s %s: %v", loc, key, err)
				continue
			}
			if !maps.Equal(enVerbs, locVerbs) {
				t.Errorf("%s: verbs differ: en %s, %s %s", key, verbList(enVerbs), loc, verbList(locVerbs))
			}
		}
		if lc.text["language.name"] == "" {
			t.Errorf("%s has no name of its own for the language switch", loc)
		}
	}
}

// keysOf is every key either catalog has.
func keysOf(cats ...*localeCatalog) map[string]bool {
	out := map[string]bool{}
	for _, c := range cats {
		for k := range c.text {
			out[k] = true
		}
		for k := range c.plurals {
			out[k] = true
		}
	}
	return out
}

// messageVerbs returns the verb of every argument a message uses; for a
// plural, of all its cases (the number-less "=1" case may leave one out,
// "other" may not).
func messageVerbs(lc *localeCatalog, key string) (map[int]rune, error) {
	if s, ok := lc.text[key]; ok {
		if strings.Contains(s, "${") {
			return nil, errors.New("x/text would read ${...} as a variable")
		}
		return fmtVerbs(s)
	}
	p, ok := lc.plurals[key]
	if !ok {
		return nil, errors.New("missing")
	}
	other, ok := p.Cases["other"]
	if !ok {
		return nil, errors.New(`plural without an "other" case`)
	}
	all, err := fmtVerbs(other)
	if err != nil {
		return nil, err
	}
	for sel, text := range p.Cases {
		if !validSelector(sel) {
			return nil, fmt.Errorf("plural selector %q is neither a CLDR category nor =N", sel)
		}
		vs, err := fmtVerbs(text)
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", sel, err)
		}
		for arg, v := range vs {
			if all[arg] != v {
				return nil, fmt.Errorf("case %s uses %%%c for argument %d, other does not", sel, v, arg)
			}
		}
	}
	if all[p.Arg] != 'd' {
		return nil, fmt.Errorf("plural argument %d is not a %%d in other", p.Arg)
	}
	return all, nil
}

func validSelector(s string) bool {
	if _, ok := selectorRank[s]; ok {
		return true
	}
	if rest, ok := strings.CutPrefix(s, "="); ok {
		_, err := strconv.Atoi(rest)
		return err == nil
	}
	return false
}

// fmtVerbs parses a fmt format: argument number → verb, explicit indexes
// (%[2]s) included.
func fmtVerbs(format string) (map[int]rune, error) {
	out := map[int]rune{}
	arg := 1
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		if i < len(format) && format[i] == '%' {
			continue
		}
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		if i < len(format) && format[i] == '[' {
			end := strings.IndexByte(format[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("unclosed argument index in %q", format)
			}
			n, err := strconv.Atoi(format[i+1 : i+end])
			if err != nil || n < 1 {
				return nil, fmt.Errorf("bad argument index in %q", format)
			}
			arg, i = n, i+end+1
		}
		for i < len(format) && (format[i] == '.' || format[i] >= '0' && format[i] <= '9') {
			i++
		}
		if i >= len(format) {
			return nil, fmt.Errorf("format %q ends inside a verb", format)
		}
		v := rune(format[i])
		if prev, ok := out[arg]; ok && prev != v {
			return nil, fmt.Errorf("argument %d is both %%%c and %%%c in %q", arg, prev, v, format)
		}
		out[arg] = v
		arg++
	}
	return out, nil
}

func verbList(vs map[int]rune) string {
	var parts []string
	for _, arg := range slices.Sorted(maps.Keys(vs)) {
		parts = append(parts, fmt.Sprintf("%d:%%%c", arg, vs[arg]))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func TestFmtVerbs(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"plain", "[]"},
		{"100%% sure", "[]"},
		{"%s on %s", "[1:%s 2:%s]"},
		{"%[2]s nach %[1]s", "[1:%s 2:%s]"},
		{"%s from month %d", "[1:%s 2:%d]"},
		{"%[1]d. %[2]s", "[1:%d 2:%s]"},
		{"%5.2f", "[1:%f]"},
	}
	for _, tt := range tests {
		got, err := fmtVerbs(tt.in)
		if err != nil || verbList(got) != tt.want {
			t.Errorf("fmtVerbs(%q) = %s, %v; want %s", tt.in, verbList(got), err, tt.want)
		}
	}
	for _, bad := range []string{"ends in %", "%[x]s", "%[1]s and %[1]d"} {
		if _, err := fmtVerbs(bad); err == nil {
			t.Errorf("fmtVerbs(%q) accepted", bad)
		}
	}
}

// keyCall finds literal keys passed to T / i18n.T / Lookup in the code.
// The first argument may be any context expression (ctx,
// c.Request().Context()) or, for Lookup, a locale.
var keyCall = regexp.MustCompile(`\b(?:T|Lookup)\([A-Za-z_][A-Za-z0-9_.]*(?:\(\))?(?:\.[A-Za-z_][A-Za-z0-9_]*\(\))*, "([a-zA-Z0-9_.]+)"`)

// keyLiteral is a string literal that may be a message key; keyBuilt is a
// key built around a variable part ("error." + key + ".title").
var (
	keyLiteral = regexp.MustCompile(`"([a-zA-Z0-9_.]+)"`)
	keyBuilt   = regexp.MustCompile(`"([a-z][a-zA-Z0-9_.]*\.)"\s*\+\s*[A-Za-z_][A-Za-z0-9_.]*\s*\+\s*"(\.[a-zA-Z0-9_.]+)"`)
)

// sourceFile is one file of the portal's code the catalog serves.
type sourceFile struct {
	path string
	text string
}

// portalSources reads the code that can show messages: .go and .templ
// files outside tests, generated code and the catalog itself.
func portalSources(t *testing.T) []sourceFile {
	t.Helper()
	var out []sourceFile
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		name := d.Name()
		switch {
		case d.IsDir(), !strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, ".templ"),
			strings.HasSuffix(name, "_templ.go"), strings.HasSuffix(name, "_test.go"),
			filepath.Base(filepath.Dir(path)) == "i18n" && strings.HasPrefix(name, "messages_"):
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out = append(out, sourceFile{path, string(b)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCatalogCoversKeysUsed fails when code or a template asks for a key the
// catalog does not have, which would show the bare key to a member.
func TestCatalogCoversKeysUsed(t *testing.T) {
	found := 0
	for _, f := range portalSources(t) {
		for _, m := range keyCall.FindAllStringSubmatch(f.text, -1) {
			found++
			if !Has(m[1]) {
				t.Errorf("message key not in catalog: %s: %s", f.path, m[1])
			}
		}
	}
	if found < 100 {
		t.Errorf("found only %d uses of message keys; the pattern no longer matches the code", found)
	}
}

// TestEveryKeyIsUsed fails when the catalog holds a key no code names: a
// dead text nobody updates. A key counts as used when it appears as a
// string literal in the code, or is built there around a part that does
// ("error." + key + ".title" with "notfound" in the same file).
func TestEveryKeyIsUsed(t *testing.T) {
	used := map[string]bool{}
	type built struct {
		prefix, suffix string
		parts          map[string]bool
	}
	var builds []built
	for _, f := range portalSources(t) {
		for _, m := range keyLiteral.FindAllStringSubmatch(f.text, -1) {
			used[m[1]] = true
		}
		parts := map[string]bool{}
		for _, m := range keyLiteral.FindAllStringSubmatch(f.text, -1) {
			parts[m[1]] = true
		}
		for _, m := range keyBuilt.FindAllStringSubmatch(f.text, -1) {
			builds = append(builds, built{m[1], m[2], parts})
		}
	}
	isBuilt := func(key string) bool {
		for _, b := range builds {
			mid, ok := strings.CutPrefix(key, b.prefix)
			if !ok {
				continue
			}
			if mid, ok = strings.CutSuffix(mid, b.suffix); ok && b.parts[mid] {
				return true
			}
		}
		return false
	}
	for _, loc := range Supported() {
		for _, key := range slices.Sorted(maps.Keys(keysOf(catalogs[loc]))) {
			if !used[key] && !isBuilt(key) {
				t.Errorf("%s: key %s is not used by any code", loc, key)
			}
		}
	}
}
