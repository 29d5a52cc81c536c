package apiclient

import (
	"context"
	"net/http"
	"reflect"
	"testing"
)

// modulesJSON is a module list shaped like the upstream reference: every
// payment frequency type, full term information, a trial, rate codes, and
// properties the client does not know (which it must ignore).
const modulesJSON = `[
  {
    "id": 11,
    "name": "drink flat",
    "description": "Unlimited drinks at the bar",
    "imageUrl": "https://cdn.example/drink-flat.png",
    "paymentFrequencies": [
      {"id": 101, "type": "FREE"},
      {"id": 102, "type": "NON_RECURRING", "price": {"amount": 49, "currency": "EUR"}},
      {"id": 103, "type": "RECURRING", "term": {"value": 1, "unit": "MONTH"}, "price": {"amount": 19.9, "currency": "EUR"}},
      {"id": 104, "type": "MONTH_DAY", "term": {"value": 1, "unit": "YEAR"}, "monthDaysToPrices": [
        {"monthDay": {"month": "JANUARY", "monthValue": 1, "dayOfMonth": 15}, "price": {"amount": 30.00, "currency": "EUR"}},
        {"monthDay": {"month": "JULY", "monthValue": 7, "dayOfMonth": 1}, "price": {"amount": 25.5, "currency": "EUR"}, "note": "summer"}
      ]},
      {"id": 105, "type": "TERM_BASED", "term": {"value": 1, "unit": "MONTH"}, "price": {"amount": 9.99, "currency": "EUR"}, "termsToPrices": [
        {"term": {"value": 3, "unit": "MONTH"}, "price": {"amount": 14.99, "currency": "EUR"}},
        {"term": {"value": 1, "unit": "YEAR"}, "price": {"amount": 1.999e1, "currency": "EUR"}}
      ], "futureField": {"nested": [1, 2, 3]}}
    ],
    "termInformation": {
      "extension": {
        "extensionType": "TERM_EXTENSION",
        "termExtension": {"value": 1, "unit": "MONTH"},
        "extensionCancelationPeriod": {"value": 2, "unit": "WEEK"}
      },
      "cancelationPeriod": {"value": 14, "unit": "DAY"},
      "minimumTerm": {"value": 6, "unit": "MONTH"}
    },
    "trialPeriodConfig": {"description": "Two weeks for free", "trialTerm": {"value": 14, "unit": "DAY"}},
    "rateCodes": [{"name": "Standard Rate", "identifier": "RC12345", "validFrom": "2024-01-01"}],
    "createdAt": "2024-01-01T10:00:00Z",
    "tags": ["drinks"]
  },
  {
    "id": 12,
    "name": "sauna",
    "imageUrl": "https://cdn.example/sauna.png",
    "paymentFrequencies": [
      {"id": 201, "type": "RECURRING", "term": {"value": 4, "unit": "WEEK"}, "price": {"amount": 12, "currency": "EUR"}}
    ],
    "termInformation": {"extension": {"extensionType": "NEW"}}
  }
]`

