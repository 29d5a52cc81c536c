package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/studio-addons/portal/apiclient"
)

// routes registers the /v1 API under the patterns the client names its
// endpoints by (apiclient.Endpoint), each with the scopes that grant it;
// the transport (serve.go) has authenticated the request, checked its
// scope and put its studio in the context before the mux sees it.
func (s *Server) routes() {
	read, write := apiclient.ScopeModuleRead, apiclient.ScopeModuleContractWrite
	// The studio's catalog, reasons and information.
	s.handle(apiclient.EndpointAdditionalModules, s.listModules, read)
	s.handle(apiclient.EndpointCancelationReasons, s.listReasons, apiclient.ScopeSelfServiceRead)
	s.handle(apiclient.EndpointStudioInformation, s.studioInformation, apiclient.ScopeStudioRead)
	// The contract names no scope for confirmActivation: the key suffices.
	s.handle(apiclient.EndpointConfirmActivation, s.confirmActivation)
	// Booking on a main contract.
	s.handle(apiclient.EndpointPurchasableModules, s.listPurchasable, read)
	s.handle(apiclient.EndpointValidateModule, s.validate, write)
	s.handle(apiclient.EndpointPurchaseModule, s.purchase, write)
	// A booked additional module contract.
	s.handle(apiclient.EndpointModuleContract, s.getModuleContract, apiclient.ScopeModuleContractRead)
	s.handle(apiclient.EndpointCancelModuleContract, s.cancel, write)
	s.handle(apiclient.EndpointWithdrawCancelation, s.withdraw, write)
	// Customers and their main contracts.
	s.handle(apiclient.EndpointCustomerBy, s.customerBy, apiclient.ScopeCustomerRead)
	s.handle(apiclient.EndpointCustomer, s.getCustomer, apiclient.ScopeCustomerRead)
	s.handle(apiclient.EndpointContracts, s.listContracts, apiclient.ScopeContractRead, apiclient.ScopeCustomerRead)
	s.handle(apiclient.EndpointContractData, s.contractData, apiclient.ScopeSelfServiceRead)
}

// apiHandler handles a request for a studio.
type apiHandler func(w http.ResponseWriter, r *http.Request, t *tenant)

// handle registers h behind the studio lookup; any one of scopes grants
// the endpoint (none: the key alone does).
func (s *Server) handle(ep apiclient.Endpoint, h apiHandler, scopes ...apiclient.Scope) {
	s.scopes[string(ep)] = scopes
	s.mux.HandleFunc(string(ep), func(w http.ResponseWriter, r *http.Request) {
		t := tenantFrom(r)
		if t == nil { // only when the mux is used without the transport
			writeError(w, http.StatusUnauthorized, "UNAUTHORIZED", "Missing or invalid API key.", "")
			return
		}
		h(w, r, t)
	})
}

// respond runs fn under s.mu with today's date and writes its result, or its
// error, after unlocking: a slow client never holds up the sandbox.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, fn func(today apiclient.Date) (any, error)) {
	s.mu.Lock()
	v, err := fn(s.todayLocked())
	s.mu.Unlock()
	if err != nil {
		writeAPIError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// writeAPIError writes a rule violation in the request's language (see
// messageLanguage); anything else is a sandbox bug.
func writeAPIError(w http.ResponseWriter, r *http.Request, err error) {
	var e *apiError
	if errors.As(err, &e) {
		lang := ""
		if t := tenantFrom(r); t != nil {
			lang = t.lang
		}
		writeError(w, e.status, e.code, e.msg.in(messageLanguage(r, lang)), e.reference)
		return
	}
	writeError(w, http.StatusInternalServerError, "INTERNAL_ERROR", "Internal error.", "")
}

// pathID parses a numeric path parameter; its name is the error reference.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil {
		return 0, badRequest("INVALID_PARAMETER", name, text{
			fmt.Sprintf("%s must be an integer.", name), fmt.Sprintf("%s muss eine ganze Zahl sein.", name)})
	}
	return id, nil
}

