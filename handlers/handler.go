// Package handlers is the portal's HTTP layer: Echo routes, middleware and
// one file per area (auth, modules, booking, my modules, health). Handlers
// read the session, call the studio's upstream through the Upstream
// interface, map the answers to view models and render templ views. They
// return errors; one error handler turns them into pages a member understands.
package handlers

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/state"
)

// Upstream is the part of a studio's Open API the portal uses
// (*apiclient.Client implements it).
type Upstream interface {
	CheckKey(ctx context.Context) error
	CheckScopes(ctx context.Context, scopes ...apiclient.Scope) ([]apiclient.Scope, error)
	GetCustomerByNumber(ctx context.Context, number string) (*apiclient.Customer, error)
	ListContracts(ctx context.Context, customerID int64, status apiclient.ContractStatus) ([]apiclient.Contract, error)
	ListAdditionalModules(ctx context.Context) ([]apiclient.AdditionalModule, error)
	ListPurchasableAdditionalModules(ctx context.Context, contractID int64) ([]apiclient.AdditionalModule, error)
	ValidateAdditionalModule(ctx context.Context, contractID int64, req apiclient.AdditionalModuleRequest) (*apiclient.ValidationResult, error)
	PurchaseAdditionalModule(ctx context.Context, contractID int64, req apiclient.AdditionalModuleRequest) (*apiclient.PurchaseResult, error)
	GetAdditionalModuleContract(ctx context.Context, contractID, moduleContractID int64) (*apiclient.AdditionalModuleContract, error)
	CancelAdditionalModuleContract(ctx context.Context, contractID, moduleContractID int64, req apiclient.CancelationRequest) (*apiclient.SuccessResponse, error)
	WithdrawAdditionalModuleCancelation(ctx context.Context, contractID, moduleContractID int64) (*apiclient.SuccessResponse, error)
	ListCancelationReasons(ctx context.Context) ([]apiclient.CancelationReason, error)
}

// Studio is one configured studio (tenant).
type Studio struct {
	Slug   string // URL prefix, e.g. "demo"
	Name   string // display name
	Locale i18n.Locale
	Client Upstream
}

// Deps is everything the handlers need. Zero durations and nil stores get
// sensible defaults in New.
type Deps struct {
	Studios []Studio
	// SessionHashKey (32 or 64 bytes) authenticates and SessionBlockKey (32
	// bytes) encrypts the session cookie; CSRFKey signs form tokens.
	SessionHashKey, SessionBlockKey, CSRFKey []byte
	// Secure marks cookies Secure and sends HSTS; off only for local plain-http
	// development.
	Secure bool
	// TrustProxy takes the client address from X-Forwarded-For (only behind
	// a proxy that sets it).
	TrustProxy bool
	// ImageOrigins are extra origins the CSP allows images from (the
	// sandbox's; real tenants' images are https and allowed anyway).
	ImageOrigins []string

	IdleTimeout     time.Duration // default 30 minutes
	AbsoluteTimeout time.Duration // default 12 hours
	ReadyTTL        time.Duration // how long a readiness check is cached; default 10 s
	// CheckAtStart runs the readiness check (key and scopes) once when the
	// handler is built, in the background, so a missing scope is logged at
	// start rather than at the first probe.
	CheckAtStart bool
	// MyModulesParallelism bounds the concurrent upstream reads of My modules.
	MyModulesParallelism int
	// StudioCacheTTL keeps a studio's catalog and cancelation reasons
	// (default 1 minute); ContractCacheTTL a member's contracts and add-on
	// contracts (default 15 s). A negative TTL turns the cache off.
	StudioCacheTTL, ContractCacheTTL time.Duration

	Logger      *slog.Logger
	Now         func() time.Time
	Revocations Revoker
	// Throttle counts failed logins per member number; AddressThrottle per
	// client address, with a much higher limit because a studio's Wi-Fi or
	// the site framing the portal puts many members behind one address.
	Throttle        LoginThrottle
	AddressThrottle LoginThrottle
	Tokens          BookingTokens
}

