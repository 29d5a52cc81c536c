package apiclient

import (
	"context"
	"fmt"
	"net/url"
)

// valid reports whether k is one of the keys GET /v1/customers/by accepts.
func (k CustomerLookup) valid() bool {
	switch k {
	case LookupCustomerNumber, LookupCardNumber, LookupBarcode, LookupPIN, LookupQRCodeUUID, LookupDebtorID:
		return true
	}
	return false
}

// GetCustomerBy finds the customer whose key (customer number, card number,
// barcode, PIN, debtor id, or the deprecated QR code UUID) equals value. An
// unknown key or an empty value is rejected with ErrInvalidArgument without
// a request; the error never repeats value, which may be a PIN.
//
// Upstream: GET /v1/customers/by?{key}={value} (EndpointCustomerBy).
func (c *Client) GetCustomerBy(ctx context.Context, key CustomerLookup, value string) (*Customer, error) {
	if !key.valid() {
		return nil, fmt.Errorf("%w: unknown customer lookup key %q", ErrInvalidArgument, key)
	}
	return c.customerBy(ctx, url.Values{string(key): {value}}, key, value)
}

// GetCustomerByCardNumber finds the customer with the card number, read
// in the given format ("" for the upstream's default, DECIMAL).
//
// Upstream: GET /v1/customers/by?cardNumber={number}&cardNumberFormat={format}
// (EndpointCustomerBy).
func (c *Client) GetCustomerByCardNumber(ctx context.Context, number string, format CardNumberFormat) (*Customer, error) {
	q := url.Values{string(LookupCardNumber): {number}}
	switch format {
	case "":
	case CardDecimal, CardHexMSB, CardHexLSB:
		q.Set("cardNumberFormat", string(format))
	default:
		return nil, fmt.Errorf("%w: unknown card number format %q", ErrInvalidArgument, format)
	}
	return c.customerBy(ctx, q, LookupCardNumber, number)
}

func (c *Client) customerBy(ctx context.Context, q url.Values, key CustomerLookup, value string) (*Customer, error) {
	if value == "" {
		return nil, fmt.Errorf("%w: empty %s", ErrInvalidArgument, key)
	}
	var cu Customer
	if err := c.do(ctx, EndpointCustomerBy, "/v1/customers/by", q, nil, &cu); err != nil {
		return nil, err
	}
	return &cu, nil
}

// GetCustomerByNumber finds the customer with the given customer number.
//
// Upstream: GET /v1/customers/by?customerNumber={number} (EndpointCustomerBy).
func (c *Client) GetCustomerByNumber(ctx context.Context, number string) (*Customer, error) {
	return c.GetCustomerBy(ctx, LookupCustomerNumber, number)
}

// GetCustomer returns customer customerID.
//
// Upstream: GET /v1/customers/{customerId} (EndpointCustomer).
func (c *Client) GetCustomer(ctx context.Context, customerID int64) (*Customer, error) {
	var cu Customer
	if err := c.do(ctx, EndpointCustomer, fmt.Sprintf("/v1/customers/%d", customerID), nil, nil, &cu); err != nil {
		return nil, err
	}
	return &cu, nil
}

// ListContracts lists customer customerID's main contracts with their
// module contracts; status "" lists all, otherwise only that status.
//
// Upstream: GET /v1/customers/{customerId}/contracts?status={status}
// (EndpointContracts).
func (c *Client) ListContracts(ctx context.Context, customerID int64, status ContractStatus) ([]Contract, error) {
	var query url.Values
	if status != "" {
		query = url.Values{"status": {string(status)}}
	}
	var contracts []Contract
	if err := c.do(ctx, EndpointContracts, fmt.Sprintf("/v1/customers/%d/contracts", customerID), query, nil, &contracts); err != nil {
		return nil, err
	}
	return contracts, nil
}

// GetContractData returns the self-service data of customer customerID's
// main contracts.
//
// Upstream: GET /v1/memberships/{customerId}/self-service/contract-data
// (EndpointContractData).
func (c *Client) GetContractData(ctx context.Context, customerID int64) ([]ContractData, error) {
	var cd []ContractData
	if err := c.do(ctx, EndpointContractData, fmt.Sprintf("/v1/memberships/%d/self-service/contract-data", customerID), nil, nil, &cd); err != nil {
		return nil, err
	}
	return cd, nil
}

// CheckKey verifies the API key with the upstream's cheap key probe: nil for
// a valid key, an error matching ErrUnauthorized for an invalid one. HEAD
// checks no scope: CheckScopes does.
//
// Upstream: HEAD /v1/memberships/self-service/additional-modules (EndpointKeyProbe).
func (c *Client) CheckKey(ctx context.Context) error {
	return c.do(ctx, EndpointKeyProbe, "/v1/memberships/self-service/additional-modules", nil, nil, nil)
}
