package apiclient

import (
	"errors"
	"net/http"
	"testing"
)

func TestCheckScopes(t *testing.T) {
	// The fake upstream lacks STUDIO_READ and answers the probes' unknown
	// ids as a tenant with the other scopes does: 404, or 400.
	u := newUpstreamFunc(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/studios/information":
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"errorMessage":"Access denied","traceId":"t-403"}`))
		case "/v1/memberships/self-service/additional-modules", "/v1/memberships/self-service/contract-cancelation-reasons":
			_, _ = w.Write([]byte(`[]`))
		case "/v1/memberships/0/self-service/additional-modules/validate":
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"errorMessage":"bad"}`))
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"errorMessage":"not found"}`))
		}
	})
	c := newTestClient(t, u)
	missing, err := c.CheckScopes(t.Context())
	if err != nil || len(missing) != 1 || missing[0] != ScopeStudioRead {
		t.Fatalf("CheckScopes = %v, %v; want [STUDIO_READ], nil", missing, err)
	}
	reqs := u.requests()
	if len(reqs) != len(PortalScopes) {
		t.Fatalf("%d probe requests, want one per scope (%d)", len(reqs), len(PortalScopes))
	}
	for _, r := range reqs {
		if r.Method == http.MethodPost && r.Path != "/v1/memberships/0/self-service/additional-modules/validate" {
			t.Errorf("probe wrote: %s %s", r.Method, r.Path)
		}
	}
	err = c.CheckScope(t.Context(), ScopeStudioRead)
	var se *ScopeError
	if !errors.Is(err, ErrMissingScope) || !errors.As(err, &se) || se.Scope != ScopeStudioRead || TraceID(err) != "t-403" {
		t.Errorf("CheckScope(STUDIO_READ) = %v, want a ScopeError with the 403's traceId", err)
	}
}

func TestCheckScopesUnknownOutcome(t *testing.T) {
	u := newUpstream(t, reply{status: http.StatusUnauthorized, body: `{"errorMessage":"invalid key"}`})
	c := newTestClient(t, u)
	missing, err := c.CheckScopes(t.Context(), ScopeModuleRead, ScopeStudioRead)
	if len(missing) != 0 || !errors.Is(err, ErrUnauthorized) {
		t.Errorf("CheckScopes with a bad key = %v, %v; want none missing and the 401", missing, err)
	}
	if err := c.CheckScope(t.Context(), "NO_SUCH_SCOPE"); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("CheckScope(unknown) = %v, want ErrInvalidArgument", err)
	}
}