var wantModules = []AdditionalModule{
	{
		ID:          11,
		Name:        "drink flat",
		Description: "Unlimited drinks at the bar",
		ImageURL:    "https://cdn.example/drink-flat.png",
		PaymentFrequencies: []PaymentFrequency{
			{ID: 101, Type: FrequencyFree},
			{ID: 102, Type: FrequencyNonRecurring, Price: new(NewMoney(4900, "EUR"))},
			{ID: 103, Type: FrequencyRecurring, Term: new(Term{1, UnitMonth}), Price: new(NewMoney(1990, "EUR"))},
			{ID: 104, Type: FrequencyMonthDay, Term: new(Term{1, UnitYear}), MonthDaysToPrices: []MonthDayPrice{
				{MonthDay: MonthDay{Month: January, MonthValue: 1, DayOfMonth: 15}, Price: NewMoney(3000, "EUR")},
				{MonthDay: MonthDay{Month: July, MonthValue: 7, DayOfMonth: 1}, Price: NewMoney(2550, "EUR")},
			}},
			{ID: 105, Type: FrequencyTermBased, Term: new(Term{1, UnitMonth}), Price: new(NewMoney(999, "EUR")), TermsToPrices: []TermPrice{
				{Term: Term{3, UnitMonth}, Price: NewMoney(1499, "EUR")},
				{Term: Term{1, UnitYear}, Price: NewMoney(1999, "EUR")},
			}},
		},
		TermInformation: TermInformation{
			Extension: &Extension{
				ExtensionType:              ExtensionTermExtension,
				TermExtension:              new(Term{1, UnitMonth}),
				ExtensionCancelationPeriod: new(Term{2, UnitWeek}),
			},
			CancelationPeriod: new(Term{14, UnitDay}),
		},
		TrialPeriodConfig: &TrialPeriodConfig{Description: "Two weeks for free"},
		RateCodes:         []RateCode{{Name: "Standard Rate", Identifier: "RC12345"}},
	},
	{
		ID:       12,
		Name:     "sauna",
		ImageURL: "https://cdn.example/sauna.png",
		PaymentFrequencies: []PaymentFrequency{
			{ID: 201, Type: FrequencyRecurring, Term: new(Term{4, UnitWeek}), Price: new(NewMoney(1200, "EUR"))},
		},
		TermInformation: TermInformation{Extension: &Extension{ExtensionType: ExtensionNew}},
	},
}

// moduleContractJSON is an additional module contract with every documented
// field set, plus an unknown one.
const moduleContractJSON = `{
  "name": "drink flat",
  "price": {"amount": 20.0, "currency": "EUR"},
  "startDate": "2024-02-01",
  "endDate": "2025-01-31",
  "cancelationDate": "2025-01-31",
  "lastPossibleCancelationDate": "2025-01-17",
  "cancelationReason": "Illness",
  "contractCancelationStatus": "PENDING_VERIFICATION",
  "contractCancelationCanBeWithdrawn": true,
  "trialPeriod": {"term": {"value": 2, "unit": "WEEK"}, "startDate": "2024-02-01"},
  "rateCodes": [{"name": "Standard Rate", "identifier": "RC12345"}],
  "availableCancelationDates": ["2025-01-31", "2025-02-28"],
  "internalNote": "ignored"
}`

var wantModuleContract = &AdditionalModuleContract{
	Name:                              "drink flat",
	Price:                             NewMoney(2000, "EUR"),
	StartDate:                         NewDate(2024, 2, 1),
	EndDate:                           NewDate(2025, 1, 31),
	CancelationDate:                   NewDate(2025, 1, 31),
	LastPossibleCancelationDate:       NewDate(2025, 1, 17),
	CancelationReason:                 "Illness",
	ContractCancelationStatus:         CancelationPendingVerification,
	ContractCancelationCanBeWithdrawn: true,
	TrialPeriod:                       &TrialPeriod{Term: Term{2, UnitWeek}, StartDate: NewDate(2024, 2, 1)},
	RateCodes:                         []RateCode{{Name: "Standard Rate", Identifier: "RC12345"}},
	AvailableCancelationDates:         []Date{NewDate(2025, 1, 31), NewDate(2025, 2, 28)},
}

// endpointCase is one call of the client against the fake upstream: what
// must arrive there and what must come back.
type endpointCase struct {
	name      string
	call      func(context.Context, *Client) (any, error)
	reply     string
	wantMeth  string
	wantPath  string
	wantQuery string
	wantBody  string // exact JSON; "" means no body and no Content-Type
	want      any
}

