// Package apiclient is a typed client for the subset of the Magicline Open API
// the portal uses: additional modules, their contracts, customers and
// contracts. One Client per studio; every method takes a context first and
// returns upstream failures as *APIError, which matches the package's
// sentinels through errors.Is.
package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const (
	defaultTimeout    = 10 * time.Second
	defaultUserAgent  = "studio-addons-portal/1.0"
	defaultMaxRetries = 3
	defaultBaseDelay  = 100 * time.Millisecond
	defaultMaxDelay   = 2 * time.Second

	// Bodies are read with a limit so a misbehaving upstream or proxy cannot
	// make the portal buffer without bound; error bodies only feed a message.
	maxSuccessBody = 4 << 20
	maxErrorBody   = 64 << 10
)

// Client calls one studio's Open API with that studio's key. It is safe for
// concurrent use.
type Client struct {
	baseURL    *url.URL
	apiKey     string
	httpClient *http.Client
	timeout    time.Duration
	userAgent  string
	retry      retryPolicy
	sleep      func(ctx context.Context, d time.Duration) error
	now        func() time.Time
	logger     *slog.Logger
	blocks     blocks // endpoints answered 429 this minute
}

// Option configures a Client in NewClient.
type Option func(*Client)

// WithHTTPClient makes the Client send through hc (e.g. with a custom
// transport). If hc follows redirects by default, the Client's copy does not:
// the key is a custom header that net/http would forward to another host.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithTimeout bounds every method call, retries and waits included
// (default 10s); d <= 0 leaves only the caller's context in charge.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) { c.timeout = d }
}

// WithUserAgent sets the User-Agent header (default "studio-addons-portal/1.0").
func WithUserAgent(ua string) Option {
	return func(c *Client) {
		if ua != "" {
			c.userAgent = ua
		}
	}
}

// WithRetry sets how often GET and HEAD calls are retried and the bounds of
// the backoff between attempts (defaults 3, 100ms, 2s). maxRetries 0 turns
// retries off; negative values count as 0 and a maxDelay below baseDelay is
// raised to it.
func WithRetry(maxRetries int, baseDelay, maxDelay time.Duration) Option {
	return func(c *Client) {
		c.retry = retryPolicy{
			maxRetries: max(maxRetries, 0),
			baseDelay:  max(baseDelay, 0),
			maxDelay:   max(maxDelay, baseDelay, 0),
		}
	}
}

// WithSleep replaces the wait between retries; tests use it to record the
// delays without sleeping. sleep must return ctx.Err() once ctx is done.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) {
		if sleep != nil {
			c.sleep = sleep
		}
	}
}

// WithClock replaces the clock that dates rate-limit blocks and
// Retry-After; tests use it to move through a minute without waiting.
func WithClock(now func() time.Time) Option {
	return func(c *Client) {
		if now != nil {
			c.now = now
		}
	}
}

// WithLogger sets the logger for the per-call Debug lines (default: discard).
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) {
		if l != nil {
			c.logger = l
		}
	}
}