// The state the portal instances would share once there are several of
// them, each behind the methods the handlers use; package state has the
// in-memory implementations, a shared store (Redis) can implement them later.
type (
	// Revoker remembers logged-out sessions until their cookie expires anyway.
	Revoker interface {
		Revoke(sid string, until time.Time)
		IsRevoked(sid string) bool
	}
	// LoginThrottle counts failed logins per key (member number, address).
	LoginThrottle interface {
		Blocked(key string) (bool, time.Duration)
		Fail(key string)
		Reset(key string)
	}
	// BookingTokens are the one-time tokens that make a booking happen once.
	BookingTokens interface {
		Issue(b state.Booking) string
		Claim(token, sessionID string) (state.Booking, bool, error)
		Get(token, sessionID string) (state.Booking, error)
		// Transition is compare-and-set: it moves the token only if it is
		// in from, so a late writer never overwrites a settled outcome.
		Transition(token string, from, to state.BookingStatus, moduleContractID int64, outcome string) bool
	}
)

// Handler holds the dependencies of every route.
type Handler struct {
	deps     Deps
	studios  map[string]*Studio
	order    []*Studio
	log      *slog.Logger
	now      func() time.Time
	sessions *sessions.CookieStore
	ready    *readiness
}

// New builds the portal's Echo instance with every route and middleware.
func New(d Deps) (*echo.Echo, error) {
	h, err := newHandler(d)
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = h.handleError
	e.IPExtractor = echo.ExtractIPDirect()
	if d.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	}
	h.routes(e)
	return e, nil
}

func newHandler(d Deps) (*Handler, error) {
	if len(d.Studios) == 0 {
		return nil, errors.New("handlers: no studio configured")
	}
	if len(d.SessionHashKey) < 32 || len(d.SessionBlockKey) != 32 || len(d.CSRFKey) < 32 {
		return nil, errors.New("handlers: session keys must be 32+ (hash), 32 (block) and 32+ (csrf) bytes")
	}
	setDefaults(&d)
	h := &Handler{deps: d, studios: map[string]*Studio{}, log: d.Logger, now: d.Now}
	for i := range d.Studios {
		s := &d.Studios[i]
		if s.Slug == "" || s.Client == nil {
			return nil, errors.New("handlers: a studio needs a slug and a client")
		}
		if _, dup := h.studios[s.Slug]; dup {
			return nil, errors.New("handlers: duplicate studio " + s.Slug)
		}
		if s.Locale == "" {
			s.Locale = i18n.Default
		}
		if d.StudioCacheTTL > 0 && d.ContractCacheTTL > 0 {
			s.Client = newCachedUpstream(s.Client, d.StudioCacheTTL, d.ContractCacheTTL, d.Now)
		}
		h.studios[s.Slug] = s
		h.order = append(h.order, s)
	}
	h.sessions = newCookieStore(d)
	h.ready = newReadiness(h.order, d.ReadyTTL, d.Now, d.Logger)
	if d.CheckAtStart {
		go h.ready.check(context.Background())
	}
	return h, nil
}

func setDefaults(d *Deps) {
	if d.IdleTimeout == 0 {
		d.IdleTimeout = 30 * time.Minute
	}
	if d.AbsoluteTimeout == 0 {
		d.AbsoluteTimeout = 12 * time.Hour
	}
	if d.ReadyTTL == 0 {
		d.ReadyTTL = 10 * time.Second
	}
	if d.StudioCacheTTL == 0 {
		d.StudioCacheTTL = time.Minute
	}
	if d.ContractCacheTTL == 0 {
		d.ContractCacheTTL = 15 * time.Second
	}
	if d.MyModulesParallelism <= 0 {
		d.MyModulesParallelism = 8
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Revocations == nil {
		d.Revocations = state.NewRevocations(d.Now)
	}
	if d.Throttle == nil {
		d.Throttle = state.NewThrottle(5, 15*time.Minute, d.Now)
	}
	if d.AddressThrottle == nil {
		d.AddressThrottle = state.NewThrottle(50, 15*time.Minute, d.Now)
	}
	if d.Tokens == nil {
		d.Tokens = state.NewTokens(24*time.Hour, d.Now)
	}
}
