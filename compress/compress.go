// Package compress compresses the portal's responses with brotli or gzip,
// whichever the browser's Accept-Encoding accepts best (q-values), and
// says so with Vary: Accept-Encoding. Bodies too small to gain, types that
// are compressed already (images, fonts, archives), responses that carry a
// Content-Encoding of their own (the precompressed static files), ranges,
// HEAD and bodiless statuses pass through untouched.
//
// Pages are rendered into a buffer and written at once, so the middleware
// decides on the first MinSize bytes; a handler that flushes (a stream)
// gets its data compressed and flushed at every Flush.
package compress

import (
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
)

// Config tunes the middleware; the zero value is the portal's choice.
type Config struct {
	// MinSize is the smallest body worth compressing (default 1024 bytes:
	// below it the saving is a few hundred bytes within one packet).
	MinSize int
	// Prefer orders the codings offered when the browser accepts several
	// with the same q-value (default gzip, then brotli: at the speeds a
	// page allows, brotli makes pages no smaller than gzip and costs about
	// twice the time; brotli pays off on the static files, compressed once
	// at its highest quality by package static).
	Prefer []string
	// GzipLevel and BrotliQuality (default 1) set the effort for pages
	// compressed per request. The gzip default is klauspost's stateless
	// mode: a page is written in one piece (rendered into a buffer first),
	// and for pages of a few KB it costs about 30% less than level 1 for
	// the same size (8 KB catalog: 2,239 against 2,251 bytes).
	GzipLevel, BrotliQuality int
}

func (c *Config) defaults() {
	if c.MinSize <= 0 {
		c.MinSize = 1024
	}
	if len(c.Prefer) == 0 {
		c.Prefer = []string{Gzip, Brotli}
	}
	if c.GzipLevel == 0 {
		c.GzipLevel = gzip.StatelessCompression
	}
	if c.BrotliQuality == 0 {
		c.BrotliQuality = 1
	}
}

// encoder is what both compressors offer.
type encoder interface {
	io.WriteCloser
	Flush() error
	Reset(io.Writer)
}

// Middleware compresses every response of the Echo instance it wraps. Use
// it outermost, so error pages (rendered by the handlers' error handler
// inside it) are compressed like any page.
func Middleware(cfg Config) echo.MiddlewareFunc {
	cfg.defaults()
	pools := map[string]*sync.Pool{
		Gzip: {New: func() any {
			w, _ := gzip.NewWriterLevel(io.Discard, cfg.GzipLevel) // the level is checked below
			return w
		}},
		Brotli: {New: func() any { return brotli.NewWriterLevel(io.Discard, cfg.BrotliQuality) }},
	}
	if _, err := gzip.NewWriterLevel(io.Discard, cfg.GzipLevel); err != nil {
		panic("compress: " + err.Error())
	}
	for _, coding := range cfg.Prefer {
		if pools[coding] == nil {
			panic("compress: no encoder for " + coding)
		}
	}
	writers := sync.Pool{New: func() any { return new(writer) }}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			res := c.Response()
			AddVary(res.Header(), echo.HeaderAcceptEncoding)
			coding := Negotiate(c.Request().Header.Get(echo.HeaderAcceptEncoding), cfg.Prefer...)
			if coding == "" || c.Request().Method == http.MethodHead {
				return next(c)
			}
			w := writers.Get().(*writer)
			*w = writer{ResponseWriter: res.Writer, coding: coding, pool: pools[coding], minSize: cfg.MinSize, buf: w.buf[:0]}
			res.Writer = w
			defer func() {
				res.Writer = w.ResponseWriter
				*w = writer{buf: w.buf[:0]} // its buffer never grows past MinSize
				writers.Put(w)
			}()
			if err := next(c); err != nil {
				c.Error(err) // the error page, compressed like any page
			}
			return w.Close()
		}
	}
}

// AddVary adds a header name to Vary unless it is there already.
func AddVary(h http.Header, name string) {
	for _, v := range h.Values("Vary") {
		for f := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), name) {
				return
			}
		}
	}
	h.Add("Vary", name)
}

