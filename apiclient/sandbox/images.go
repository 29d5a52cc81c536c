package sandbox

import (
	"embed"
	"net/http"
	"strconv"
	"strings"
)

// images holds the module pictures the seeded catalog's imageUrl points at:
// tiny hand-written SVGs, so the portal has real images without a CDN.
//
//go:embed images/*.svg
var images embed.FS

// imagePrefix is the public path of the module images.
const imagePrefix = "/images/"

// imageURL is the absolute URL of the named module image (a slug such as
// "sauna") on the host the request came in on, as the upstream's imageUrl
// is absolute. Behind a TLS-terminating proxy X-Forwarded-Proto says https.
func imageURL(r *http.Request, name string) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host + imagePrefix + name + ".svg"
}

// isImageRequest reports whether r reads a module image. Images are public
// because browsers load them without the studio's key.
func isImageRequest(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		strings.HasPrefix(r.URL.Path, imagePrefix)
}

// serveImage handles GET /images/{name}.svg. The images never change for a
// name, so they may be cached for a year.
func serveImage(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, imagePrefix), ".svg")
	if !ok || name == "" || strings.ContainsAny(name, "/\\.") {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "Image not found", "")
		return
	}
	b, err := images.ReadFile("images/" + name + ".svg")
	if err != nil {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "Image not found", "")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	// An SVG opened directly is a document: forbid scripts in it.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}
