package apiclient

import (
	"slices"
	"strings"
)

// Endpoint names one upstream operation as the studio's rate limit counts
// it: the method and the path template, e.g.
// "GET /v1/customers/{customerId}/contracts". Two calls with different ids
// are the same Endpoint. The strings are the route patterns the sandbox
// registers, so sandbox.Server.Calls takes them too.
type Endpoint string

// The endpoints the Client calls, one per method (see EndpointOf).
const (
	EndpointAdditionalModules    Endpoint = "GET /v1/memberships/self-service/additional-modules"
	EndpointPurchasableModules   Endpoint = "GET /v1/memberships/{contractId}/self-service/additional-modules/purchasable"
	EndpointValidateModule       Endpoint = "POST /v1/memberships/{contractId}/self-service/additional-modules/validate"
	EndpointPurchaseModule       Endpoint = "POST /v1/memberships/{contractId}/self-service/additional-modules/purchase"
	EndpointModuleContract       Endpoint = "GET /v1/memberships/{contractId}/self-service/additional-module-contracts/{additionalModuleContractId}"
	EndpointCancelModuleContract Endpoint = "POST /v1/memberships/{contractId}/self-service/additional-module-contracts/{additionalModuleContractId}/ordinary-cancelation"
	EndpointWithdrawCancelation  Endpoint = "POST /v1/memberships/{contractId}/self-service/additional-module-contracts/{additionalModuleContractId}/withdraw-cancelation"
	EndpointCancelationReasons   Endpoint = "GET /v1/memberships/self-service/contract-cancelation-reasons"
	EndpointContractData         Endpoint = "GET /v1/memberships/{customerId}/self-service/contract-data"
	EndpointCustomerBy           Endpoint = "GET /v1/customers/by"
	EndpointCustomer             Endpoint = "GET /v1/customers/{customerId}"
	EndpointContracts            Endpoint = "GET /v1/customers/{customerId}/contracts"
	EndpointStudioInformation    Endpoint = "GET /v1/studios/information"
	EndpointConfirmActivation    Endpoint = "POST /v1/studios/confirmActivation"
	EndpointKeyProbe             Endpoint = "HEAD /v1/memberships/self-service/additional-modules"
)

// clientEndpoints maps each Client method that calls the upstream to its
// Endpoint. CheckScopes calls several (see scopeProbes).
var clientEndpoints = map[string]Endpoint{
	"ListAdditionalModules":               EndpointAdditionalModules,
	"ListPurchasableAdditionalModules":    EndpointPurchasableModules,
	"ValidateAdditionalModule":            EndpointValidateModule,
	"PurchaseAdditionalModule":            EndpointPurchaseModule,
	"GetAdditionalModuleContract":         EndpointModuleContract,
	"CancelAdditionalModuleContract":      EndpointCancelModuleContract,
	"WithdrawAdditionalModuleCancelation": EndpointWithdrawCancelation,
	"ListCancelationReasons":              EndpointCancelationReasons,
	"GetContractData":                     EndpointContractData,
	"GetCustomerBy":                       EndpointCustomerBy,
	"GetCustomerByNumber":                 EndpointCustomerBy,
	"GetCustomerByCardNumber":             EndpointCustomerBy,
	"GetCustomer":                         EndpointCustomer,
	"ListContracts":                       EndpointContracts,
	"GetStudioInformation":                EndpointStudioInformation,
	"ConfirmActivation":                   EndpointConfirmActivation,
	"CheckKey":                            EndpointKeyProbe,
}

// EndpointOf returns the Endpoint the Client method of that name calls
// (e.g. "GetAdditionalModuleContract" → EndpointModuleContract), so a
// budget kept per endpoint can be charged before the call.
func EndpointOf(clientMethod string) (Endpoint, bool) {
	e, ok := clientEndpoints[clientMethod]
	return e, ok
}

// Endpoints lists every Endpoint the Client calls, sorted.
func Endpoints() []Endpoint {
	out := make([]Endpoint, 0, len(clientEndpoints))
	for _, e := range clientEndpoints {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	slices.Sort(out)
	return out
}

// Method returns the endpoint's HTTP method ("GET").
func (e Endpoint) Method() string {
	m, _, _ := strings.Cut(string(e), " ")
	return m
}

// Path returns the endpoint's path template ("/v1/customers/{customerId}").
func (e Endpoint) Path() string {
	_, p, _ := strings.Cut(string(e), " ")
	return p
}

// String returns "METHOD /path/template".
func (e Endpoint) String() string { return string(e) }
