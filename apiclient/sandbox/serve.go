package sandbox

// PLACEHOLDER owned by the transport work: replace entirely.

import (
	"net/http"
	"time"
)

type limiter struct{}

func newLimiter(perWindow int, window time.Duration) *limiter { return &limiter{} }
func (l *limiter) reset()                                     {}

// Fault is an injected failure for matching requests.
type Fault struct{}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }
func (s *Server) controlRoutes()                               {}

// emitLocked sends a webhook event asynchronously; call with s.mu held.
func (s *Server) emitLocked(studio, eventType string, customerID, contractID, moduleContractID int64) {
}
