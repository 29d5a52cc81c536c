package apiclient

import (
	"context"
	"fmt"
)

// ListAdditionalModules lists every additional module the studio offers for
// online booking.
//
// Upstream: GET /v1/memberships/self-service/additional-modules
// (EndpointAdditionalModules).
func (c *Client) ListAdditionalModules(ctx context.Context) ([]AdditionalModule, error) {
	var modules []AdditionalModule
	if err := c.do(ctx, EndpointAdditionalModules, "/v1/memberships/self-service/additional-modules", nil, nil, &modules); err != nil {
		return nil, err
	}
	return modules, nil
}

// ListPurchasableAdditionalModules lists the additional modules the owner of
// main contract contractID can buy now.
//
// Upstream: GET /v1/memberships/{contractId}/self-service/additional-modules/purchasable
// (EndpointPurchasableModules).
func (c *Client) ListPurchasableAdditionalModules(ctx context.Context, contractID int64) ([]AdditionalModule, error) {
	var modules []AdditionalModule
	path := fmt.Sprintf("/v1/memberships/%d/self-service/additional-modules/purchasable", contractID)
	if err := c.do(ctx, EndpointPurchasableModules, path, nil, nil, &modules); err != nil {
		return nil, err
	}
	return modules, nil
}

// ValidateAdditionalModule asks whether req could be purchased on main
// contract contractID. A module that cannot be bought is a 200 with a
// ValidationStatus other than ValidationPurchasable, not an error.
//
// Upstream: POST /v1/memberships/{contractId}/self-service/additional-modules/validate
// (EndpointValidateModule).
func (c *Client) ValidateAdditionalModule(ctx context.Context, contractID int64, req AdditionalModuleRequest) (*ValidationResult, error) {
	var res ValidationResult
	path := fmt.Sprintf("/v1/memberships/%d/self-service/additional-modules/validate", contractID)
	if err := c.do(ctx, EndpointValidateModule, path, nil, req, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// PurchaseAdditionalModule books req on main contract contractID and returns
// the new additional module contract's id. It moves money and the upstream
// has no idempotency key, so it is never retried: after a transport error the
// caller must reconcile by re-reading the contract, not call it again.
//
// Upstream: POST /v1/memberships/{contractId}/self-service/additional-modules/purchase
// (EndpointPurchaseModule).
func (c *Client) PurchaseAdditionalModule(ctx context.Context, contractID int64, req AdditionalModuleRequest) (*PurchaseResult, error) {
	var res PurchaseResult
	path := fmt.Sprintf("/v1/memberships/%d/self-service/additional-modules/purchase", contractID)
	if err := c.do(ctx, EndpointPurchaseModule, path, nil, req, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// GetAdditionalModuleContract returns additional module contract
// moduleContractID of main contract contractID.
//
// Upstream: GET /v1/memberships/{contractId}/self-service/additional-module-contracts/{additionalModuleContractId}
// (EndpointModuleContract).
func (c *Client) GetAdditionalModuleContract(ctx context.Context, contractID, moduleContractID int64) (*AdditionalModuleContract, error) {
	var mc AdditionalModuleContract
	if err := c.do(ctx, EndpointModuleContract, moduleContractPath(contractID, moduleContractID, ""), nil, nil, &mc); err != nil {
		return nil, err
	}
	return &mc, nil
}

// CancelAdditionalModuleContract cancels additional module contract
// moduleContractID ordinarily; depending on the studio this creates an
// amendment pending verification or cancels directly.
//
// Upstream: POST /v1/memberships/{contractId}/self-service/additional-module-contracts/{additionalModuleContractId}/ordinary-cancelation
// (EndpointCancelModuleContract).
func (c *Client) CancelAdditionalModuleContract(ctx context.Context, contractID, moduleContractID int64, req CancelationRequest) (*SuccessResponse, error) {
	var res SuccessResponse
	if err := c.do(ctx, EndpointCancelModuleContract, moduleContractPath(contractID, moduleContractID, "/ordinary-cancelation"), nil, req, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// WithdrawAdditionalModuleCancelation withdraws the cancelation of additional
// module contract moduleContractID; only allowed while
// ContractCancelationCanBeWithdrawn is true. The request has no body.
//
// Upstream: POST /v1/memberships/{contractId}/self-service/additional-module-contracts/{additionalModuleContractId}/withdraw-cancelation
// (EndpointWithdrawCancelation).
func (c *Client) WithdrawAdditionalModuleCancelation(ctx context.Context, contractID, moduleContractID int64) (*SuccessResponse, error) {
	var res SuccessResponse
	if err := c.do(ctx, EndpointWithdrawCancelation, moduleContractPath(contractID, moduleContractID, "/withdraw-cancelation"), nil, nil, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// ListCancelationReasons lists the studio's reasons for the cancelation form.
//
// Upstream: GET /v1/memberships/self-service/contract-cancelation-reasons
// (EndpointCancelationReasons).
func (c *Client) ListCancelationReasons(ctx context.Context) ([]CancelationReason, error) {
	var reasons []CancelationReason
	if err := c.do(ctx, EndpointCancelationReasons, "/v1/memberships/self-service/contract-cancelation-reasons", nil, nil, &reasons); err != nil {
		return nil, err
	}
	return reasons, nil
}

func moduleContractPath(contractID, moduleContractID int64, action string) string {
	return fmt.Sprintf("/v1/memberships/%d/self-service/additional-module-contracts/%d%s", contractID, moduleContractID, action)
}
