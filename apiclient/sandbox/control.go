package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/studio-addons/portal/apiclient"
)

// maxControlBody bounds control request bodies.
const maxControlBody = 64 << 10

// controlRoutes registers the sandbox's control API on s.ctl. serve checks
// the X-SANDBOX-KEY header before any of them runs.
func (s *Server) controlRoutes() {
	// The sandbox's civil date: {"today":"YYYY-MM-DD"}, "" for the real date.
	s.ctl.HandleFunc("GET /_sandbox/clock", s.getClock)
	s.ctl.HandleFunc("POST /_sandbox/clock", s.postClock)
	// Injected faults (see Fault).
	s.ctl.HandleFunc("GET /_sandbox/faults", s.getFaults)
	s.ctl.HandleFunc("POST /_sandbox/faults", s.postFault)
	s.ctl.HandleFunc("DELETE /_sandbox/faults", s.deleteFaults)
	// Back to the seeded state.
	s.ctl.HandleFunc("POST /_sandbox/reset", s.postReset)
	// The studio verifies a pending cancelation or withdrawal amendment.
	s.ctl.HandleFunc("POST /_sandbox/studios/{studio}/amendments/{moduleContractId}/verify", s.postVerify)
	// The studio (de)activates a module in its configuration.
	s.ctl.HandleFunc("POST /_sandbox/studios/{studio}/modules/{moduleId}/active", s.postModuleActive)
	// Where the studio's webhook events go.
	s.ctl.HandleFunc("PUT /_sandbox/studios/{studio}/webhook", s.putWebhook)
	// Committed writes since the last reset, for "exactly once" assertions.
	s.ctl.HandleFunc("GET /_sandbox/studios/{studio}/writes", s.getWrites)
	// Take a scope from the studio's API key, or give it back: {"granted": false}.
	s.ctl.HandleFunc("PUT /_sandbox/studios/{studio}/scopes/{scope}", s.putScope)
}

// putScope handles PUT /_sandbox/studios/{studio}/scopes/{scope} with
// {"granted": true|false}. Any scope name is accepted; only the ones the
// sandbox's endpoints need have an effect.
func (s *Server) putScope(w http.ResponseWriter, r *http.Request) {
	studio, ok := s.studioParam(w, r)
	if !ok {
		return
	}
	scope := apiclient.Scope(r.PathValue("scope"))
	var body struct {
		Granted *bool `json:"granted"`
	}
	if !decodeControl(w, r, &body) {
		return
	}
	if body.Granted == nil {
		writeBadRequest(w, "granted", "granted is required")
		return
	}
	if err := s.setScope(studio, scope, *body.Granted); err != nil {
		writeControlFailure(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"studio": studio, "scope": scope, "granted": *body.Granted})
}

// clockBody is the body of GET and POST /_sandbox/clock.
type clockBody struct {
	Today *string `json:"today"`
	Fixed bool    `json:"fixed"` // answers only: false when following the real date
}

// getClock handles GET /_sandbox/clock.
func (s *Server) getClock(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	today, fixed := s.todayLocked().String(), !s.today.IsZero()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, clockBody{Today: &today, Fixed: fixed})
}

// postClock handles POST /_sandbox/clock.
func (s *Server) postClock(w http.ResponseWriter, r *http.Request) {
	var body clockBody
	if !decodeControl(w, r, &body) {
		return
	}
	if body.Today == nil {
		writeBadRequest(w, "today", "today is required (\"\" for the real date)")
		return
	}
	var d apiclient.Date
	if *body.Today != "" {
		parsed, err := apiclient.ParseDate(*body.Today)
		if err != nil {
			writeBadRequest(w, "today", "today must be YYYY-MM-DD")
			return
		}
		d = parsed
	}
	s.SetToday(d)
	s.getClock(w, r)
}

// faultsBody answers the fault endpoints.
type faultsBody struct {
	Faults []Fault `json:"faults"`
}

// getFaults handles GET /_sandbox/faults.
func (s *Server) getFaults(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, faultsBody{Faults: s.activeFaults()})
}

// postFault handles POST /_sandbox/faults with one Fault.
func (s *Server) postFault(w http.ResponseWriter, r *http.Request) {
	var wire faultJSON
	if !decodeControl(w, r, &wire) {
		return
	}
	f, err := wire.fault()
	if err != nil {
		writeBadRequest(w, "latency", err.Error())
		return
	}
	f.Method = strings.ToUpper(f.Method)
	if field, err := f.validate(); err != nil {
		writeBadRequest(w, field, err.Error())
		return
	}
	if f.Studio != "" && !s.studioExists(f.Studio) {
		writeBadRequest(w, "studio", "unknown studio "+strconv.Quote(f.Studio))
		return
	}
	s.SetFault(f)
	writeJSON(w, http.StatusOK, faultsBody{Faults: s.activeFaults()})
}

