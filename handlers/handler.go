// Package handlers is the portal's HTTP layer: Echo routes, middleware and
// one file per area (auth, modules, booking, my modules, health). Handlers
// read the session, call the studio's upstream through the request's
// upstream view (Handler.up: cached or fresh reads, and the writes), map
// the answers to view models and render templ views. They return errors;
// one error handler turns them into pages a member understands.
package handlers

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/routenames"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/static"
	"github.com/studio-addons/portal/upstream"
	"github.com/studio-addons/portal/views"
)

// Studio is one configured studio (tenant).
type Studio struct {
	Slug string // URL prefix, e.g. "demo"
	// Name is the configured display name; "" means the tenant's own
	// (studio information), and DefaultName while that is not known.
	Name        string
	DefaultName string
	// Product is the studio's membership system as members read it
	// ("Magicline", "PerfectGym Next").
	Product string
	Locale  i18n.Locale
	Client  upstream.API
	// WebhookKey is the key the studio's webhooks carry (not the API key);
	// empty: the studio sends none.
	WebhookKey string
	// Stylesheet, Logo and Favicon are URLs ready for the page (Deps.Assets
	// serves the generated ones). An empty Logo is the tenant's own, else
	// the portal's mark; the others "" are the portal's own.
	Stylesheet, Logo, Favicon string
	Contact                   views.Contact
	Links                     views.Links
	// FrameOrigins are the origins (https://www.studio.example) whose
	// pages may frame the studio's pages, besides the portal itself.
	FrameOrigins []string
	// SSOSecrets sign the studio's single sign-on links: the current one
	// first, the previous one while a rotation is under way. None: the
	// studio has no single sign-on.
	SSOSecrets []string
	// up wraps Client with the read cache and the budgets; every handler
	// reaches the studio through it (Handler.up).
	up *upstream.Studio
	// tenant knows the tenant's own name and logo, for a studio whose
	// configuration leaves either out (nil otherwise).
	tenant *tenantBranding
}

// view is the studio as the layout shows it: configured name and logo
// first, then the tenant's own, then the defaults.
func (s *Studio) view() views.Studio {
	v := views.Studio{
		Slug: s.Slug, Name: s.Name, Product: s.Product,
		Stylesheet: s.Stylesheet, Logo: s.Logo, Favicon: s.Favicon,
		Contact: s.Contact, Links: s.Links,
	}
	if s.Name == "" || s.Logo == "" {
		name, logo := s.tenant.current()
		if v.Name == "" {
			v.Name = name
		}
		if v.Logo == "" {
			v.Logo = logo
		}
	}
	if v.Name == "" {
		v.Name = cmp.Or(s.DefaultName, s.Slug)
	}
	return v
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
	// Assets are the files generated at start (each studio's stylesheet
	// and logo), served under /static/ with the embedded ones.
	Assets *static.Generated

	IdleTimeout     time.Duration // default 30 minutes
	AbsoluteTimeout time.Duration // default 12 hours
	ReadyTTL        time.Duration // how long a readiness check is cached; default 10 s
	// TenantInfoTimeout bounds the read of the studio information (name
	// and logo of studios whose configuration leaves them out) while the
	// handler is built; default 2 s. Negative: not read at start, the
	// first page asks in the background.
	TenantInfoTimeout time.Duration
	// CheckAtStart runs the readiness check (key and scopes) once when the
	// handler is built, in the background, so a missing scope is logged at
	// start rather than at the first probe.
	CheckAtStart bool
	// MyModulesCardTimeout bounds each add-on's own read on My add-ons
	// (default 3 s): a card whose read takes longer shows what the
	// contract's list says and "details unavailable right now".
	MyModulesCardTimeout time.Duration
	// StudioCacheTTL keeps a studio's catalog and cancelation reasons
	// (default 1 minute); ContractCacheTTL a member's contracts and add-on
	// contracts (default 15 s). A negative TTL turns that cache off.
	StudioCacheTTL, ContractCacheTTL time.Duration
	// StudioBudget is the portal's share of each upstream endpoint's limit
	// per minute and studio (default 900 of 1000); MemberBudget one
	// session's and one customer's upstream calls per minute (default 60).
	// Negative turns a budget off.
	StudioBudget, MemberBudget int
	// Metrics receives the portal's measurements; nil discards them.
	Metrics Metrics
	// OnUpstream is given each studio's upstream once it is built (for the
	// budget gauges, the webhook and invalidation wiring).
	OnUpstream func(*upstream.Studio)
	// WebhookQueue bounds the deliveries waiting to be applied (default
	// 256); a full queue answers 503.
	WebhookQueue int
	// Context ends the background work (webhook workers); nil: never.
	Context context.Context
	// InFlight keeps the write requests under way, for the server's
	// shutdown to record those its grace could not wait for.
	InFlight *InFlight

	Logger      *slog.Logger
	Now         func() time.Time
	Revocations Revoker
	// Failed logins are counted three ways. Throttle counts them per member
	// number and client address together, tightly: someone typing wrong
	// birth dates locks out their own attempts, not the member's at home.
	// AddressThrottle counts per address, with a much higher limit because
	// a studio's Wi-Fi or the site framing the portal puts many members
	// behind one address. NumberThrottle counts per member number over a
	// longer window, loosely, against guessing from many addresses.
	Throttle        LoginThrottle
	AddressThrottle LoginThrottle
	NumberThrottle  LoginThrottle
	Tokens          BookingTokens
	// Receipts keeps the members' receipts (ReceiptTTL).
	Receipts Receipts
	// BookingBudget bounds one booking request, its purchase and
	// reconciliation included (default DefaultBookingBudget).
	BookingBudget time.Duration
	// Limiter (upstream budgets), Once (SSO nonces, webhook dedupe) and Bus
	// (cache invalidation) are shared like the stores above.
	Limiter Limiter
	Once    Once
	Bus     Bus
}

