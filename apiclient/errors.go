package apiclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Sentinels that *APIError and *DecodeError match through errors.Is, so
// callers branch on the kind of failure without inspecting status codes.
var (
	// ErrBadRequest matches a 400: the upstream rejected the request's content.
	ErrBadRequest = errors.New("apiclient: bad request")
	// ErrUnauthorized matches 401 (missing or invalid key) and 403 (key
	// without the needed scope): both are the studio's configuration, not the member's.
	ErrUnauthorized = errors.New("apiclient: unauthorized")
	// ErrNotFound matches a 404.
	ErrNotFound = errors.New("apiclient: not found")
	// ErrConflict matches a 409.
	ErrConflict = errors.New("apiclient: conflict")
	// ErrRateLimited matches a 429.
	ErrRateLimited = errors.New("apiclient: rate limited")
	// ErrUnavailable matches 500, 502, 503 and 504: the upstream failed, try later.
	ErrUnavailable = errors.New("apiclient: upstream unavailable")
	// ErrBadResponse matches a success response whose body could not be read
	// or decoded (garbage, truncated, oversized, inexact money).
	ErrBadResponse = errors.New("apiclient: bad response from upstream")
	// ErrNoResponse matches a call that got no HTTP answer at all (connection
	// refused or dropped, timeout): for a POST the write may or may not have
	// happened, so callers reconcile instead of assuming either.
	ErrNoResponse = errors.New("apiclient: no response from upstream")
	// ErrInvalidArgument matches an argument rejected locally, before any request.
	ErrInvalidArgument = errors.New("apiclient: invalid argument")
)

// maxRawError bounds APIError.Raw so a proxy's HTML page does not end up in
// logs in full.
const maxRawError = 1024

// APIError is an error response of the upstream (any status outside 2xx).
// Its fields come from the documented error body; Raw keeps the (truncated)
// body text when it is not that JSON shape, e.g. a proxy's HTML page.
type APIError struct {
	StatusCode   int
	ErrorMessage string
	ErrorCode    string
	TraceID      string
	Reference    string
	Raw          string
}

// Error renders status, message, code, reference and trace id. It is built
// only from the response, which never carries the API key (and the client
// scrubs the key from the fields anyway).
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "apiclient: upstream %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	switch {
	case e.ErrorMessage != "":
		b.WriteString(": " + e.ErrorMessage)
	case e.Raw != "":
		fmt.Fprintf(&b, ": %q", e.Raw)
	}
	if e.ErrorCode != "" {
		b.WriteString(" (code " + e.ErrorCode + ")")
	}
	if e.Reference != "" {
		b.WriteString(" (reference " + e.Reference + ")")
	}
	if e.TraceID != "" {
		b.WriteString(" (trace " + e.TraceID + ")")
	}
	return b.String()
}

// Is maps the status code onto the package's sentinels.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrUnavailable:
		switch e.StatusCode {
		case http.StatusInternalServerError, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
	}
	return false
}

// TraceID returns the upstream traceId of the *APIError anywhere in err's
// chain, or "" when there is none; handlers show it as a support reference.
func TraceID(err error) string {
	if e, ok := errors.AsType[*APIError](err); ok {
		return e.TraceID
	}
	return ""
}

// DecodeError reports a success response whose body could not be read or
// decoded into the expected type. Its message names the call and the cause,
// never the body itself.
type DecodeError struct {
	Method     string
	Path       string
	StatusCode int
	Err        error
}

// Error describes the failed decode.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("apiclient: %s %s: undecodable %d response: %v", e.Method, e.Path, e.StatusCode, e.Err)
}

// Unwrap returns the cause (e.g. a *json.SyntaxError or ErrInexactAmount).
func (e *DecodeError) Unwrap() error { return e.Err }

// Is makes every DecodeError match ErrBadResponse.
func (e *DecodeError) Is(target error) bool { return target == ErrBadResponse }

// checkResponse returns nil for a 2xx response and an *APIError otherwise,
// filled from the documented error body or, when the body is not that JSON,
// with the body's text in Raw. body is the already size-limited body.
func checkResponse(resp *http.Response, body []byte) error {
	if isSuccess(resp) {
		return nil
	}
	apiErr := &APIError{StatusCode: resp.StatusCode}
	var eb ErrorBody
	if err := json.Unmarshal(body, &eb); err == nil && (eb.ErrorMessage != "" || eb.ErrorCode != "" || eb.TraceID != "") {
		apiErr.ErrorMessage = eb.ErrorMessage
		apiErr.ErrorCode = eb.ErrorCode
		apiErr.TraceID = eb.TraceID
		apiErr.Reference = eb.Reference
		return apiErr
	}
	apiErr.Raw = truncateText(strings.TrimSpace(string(body)), maxRawError)
	return apiErr
}

// truncateText cuts s to at most n bytes without splitting a UTF-8 sequence,
// marking the cut, and replaces invalid bytes so logs stay readable.
func truncateText(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