// NewClient returns a Client for the tenant at baseURL (absolute http or
// https, e.g. "https://demo.open-api.magicline.com"; a path prefix is kept
// and the API paths are joined onto it) authenticating with apiKey.
func NewClient(baseURL, apiKey string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		// The *url.Error would repeat the URL, credentials included.
		if ue, ok := errors.AsType[*url.Error](err); ok {
			err = ue.Err
		}
		return nil, fmt.Errorf("apiclient: invalid base URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("apiclient: base URL %q must be an absolute http or https URL", u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("apiclient: base URL %q must not have credentials, query or fragment", u.Redacted())
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	if err := checkAPIKey(apiKey); err != nil {
		return nil, err
	}
	c := &Client{
		baseURL:   u,
		apiKey:    apiKey,
		timeout:   defaultTimeout,
		userAgent: defaultUserAgent,
		retry:     retryPolicy{maxRetries: defaultMaxRetries, baseDelay: defaultBaseDelay, maxDelay: defaultMaxDelay},
		sleep:     sleepContext,
		now:       time.Now,
		logger:    slog.New(slog.DiscardHandler),
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.httpClient == nil {
		c.httpClient = &http.Client{Transport: defaultTransport()}
	}
	hc := *c.httpClient // a copy: never change the caller's client
	if hc.CheckRedirect == nil {
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	c.httpClient = &hc
	return c, nil
}

// checkAPIKey rejects an empty key and one that cannot be a header value;
// the message never repeats the key.
func checkAPIKey(key string) error {
	if key == "" {
		return fmt.Errorf("%w: empty API key", ErrInvalidArgument)
	}
	for i := range len(key) {
		if key[i] <= ' ' || key[i] >= 0x7f {
			return fmt.Errorf("%w: API key has a character not allowed in a header at byte %d", ErrInvalidArgument, i)
		}
	}
	return nil
}

// defaultTransport clones http.DefaultTransport with room for the parallel
// reads of one page (one GET per module contract) to reuse connections.
func defaultTransport() *http.Transport {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok { // replaced by someone else's wrapper: start from net/http's defaults
		base = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t := base.Clone()
	t.MaxIdleConnsPerHost = 32
	t.MaxIdleConns = max(t.MaxIdleConns, 128)
	return t
}

// do sends one call to endpoint ep (with retries for GET/HEAD), checks the
// response and decodes a success body into out (if out is non-nil). path is
// ep's template filled in, relative to the base URL; query may be nil;
// body, if non-nil, is sent as JSON. An endpoint the upstream answered 429
// within its minute is answered at once, without a request (see
// RateLimitError).
func (c *Client) do(ctx context.Context, ep Endpoint, path string, query url.Values, body, out any) error {
	method := ep.Method()
	if err := c.blocks.check(ep, c.now()); err != nil {
		return err
	}
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("apiclient: %s %s: encode request: %w", method, path, err)
		}
	}
	u := *c.baseURL
	u.Path += path
	u.RawQuery = query.Encode()
	for attempt := 1; ; attempt++ {
		req, err := c.newRequest(ctx, method, u.String(), payload)
		if err != nil {
			return fmt.Errorf("apiclient: %s %s: %w", method, path, err)
		}
		resp, data, err := c.send(req, path, attempt)
		retry, reason := shouldRetry(req, resp, err)
		d := c.retry.delay(attempt-1, resp, c.now())
		// A wait that would outlast the caller's deadline only turns the
		// upstream's answer (a 503 with its traceId, say) into a bare timeout.
		if dl, ok := ctx.Deadline(); ok && retry && time.Until(dl) <= d {
			retry = false
		}
		// An upstream that asks for a longer pause than we would wait is
		// answered now, with its traceId, instead of after pointless retries.
		if resp != nil && retry {
			if ra, ok := retryAfter(resp.Header.Get("Retry-After"), c.now()); ok && ra > c.retry.maxDelay {
				retry = false
			}
		}
		if !retry || attempt > c.retry.maxRetries {
			err := c.result(method, path, resp, data, err, out)
			if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
				err = c.blocks.block(ep, resp, c.now(), err)
			}
			return c.scrub(err)
		}
		c.logger.LogAttrs(ctx, slog.LevelDebug, "apiclient: retrying",
			slog.String("method", method), slog.String("path", path),
			slog.Int("attempt", attempt), slog.String("reason", reason), slog.Duration("delay", d))
		if err := c.sleep(ctx, d); err != nil {
			return c.scrub(fmt.Errorf("apiclient: %s %s: stopped retrying after %d attempts (%s): %w", method, path, attempt, reason, err))
		}
	}
}

// newRequest builds one attempt's request; each attempt gets a fresh body reader.
func (c *Client) newRequest(ctx context.Context, method, rawURL string, payload []byte) (*http.Request, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-API-KEY", c.apiKey)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if lang := languageFrom(ctx); lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// send makes one attempt, reads the (size-limited) body and logs the attempt
// by path only: the query may hold a member's lookup value.
func (c *Client) send(req *http.Request, path string, attempt int) (*http.Response, []byte, error) {
	start := time.Now()
	resp, err := c.httpClient.Do(req)
	var data []byte
	if err == nil {
		data, err = readBody(resp)
	}
	if c.logger.Enabled(req.Context(), slog.LevelDebug) {
		attrs := []slog.Attr{
			slog.String("method", req.Method), slog.String("path", path),
			slog.Int("attempt", attempt), slog.Duration("duration", time.Since(start)),
		}
		if resp != nil {
			attrs = append(attrs, slog.Int("status", resp.StatusCode))
		}
		if err != nil {
			attrs = append(attrs, slog.String("error", c.scrub(transportError(req.Method, path, err)).Error()))
		}
		c.logger.LogAttrs(req.Context(), slog.LevelDebug, "apiclient: call", attrs...)
	}
	return resp, data, err
}

// readBody reads and closes the body. An error body is cut at maxErrorBody
// (it only feeds a message); a success body is read one byte past
// maxSuccessBody so result can refuse it rather than decode it truncated.
func readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	limit := int64(maxErrorBody)
	if isSuccess(resp) {
		limit = maxSuccessBody + 1
	}
	return io.ReadAll(io.LimitReader(resp.Body, limit))
}

func isSuccess(resp *http.Response) bool { return resp.StatusCode >= 200 && resp.StatusCode < 300 }

var errBodyTooLarge = fmt.Errorf("response body exceeds %d bytes", maxSuccessBody)

// result turns the last attempt into the method's error (nil on success,
// with out decoded).
func (c *Client) result(method, path string, resp *http.Response, data []byte, err error, out any) error {
	if err != nil {
		if resp != nil && isSuccess(resp) {
			// The status arrived but the body did not (cut connection).
			return &DecodeError{Method: method, Path: path, StatusCode: resp.StatusCode, Err: err}
		}
		return transportError(method, path, err)
	}
	if err := checkResponse(resp, data); err != nil {
		c.scrubAPIError(err)
		return err
	}
	if len(data) > maxSuccessBody {
		return &DecodeError{Method: method, Path: path, StatusCode: resp.StatusCode, Err: errBodyTooLarge}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &DecodeError{Method: method, Path: path, StatusCode: resp.StatusCode, Err: err}
	}
	return nil
}

// transportError wraps a failure to get a response. The *url.Error layer is
// dropped because it prints the full URL, whose query may hold a member's
// lookup value (a PIN, a card number); the cause stays in the chain, so
// errors.Is(err, context.DeadlineExceeded) still works.
func transportError(method, path string, err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		err = ue.Err
	}
	return fmt.Errorf("apiclient: %s %s: %w: %w", method, path, ErrNoResponse, err)
}

// scrub guarantees that the API key is in no error text, even if the
// upstream or a proxy echoes it back in an error body.
func (c *Client) scrub(err error) error {
	if err == nil {
		return nil
	}
	if msg := err.Error(); strings.Contains(msg, c.apiKey) {
		return &redactedError{msg: strings.ReplaceAll(msg, c.apiKey, redacted), err: err}
	}
	return err
}

// scrubAPIError removes the key from a freshly built *APIError's fields.
// It runs once, where the error is made and owned by this call: an error
// can later travel into another call's chain (errgroup cancels siblings with
// the first error as cause), so it must never be changed after it escaped.
func (c *Client) scrubAPIError(err error) {
	if apiErr, ok := errors.AsType[*APIError](err); ok {
		for _, f := range []*string{&apiErr.ErrorMessage, &apiErr.ErrorCode, &apiErr.TraceID, &apiErr.Reference, &apiErr.Raw} {
			*f = strings.ReplaceAll(*f, c.apiKey, redacted)
		}
	}
}

const redacted = "[REDACTED]"

// redactedError carries a scrubbed message while keeping the chain for
// errors.Is and errors.As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