// decodeBody reads a JSON body, naming the offending field when a value has
// the wrong type.
func decodeBody(r *http.Request, v any) error {
	err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr):
		return badRequest("INVALID_REQUEST_BODY", typeErr.Field, text{
			fmt.Sprintf("%s has the wrong type.", typeErr.Field), fmt.Sprintf("%s hat den falschen Typ.", typeErr.Field)})
	}
	return badRequest("INVALID_REQUEST_BODY", "", text{"The request body is not valid JSON.", "Der Inhalt der Anfrage ist kein gültiges JSON."})
}

// missing is the 400 for a required field absent from the body.
func missing(name string) error {
	return badRequest("FIELD_REQUIRED", name, text{name + " is required.", name + " ist ein Pflichtfeld."})
}

// findContract returns the studio's main contract or a 404.
func (t *tenant) findContract(id int64) (*mainContract, error) {
	if c := t.contract(id); c != nil {
		return c, nil
	}
	return nil, notFound("CONTRACT_NOT_FOUND", text{
		fmt.Sprintf("Contract %d not found.", id), fmt.Sprintf("Der Vertrag %d wurde nicht gefunden.", id)})
}

// findModuleContract returns the module contract on the main contract or a 404.
func (t *tenant) findModuleContract(contractID, id int64) (*moduleContract, error) {
	if _, err := t.findContract(contractID); err != nil {
		return nil, err
	}
	if mc := t.moduleContract(contractID, id); mc != nil {
		return mc, nil
	}
	return nil, notFound("ADDITIONAL_MODULE_CONTRACT_NOT_FOUND", text{
		fmt.Sprintf("Additional module contract %d not found.", id),
		fmt.Sprintf("Der Zusatzmodulvertrag %d wurde nicht gefunden.", id)})
}

// findCustomer returns the studio's customer or a 404.
func (t *tenant) findCustomer(id int64) (*customer, error) {
	if c := t.customer(id); c != nil {
		return c, nil
	}
	return nil, notFound("CUSTOMER_NOT_FOUND", text{
		fmt.Sprintf("Customer %d not found.", id), fmt.Sprintf("Der Kunde %d wurde nicht gefunden.", id)})
}

// listModules handles GET /v1/memberships/self-service/additional-modules:
// every active module, including ones not online purchasable (see doc.go).
func (s *Server) listModules(w http.ResponseWriter, r *http.Request, t *tenant) {
	s.respond(w, r, func(apiclient.Date) (any, error) {
		out := []apiclient.AdditionalModule{}
		for _, m := range t.modules {
			if m.active {
				out = append(out, m.toAPI(r))
			}
		}
		return out, nil
	})
}

// listReasons handles GET /v1/memberships/self-service/contract-cancelation-reasons.
func (s *Server) listReasons(w http.ResponseWriter, r *http.Request, t *tenant) {
	s.respond(w, r, func(apiclient.Date) (any, error) { return slices.Clone(t.reasons), nil })
}

// listPurchasable handles GET .../{contractId}/self-service/additional-modules/purchasable:
// the modules that validate as purchasable without a trial.
func (s *Server) listPurchasable(w http.ResponseWriter, r *http.Request, t *tenant) {
	contractID, err := pathID(r, "contractId")
	if err != nil {
		writeAPIError(w, r, err)
		return
	}
	s.respond(w, r, func(today apiclient.Date) (any, error) {
		c, err := t.findContract(contractID)
		if err != nil {
			return nil, err
		}
		out := []apiclient.AdditionalModule{}
		for _, m := range t.modules {
			if t.moduleStatus(c, m, false, today) == apiclient.ValidationPurchasable {
				out = append(out, m.toAPI(r))
			}
		}
		return out, nil
	})
}

