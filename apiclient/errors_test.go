package apiclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

var sentinels = []error{ErrBadRequest, ErrUnauthorized, ErrNotFound, ErrConflict, ErrRateLimited, ErrUnavailable, ErrBadResponse, ErrInvalidArgument}

func TestErrorStatuses(t *testing.T) {
	body := func(msg, code, trace, ref string) string {
		return fmt.Sprintf(`{"errorMessage":%q,"errorCode":%q,"traceId":%q,"reference":%q,"args":["x",1],"typedArgs":[{"value":"2024-01-31","type":"DATE"}],"future":true}`, msg, code, trace, ref)
	}
	tests := []struct {
		status   int
		body     string
		want     APIError
		sentinel error
	}{
		{400, body("Das Datum ist ungültig", "error.invalid.date", "t-400", "cancelationDate"),
			APIError{StatusCode: 400, ErrorMessage: "Das Datum ist ungültig", ErrorCode: "error.invalid.date", TraceID: "t-400", Reference: "cancelationDate"}, ErrBadRequest},
		{401, body("Unauthorized", "error.unauthorized", "t-401", ""),
			APIError{StatusCode: 401, ErrorMessage: "Unauthorized", ErrorCode: "error.unauthorized", TraceID: "t-401"}, ErrUnauthorized},
		{403, body("Missing scope", "error.forbidden", "t-403", ""),
			APIError{StatusCode: 403, ErrorMessage: "Missing scope", ErrorCode: "error.forbidden", TraceID: "t-403"}, ErrUnauthorized},
		{404, body("Contract not found", "error.contract.not.found", "t-404", "contractId"),
			APIError{StatusCode: 404, ErrorMessage: "Contract not found", ErrorCode: "error.contract.not.found", TraceID: "t-404", Reference: "contractId"}, ErrNotFound},
		{409, body("Already purchased", "error.conflict", "t-409", ""),
			APIError{StatusCode: 409, ErrorMessage: "Already purchased", ErrorCode: "error.conflict", TraceID: "t-409"}, ErrConflict},
		{429, body("Too many requests", "", "t-429", ""),
			APIError{StatusCode: 429, ErrorMessage: "Too many requests", TraceID: "t-429"}, ErrRateLimited},
		{500, body("Internal error", "", "t-500", ""),
			APIError{StatusCode: 500, ErrorMessage: "Internal error", TraceID: "t-500"}, ErrUnavailable},
		{502, `<html><body>Bad Gateway</body></html>`,
			APIError{StatusCode: 502, Raw: "<html><body>Bad Gateway</body></html>"}, ErrUnavailable},
		{503, ``,
			APIError{StatusCode: 503}, ErrUnavailable},
		{504, "upstream timed out\n",
			APIError{StatusCode: 504, Raw: "upstream timed out"}, ErrUnavailable},
		{422, `{"error":"unprocessable"}`,
			APIError{StatusCode: 422, Raw: `{"error":"unprocessable"}`}, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			u := newUpstream(t, reply{status: tt.status, body: tt.body})
			c := newTestClient(t, u, WithRetry(0, 0, 0))
			_, err := c.ListPurchasableAdditionalModules(t.Context(), 5001)
			got, ok := errors.AsType[*APIError](err)
			if !ok {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			if *got != tt.want {
				t.Errorf("APIError = %+v, want %+v", *got, tt.want)
			}
			for _, s := range sentinels {
				if got, want := errors.Is(err, s), s == tt.sentinel; got != want {
					t.Errorf("errors.Is(err, %v) = %v, want %v", s, got, want)
				}
			}
			if got, want := TraceID(err), tt.want.TraceID; got != want {
				t.Errorf("TraceID = %q, want %q", got, want)
			}
		})
	}
}

func TestOversizedErrorBodyIsTruncated(t *testing.T) {
	tests := []struct {
		name string
		body string
	}{
		{"html page", "<html>" + strings.Repeat("é", 100_000) + "</html>"},
		{"json past the read limit", `{"errorMessage":"` + strings.Repeat("x", 2*maxErrorBody) + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := newUpstream(t, reply{status: 500, body: tt.body})
			c := newTestClient(t, u)
			_, err := c.ListAdditionalModules(t.Context())
			got, ok := errors.AsType[*APIError](err)
			if !ok {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if n := len(got.Raw); n == 0 || n > maxRawError+len("…") {
				t.Errorf("len(Raw) = %d, want 1..%d", n, maxRawError+len("…"))
			}
			if !strings.HasPrefix(tt.body, strings.TrimSuffix(got.Raw, "…")) {
				t.Errorf("Raw = %q..., want a prefix of the body", got.Raw[:40])
			}
			if !strings.HasSuffix(got.Raw, "…") {
				t.Errorf("Raw does not mark the cut: ...%q", got.Raw[len(got.Raw)-10:])
			}
			if len(err.Error()) > 2*maxRawError {
				t.Errorf("len(Error()) = %d, want bounded", len(err.Error()))
			}
		})
	}
}