// deleteFaults handles DELETE /_sandbox/faults.
func (s *Server) deleteFaults(w http.ResponseWriter, r *http.Request) {
	s.ClearFaults()
	writeJSON(w, http.StatusOK, faultsBody{Faults: []Fault{}})
}

// postReset handles POST /_sandbox/reset.
func (s *Server) postReset(w http.ResponseWriter, r *http.Request) {
	s.Reset()
	writeJSON(w, http.StatusOK, map[string]bool{"reset": true})
}

// postVerify handles POST /_sandbox/studios/{studio}/amendments/{moduleContractId}/verify.
func (s *Server) postVerify(w http.ResponseWriter, r *http.Request) {
	studio, ok := s.studioParam(w, r)
	if !ok {
		return
	}
	id, ok := idParam(w, r, "moduleContractId")
	if !ok {
		return
	}
	if err := s.VerifyAmendment(studio, id); err != nil {
		writeControlFailure(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"verified": true, "moduleContractId": id})
}

// postModuleActive handles POST /_sandbox/studios/{studio}/modules/{moduleId}/active.
func (s *Server) postModuleActive(w http.ResponseWriter, r *http.Request) {
	studio, ok := s.studioParam(w, r)
	if !ok {
		return
	}
	id, ok := idParam(w, r, "moduleId")
	if !ok {
		return
	}
	var body struct {
		Active *bool `json:"active"`
	}
	if !decodeControl(w, r, &body) {
		return
	}
	if body.Active == nil {
		writeBadRequest(w, "active", "active is required")
		return
	}
	if err := s.SetModuleActive(studio, id, *body.Active); err != nil {
		writeControlFailure(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"moduleId": id, "active": *body.Active})
}

// putWebhook handles PUT /_sandbox/studios/{studio}/webhook with
// {"url": ..., "key": ...}; an empty url stops delivery.
func (s *Server) putWebhook(w http.ResponseWriter, r *http.Request) {
	studio, ok := s.studioParam(w, r)
	if !ok {
		return
	}
	var body struct {
		URL string `json:"url"`
		Key string `json:"key"`
	}
	if !decodeControl(w, r, &body) {
		return
	}
	if body.URL != "" {
		u, err := url.Parse(body.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			writeBadRequest(w, "url", "url must be an absolute http(s) URL")
			return
		}
		if body.Key == "" {
			writeBadRequest(w, "key", "key is required with a url")
			return
		}
	}
	s.SetWebhook(studio, WebhookTarget{URL: body.URL, Key: body.Key})
	// The key is not echoed: answers end up in test logs.
	writeJSON(w, http.StatusOK, map[string]any{"studio": studio, "url": body.URL, "enabled": body.URL != ""})
}

// getWrites handles GET /_sandbox/studios/{studio}/writes.
func (s *Server) getWrites(w http.ResponseWriter, r *http.Request) {
	studio, ok := s.studioParam(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]int64{"writes": s.WriteCount(studio)})
}

// studioParam returns the {studio} of the path, answering 404 when no
// tenant has that slug.
func (s *Server) studioParam(w http.ResponseWriter, r *http.Request) (string, bool) {
	studio := r.PathValue("studio")
	if !s.studioExists(studio) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "Unknown studio "+strconv.Quote(studio), "studio")
		return "", false
	}
	return studio, true
}

// studioExists reports whether a tenant has the slug.
func (s *Server) studioExists(slug string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tenantBySlugLocked(slug) != nil
}

// idParam parses a positive id path value, answering 400 otherwise.
func idParam(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		writeBadRequest(w, name, name+" must be a positive integer")
		return 0, false
	}
	return id, true
}

// decodeControl reads a JSON body strictly, so a misspelt field in a test
// fails loudly instead of being ignored; it answers 400 itself.
func decodeControl(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxControlBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeBadRequest(w, "", fmt.Sprintf("invalid JSON body: %v", err))
		return false
	}
	if dec.More() {
		writeBadRequest(w, "", "invalid JSON body: trailing data")
		return false
	}
	return true
}

// writeBadRequest answers 400 naming the invalid field in reference.
func writeBadRequest(w http.ResponseWriter, field, message string) {
	writeError(w, http.StatusBadRequest, "BAD_REQUEST", message, field)
}

// writeControlFailure answers a failed studio-side operation: 404 when the
// thing does not exist, 409 when it is in the wrong state.
func writeControlFailure(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrNotFound):
		writeError(w, http.StatusNotFound, "NOT_FOUND", err.Error(), "")
	case errors.Is(err, ErrConflict):
		writeError(w, http.StatusConflict, "CONFLICT", err.Error(), "")
	default:
		writeError(w, http.StatusInternalServerError, "INTERNAL_ERROR", err.Error(), "")
	}
}
