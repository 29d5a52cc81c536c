package conformance

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/studio-addons/portal/apiclient"
)

// member checks every endpoint about the test member: the customer, the
// contracts, the contract data, what each active contract may buy, every
// add-on contract the contracts list (the assumed link), a validation and,
// with Writes, a purchase, its cancelation and the withdrawal of it.
func (r *run) member(ctx context.Context) {
	var cu apiclient.Customer
	if !r.read(ctx, apiclient.EndpointCustomerBy, "/v1/customers/by", url.Values{"customerNumber": {r.cfg.MemberNumber}}, nil, "the test member", &cu) {
		return
	}
	if r.cfg.BirthDate != "" {
		// Compared, never printed: a date of birth is the member's secret at login.
		if cu.DateOfBirth.String() == r.cfg.BirthDate {
			r.add(Result{Check: "the test member's date of birth", Status: Pass, Detail: "matches, as the portal's login needs"})
		} else {
			r.add(Result{Check: "the test member's date of birth", Status: Fail, Detail: "does not match the given one: the portal's login would refuse this member"})
		}
	}
	id := strconv.FormatInt(cu.ID, 10)
	r.read(ctx, apiclient.EndpointCustomer, "/v1/customers/"+id, nil, nil, "", &apiclient.Customer{})
	r.read(ctx, apiclient.EndpointContractData, "/v1/memberships/"+id+"/self-service/contract-data", nil, nil, "", &[]apiclient.ContractData{})
	var contracts []apiclient.Contract
	if !r.read(ctx, apiclient.EndpointContracts, "/v1/customers/"+id+"/contracts", nil, nil, "", &contracts) {
		return
	}
	var active *apiclient.Contract
	var buyable []apiclient.AdditionalModule
	for i, c := range contracts {
		r.links(ctx, c)
		if c.ContractStatus != apiclient.ContractActive {
			continue
		}
		var mods []apiclient.AdditionalModule
		what := fmt.Sprintf("contract %d", c.ID)
		r.read(ctx, apiclient.EndpointPurchasableModules, fmt.Sprintf("/v1/memberships/%d/self-service/additional-modules/purchasable", c.ID), nil, nil, what, &mods)
		if active == nil {
			active, buyable = &contracts[i], mods
		}
	}
	if active == nil {
		r.add(Result{Check: "validate, writes", Status: Skip, Detail: "the test member has no active contract"})
		return
	}
	mod, ok := r.validate(ctx, active.ID, buyable)
	switch {
	case !r.cfg.Writes:
		r.add(Result{Check: "writes (purchase, cancelation, withdrawal)", Status: Skip, Detail: "read-only run (MAGICLINE_CONFORMANCE_WRITES=1 to book, cancel and withdraw for the test member)"})
	case !ok:
		r.add(Result{Check: "writes (purchase, cancelation, withdrawal)", Status: Skip, Detail: "nothing the test member can buy now"})
	default:
		r.writes(ctx, active.ID, id, mod)
	}
}

// links opens every moduleContracts[].id of a contract with endpoint 5:
// that the ids are the same is assumed by the portal, not documented.
func (r *run) links(ctx context.Context, c apiclient.Contract) {
	for _, sc := range c.ModuleContracts {
		path := fmt.Sprintf("/v1/memberships/%d/self-service/additional-module-contracts/%d", c.ID, sc.ID)
		status, _, err := r.call(ctx, http.MethodGet, path, nil, nil, "")
		link := Link{ContractID: c.ID, ModuleContractID: sc.ID, HTTPStatus: status, Opens: err == nil && status == http.StatusOK}
		r.rep.Links = append(r.rep.Links, link)
		name := fmt.Sprintf("moduleContracts[].id %d of contract %d opens with endpoint 5", sc.ID, c.ID)
		switch {
		case link.Opens:
			var mc apiclient.AdditionalModuleContract
			if r.read(ctx, apiclient.EndpointModuleContract, path, nil, nil, fmt.Sprintf("add-on %d", sc.ID), &mc) && mc.Name != sc.RateName {
				r.add(Result{Check: name, Status: Note, Detail: fmt.Sprintf("opens, but named %q there and %q in the contract", mc.Name, sc.RateName)})
				continue
			}
			r.add(Result{Check: name, Status: Pass, Detail: "opens"})
		case err != nil:
			r.add(Result{Check: name, Status: Fail, Detail: "no answer: " + err.Error()})
		default:
			r.add(Result{Check: name, Status: Fail, Detail: fmt.Sprintf("does NOT open (status %d): the portal's link between the contracts and the add-on contracts does not hold on this tenant", status)})
		}
	}
}