func TestCheckResponse(t *testing.T) {
	tests := []struct {
		status int
		body   string
		want   *APIError
	}{
		{200, `garbage is not checkResponse's business`, nil},
		{204, ``, nil},
		{404, `{"errorMessage":"not found","traceId":"abc"}`, &APIError{StatusCode: 404, ErrorMessage: "not found", TraceID: "abc"}},
		{404, `{"errorCode":"error.only.code"}`, &APIError{StatusCode: 404, ErrorCode: "error.only.code"}},
		{404, `{}`, &APIError{StatusCode: 404, Raw: "{}"}},
		{404, `["a"]`, &APIError{StatusCode: 404, Raw: `["a"]`}},
		{400, "bad \xff bytes", &APIError{StatusCode: 400, Raw: "bad \uFFFD bytes"}},
	}
	for _, tt := range tests {
		err := checkResponse(&http.Response{StatusCode: tt.status}, []byte(tt.body))
		if tt.want == nil {
			if err != nil {
				t.Errorf("checkResponse(%d, %q) = %v, want nil", tt.status, tt.body, err)
			}
			continue
		}
		got, ok := err.(*APIError)
		if !ok {
			t.Errorf("checkResponse(%d, %q) = %T, want *APIError", tt.status, tt.body, err)
			continue
		}
		if *got != *tt.want {
			t.Errorf("checkResponse(%d, %q) = %+v, want %+v", tt.status, tt.body, *got, *tt.want)
		}
	}
}

func TestAPIErrorMessage(t *testing.T) {
	tests := []struct {
		err  APIError
		want string
	}{
		{APIError{StatusCode: 404, ErrorMessage: "Contract not found", ErrorCode: "error.not.found", Reference: "contractId", TraceID: "t1"},
			"apiclient: upstream 404 Not Found: Contract not found (code error.not.found) (reference contractId) (trace t1)"},
		{APIError{StatusCode: 502, Raw: "<html>Bad Gateway</html>"},
			`apiclient: upstream 502 Bad Gateway: "<html>Bad Gateway</html>"`},
		{APIError{StatusCode: 503},
			"apiclient: upstream 503 Service Unavailable"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestTraceIDThroughChain(t *testing.T) {
	apiErr := &APIError{StatusCode: 500, TraceID: "trace-42"}
	tests := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("plain"), ""},
		{apiErr, "trace-42"},
		{fmt.Errorf("handler: load modules: %w", apiErr), "trace-42"},
		{errors.Join(errors.New("other"), fmt.Errorf("wrapped: %w", apiErr)), "trace-42"},
	}
	for _, tt := range tests {
		if got := TraceID(tt.err); got != tt.want {
			t.Errorf("TraceID(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestTruncateText(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"abcdefghijkl", 5, "abcde…"},
		{"ab€cd", 3, "ab…"}, // never split the 3-byte €
		{"ab€cd", 5, "ab€…"},
	}
	for _, tt := range tests {
		if got := truncateText(tt.in, tt.n); got != tt.want {
			t.Errorf("truncateText(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestRedactedErrorKeepsChain(t *testing.T) {
	c := &Client{apiKey: testKey}
	inner := fmt.Errorf("proxy said %s: %w", testKey, ErrUnavailable)
	err := c.scrub(inner)
	if strings.Contains(err.Error(), testKey) {
		t.Errorf("Error() = %q, contains the key", err)
	}
	if got, want := err.Error(), "proxy said [REDACTED]: apiclient: upstream unavailable"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, ErrUnavailable) {
		t.Error("scrubbed error lost its chain")
	}
	if c.scrub(nil) != nil {
		t.Error("scrub(nil) != nil")
	}
}

func TestNoResponseSentinel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, "k")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.PurchaseAdditionalModule(context.Background(), 1, AdditionalModuleRequest{AdditionalModuleID: 1, PaymentFrequencyID: 1})
	if !errors.Is(err, ErrNoResponse) {
		t.Errorf("dropped connection err = %v, want ErrNoResponse", err)
	}
	if errors.Is(err, ErrBadResponse) || errors.Is(err, ErrNotFound) {
		t.Errorf("dropped connection matches an answer sentinel: %v", err)
	}
}