// The state the portal instances share, each behind the methods its users
// call. Package state has the in-memory implementations (one process),
// package redisstate the shared ones. A shared store can fail: its errors
// wrap state.ErrUnavailable, which the error handler shows as the
// 'temporarily unavailable' page, so what protects money or sessions fails
// closed.
type (
	// Revoker remembers logged-out sessions until their cookie expires anyway.
	Revoker interface {
		Revoke(ctx context.Context, sid string, until time.Time) error
		IsRevoked(ctx context.Context, sid string) (bool, error)
	}
	// LoginThrottle counts failed logins per key (member number, address);
	// one instance is one limit and window.
	LoginThrottle interface {
		Blocked(ctx context.Context, key string) (bool, time.Duration, error)
		Fail(ctx context.Context, key string) error
		Reset(ctx context.Context, key string) error
	}
	// BookingTokens are the one-time tokens that make a booking happen once.
	BookingTokens interface {
		Issue(ctx context.Context, b state.Booking) (string, error)
		// Claim moves an issued token to claimed, for exactly one caller
		// (first). While another token of the same add-on on the same
		// studio's contract is pending, it refuses with
		// state.ErrBookingPending: two summaries of one add-on (two tabs,
		// two devices) never purchase at once.
		Claim(ctx context.Context, token, sessionID string) (state.Booking, bool, error)
		Get(ctx context.Context, token, sessionID string) (state.Booking, error)
		// Transition is compare-and-set: it moves the token only if it is
		// in from, so a late writer never overwrites a settled outcome.
		Transition(ctx context.Context, token string, from, to state.BookingStatus, moduleContractID int64, outcome string) (bool, error)
		// Pending finds the booking of a module on a studio's contract whose
		// outcome is not known yet (claimed or uncertain), from any session;
		// ok is false when there is none. Contract and module ids repeat
		// between studios, so the studio is part of the question.
		Pending(ctx context.Context, studio string, contractID, moduleID int64) (token string, b state.Booking, ok bool, err error)
	}
	// Receipts are the members' records of their bookings, cancelations
	// and withdrawals. Get and ForModuleContract answer only the receipt's
	// own customer at its studio (customer ids repeat between studios):
	// anyone else's id is state.ErrUnknownReceipt, as is an expired one.
	// ForModuleContract lists the most recent first.
	Receipts interface {
		Add(ctx context.Context, r state.Receipt) error
		Get(ctx context.Context, studio string, customerID int64, id string) (state.Receipt, error)
		ForModuleContract(ctx context.Context, studio string, customerID, moduleContractID int64) ([]state.Receipt, error)
	}
	// Limiter keeps budgets of events per key (a studio's endpoint, a
	// member) in fixed windows aligned to their length: Take records one
	// event if the key is under limit in the current window; retryIn is
	// when the next event would be allowed.
	Limiter interface {
		Take(ctx context.Context, key string, limit int, window time.Duration) (ok bool, retryIn time.Duration, err error)
	}
	// Once tells the first sighting of a key within ttl from later ones
	// (SSO nonces, webhook deliveries).
	Once interface {
		First(ctx context.Context, key string, ttl time.Duration) (bool, error)
	}
	// Bus broadcasts messages (cache invalidations) to every instance,
	// this one included. Subscribe returns once subscribed and calls fn
	// until ctx ends.
	Bus interface {
		Publish(ctx context.Context, topic string, msg []byte) error
		Subscribe(ctx context.Context, topic string, fn func(msg []byte)) error
	}
)

