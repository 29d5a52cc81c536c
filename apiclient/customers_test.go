package apiclient

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"
)

const customerJSON = `{
  "id": 1210001,
  "customerNumber": "1001",
  "firstName": "Erika",
  "lastName": "Mustermann",
  "dateOfBirth": "1990-05-17",
  "email": "erika@example.com",
  "status": "MEMBER",
  "studioId": 1210000010,
  "preferredLanguage": {"languageCode": "de", "countryCode": "DE"},
  "gender": "FEMALE",
  "address": {"street": "Hauptstr. 1", "city": "Leipzig"}
}`

var wantCustomer = &Customer{
	ID:                1210001,
	CustomerNumber:    "1001",
	FirstName:         "Erika",
	LastName:          "Mustermann",
	DateOfBirth:       NewDate(1990, 5, 17),
	Email:             "erika@example.com",
	Status:            CustomerMember,
	StudioID:          1210000010,
	PreferredLanguage: &Language{LanguageCode: "de", CountryCode: "DE"},
}

// priceDetailsJSON is kept verbatim by the client (its shape is undocumented).
const priceDetailsJSON = `{"price":{"amount":39.9,"currency":"EUR"},"paymentFrequency":"MONTHLY"}`

const contractsJSON = `[
  {"id": 5001, "rateName": "Premium 24", "startDate": "2023-01-01", "endDate": "2024-12-31",
   "contractStatus": "ACTIVE", "cancelled": true, "cancellationDate": "2024-12-31",
   "priceDetails": ` + priceDetailsJSON + `,
   "moduleContracts": [{"id": 9001, "name": "drink flat"}, {"id": 9002}],
   "extra": 1},
  {"id": 5000, "rateName": "Basic", "startDate": "2021-01-01", "endDate": "2022-12-31",
   "contractStatus": "INACTIVE", "cancelled": false}
]`

var wantContracts = []Contract{
	{
		ID: 5001, RateName: "Premium 24", StartDate: NewDate(2023, 1, 1), EndDate: NewDate(2024, 12, 31),
		ContractStatus: ContractActive, Cancelled: true, CancellationDate: NewDate(2024, 12, 31),
		PriceDetails:    json.RawMessage(priceDetailsJSON),
		ModuleContracts: []ModuleContractRef{{ID: 9001}, {ID: 9002}},
	},
	{
		ID: 5000, RateName: "Basic", StartDate: NewDate(2021, 1, 1), EndDate: NewDate(2022, 12, 31),
		ContractStatus: ContractInactive,
	},
}

const contractDataJSON = `{
  "id": 5001, "rateName": "Premium 24", "startDate": "2023-01-01", "endDate": "2024-12-31",
  "contractStatus": "ACTIVE", "priceDetails": ` + priceDetailsJSON + `,
  "cancelationDate": "2024-12-31", "lastPossibleCancelationDate": "2024-11-30",
  "contractCancelationStatus": "CANCELED", "studioName": "ignored"
}`

var wantContractData = &ContractData{
	ID: 5001, RateName: "Premium 24", StartDate: NewDate(2023, 1, 1), EndDate: NewDate(2024, 12, 31),
	ContractStatus: ContractActive, PriceDetails: json.RawMessage(priceDetailsJSON),
	CancelationDate: NewDate(2024, 12, 31), LastPossibleCancelationDate: NewDate(2024, 11, 30),
	ContractCancelationStatus: CancelationCanceled,
}