// validate checks the validate answer for the first module the contract
// may buy (it changes nothing) and returns it when it is purchasable.
func (r *run) validate(ctx context.Context, contractID int64, buyable []apiclient.AdditionalModule) (apiclient.AdditionalModuleRequest, bool) {
	for _, m := range buyable {
		if len(m.PaymentFrequencies) == 0 {
			continue
		}
		req := apiclient.AdditionalModuleRequest{AdditionalModuleID: m.ID, PaymentFrequencyID: m.PaymentFrequencies[0].ID}
		var res apiclient.ValidationResult
		path := fmt.Sprintf("/v1/memberships/%d/self-service/additional-modules/validate", contractID)
		if r.read(ctx, apiclient.EndpointValidateModule, path, nil, req, fmt.Sprintf("module %d", m.ID), &res) &&
			res.ValidationStatus == apiclient.ValidationPurchasable {
			return req, true
		}
		return req, false
	}
	r.add(Result{Check: "shape " + string(apiclient.EndpointValidateModule), Status: Skip, Detail: "no purchasable module to validate"})
	return apiclient.AdditionalModuleRequest{}, false
}

// writes books the module for the test member, cancels the add-on to its
// first date and withdraws the cancelation, reading the add-on after each
// step; a withdrawal that took effect at once is followed by a second
// cancelation, so the test add-on ends.
func (r *run) writes(ctx context.Context, contractID int64, customerID string, req apiclient.AdditionalModuleRequest) {
	var bought apiclient.PurchaseResult
	if !r.read(ctx, apiclient.EndpointPurchaseModule, fmt.Sprintf("/v1/memberships/%d/self-service/additional-modules/purchase", contractID), nil, req, "", &bought) {
		return
	}
	var contracts []apiclient.Contract
	if r.read(ctx, apiclient.EndpointContracts, "/v1/customers/"+customerID+"/contracts", nil, nil, "after the purchase", &contracts) {
		listed := false
		for _, c := range contracts {
			for _, sc := range c.ModuleContracts {
				listed = listed || sc.ID == bought.ID
			}
		}
		st := Pass
		if !listed {
			st = Fail
		}
		r.add(Result{Check: "the purchase's id is among the contract's moduleContracts", Status: st, Detail: fmt.Sprintf("id %d", bought.ID)})
	}
	mcPath := fmt.Sprintf("/v1/memberships/%d/self-service/additional-module-contracts/%d", contractID, bought.ID)
	var mc apiclient.AdditionalModuleContract
	if !r.read(ctx, apiclient.EndpointModuleContract, mcPath, nil, nil, "after the purchase", &mc) {
		return
	}
	cancel := func(what string) bool {
		if len(mc.AvailableCancelationDates) == 0 {
			r.add(Result{Check: "cancelation " + what, Status: Skip, Detail: "no cancelation date offered"})
			return false
		}
		var reasons []apiclient.CancelationReason
		if !r.read(ctx, apiclient.EndpointCancelationReasons, "/v1/memberships/self-service/contract-cancelation-reasons", nil, nil, what, &reasons) || len(reasons) == 0 {
			return false
		}
		body := apiclient.CancelationRequest{CancelationDate: mc.AvailableCancelationDates[0], CancelationReasonID: reasons[0].CancelationReasonID}
		return r.read(ctx, apiclient.EndpointCancelModuleContract, mcPath+"/ordinary-cancelation", nil, body, what, &apiclient.SuccessResponse{}) &&
			r.read(ctx, apiclient.EndpointModuleContract, mcPath, nil, nil, "after the cancelation "+what, &mc)
	}
	if !cancel("of the test add-on") {
		return
	}
	if !mc.ContractCancelationCanBeWithdrawn {
		r.add(Result{Check: "withdrawal", Status: Skip, Detail: "the cancelation cannot be withdrawn"})
		return
	}
	if !r.read(ctx, apiclient.EndpointWithdrawCancelation, mcPath+"/withdraw-cancelation", nil, nil, "", &apiclient.SuccessResponse{}) ||
		!r.read(ctx, apiclient.EndpointModuleContract, mcPath, nil, nil, "after the withdrawal", &mc) {
		return
	}
	if mc.ContractCancelationStatus == "" {
		cancel("again, so the test add-on ends")
	}
}