// runEndpointCases checks every column of every case.
func runEndpointCases(t *testing.T, tests []endpointCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := newUpstream(t, reply{status: http.StatusOK, body: tt.reply})
			c := newTestClient(t, u)
			got, err := tt.call(t.Context(), c)
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("result =\n%#v\nwant\n%#v", got, tt.want)
			}
			reqs := u.requests()
			if got, want := len(reqs), 1; got != want {
				t.Fatalf("requests = %d, want %d", got, want)
			}
			r := reqs[0]
			wantContentType := ""
			if tt.wantBody != "" {
				wantContentType = "application/json"
			}
			checks := []struct{ what, got, want string }{
				{"method", r.Method, tt.wantMeth},
				{"path", r.Path, tt.wantPath},
				{"query", r.RawQuery, tt.wantQuery},
				{"body", r.Body, tt.wantBody},
				{"X-API-KEY", r.Header.Get("X-API-KEY"), testKey},
				{"User-Agent", r.Header.Get("User-Agent"), "studio-addons-portal/1.0"},
				{"Accept", r.Header.Get("Accept"), "application/json"},
				{"Content-Type", r.Header.Get("Content-Type"), wantContentType},
			}
			for _, ch := range checks {
				if ch.got != ch.want {
					t.Errorf("%s = %q, want %q", ch.what, ch.got, ch.want)
				}
			}
		})
	}
}

func TestModuleEndpoints(t *testing.T) {
	buy := AdditionalModuleRequest{AdditionalModuleID: 11, PaymentFrequencyID: 103, BookTrialPeriod: true}
	runEndpointCases(t, []endpointCase{
		{
			name:     "ListAdditionalModules",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.ListAdditionalModules(ctx) },
			reply:    modulesJSON,
			wantMeth: "GET", wantPath: "/v1/memberships/self-service/additional-modules",
			want: wantModules,
		},
		{
			name: "ListPurchasableAdditionalModules",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListPurchasableAdditionalModules(ctx, 5001)
			},
			reply:    modulesJSON,
			wantMeth: "GET", wantPath: "/v1/memberships/5001/self-service/additional-modules/purchasable",
			want: wantModules,
		},
		{
			name: "ListPurchasableAdditionalModules empty",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListPurchasableAdditionalModules(ctx, 5002)
			},
			reply:    `[]`,
			wantMeth: "GET", wantPath: "/v1/memberships/5002/self-service/additional-modules/purchasable",
			want: []AdditionalModule{},
		},
		{
			name:     "ValidateAdditionalModule",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.ValidateAdditionalModule(ctx, 5001, buy) },
			reply:    `{"validationStatus":"ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE","hint":"x"}`,
			wantMeth: "POST", wantPath: "/v1/memberships/5001/self-service/additional-modules/validate",
			wantBody: `{"additionalModuleId":11,"paymentFrequencyId":103,"bookTrialPeriod":true}`,
			want:     &ValidationResult{ValidationStatus: ValidationTrialNotBookable},
		},
		{
			name: "PurchaseAdditionalModule",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.PurchaseAdditionalModule(ctx, 5001, AdditionalModuleRequest{AdditionalModuleID: 12, PaymentFrequencyID: 201})
			},
			reply:    `{"id":9001}`,
			wantMeth: "POST", wantPath: "/v1/memberships/5001/self-service/additional-modules/purchase",
			wantBody: `{"additionalModuleId":12,"paymentFrequencyId":201,"bookTrialPeriod":false}`,
			want:     &PurchaseResult{ID: 9001},
		},
		{
			name: "GetAdditionalModuleContract",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetAdditionalModuleContract(ctx, 5001, 9001)
			},
			reply:    moduleContractJSON,
			wantMeth: "GET", wantPath: "/v1/memberships/5001/self-service/additional-module-contracts/9001",
			want: wantModuleContract,
		},
		{
			name: "GetAdditionalModuleContract minimal",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetAdditionalModuleContract(ctx, 5001, 9002)
			},
			reply: `{"name":"sauna","price":{"amount":12,"currency":"EUR"},"startDate":"2024-03-01",
				"endDate":null,"contractCancelationCanBeWithdrawn":false}`,
			wantMeth: "GET", wantPath: "/v1/memberships/5001/self-service/additional-module-contracts/9002",
			want: &AdditionalModuleContract{Name: "sauna", Price: NewMoney(1200, "EUR"), StartDate: NewDate(2024, 3, 1)},
		},
		{
			name: "CancelAdditionalModuleContract",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CancelAdditionalModuleContract(ctx, 5001, 9001, CancelationRequest{CancelationDate: NewDate(2025, 1, 31), CancelationReasonID: 2})
			},
			reply:    `{"success":"Cancelation amendment created"}`,
			wantMeth: "POST", wantPath: "/v1/memberships/5001/self-service/additional-module-contracts/9001/ordinary-cancelation",
			wantBody: `{"cancelationDate":"2025-01-31","cancelationReasonId":2}`,
			want:     &SuccessResponse{Success: "Cancelation amendment created"},
		},
		{
			name: "WithdrawAdditionalModuleCancelation",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.WithdrawAdditionalModuleCancelation(ctx, 5001, 9001)
			},
			reply:    `{"success":"Cancelation withdrawn"}`,
			wantMeth: "POST", wantPath: "/v1/memberships/5001/self-service/additional-module-contracts/9001/withdraw-cancelation",
			want: &SuccessResponse{Success: "Cancelation withdrawn"},
		},
		{
			name:     "ListCancelationReasons",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.ListCancelationReasons(ctx) },
			reply:    `[{"cancelationReasonId":1,"cancelationReasonName":"Moving"},{"cancelationReasonId":2,"cancelationReasonName":"Illness","active":true}]`,
			wantMeth: "GET", wantPath: "/v1/memberships/self-service/contract-cancelation-reasons",
			want: []CancelationReason{{CancelationReasonID: 1, CancelationReasonName: "Moving"}, {CancelationReasonID: 2, CancelationReasonName: "Illness"}},
		},
	})
}