func TestCustomerEndpoints(t *testing.T) {
	lookup := func(key CustomerLookup, value string) func(context.Context, *Client) (any, error) {
		return func(ctx context.Context, c *Client) (any, error) { return c.GetCustomerBy(ctx, key, value) }
	}
	const byPath = "/v1/customers/by"
	runEndpointCases(t, []endpointCase{
		{
			name: "GetCustomerByNumber",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetCustomerByNumber(ctx, "1001")
			},
			reply:    customerJSON,
			wantMeth: "GET", wantPath: byPath, wantQuery: "customerNumber=1001",
			want: wantCustomer,
		},
		{
			name:     "GetCustomerBy cardNumber",
			call:     lookup(LookupCardNumber, "C-77"),
			reply:    customerJSON,
			wantMeth: "GET", wantPath: byPath, wantQuery: "cardNumber=C-77",
			want: wantCustomer,
		},
		{
			name:     "GetCustomerBy barcode",
			call:     lookup(LookupBarcode, "4006381333931"),
			reply:    customerJSON,
			wantMeth: "GET", wantPath: byPath, wantQuery: "barcode=4006381333931",
			want: wantCustomer,
		},
		{
			name:     "GetCustomerBy pin",
			call:     lookup(LookupPIN, "0042"),
			reply:    customerJSON,
			wantMeth: "GET", wantPath: byPath, wantQuery: "pin=0042",
			want: wantCustomer,
		},
		{
			name:     "GetCustomerBy qrCodeUuid",
			call:     lookup(LookupQRCodeUUID, "5e1c0a0e-7f1b-4b43-9d1e-2f6a3b0c9d11"),
			reply:    customerJSON,
			wantMeth: "GET", wantPath: byPath, wantQuery: "qrCodeUuid=5e1c0a0e-7f1b-4b43-9d1e-2f6a3b0c9d11",
			want: wantCustomer,
		},
		{
			name:     "GetCustomerBy debtorId escapes the value",
			call:     lookup(LookupDebtorID, "D 1&x=2"),
			reply:    customerJSON,
			wantMeth: "GET", wantPath: byPath, wantQuery: "debtorId=D+1%26x%3D2",
			want: wantCustomer,
		},
		{
			name: "GetCustomer",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetCustomer(ctx, 1210001)
			},
			reply:    customerJSON,
			wantMeth: "GET", wantPath: "/v1/customers/1210001",
			want: wantCustomer,
		},
		{
			name: "ListContracts all",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListContracts(ctx, 1210001, "")
			},
			reply:    contractsJSON,
			wantMeth: "GET", wantPath: "/v1/customers/1210001/contracts",
			want: wantContracts,
		},
		{
			name: "ListContracts active",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListContracts(ctx, 1210001, ContractActive)
			},
			reply:    contractsJSON,
			wantMeth: "GET", wantPath: "/v1/customers/1210001/contracts", wantQuery: "status=ACTIVE",
			want: wantContracts,
		},
		{
			name: "GetContractData",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetContractData(ctx, 1210001)
			},
			reply:    contractDataJSON,
			wantMeth: "GET", wantPath: "/v1/memberships/1210001/self-service/contract-data",
			want: wantContractData,
		},
	})
}

func TestGetCustomerByRejectsLocally(t *testing.T) {
	u := newUpstream(t, reply{status: http.StatusOK, body: customerJSON})
	c := newTestClient(t, u)
	tests := []struct {
		key   CustomerLookup
		value string
	}{
		{"", "1001"},
		{"email", "erika@example.com"},
		{"customernumber", "1001"},
		{LookupCustomerNumber, ""},
		{LookupPIN, ""},
	}
	for _, tt := range tests {
		got, err := c.GetCustomerBy(t.Context(), tt.key, tt.value)
		if got != nil || !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("GetCustomerBy(%q, %q) = %v, %v; want nil, ErrInvalidArgument", tt.key, tt.value, got, err)
		}
	}
	if got := len(u.requests()); got != 0 {
		t.Errorf("requests = %d, want 0", got)
	}
}

func TestCustomerEndpointErrors(t *testing.T) {
	u := newUpstream(t, reply{status: http.StatusNotFound, body: `{"errorMessage":"Customer not found","traceId":"t-c"}`})
	c := newTestClient(t, u)
	ctx := t.Context()
	calls := map[string]func() (any, error){
		"GetCustomerByNumber": func() (any, error) { return c.GetCustomerByNumber(ctx, "404") },
		"GetCustomer":         func() (any, error) { return c.GetCustomer(ctx, 404) },
		"ListContracts":       func() (any, error) { return c.ListContracts(ctx, 404, ContractInactive) },
		"GetContractData":     func() (any, error) { return c.GetContractData(ctx, 404) },
	}
	for name, call := range calls {
		got, err := call()
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s err = %v, want ErrNotFound", name, err)
		}
		if got, want := TraceID(err), "t-c"; got != want {
			t.Errorf("%s TraceID(err) = %q, want %q", name, got, want)
		}
		if !reflect.ValueOf(got).IsNil() {
			t.Errorf("%s result = %#v, want nil", name, got)
		}
	}
}

func TestCheckKey(t *testing.T) {
	tests := []struct {
		status   int
		wantErr  error // nil: valid key
		wantReqs int
	}{
		{http.StatusOK, nil, 1},
		{http.StatusUnauthorized, ErrUnauthorized, 1},
		{http.StatusForbidden, ErrUnauthorized, 1},
		{http.StatusServiceUnavailable, ErrUnavailable, 4},
	}
	for _, tt := range tests {
		u := newUpstream(t, reply{status: tt.status})
		c := newTestClient(t, u)
		err := c.CheckKey(t.Context())
		if (tt.wantErr == nil && err != nil) || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
			t.Errorf("CheckKey with %d = %v, want %v", tt.status, err, tt.wantErr)
		}
		reqs := u.requests()
		if got, want := len(reqs), tt.wantReqs; got != want {
			t.Errorf("CheckKey with %d: requests = %d, want %d", tt.status, got, want)
		}
		r := reqs[0]
		if r.Method != http.MethodHead || r.Path != "/v1/memberships/self-service/additional-modules" || r.Header.Get("X-API-KEY") != testKey {
			t.Errorf("CheckKey sent %s %s with key %q, want HEAD /v1/memberships/self-service/additional-modules with the test key",
				r.Method, r.Path, r.Header.Get("X-API-KEY"))
		}
	}
}
