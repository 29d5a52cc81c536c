package apiclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// Scope is a privilege on a studio's API key. An operation whose scope the
// key lacks answers 403; HEAD checks no scope.
type Scope string

// The scopes of the operations the portal uses.
const (
	// ScopeModuleRead: the module catalog and the purchasable modules.
	ScopeModuleRead Scope = "MEMBERSHIP_SELF_SERVICE_ADDITIONAL_MODULE_READ"
	// ScopeModuleContractRead: one additional module contract.
	ScopeModuleContractRead Scope = "MEMBERSHIP_SELF_SERVICE_ADDITIONAL_MODULE_CONTRACT_READ"
	// ScopeModuleContractWrite: validate, purchase, cancel, withdraw.
	ScopeModuleContractWrite Scope = "MEMBERSHIP_SELF_SERVICE_ADDITIONAL_MODULE_CONTRACT_WRITE"
	// ScopeSelfServiceRead: cancelation reasons and contract data.
	ScopeSelfServiceRead Scope = "MEMBERSHIP_SELF_SERVICE_READ"
	// ScopeCustomerRead: customers (and their contracts, see ScopeContractRead).
	ScopeCustomerRead Scope = "CUSTOMER_READ"
	// ScopeContractRead: a customer's contracts; CUSTOMER_READ also grants them.
	ScopeContractRead Scope = "CUSTOMER_CONTRACT_READ"
	// ScopeStudioRead: the studio's information.
	ScopeStudioRead Scope = "STUDIO_READ"
)

// PortalScopes lists every scope the portal needs, in the order it checks them.
var PortalScopes = []Scope{
	ScopeModuleRead, ScopeModuleContractRead, ScopeModuleContractWrite,
	ScopeSelfServiceRead, ScopeCustomerRead, ScopeContractRead, ScopeStudioRead,
}

// ErrMissingScope matches a ScopeError: the key lacks the scope (403).
var ErrMissingScope = errors.New("apiclient: API key lacks a scope")

// ScopeError is CheckScope's answer for a key without the scope.
type ScopeError struct {
	Scope Scope
	Err   error // the upstream's 403
}

func (e *ScopeError) Error() string {
	return fmt.Sprintf("apiclient: API key lacks scope %s: %v", e.Scope, e.Err)
}

// Unwrap returns the upstream's 403.
func (e *ScopeError) Unwrap() error { return e.Err }

// Is makes every ScopeError match ErrMissingScope.
func (e *ScopeError) Is(target error) bool { return target == ErrMissingScope }

// scopeProbe is the one cheap call that tells whether the key has a scope.
// Each is a read that cannot change anything: an id no entity has (ids are
// positive) answers 404 (or 400) when the key has the scope, 403 when it
// lacks it; the upstream checks the scope before it looks for the entity.
type scopeProbe struct {
	ep   Endpoint
	path string
	body any
}

var scopeProbes = map[Scope]scopeProbe{
	ScopeModuleRead:         {EndpointAdditionalModules, "/v1/memberships/self-service/additional-modules", nil},
	ScopeModuleContractRead: {EndpointModuleContract, moduleContractPath(0, 0, ""), nil},
	// validate only reads, for all its POST; contract 0 does not exist.
	ScopeModuleContractWrite: {EndpointValidateModule, "/v1/memberships/0/self-service/additional-modules/validate", AdditionalModuleRequest{}},
	ScopeSelfServiceRead:     {EndpointCancelationReasons, "/v1/memberships/self-service/contract-cancelation-reasons", nil},
	// Customer 0 rather than customers/by: the login's endpoint keeps its
	// budget, and no customer number is certain not to exist.
	ScopeCustomerRead: {EndpointCustomer, "/v1/customers/0", nil},
	// Granted by CUSTOMER_CONTRACT_READ or CUSTOMER_READ: a 403 means neither.
	ScopeContractRead: {EndpointContracts, "/v1/customers/0/contracts", nil},
	ScopeStudioRead:   {EndpointStudioInformation, "/v1/studios/information", nil},
}

// CheckScope makes the scope's probe call: nil when the key has the scope,
// an error matching ErrMissingScope (a *ScopeError) when the upstream
// answers 403, and any other failure as it came (401 for a bad key, 429,
// 5xx, no answer): then whether the key has the scope is unknown.
func (c *Client) CheckScope(ctx context.Context, s Scope) error {
	p, ok := scopeProbes[s]
	if !ok {
		return fmt.Errorf("%w: no probe for scope %q", ErrInvalidArgument, s)
	}
	err := c.do(ctx, p.ep, p.path, nil, p.body, nil)
	apiErr, isAPI := errors.AsType[*APIError](err)
	switch {
	case err == nil:
		return nil
	case isAPI && apiErr.StatusCode == http.StatusForbidden:
		return &ScopeError{Scope: s, Err: err}
	case isAPI && (apiErr.StatusCode == http.StatusNotFound || apiErr.StatusCode == http.StatusBadRequest):
		return nil // past the scope check: the probe's id does not exist
	}
	return err
}

// CheckScopes checks each scope in turn (PortalScopes when none are given)
// and returns those the key lacks. err is the first failure that left a
// scope unknown; the scopes after it are still checked.
func (c *Client) CheckScopes(ctx context.Context, scopes ...Scope) (missing []Scope, err error) {
	if len(scopes) == 0 {
		scopes = PortalScopes
	}
	for _, s := range scopes {
		switch e := c.CheckScope(ctx, s); {
		case errors.Is(e, ErrMissingScope):
			missing = append(missing, s)
		case e != nil && err == nil:
			err = e
		}
	}
	return missing, err
}
