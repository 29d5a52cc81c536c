package upstream

import (
	"context"
	"slices"
	"strconv"

	"github.com/studio-addons/portal/apiclient"
)

// Reads are a View's reads, cached or fresh as the caller chose (View.Cached,
// View.Fresh). Values handed out are copies: callers may reorder or filter.
type Reads struct {
	v     *View
	fresh bool
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// ListAdditionalModules is the studio's catalog (studio-wide).
func (r Reads) ListAdditionalModules(ctx context.Context) ([]apiclient.AdditionalModule, error) {
	api := r.v.s.api
	return read(r, ctx, spec[[]apiclient.AdditionalModule]{
		key: keyCatalog, ep: epCatalog, wide: true, clone: slices.Clone[[]apiclient.AdditionalModule],
		fetch: api.ListAdditionalModules,
	})
}

// ListCancelationReasons is the studio's reason list (studio-wide).
func (r Reads) ListCancelationReasons(ctx context.Context) ([]apiclient.CancelationReason, error) {
	api := r.v.s.api
	return read(r, ctx, spec[[]apiclient.CancelationReason]{
		key: keyReasons, ep: epReasons, wide: true, clone: slices.Clone[[]apiclient.CancelationReason],
		fetch: api.ListCancelationReasons,
	})
}

// GetStudioInformation is the studio's own name, logo and contact details
// (studio-wide).
func (r Reads) GetStudioInformation(ctx context.Context) (*apiclient.StudioInformation, error) {
	api := r.v.s.api
	return read(r, ctx, spec[*apiclient.StudioInformation]{
		key: keyStudioInfo, ep: epStudioInform, wide: true, clone: cloneStudioInformation,
		fetch: api.GetStudioInformation,
	})
}

func cloneStudioInformation(si *apiclient.StudioInformation) *apiclient.StudioInformation {
	c := clonePtr(si)
	if c != nil {
		c.OpeningHours = slices.Clone(c.OpeningHours)
	}
	return c
}

// ListContracts is a customer's main contracts (with their add-on contracts
// as SubContracts).
func (r Reads) ListContracts(ctx context.Context, customerID int64, status apiclient.ContractStatus) ([]apiclient.Contract, error) {
	api := r.v.s.api
	return read(r, ctx, spec[[]apiclient.Contract]{
		key: contractsKey(customerID, string(status)), ep: epContracts, clone: slices.Clone[[]apiclient.Contract],
		fetch: func(ctx context.Context) ([]apiclient.Contract, error) {
			return api.ListContracts(ctx, customerID, status)
		},
	})
}

// ListPurchasableAdditionalModules is what a main contract can buy now.
func (r Reads) ListPurchasableAdditionalModules(ctx context.Context, contractID int64) ([]apiclient.AdditionalModule, error) {
	api := r.v.s.api
	return read(r, ctx, spec[[]apiclient.AdditionalModule]{
		key: contractPrefix(contractID) + "purchasable", ep: epPurchasable, clone: slices.Clone[[]apiclient.AdditionalModule],
		fetch: func(ctx context.Context) ([]apiclient.AdditionalModule, error) {
			return api.ListPurchasableAdditionalModules(ctx, contractID)
		},
	})
}

// GetAdditionalModuleContract is one add-on contract of a main contract.
func (r Reads) GetAdditionalModuleContract(ctx context.Context, contractID, moduleContractID int64) (*apiclient.AdditionalModuleContract, error) {
	api := r.v.s.api
	return read(r, ctx, spec[*apiclient.AdditionalModuleContract]{
		key: moduleContractKey(contractID, moduleContractID), ep: epModuleContr, clone: clonePtr[apiclient.AdditionalModuleContract],
		fetch: func(ctx context.Context) (*apiclient.AdditionalModuleContract, error) {
			return api.GetAdditionalModuleContract(ctx, contractID, moduleContractID)
		},
	})
}

// ValidateAdditionalModule asks whether the contract can book the module
// with this frequency and trial choice. It changes nothing upstream, so its
// answer is cached like the member's other data; the purchase itself is
// the studio's final word.
func (r Reads) ValidateAdditionalModule(ctx context.Context, contractID int64, req apiclient.AdditionalModuleRequest) (*apiclient.ValidationResult, error) {
	api := r.v.s.api
	key := contractPrefix(contractID) + "validate:" + itoa(req.AdditionalModuleID) + ":" + itoa(req.PaymentFrequencyID) + ":" + strconv.FormatBool(req.BookTrialPeriod)
	return read(r, ctx, spec[*apiclient.ValidationResult]{
		key: key, ep: epValidate, clone: clonePtr[apiclient.ValidationResult],
		fetch: func(ctx context.Context) (*apiclient.ValidationResult, error) {
			return api.ValidateAdditionalModule(ctx, contractID, req)
		},
	})
}

// GetCustomerByNumber looks a customer up for the login: never cached (a
// login must see the customer as the studio has them now), counted against
// the caller's share (the client address before login).
func (v *View) GetCustomerByNumber(ctx context.Context, number string) (*apiclient.Customer, error) {
	return write(ctx, v, epCustomerBy, Invalidation{}, func(ctx context.Context) (*apiclient.Customer, error) {
		return v.s.api.GetCustomerByNumber(ctx, number)
	})
}

// GetCustomer reads a customer by id for a single sign-on: never cached
// (like the login's lookup, it must see the customer as the studio has
// them now), counted against the caller's share.
func (v *View) GetCustomer(ctx context.Context, customerID int64) (*apiclient.Customer, error) {
	return write(ctx, v, epCustomer, Invalidation{}, func(ctx context.Context) (*apiclient.Customer, error) {
		return v.s.api.GetCustomer(ctx, customerID)
	})
}

// PurchaseAdditionalModule books a module on the caller's contract. The
// contract's cached data is dropped before and after: whatever the answer,
// the next read is fresh.
func (v *View) PurchaseAdditionalModule(ctx context.Context, contractID int64, req apiclient.AdditionalModuleRequest) (*apiclient.PurchaseResult, error) {
	inv := Invalidation{Customer: v.caller.Customer, Contract: contractID}
	return write(ctx, v, epPurchase, inv, func(ctx context.Context) (*apiclient.PurchaseResult, error) {
		return v.s.api.PurchaseAdditionalModule(ctx, contractID, req)
	})
}

// CancelAdditionalModuleContract cancels an add-on contract.
func (v *View) CancelAdditionalModuleContract(ctx context.Context, contractID, moduleContractID int64, req apiclient.CancelationRequest) (*apiclient.SuccessResponse, error) {
	inv := Invalidation{Customer: v.caller.Customer, Contract: contractID, ModuleContract: moduleContractID}
	return write(ctx, v, epCancel, inv, func(ctx context.Context) (*apiclient.SuccessResponse, error) {
		return v.s.api.CancelAdditionalModuleContract(ctx, contractID, moduleContractID, req)
	})
}

// WithdrawAdditionalModuleCancelation withdraws an add-on's cancelation.
func (v *View) WithdrawAdditionalModuleCancelation(ctx context.Context, contractID, moduleContractID int64) (*apiclient.SuccessResponse, error) {
	inv := Invalidation{Customer: v.caller.Customer, Contract: contractID, ModuleContract: moduleContractID}
	return write(ctx, v, epWithdraw, inv, func(ctx context.Context) (*apiclient.SuccessResponse, error) {
		return v.s.api.WithdrawAdditionalModuleCancelation(ctx, contractID, moduleContractID)
	})
}

// write makes an uncached call counted against both budgets, invalidating
// inv before and after it (a read racing the write must not be stored).
func write[T any](ctx context.Context, v *View, ep string, inv Invalidation, do func(context.Context) (T, error)) (T, error) {
	if err := v.takeMember(ctx, ep); err != nil {
		var zero T
		return zero, err
	}
	if inv != (Invalidation{}) {
		v.s.Invalidate(inv)
		defer v.s.Invalidate(inv)
	}
	return call(ctx, v.s, ep, do)
}
