package sandbox

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// controlPrefix is where the sandbox's own control API lives.
const controlPrefix = "/_sandbox/"

// tenantKey is the context key of the authenticated tenant.
type tenantKey struct{}

// withTenant returns ctx carrying the authenticated tenant.
func withTenant(ctx context.Context, t *tenant) context.Context {
	return context.WithValue(ctx, tenantKey{}, t)
}

// tenantFrom returns the tenant serve authenticated the request as, or nil
// outside the API.
func tenantFrom(r *http.Request) *tenant {
	t, _ := r.Context().Value(tenantKey{}).(*tenant)
	return t
}

// serve dispatches a request: the control API behind the control key, the
// public module images, and the /v1 API behind the studio's API key, rate
// limit and injected faults. It logs every request at Debug, without keys.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	var studio string
	defer func() {
		// Status 0: nothing was answered (a dropped connection, a client gone).
		s.logger.Debug("sandbox request", "method", r.Method, "path", r.URL.Path,
			"status", sw.status, "studio", studio, "duration", time.Since(start))
	}()
	switch {
	case strings.HasPrefix(r.URL.Path, controlPrefix):
		s.serveControl(sw, r)
	case isImageRequest(r):
		serveImage(sw, r)
	default:
		studio = s.serveAPI(sw, r)
	}
}

// serveControl checks the control key before the control mux.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	got := r.Header.Get("X-SANDBOX-KEY")
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.ControlKey)) != 1 {
		writeError(w, http.StatusUnauthorized, "UNAUTHORIZED", "Invalid sandbox control key", "")
		return
	}
	h, pattern := s.ctl.Handler(r)
	if pattern == "" {
		writeUnmatched(w, r, h)
		return
	}
	s.ctl.ServeHTTP(w, r)
}

// serveAPI authenticates, checks the scope, rate-limits, refuses a write
// that overlaps another on the same add-on contract and applies faults, in
// that order (the upstream's order is not documented), then serves the API. It returns the studio's slug once the
// key is known, for the request log.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) (studio string) {
	t := s.tenantByKey(r.Header.Get("X-API-KEY"))
	if t == nil {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusUnauthorized)
			return ""
		}
		writeError(w, http.StatusUnauthorized, "UNAUTHORIZED", "Invalid API key", "")
		return ""
	}
	if r.Method == http.MethodHead {
		// HEAD is the upstream's cheap key probe, on any path.
		w.WriteHeader(http.StatusOK)
		return t.slug
	}
	r = r.WithContext(withTenant(r.Context(), t))
	h, pattern := s.mux.Handler(r)
	if pattern == "" {
		writeUnmatched(w, r, h)
		return t.slug
	}
	s.countCall(t.slug, pattern)
	if ok, scopes := s.scopeGranted(t, pattern); !ok {
		writeForbidden(w, r, t, scopes)
		return t.slug
	}
	if ok, wait := s.limiter.allow(t.slug+" "+pattern, s.limiter.now()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(wait)))
		msg := text{"Rate limit exceeded, retry later", "Anfragelimit überschritten, bitte später erneut versuchen"}
		writeError(w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", msg.in(messageLanguage(r, t.lang)), "")
		return t.slug
	}
	if key, ok := addOnWrite(pattern, r); ok {
		if !s.beginWrite(t.slug + " " + key) {
			msg := text{"The additional module contract is being changed by another request. Please try again.",
				"Der Zusatzmodulvertrag wird gerade durch eine andere Anfrage geändert. Bitte versuchen Sie es erneut."}
			writeError(w, http.StatusConflict, "CONCURRENT_MODIFICATION", msg.in(messageLanguage(r, t.lang)), "")
			return t.slug
		}
		defer s.endWrite(t.slug + " " + key)
	}
	if f, ok := s.takeFault(r, pattern, t.slug); ok {
		s.applyFault(w, r, f, s.mux)
		return t.slug
	}
	s.mux.ServeHTTP(w, r)
	return t.slug
}

// tenantByKey returns the tenant of an API key, or nil.
func (s *Server) tenantByKey(key string) *tenant {
	if key == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tenants[key]
}

// retryAfterSeconds rounds up, so a client waiting that long finds a new window.
func retryAfterSeconds(d time.Duration) int {
	secs := int((d + time.Second - 1) / time.Second)
	return max(secs, 1)
}

// writeUnmatched turns a mux's plain-text 404 or 405 into the upstream error
// body, keeping the Allow header of a 405.
func writeUnmatched(w http.ResponseWriter, r *http.Request, h http.Handler) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", rec.Header().Get("Allow"))
		writeError(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "Method not allowed", "")
		return
	}
	writeError(w, http.StatusNotFound, "NOT_FOUND", "Resource not found", "")
}

// statusWriter remembers the status for the request log. Unwrap lets
// http.ResponseController reach the connection for dropped-connection faults.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// addOnWrite returns the key of a cancelation or withdrawal's add-on
// contract (its path without the action), ok false for any other request.
func addOnWrite(pattern string, r *http.Request) (string, bool) {
	switch pattern {
	case string(apiclient.EndpointCancelModuleContract), string(apiclient.EndpointWithdrawCancelation):
		i := strings.LastIndex(r.URL.Path, "/")
		return r.URL.Path[:i], i > 0
	}
	return "", false
}

// beginWrite marks a write on key as under way; false when one already is:
// the upstream's 409, a concurrent modification. The mark spans the whole
// request, injected latency included, so two overlapping writes meet.
func (s *Server) beginWrite(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inflight[key] {
		return false
	}
	s.inflight[key] = true
	return true
}

// endWrite clears the mark of beginWrite.
func (s *Server) endWrite(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.inflight, key)
}