// TestModuleEndpointErrors checks that every module method hands back the
// upstream error and no half-filled result.
func TestModuleEndpointErrors(t *testing.T) {
	u := newUpstream(t, reply{status: http.StatusNotFound, body: `{"errorMessage":"not found","traceId":"t-nf"}`})
	c := newTestClient(t, u)
	ctx := t.Context()
	req := AdditionalModuleRequest{AdditionalModuleID: 1, PaymentFrequencyID: 2}
	calls := map[string]func() (any, error){
		"ListAdditionalModules":            func() (any, error) { return c.ListAdditionalModules(ctx) },
		"ListPurchasableAdditionalModules": func() (any, error) { return c.ListPurchasableAdditionalModules(ctx, 1) },
		"ValidateAdditionalModule":         func() (any, error) { return c.ValidateAdditionalModule(ctx, 1, req) },
		"PurchaseAdditionalModule":         func() (any, error) { return c.PurchaseAdditionalModule(ctx, 1, req) },
		"GetAdditionalModuleContract":      func() (any, error) { return c.GetAdditionalModuleContract(ctx, 1, 2) },
		"CancelAdditionalModuleContract": func() (any, error) {
			return c.CancelAdditionalModuleContract(ctx, 1, 2, CancelationRequest{CancelationDate: NewDate(2025, 1, 31), CancelationReasonID: 1})
		},
		"WithdrawAdditionalModuleCancelation": func() (any, error) { return c.WithdrawAdditionalModuleCancelation(ctx, 1, 2) },
		"ListCancelationReasons":              func() (any, error) { return c.ListCancelationReasons(ctx) },
	}
	for name, call := range calls {
		got, err := call()
		if !reflect.ValueOf(got).IsNil() {
			t.Errorf("%s result = %#v, want nil", name, got)
		}
		if got, want := TraceID(err), "t-nf"; got != want {
			t.Errorf("%s TraceID(err) = %q, want %q (err %v)", name, got, want, err)
		}
	}
}
