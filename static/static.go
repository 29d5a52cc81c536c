// Package static embeds the portal's CSS, JavaScript (our own and the
// vendored htmx) and images, and serves them, and the files generated at
// start (Generated: each studio's stylesheet and logo), under fingerprinted
// URLs so browsers may cache them forever. Text files (CSS, JavaScript,
// SVG) are compressed once, on their first request, with brotli at its
// highest quality and with gzip, and served in the coding the browser
// accepts best, each coding with its own ETag.
package static

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"

	"github.com/studio-addons/portal/compress"
)

//go:embed css js img
var files embed.FS

// Prefix is the URL path under which the files are served.
const Prefix = "/static/"

// fingerprints maps both ways between files and fingerprinted URLs.
type fingerprints struct {
	byURL  map[string]*asset // fingerprinted name → file
	byName map[string]string // file name → fingerprinted URL
}

// table is computed once, on first use, from the embedded files.
var table = sync.OnceValue(func() fingerprints {
	t := fingerprints{byURL: map[string]*asset{}, byName: map[string]string{}}
	// The files are part of the binary: walking and reading them cannot fail.
	_ = fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		a := newAsset(name, b)
		t.byURL[a.printed] = a
		t.byName[name] = Prefix + a.printed
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

// asset is one file with its fingerprint and, once asked for, its
// compressed forms.
type asset struct {
	name    string // "css/app.css"
	printed string // "css/app.3f2a1b4c5d6e.css"
	hash    string // "3f2a1b4c5d6e"
	content []byte

	compressOnce sync.Once
	br, gz       []byte // nil: that coding does not make the file smaller
}

// newAsset fingerprints a file: the content hash goes into its name
// ("css/app.css" → "css/app.3f2a1b4c5d6e.css").
func newAsset(name string, content []byte) *asset {
	sum := sha256.Sum256(content)
	hash := hex.EncodeToString(sum[:])[:12]
	ext := path.Ext(name)
	return &asset{name: name, printed: strings.TrimSuffix(name, ext) + "." + hash + ext, hash: hash, content: content}
}

// compressed returns the brotli and gzip forms, made on the first call.
func (a *asset) compressed() (br, gz []byte) {
	a.compressOnce.Do(func() {
		if !compress.Compressible(contentType(a.name)) {
			return
		}
		var b bytes.Buffer
		bw := brotli.NewWriterLevel(&b, brotli.BestCompression)
		if _, err := bw.Write(a.content); err == nil && bw.Close() == nil && b.Len() < len(a.content) {
			a.br = bytes.Clone(b.Bytes())
		}
		b.Reset()
		gw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		if _, err := gw.Write(a.content); err == nil && gw.Close() == nil && b.Len() < len(a.content) {
			a.gz = bytes.Clone(b.Bytes())
		}
	})
	return a.br, a.gz
}

// serve writes the file in the coding the request accepts best (brotli
// first: it is the smaller), with an ETag per coding; conditional, range
// and HEAD requests are answered by http.ServeContent.
func (a *asset) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if ct := contentType(a.name); ct != "" {
		h.Set("Content-Type", ct)
	}
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	body, tag := a.content, a.hash
	if compress.Compressible(h.Get("Content-Type")) {
		compress.AddVary(h, "Accept-Encoding")
		br, gz := a.compressed()
		var offers []string
		if br != nil {
			offers = append(offers, compress.Brotli)
		}
		if gz != nil {
			offers = append(offers, compress.Gzip)
		}
		switch compress.Negotiate(r.Header.Get("Accept-Encoding"), offers...) {
		case compress.Brotli:
			body, tag = br, a.hash+"-br"
			h.Set("Content-Encoding", compress.Brotli)
		case compress.Gzip:
			body, tag = gz, a.hash+"-gz"
			h.Set("Content-Encoding", compress.Gzip)
		}
	}
	h.Set("ETag", `"`+tag+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// Generated holds files the portal makes at start rather than embeds (each
// studio's stylesheet and logo), served exactly like the embedded ones.
// Add them all before serving; the set is read-only afterwards.
type Generated struct {
	byURL map[string]*asset
}

// NewGenerated returns an empty set.
func NewGenerated() *Generated { return &Generated{byURL: map[string]*asset{}} }

// Add stores a file under name (its extension sets the content type) and
// returns its fingerprinted URL. Names must not collide with the embedded
// directories (css, js, img).
func (g *Generated) Add(name string, content []byte) string {
	a := newAsset(name, content)
	g.byURL[a.printed] = a
	return Prefix + a.printed
}

// Handler serves the embedded files and the generated ones (gen may be
// nil) under fingerprinted URLs with immutable caching; anything else
// under the prefix is 404.
func Handler(gen *Generated) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		printed := strings.TrimPrefix(r.URL.Path, Prefix)
		a, ok := table().byURL[printed]
		if !ok {
			a, ok = gen.lookup(printed)
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		a.serve(w, r)
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

func (g *Generated) lookup(printed string) (*asset, bool) {
	if g == nil {
		return nil, false
	}
	f, ok := g.byURL[printed]
	return f, ok
}
