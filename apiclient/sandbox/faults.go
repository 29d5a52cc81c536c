package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// maxFaultLatency bounds injected latency so a typo cannot park a test for hours.
const maxFaultLatency = 5 * time.Minute

// Fault is a failure injected into matching API requests (after
// authentication and rate limiting), so clients can be tested against the
// ways a real upstream and the network in between fail.
//
// A fault matches on Method (empty: any), Path and Studio (empty: any).
// Path is either a route pattern as registered, without the method
// ("/v1/memberships/{contractId}/self-service/additional-modules/purchase"),
// or an exact request path ("/v1/memberships/1000/self-service/additional-modules/purchase").
//
// Latency delays the request first (it ends early when the client gives up)
// and may be combined with one outcome; with no outcome the request then
// goes to the API as usual. The outcomes, at most one per fault:
//   - Status: answer with that status and an upstream error body, without
//     running the API (so a POST commits nothing). 429 and 503 carry
//     "Retry-After: 1", as the upstream's throttling does.
//   - Body "garbage": answer 200 with a non-JSON text under a JSON content
//     type, without running the API, like a misbehaving proxy.
//   - Body "truncated": run the API (a POST commits) and answer 200 with the
//     first half of its body, a complete HTTP response holding broken JSON.
//   - Drop: close the connection without answering or running the API, the
//     request is lost before it reached the studio.
//   - CommitThenDrop: run the API (a POST commits) and then close the
//     connection without answering: the answer is lost on the way back, the
//     case that must not make a client book twice.
//
// Times is how many matching requests the fault applies to; 0 means until
// ClearFaults or Reset.
//
// In JSON, Latency is a Go duration string ("1.5s"). Note that Go's
// http.Transport may silently retry an idempotent request whose reused
// connection was dropped, so a Drop with Times 1 on a GET can look like no
// fault at all to a keep-alive client.
type Fault struct {
	Method         string        `json:"method,omitempty"`
	Path           string        `json:"path"`
	Studio         string        `json:"studio,omitempty"`
	Latency        time.Duration `json:"latency,omitempty"`
	Status         int           `json:"status,omitempty"`
	Body           string        `json:"body,omitempty"`
	Drop           bool          `json:"drop,omitempty"`
	CommitThenDrop bool          `json:"commitThenDrop,omitempty"`
	Times          int           `json:"times,omitempty"`
}

// The Body values of a Fault.
const (
	FaultBodyGarbage   = "garbage"
	FaultBodyTruncated = "truncated"
)

// faultJSON is Fault on the wire: the latency as a duration string.
type faultJSON struct {
	Method         string `json:"method,omitempty"`
	Path           string `json:"path"`
	Studio         string `json:"studio,omitempty"`
	Latency        string `json:"latency,omitempty"`
	Status         int    `json:"status,omitempty"`
	Body           string `json:"body,omitempty"`
	Drop           bool   `json:"drop,omitempty"`
	CommitThenDrop bool   `json:"commitThenDrop,omitempty"`
	Times          int    `json:"times,omitempty"`
}

// MarshalJSON writes the latency as a duration string.
func (f Fault) MarshalJSON() ([]byte, error) {
	return json.Marshal(f.wire())
}

func (f Fault) wire() faultJSON {
	j := faultJSON{Method: f.Method, Path: f.Path, Studio: f.Studio, Status: f.Status,
		Body: f.Body, Drop: f.Drop, CommitThenDrop: f.CommitThenDrop, Times: f.Times}
	if f.Latency != 0 {
		j.Latency = f.Latency.String()
	}
	return j
}

// UnmarshalJSON reads the latency from a duration string.
func (f *Fault) UnmarshalJSON(b []byte) error {
	var j faultJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	parsed, err := j.fault()
	if err != nil {
		return err
	}
	*f = parsed
	return nil
}

// fault converts the wire form, parsing the latency.
func (j faultJSON) fault() (Fault, error) {
	var latency time.Duration
	if j.Latency != "" {
		d, err := time.ParseDuration(j.Latency)
		if err != nil {
			return Fault{}, fmt.Errorf("latency: %w", err)
		}
		latency = d
	}
	return Fault{Method: j.Method, Path: j.Path, Studio: j.Studio, Latency: latency,
		Status: j.Status, Body: j.Body, Drop: j.Drop, CommitThenDrop: j.CommitThenDrop,
		Times: j.Times}, nil
}