// moduleRequestBody is the validate/purchase body; pointers tell a missing
// field from a zero one, as all three are required.
type moduleRequestBody struct {
	AdditionalModuleID *int64 `json:"additionalModuleId"`
	PaymentFrequencyID *int64 `json:"paymentFrequencyId"`
	BookTrialPeriod    *bool  `json:"bookTrialPeriod"`
}

// moduleRequest parses the contract id and the body of validate and purchase.
func moduleRequest(r *http.Request) (int64, apiclient.AdditionalModuleRequest, error) {
	var req apiclient.AdditionalModuleRequest
	contractID, err := pathID(r, "contractId")
	if err != nil {
		return 0, req, err
	}
	var body moduleRequestBody
	if err := decodeBody(r, &body); err != nil {
		return 0, req, err
	}
	switch {
	case body.AdditionalModuleID == nil:
		return 0, req, missing("additionalModuleId")
	case body.PaymentFrequencyID == nil:
		return 0, req, missing("paymentFrequencyId")
	case body.BookTrialPeriod == nil:
		return 0, req, missing("bookTrialPeriod")
	}
	req = apiclient.AdditionalModuleRequest{AdditionalModuleID: *body.AdditionalModuleID,
		PaymentFrequencyID: *body.PaymentFrequencyID, BookTrialPeriod: *body.BookTrialPeriod}
	return contractID, req, nil
}

// validate handles POST .../{contractId}/self-service/additional-modules/validate.
func (s *Server) validate(w http.ResponseWriter, r *http.Request, t *tenant) {
	contractID, req, err := moduleRequest(r)
	if err != nil {
		writeAPIError(w, r, err)
		return
	}
	s.respond(w, r, func(today apiclient.Date) (any, error) {
		c, err := t.findContract(contractID)
		if err != nil {
			return nil, err
		}
		status, _, _, err := t.checkPurchase(c, req, today)
		if err != nil {
			return nil, err
		}
		return apiclient.ValidationResult{ValidationStatus: status}, nil
	})
}

// purchase handles POST .../{contractId}/self-service/additional-modules/purchase.
func (s *Server) purchase(w http.ResponseWriter, r *http.Request, t *tenant) {
	contractID, req, err := moduleRequest(r)
	if err != nil {
		writeAPIError(w, r, err)
		return
	}
	s.respond(w, r, func(today apiclient.Date) (any, error) {
		c, err := t.findContract(contractID)
		if err != nil {
			return nil, err
		}
		id, err := s.purchaseLocked(t, c, req, today)
		if err != nil {
			return nil, err
		}
		return apiclient.PurchaseResult{ID: id}, nil
	})
}

// moduleContractIDs parses the two path ids of the module contract endpoints.
func moduleContractIDs(r *http.Request) (contractID, id int64, err error) {
	if contractID, err = pathID(r, "contractId"); err != nil {
		return 0, 0, err
	}
	id, err = pathID(r, "additionalModuleContractId")
	return contractID, id, err
}

// getModuleContract handles GET .../{contractId}/self-service/additional-module-contracts/{id}.
func (s *Server) getModuleContract(w http.ResponseWriter, r *http.Request, t *tenant) {
	contractID, id, err := moduleContractIDs(r)
	if err != nil {
		writeAPIError(w, r, err)
		return
	}
	s.respond(w, r, func(today apiclient.Date) (any, error) {
		mc, err := t.findModuleContract(contractID, id)
		if err != nil {
			return nil, err
		}
		return mc.toAPI(today), nil
	})
}

// cancelationBody is the ordinary-cancelation body; the date stays a string
// so a malformed one is a 400 naming cancelationDate.
type cancelationBody struct {
	CancelationDate     *string `json:"cancelationDate"`
	CancelationReasonID *int64  `json:"cancelationReasonId"`
}

