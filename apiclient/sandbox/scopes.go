package sandbox

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/studio-addons/portal/apiclient"
)

// RevokeScope takes a scope away from the studio's API key, as a studio
// (or the upstream's partner team) configures a key without it: every
// endpoint the scope grants answers 403 for that key (HEAD still answers
// 200: it checks no scope). It fails with ErrNotFound for an unknown
// studio. Reset grants every scope again. This is the sandbox's own
// control; the upstream has no such operation.
func (s *Server) RevokeScope(studio string, scope apiclient.Scope) error {
	return s.setScope(studio, scope, false)
}

// GrantScope gives a revoked scope back to the studio's API key.
func (s *Server) GrantScope(studio string, scope apiclient.Scope) error {
	return s.setScope(studio, scope, true)
}

func (s *Server) setScope(studio string, scope apiclient.Scope, granted bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenantBySlugLocked(studio)
	if t == nil {
		return fmt.Errorf("%w: studio %q", ErrNotFound, studio)
	}
	if granted {
		delete(t.revoked, scope)
	} else {
		t.revoked[scope] = true
	}
	return nil
}

// Activated reports whether the studio's partner called
// POST /v1/studios/confirmActivation since the last reset.
func (s *Server) Activated(studio string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenantBySlugLocked(studio)
	return t != nil && t.activated
}

// scopeGranted reports whether the tenant's key may call the route
// pattern: one of its scopes is not revoked (a route without scopes needs
// only the key).
func (s *Server) scopeGranted(t *tenant, pattern string) (bool, []apiclient.Scope) {
	scopes := s.scopes[pattern]
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(scopes) == 0 || slices.ContainsFunc(scopes, func(sc apiclient.Scope) bool { return !t.revoked[sc] }) {
		return true, nil
	}
	return false, scopes
}

// writeForbidden answers a key without the route's scope.
func writeForbidden(w http.ResponseWriter, r *http.Request, t *tenant, scopes []apiclient.Scope) {
	msg := text{
		fmt.Sprintf("Access denied: the API key lacks the permission %s.", scopes[0]),
		fmt.Sprintf("Zugriff verweigert: Dem API-Schlüssel fehlt die Berechtigung %s.", scopes[0]),
	}
	writeError(w, http.StatusForbidden, "FORBIDDEN", msg.in(messageLanguage(r, t.lang)), "")
}