// validate reports the first invalid field, named as in JSON.
func (f Fault) validate() (field string, err error) {
	switch {
	case !strings.HasPrefix(f.Path, "/"):
		return "path", errors.New("path must be a route pattern or path starting with /")
	case f.Method != "" && !knownMethod(f.Method):
		return "method", fmt.Errorf("unknown method %q", f.Method)
	case f.Latency < 0 || f.Latency > maxFaultLatency:
		return "latency", fmt.Errorf("latency must be between 0 and %s", maxFaultLatency)
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return "status", errors.New("status must be an error status (400-599)")
	case f.Body != "" && f.Body != FaultBodyGarbage && f.Body != FaultBodyTruncated:
		return "body", errors.New(`body must be "garbage" or "truncated"`)
	case f.Times < 0:
		return "times", errors.New("times must not be negative")
	}
	switch n := f.outcomes(); {
	case n > 1:
		return "", errors.New("at most one of status, body, drop, commitThenDrop")
	case n == 0 && f.Latency == 0:
		return "", errors.New("a fault needs latency or an outcome (status, body, drop, commitThenDrop)")
	}
	return "", nil
}

func (f Fault) outcomes() int {
	n := 0
	for _, set := range []bool{f.Status != 0, f.Body != "", f.Drop, f.CommitThenDrop} {
		if set {
			n++
		}
	}
	return n
}

func knownMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
		http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// matches reports whether the fault applies to a request on the route
// pattern (as registered, possibly with a method) for the studio.
func (f *Fault) matches(r *http.Request, pattern, studio string) bool {
	if f.Method != "" && f.Method != r.Method {
		return false
	}
	if f.Studio != "" && f.Studio != studio {
		return false
	}
	if _, p, ok := strings.Cut(pattern, " "); ok {
		pattern = p
	}
	return f.Path == pattern || f.Path == r.URL.Path
}

// SetFault injects f. A fault with the same method, path and studio as an
// existing one replaces it; otherwise the first matching fault applies.
// Invalid faults are still stored as given: the control endpoint validates.
func (s *Server) SetFault(f Fault) {
	f.Method = strings.ToUpper(f.Method)
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, old := range s.faults {
		if old.Method == f.Method && old.Path == f.Path && old.Studio == f.Studio {
			s.faults[i] = &f
			return
		}
	}
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// activeFaults returns copies of the injected faults, for the control API.
func (s *Server) activeFaults() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Fault, 0, len(s.faults))
	for _, f := range s.faults {
		out = append(out, *f)
	}
	return out
}

// takeFault returns the first fault matching the request and counts it down,
// removing it when its Times are used up.
func (s *Server) takeFault(r *http.Request, pattern, studio string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if !f.matches(r, pattern, studio) {
			continue
		}
		taken := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return taken, true
	}
	return Fault{}, false
}

// applyFault answers the request as f says; api is the real handler.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f Fault, api http.Handler) {
	if f.Latency > 0 {
		// net/http notices a client that went away only once the body has
		// been read: read it now, so a request held by latency ends when
		// its client gives up.
		if r.Body != nil && r.Body != http.NoBody {
			body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		t := time.NewTimer(f.Latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return // the client is gone: nobody to answer
		}
	}
	switch {
	case f.Status != 0:
		writeFaultStatus(w, f.Status)
	case f.Body == FaultBodyGarbage:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<html><body>upstream says hello</body></html>\n"))
	case f.Body == FaultBodyTruncated:
		writeTruncated(w, r, api)
	case f.Drop:
		dropConnection(w)
	case f.CommitThenDrop:
		api.ServeHTTP(httptest.NewRecorder(), r)
		dropConnection(w)
	default:
		api.ServeHTTP(w, r)
	}
}

// writeFaultStatus answers with status and an upstream error body.
func writeFaultStatus(w http.ResponseWriter, status int) {
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	code := strings.ToUpper(strings.ReplaceAll(http.StatusText(status), " ", "_"))
	if code == "" {
		code = "ERROR_" + strconv.Itoa(status)
	}
	writeError(w, status, code, "Injected fault: "+strconv.Itoa(status), "")
}

// writeTruncated runs the API and sends the first half of its body with 200
// and a matching Content-Length, so the HTTP exchange is complete but the JSON
// is not.
func writeTruncated(w http.ResponseWriter, r *http.Request, api http.Handler) {
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	body = body[:len(body)/2]
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// dropConnection closes the client connection without writing anything.
// Where hijacking is impossible (HTTP/2) aborting the handler resets the
// stream instead, which the client sees the same way.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