// Limits of the shared state, also used by the wiring that builds the
// shared stores.
const (
	// MemberLoginFailures failed logins per member number from one client
	// address, and AddressLoginFailures per address (a studio's Wi-Fi puts
	// many members behind one), lock logins out for LoginWindow;
	// NumberLoginFailures per member number from anywhere lock that number
	// out for NumberLoginWindow.
	MemberLoginFailures  = 5
	AddressLoginFailures = 50
	LoginWindow          = 15 * time.Minute
	NumberLoginFailures  = 20
	NumberLoginWindow    = 24 * time.Hour
	// BookingOutcomeTTL is how long a claimed booking token and its outcome
	// page are kept.
	BookingOutcomeTTL = 24 * time.Hour
	// ReceiptTTL is how long a receipt is kept: long enough to print it or
	// come back to it after the first statement, short enough that the
	// portal does not become a record keeper (the studio's system is).
	ReceiptTTL = 90 * 24 * time.Hour
	// DefaultBookingBudget bounds a booking request: the price check, the
	// purchase and, when its answer is lost, the reconciliation. It stays
	// well below the server's write timeout (app.WriteTimeout, 45 s), so
	// past it the member gets the honest 'not confirmed yet' page rather
	// than a cut connection.
	DefaultBookingBudget = 30 * time.Second
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
	webhooks chan webhookJob
	// instance tells this instance's cache invalidations from others'.
	instance string
	// framed: some studio may be framed by its website, so cookies are
	// made for a cross-site frame (cookieOptions).
	framed bool
	// paths builds the studio pages' paths from their route names (read
	// from the route table once it is registered).
	paths *routenames.Paths
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
	if h.paths, err = routePaths(e); err != nil {
		return nil, err
	}
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
	d.Tokens = trackedTokens{BookingTokens: d.Tokens, metrics: d.Metrics}
	h := &Handler{deps: d, studios: map[string]*Studio{}, log: d.Logger, now: d.Now, instance: state.NewID()}
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
		s.up = upstream.New(s.Slug, s.Client, upstream.Config{
			StudioTTL: d.StudioCacheTTL, ContractTTL: d.ContractCacheTTL,
			StudioBudget: d.StudioBudget, MemberBudget: d.MemberBudget,
			Limiter: d.Limiter, Observer: d.Metrics, OnInvalidate: h.publishInvalidations(s.Slug),
			Now: d.Now, Logger: d.Logger.With(slog.String("studio", s.Slug)),
		})
		if d.OnUpstream != nil {
			d.OnUpstream(s.up)
		}
		if s.Name == "" || s.Logo == "" {
			s.tenant = newTenantBranding(s.up, d.Now, d.Logger)
		}
		h.studios[s.Slug] = s
		h.order = append(h.order, s)
		h.framed = h.framed || len(s.FrameOrigins) > 0
	}
	h.primeTenants()
	h.subscribeInvalidations()
	h.sessions = newCookieStore(d)
	h.ready = newReadiness(h.order, d.ReadyTTL, d.Now, d.Logger)
	if d.CheckAtStart {
		go h.ready.check(context.Background())
	}
	h.webhooks = make(chan webhookJob, d.WebhookQueue)
	for range webhookWorkers {
		go h.runWebhooks(d.Context)
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
	if d.TenantInfoTimeout == 0 {
		d.TenantInfoTimeout = 2 * time.Second
	}
	if d.ReadyTTL == 0 {
		d.ReadyTTL = 10 * time.Second
	}
	if d.MyModulesCardTimeout <= 0 {
		d.MyModulesCardTimeout = 3 * time.Second
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Metrics == nil {
		d.Metrics = noMetrics{}
	}
	if d.WebhookQueue <= 0 {
		d.WebhookQueue = 256
	}
	if d.Context == nil {
		d.Context = context.Background()
	}
	if d.InFlight == nil {
		d.InFlight = NewInFlight()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Revocations == nil {
		d.Revocations = state.NewRevocations(d.Now)
	}
	if d.Throttle == nil {
		d.Throttle = state.NewThrottle(MemberLoginFailures, LoginWindow, d.Now)
	}
	if d.AddressThrottle == nil {
		d.AddressThrottle = state.NewThrottle(AddressLoginFailures, LoginWindow, d.Now)
	}
	if d.NumberThrottle == nil {
		d.NumberThrottle = state.NewThrottle(NumberLoginFailures, NumberLoginWindow, d.Now)
	}
	if d.Tokens == nil {
		d.Tokens = state.NewTokens(BookingOutcomeTTL, d.Now)
	}
	if d.Receipts == nil {
		d.Receipts = state.NewReceipts(ReceiptTTL, d.Now)
	}
	if d.BookingBudget <= 0 {
		d.BookingBudget = DefaultBookingBudget
	}
	if d.Limiter == nil {
		d.Limiter = state.NewLimiter(d.Now)
	}
	if d.Once == nil {
		d.Once = state.NewOnce(d.Now)
	}
	if d.Bus == nil {
		d.Bus = state.NewBus()
	}
}