// cancelationRequest parses and checks the ordinary-cancelation body.
func cancelationRequest(r *http.Request) (apiclient.CancelationRequest, error) {
	var body cancelationBody
	if err := decodeBody(r, &body); err != nil {
		return apiclient.CancelationRequest{}, err
	}
	switch {
	case body.CancelationDate == nil:
		return apiclient.CancelationRequest{}, missing("cancelationDate")
	case body.CancelationReasonID == nil:
		return apiclient.CancelationRequest{}, missing("cancelationReasonId")
	}
	date, err := apiclient.ParseDate(*body.CancelationDate)
	if err != nil {
		return apiclient.CancelationRequest{}, badRequest("INVALID_DATE", "cancelationDate", text{
			"cancelationDate must be a date (YYYY-MM-DD).", "cancelationDate muss ein Datum sein (JJJJ-MM-TT)."})
	}
	return apiclient.CancelationRequest{CancelationDate: date, CancelationReasonID: *body.CancelationReasonID}, nil
}

// cancel handles POST .../additional-module-contracts/{id}/ordinary-cancelation.
func (s *Server) cancel(w http.ResponseWriter, r *http.Request, t *tenant) {
	contractID, id, err := moduleContractIDs(r)
	if err != nil {
		writeAPIError(w, r, err)
		return
	}
	req, err := cancelationRequest(r)
	if err != nil {
		writeAPIError(w, r, err)
		return
	}
	s.respond(w, r, func(today apiclient.Date) (any, error) {
		mc, err := t.findModuleContract(contractID, id)
		if err != nil {
			return nil, err
		}
		if err := s.cancelLocked(t, mc, req, today); err != nil {
			return nil, err
		}
		return apiclient.SuccessResponse{Success: fmt.Sprintf("Cancelation of additional module contract %d recorded.", id)}, nil
	})
}

// withdraw handles POST .../additional-module-contracts/{id}/withdraw-cancelation.
func (s *Server) withdraw(w http.ResponseWriter, r *http.Request, t *tenant) {
	contractID, id, err := moduleContractIDs(r)
	if err != nil {
		writeAPIError(w, r, err)
		return
	}
	s.respond(w, r, func(today apiclient.Date) (any, error) {
		mc, err := t.findModuleContract(contractID, id)
		if err != nil {
			return nil, err
		}
		if err := s.withdrawLocked(t, mc, today); err != nil {
			return nil, err
		}
		return apiclient.SuccessResponse{Success: fmt.Sprintf("Cancelation of additional module contract %d withdrawn.", id)}, nil
	})
}

// lookupKeys are the query parameters GET /v1/customers/by accepts.
var lookupKeys = []apiclient.CustomerLookup{
	apiclient.LookupCustomerNumber, apiclient.LookupCardNumber, apiclient.LookupBarcode,
	apiclient.LookupPIN, apiclient.LookupQRCodeUUID, apiclient.LookupDebtorID,
}

// lookupParam returns the one lookup key and value of the query.
func lookupParam(r *http.Request) (apiclient.CustomerLookup, string, error) {
	q := r.URL.Query()
	var given []string
	for _, k := range lookupKeys {
		if q.Has(string(k)) {
			given = append(given, string(k))
		}
	}
	if len(given) != 1 {
		ref := strings.Join(given, ",")
		if ref == "" {
			ref = string(apiclient.LookupCustomerNumber)
		}
		return "", "", badRequest("INVALID_PARAMETER", ref, text{
			"Exactly one of customerNumber, cardNumber, barcode, pin, qrCodeUuid, debtorId is required.",
			"Genau einer von customerNumber, cardNumber, barcode, pin, qrCodeUuid, debtorId ist erforderlich."})
	}
	key := apiclient.CustomerLookup(given[0])
	if f := q.Get("cardNumberFormat"); q.Has("cardNumberFormat") && (key != apiclient.LookupCardNumber ||
		(f != string(apiclient.CardDecimal) && f != string(apiclient.CardHexMSB) && f != string(apiclient.CardHexLSB))) {
		return "", "", badRequest("INVALID_PARAMETER", "cardNumberFormat", text{
			"cardNumberFormat must be DECIMAL, HEX_MSB or HEX_LSB, with a cardNumber.",
			"cardNumberFormat muss DECIMAL, HEX_MSB oder HEX_LSB sein, zusammen mit cardNumber."})
	}
	if q.Get(given[0]) == "" {
		return "", "", badRequest("INVALID_PARAMETER", given[0], text{given[0] + " must not be empty.", given[0] + " darf nicht leer sein."})
	}
	return key, q.Get(given[0]), nil
}