// Compressible reports whether a content type gains from compression:
// text, scripts, JSON, XML and SVG. Images other than SVG, fonts, audio,
// video and archives are compressed already.
func Compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/"):
		return true
	case mt == "image/svg+xml", mt == "image/x-icon", mt == "image/vnd.microsoft.icon":
		return true
	case mt == "application/javascript", mt == "application/json", mt == "application/xml",
		mt == "application/manifest+json", strings.HasSuffix(mt, "+json"), strings.HasSuffix(mt, "+xml"):
		return true
	}
	return false
}

// writer holds the body back until it knows whether to compress: at
// minSize bytes, at a Flush or at the end.
type writer struct {
	http.ResponseWriter
	coding  string
	pool    *sync.Pool
	minSize int

	status  int    // the status the handler set, sent once decided
	buf     []byte // the body so far, before the decision
	decided bool
	enc     encoder // nil: the body passes as it is
}

// WriteHeader keeps the status until the body decides the encoding;
// informational statuses go out at once.
func (w *writer) WriteHeader(code int) {
	if code >= 100 && code <= 199 && code != http.StatusSwitchingProtocols {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	if w.status == 0 {
		w.status = code
	}
}

func (w *writer) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.decided {
		if w.enc != nil {
			return w.enc.Write(p)
		}
		return w.ResponseWriter.Write(p)
	}
	if len(w.buf)+len(p) < w.minSize {
		w.buf = append(w.buf, p...)
		return len(p), nil
	}
	if err := w.decide(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// decide starts compressing when the response allows it, else sends it
// as it is, and writes what was held back, then p.
func (w *writer) decide(p []byte) error {
	w.decided = true
	h := w.Header()
	if h.Get("Content-Type") == "" {
		sniff := w.buf
		if len(sniff) == 0 {
			sniff = p
		}
		if len(sniff) > 0 {
			h.Set("Content-Type", http.DetectContentType(sniff))
		}
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if len(w.buf)+len(p) >= w.minSize && w.eligible() {
		h.Set("Content-Encoding", w.coding)
		h.Del("Content-Length")
		if et := h.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
			h.Set("ETag", "W/"+et) // the compressed body is another representation
		}
		w.enc = w.pool.Get().(encoder)
		w.enc.Reset(w.ResponseWriter)
		w.ResponseWriter.WriteHeader(w.status)
		return w.send(w.enc, p)
	}
	w.ResponseWriter.WriteHeader(w.status)
	return w.send(w.ResponseWriter, p)
}

// send writes the held-back body and then p to dst.
func (w *writer) send(dst io.Writer, p []byte) error {
	for _, b := range [][]byte{w.buf, p} {
		if len(b) == 0 {
			continue
		}
		if _, err := dst.Write(b); err != nil {
			return err
		}
	}
	w.buf = w.buf[:0]
	return nil
}

// eligible reports whether this response may be compressed.
func (w *writer) eligible() bool {
	h := w.Header()
	switch {
	case w.status == http.StatusNoContent, w.status == http.StatusNotModified, w.status == http.StatusPartialContent:
		return false
	case h.Get("Content-Encoding") != "", h.Get("Content-Range") != "":
		return false
	}
	return Compressible(h.Get("Content-Type"))
}

// Flush sends what is held back (compressed if the response allows it)
// and flushes the compressor and the connection, for streamed responses.
func (w *writer) Flush() {
	if !w.decided {
		w.minSize = min(w.minSize, max(len(w.buf), 1))
		if err := w.decide(nil); err != nil {
			return
		}
	}
	if w.enc != nil {
		if err := w.enc.Flush(); err != nil {
			return
		}
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Close ends the response: a body below MinSize goes out as it is, and a
// compressed one is finished.
func (w *writer) Close() error {
	if !w.decided {
		if w.status == 0 && len(w.buf) == 0 {
			return nil // nothing was written: Echo writes nothing either
		}
		if err := w.decide(nil); err != nil {
			return err
		}
	}
	if w.enc == nil {
		return nil
	}
	err := w.enc.Close()
	w.enc.Reset(io.Discard)
	w.pool.Put(w.enc)
	w.enc = nil
	return err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
