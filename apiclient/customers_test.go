package apiclient

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
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
  "accessRefusal": true,
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
	AccessRefusal:     true,
}

// priceDetailsJSON is a main contract's documented price object.
const priceDetailsJSON = `{"basePrice":{"amount":39.9,"currency":"EUR"},"currentPrice":{"amount":34.9,"currency":"EUR"},
  "paymentFrequency":{"type":"RECURRING","term":{"value":1,"unit":"MONTH"},"price":{"amount":39.9,"currency":"EUR"}}}`

func eurMoney(minor int64) *Money { m := NewMoney(minor, "EUR"); return &m }

var wantPriceDetails = PriceDetails{
	BasePrice: eurMoney(3990), CurrentPrice: eurMoney(3490),
	PaymentFrequency: &PaymentFrequency{Type: FrequencyRecurring, Term: &Term{1, UnitMonth}, Price: eurMoney(3990)},
}

// contractsJSON holds every documented field of Contract and SubContract,
// plus fields the contract does not know (ignored).
const contractsJSON = `[
  {"id": 5001, "rateName": "Premium 24", "rateCodes": [{"name": "Premium", "identifier": "P24"}],
   "createdDate": "2022-12-20", "startDate": "2023-01-01", "endDate": "2024-12-31",
   "contractStatus": "ACTIVE", "cancelled": true, "cancellationDate": "2024-12-31",
   "cancellationReceiptDate": "2024-10-02", "cancellationReason": "Moving away",
   "cancellationPeriod": {"periodValue": 1, "periodUnit": "MONTH"},
   "term": {"periodValue": 24, "periodUnit": "MONTH"}, "extensionTerm": {"periodValue": 1, "periodUnit": "MONTH"},
   "lastPossibleCancellationDate": "2024-11-30",
   "price": 39.90, "priceDetails": ` + priceDetailsJSON + `,
   "flatFeeContracts": [],
   "moduleContracts": [
     {"id": 9001, "rateName": "drink flat", "startDate": "2024-01-01", "endDate": "2024-06-30",
      "paymentFrequency": "TERM_BASED", "price": 19.9, "priceDetails": {"currentPrice": {"amount": 19.9, "currency": "EUR"}},
      "cancelled": true, "cancellationDate": "2024-06-30", "cancellationReceiptDate": "2024-05-02",
      "contractStatus": "INACTIVE", "rateCodes": [{"name": "Drinks", "identifier": "D1"}], "future": 1},
     {"id": 9002, "rateName": "Sauna", "startDate": "2024-02-01", "paymentFrequency": "RECURRING",
      "price": 9.9, "priceDetails": {}, "cancelled": false, "contractStatus": "ACTIVE"}],
   "extra": 1},
  {"id": 5000, "rateName": "Basic", "startDate": "2021-01-01", "endDate": "2022-12-31",
   "contractStatus": "INACTIVE", "cancelled": false}
]`

var wantContracts = []Contract{
	{
		ID: 5001, RateName: "Premium 24", RateCodes: []RateCode{{Name: "Premium", Identifier: "P24"}},
		CreatedDate: NewDate(2022, 12, 20), StartDate: NewDate(2023, 1, 1), EndDate: NewDate(2024, 12, 31),
		ContractStatus: ContractActive, Cancelled: true, CancellationDate: NewDate(2024, 12, 31),
		CancellationReceiptDate: NewDate(2024, 10, 2), CancellationReason: "Moving away",
		CancellationPeriod: &Period{1, UnitMonth}, Term: Period{24, UnitMonth}, ExtensionTerm: Period{1, UnitMonth},
		LastPossibleCancellationDate: NewDate(2024, 11, 30),
		Price:                        "39.90", PriceDetails: wantPriceDetails,
		FlatFeeContracts: []SubContract{},
		ModuleContracts: []SubContract{
			{ID: 9001, RateName: "drink flat", StartDate: NewDate(2024, 1, 1), EndDate: NewDate(2024, 6, 30),
				PaymentFrequency: FrequencyTermBased, Price: "19.9", PriceDetails: PriceDetails{CurrentPrice: eurMoney(1990)},
				Cancelled: true, CancellationDate: NewDate(2024, 6, 30), CancellationReceiptDate: NewDate(2024, 5, 2),
				ContractStatus: ContractInactive, RateCodes: []RateCode{{Name: "Drinks", Identifier: "D1"}}},
			{ID: 9002, RateName: "Sauna", StartDate: NewDate(2024, 2, 1), PaymentFrequency: FrequencyRecurring,
				Price: "9.9", ContractStatus: ContractActive},
		},
	},
	{
		ID: 5000, RateName: "Basic", StartDate: NewDate(2021, 1, 1), EndDate: NewDate(2022, 12, 31),
		ContractStatus: ContractInactive,
	},
}