// customerBy handles GET /v1/customers/by?customerNumber=... (or another lookup key).
func (s *Server) customerBy(w http.ResponseWriter, r *http.Request, t *tenant) {
	key, value, err := lookupParam(r)
	if err != nil {
		writeAPIError(w, r, err)
		return
	}
	s.respond(w, r, func(apiclient.Date) (any, error) {
		for _, c := range t.customers {
			if c.lookup[key] == value {
				return c.customerAPI(), nil
			}
		}
		return nil, notFound("CUSTOMER_NOT_FOUND", text{"No customer with this " + string(key) + ".", "Kein Kunde mit dieser Angabe (" + string(key) + ")."})
	})
}

// getCustomer handles GET /v1/customers/{customerId}.
func (s *Server) getCustomer(w http.ResponseWriter, r *http.Request, t *tenant) {
	id, err := pathID(r, "customerId")
	if err != nil {
		writeAPIError(w, r, err)
		return
	}
	s.respond(w, r, func(apiclient.Date) (any, error) {
		c, err := t.findCustomer(id)
		if err != nil {
			return nil, err
		}
		return c.customerAPI(), nil
	})
}

// listContracts handles GET /v1/customers/{customerId}/contracts?status=ACTIVE|INACTIVE
// (no status: all of them).
func (s *Server) listContracts(w http.ResponseWriter, r *http.Request, t *tenant) {
	id, err := pathID(r, "customerId")
	if err != nil {
		writeAPIError(w, r, err)
		return
	}
	status := apiclient.ContractStatus(r.URL.Query().Get("status"))
	if r.URL.Query().Has("status") && status != apiclient.ContractActive && status != apiclient.ContractInactive {
		writeAPIError(w, r, badRequest("INVALID_PARAMETER", "status", text{"status must be ACTIVE or INACTIVE.", "status muss ACTIVE oder INACTIVE sein."}))
		return
	}
	s.respond(w, r, func(today apiclient.Date) (any, error) {
		if _, err := t.findCustomer(id); err != nil {
			return nil, err
		}
		out := []apiclient.Contract{}
		for _, c := range t.contractsOf(id) {
			if status == "" || c.status(today) == status {
				out = append(out, t.contractAPI(c, today))
			}
		}
		return out, nil
	})
}

// contractData handles GET /v1/memberships/{customerId}/self-service/contract-data:
// every main contract of the customer, in id order ([] for none).
func (s *Server) contractData(w http.ResponseWriter, r *http.Request, t *tenant) {
	id, err := pathID(r, "customerId")
	if err != nil {
		writeAPIError(w, r, err)
		return
	}
	s.respond(w, r, func(today apiclient.Date) (any, error) {
		if _, err := t.findCustomer(id); err != nil {
			return nil, err
		}
		out := []apiclient.ContractData{}
		for _, c := range t.contractsOf(id) {
			out = append(out, c.contractData(today))
		}
		return out, nil
	})
}

// studioInformation handles GET /v1/studios/information.
func (s *Server) studioInformation(w http.ResponseWriter, r *http.Request, t *tenant) {
	s.respond(w, r, func(apiclient.Date) (any, error) { return t.studioInformation(r), nil })
}

// confirmActivation handles POST /v1/studios/confirmActivation: 200 without
// a body. The sandbox records it (Activated) but delivers webhooks to a
// configured target either way.
func (s *Server) confirmActivation(w http.ResponseWriter, r *http.Request, t *tenant) {
	s.mu.Lock()
	t.activated = true
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}
