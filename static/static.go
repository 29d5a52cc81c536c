// Package static embeds the portal's CSS, JavaScript (our own and the
// vendored htmx) and images, and serves them, and the files generated at
// start (Generated: each studio's stylesheet and logo), under fingerprinted
// URLs so browsers may cache them forever.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
)

//go:embed css js img
var files embed.FS

// Prefix is the URL path under which the files are served.
const Prefix = "/static/"

// fingerprints maps both ways between file names and fingerprinted URLs.
type fingerprints struct {
	byURL  map[string]string // fingerprinted name → file name
	byName map[string]string // file name → fingerprinted URL
}

// table is computed once, on first use, from the embedded files.
var table = sync.OnceValue(func() fingerprints {
	t := fingerprints{byURL: map[string]string{}, byName: map[string]string{}}
	// The files are part of the binary: walking and reading them cannot fail.
	_ = fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		printed := fingerprint(name, b)
		t.byURL[printed] = name
		t.byName[name] = Prefix + printed
		return nil
	})
	return t
})

// URL returns the fingerprinted URL of an embedded file ("css/app.css" →
// "/static/css/app.3f2a1b4c5d6e.css"). An unknown name panics in tests long
// before a member could see it.
func URL(name string) string {
	u, ok := table().byName[name]
	if !ok {
		panic("static: no embedded file " + name)
	}
	return u
}

// File returns an embedded file ("js/embed.js"), for the few served at a
// fixed address.
func File(name string) ([]byte, error) { return files.ReadFile(name) }

// fingerprint inserts the content hash into a file name
// ("css/app.css" → "css/app.3f2a1b4c5d6e.css").
func fingerprint(name string, content []byte) string {
	sum := sha256.Sum256(content)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
}

// Generated holds files the portal makes at start rather than embeds (each
// studio's stylesheet and logo), served exactly like the embedded ones.
// Add them all before serving; the set is read-only afterwards.
type Generated struct {
	byURL map[string]generated
}

type generated struct {
	name    string
	content []byte
}

// NewGenerated returns an empty set.
func NewGenerated() *Generated { return &Generated{byURL: map[string]generated{}} }

// Add stores a file under name (its extension sets the content type) and
// returns its fingerprinted URL. Names must not collide with the embedded
// directories (css, js, img).
func (g *Generated) Add(name string, content []byte) string {
	printed := fingerprint(name, content)
	g.byURL[printed] = generated{name: name, content: content}
	return Prefix + printed
}

// Handler serves the embedded files and the generated ones (gen may be
// nil) under fingerprinted URLs with immutable caching; anything else
// under the prefix is 404.
func Handler(gen *Generated) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		printed := strings.TrimPrefix(r.URL.Path, Prefix)
		var name string
		var b []byte
		if n, ok := table().byURL[printed]; ok {
			var err error
			if b, err = files.ReadFile(n); err != nil {
				http.NotFound(w, r)
				return
			}
			name = n
		} else if f, ok := gen.lookup(printed); ok {
			name, b = f.name, f.content
		} else {
			http.NotFound(w, r)
			return
		}
		if ct := contentType(name); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		_, _ = w.Write(b)
	})
}

// contentType is the file's type by its extension; .ico is not in every
// system's table.
func contentType(name string) string {
	if strings.EqualFold(path.Ext(name), ".ico") {
		return "image/x-icon"
	}
	return mime.TypeByExtension(path.Ext(name))
}

func (g *Generated) lookup(printed string) (generated, bool) {
	if g == nil {
		return generated{}, false
	}
	f, ok := g.byURL[printed]
	return f, ok
}