// contractDataJSON is the self-service contract data: an array.
const contractDataJSON = `[{
  "id": 5001, "rateName": "Premium 24", "startDate": "2023-01-01", "endDate": "2024-12-31",
  "contractStatus": "ACTIVE", "cancelationPeriod": {"value": 1, "unit": "MONTH"},
  "cancelationStatus": "CANCELED", "cancelationDate": "2024-12-31", "cancelationReason": "Moving away",
  "lastPossibleCancelationDate": "2024-11-30", "availableCancelationDates": ["2024-12-31"],
  "cancelationOrigin": "CUSTOMER", "priceDetails": ` + priceDetailsJSON + `,
  "rateCodes": [{"name": "Premium", "identifier": "P24"}], "studioName": "ignored"
}]`

var wantContractData = []ContractData{{
	ID: 5001, RateName: "Premium 24", StartDate: NewDate(2023, 1, 1), EndDate: NewDate(2024, 12, 31),
	ContractStatus: ContractActive, CancelationPeriod: &Term{1, UnitMonth},
	CancelationStatus: CancelationCanceled, CancelationDate: NewDate(2024, 12, 31), CancelationReason: "Moving away",
	LastPossibleCancelationDate: NewDate(2024, 11, 30), AvailableCancelationDates: []Date{NewDate(2024, 12, 31)},
	CancelationOrigin: OriginCustomer, PriceDetails: &wantPriceDetails,
	RateCodes: []RateCode{{Name: "Premium", Identifier: "P24"}},
}}

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
			name: "GetCustomerByCardNumber with format",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetCustomerByCardNumber(ctx, "0A1B", CardHexMSB)
			},
			reply:    customerJSON,
			wantMeth: "GET", wantPath: byPath, wantQuery: "cardNumber=0A1B&cardNumberFormat=HEX_MSB",
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
	if got, err := c.GetCustomerByCardNumber(t.Context(), "1", "OCTAL"); got != nil || !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("GetCustomerByCardNumber with format OCTAL = %v, %v; want nil, ErrInvalidArgument", got, err)
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

// TestCustomerWithMalformedBirthDate: a customer whose dateOfBirth is not
// YYYY-MM-DD is a bad response whose error (which the portal logs) does
// not repeat the date: logs never hold a date of birth.
func TestCustomerWithMalformedBirthDate(t *testing.T) {
	for _, dob := range []string{"17.05.1990", "1990-05-17T00:00:00Z", "1990-5-17"} {
		body := strings.Replace(customerJSON, `"1990-05-17"`, `"`+dob+`"`, 1)
		c := newTestClient(t, newUpstream(t, reply{status: http.StatusOK, body: body}))
		got, err := c.GetCustomerByNumber(t.Context(), "1001")
		if got != nil || !errors.Is(err, ErrBadResponse) {
			t.Fatalf("dateOfBirth %q: %v, %v; want ErrBadResponse", dob, got, err)
		}
		for _, part := range []string{dob, "1990"} {
			if strings.Contains(err.Error(), part) {
				t.Errorf("dateOfBirth %q: the error %q repeats %q", dob, err, part)
			}
		}
	}
}
