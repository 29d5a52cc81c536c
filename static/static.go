// Package static embeds the portal's CSS, JavaScript (our own and the
// vendored htmx) and images, and serves them under fingerprinted URLs so
// browsers may cache them forever.
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
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		printed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
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

// Handler serves fingerprinted files with immutable caching; anything else
// under the prefix is 404.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := table().byURL[strings.TrimPrefix(r.URL.Path, Prefix)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		b, err := files.ReadFile(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		_, _ = w.Write(b)
	})
}
