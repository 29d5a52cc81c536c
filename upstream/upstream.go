// Package upstream is the portal's one door to a studio's Open API. It wraps
// the studio's apiclient.Client with two things the studio's shared rate
// limit (1000 requests per endpoint and minute, for every member and every
// other integration of the studio) makes necessary:
//
//   - A read cache. Studio-wide data (catalog, cancelation reasons, studio
//     information) is kept longer than a member's contract data and is
//     refreshed in the background before it expires, so no member waits for
//     it. Concurrent misses of one key share one upstream call. The portal's
//     own writes invalidate what they change, as do webhooks.
//   - Budgets. Every upstream call, read or write, first takes one unit of
//     the studio's budget for that endpoint (default 900 a minute, below the
//     upstream's 1000) and of the caller's fair share (default 60 a minute
//     per session and per customer). When the studio's budget or an upstream
//     429 says no, a read answers from what the cache still has (stale, and
//     the View remembers since when); without anything cached it fails with
//     a *BudgetError the handlers turn into a calm "busy" page. A member over
//     their share gets a "slow down" page and causes no upstream call.
//
// Callers choose freshness explicitly: View.Cached reads may answer from the
// cache, View.Fresh reads always ask the studio (the purchase path, whose
// price and add-on list must not be stale). Nothing is switched by a context
// value.
package upstream

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/state"
)

// API is the part of a studio's Open API the portal uses; *apiclient.Client
// implements it.
type API interface {
	CheckKey(ctx context.Context) error
	CheckScopes(ctx context.Context, scopes ...apiclient.Scope) ([]apiclient.Scope, error)
	GetCustomerByNumber(ctx context.Context, number string) (*apiclient.Customer, error)
	GetCustomer(ctx context.Context, customerID int64) (*apiclient.Customer, error)
	GetStudioInformation(ctx context.Context) (*apiclient.StudioInformation, error)
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

// Limiter counts events per key within a window; package state has an
// in-memory and a Redis implementation (shared between portal instances).
type Limiter interface {
	// Take records one event for key if it is under limit within window;
	// retryIn says when the next one would be allowed.
	Take(ctx context.Context, key string, limit int, window time.Duration) (ok bool, retryIn time.Duration, err error)
}

// Config tunes a Studio. Zero values get the defaults; a negative TTL or
// budget turns that part off.
type Config struct {
	// StudioTTL keeps studio-wide data (default 1 minute); it is refreshed
	// in the background once RefreshAfter of it has passed (default half).
	StudioTTL    time.Duration
	RefreshAfter float64
	// ContractTTL keeps a member's contracts, add-on contracts and
	// validation answers (default 15 s).
	ContractTTL time.Duration
	// MaxStale is how long an expired entry may still answer when the
	// budget or the studio says no (default 15 minutes).
	MaxStale time.Duration
	// StudioBudget is the portal's share of the studio's per-endpoint limit
	// per Window (default 900 of the documented 1000).
	StudioBudget int
	// MemberBudget is one session's (and one customer's) share per Window
	// (default 60).
	MemberBudget int
	// Window is the budgets' window (default 1 minute, the upstream's).
	Window time.Duration
	// Limiter keeps the budgets; nil keeps them in this process.
	Limiter Limiter
	// OnInvalidate is told about every invalidation this instance makes
	// (its own writes, webhooks), to pass it on to the other instances.
	OnInvalidate func(Invalidation)
	// Observer is told about every call, cache answer and budget refusal
	// (metrics); nil tells nobody.
	Observer Observer
	Now      func() time.Time
	Logger   *slog.Logger
}

// Observer watches a studio's upstream traffic.
type Observer interface {
	// Call is one upstream call of an endpoint: its outcome ("200", "429",
	// "503", "no-response", "bad-response", ...) and how long it took.
	Call(studio, endpoint, outcome string, d time.Duration)
	// Cache is one cached read: "hit", "miss" or "stale".
	Cache(studio, kind, result string)
	// Refused is a call a budget held back: "studio" or "member".
	Refused(studio, endpoint, budget string)
}

type noObserver struct{}

func (noObserver) Call(string, string, string, time.Duration) {}
func (noObserver) Cache(string, string, string)               {}
func (noObserver) Refused(string, string, string)             {}

const (
	defaultStudioTTL    = time.Minute
	defaultContractTTL  = 15 * time.Second
	defaultRefreshAfter = 0.5
	defaultMaxStale     = 15 * time.Minute
	defaultStudioBudget = 900
	defaultMemberBudget = 60
	defaultWindow       = time.Minute
)

func (c *Config) setDefaults() {
	if c.StudioTTL == 0 {
		c.StudioTTL = defaultStudioTTL
	}
	if c.ContractTTL == 0 {
		c.ContractTTL = defaultContractTTL
	}
	if c.RefreshAfter <= 0 || c.RefreshAfter > 1 {
		c.RefreshAfter = defaultRefreshAfter
	}
	if c.MaxStale == 0 {
		c.MaxStale = defaultMaxStale
	}
	if c.StudioBudget == 0 {
		c.StudioBudget = defaultStudioBudget
	}
	if c.MemberBudget == 0 {
		c.MemberBudget = defaultMemberBudget
	}
	if c.Window <= 0 {
		c.Window = defaultWindow
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Limiter == nil {
		c.Limiter = state.NewLimiter(c.Now)
	}
	if c.Observer == nil {
		c.Observer = noObserver{}
	}
}

// Studio is one studio's upstream with its cache and budgets. It is safe for
// concurrent use; one per studio per portal instance.
type Studio struct {
	slug  string
	api   API
	cfg   Config
	cache *cache
	// local takes over the budgets when the shared Limiter fails, so an
	// outage of the shared store neither opens the studio's limit wide nor
	// stops every read.
	local Limiter
	bg    sync.WaitGroup
}

// New returns the upstream of the studio slug, calling api.
func New(slug string, api API, cfg Config) *Studio {
	cfg.setDefaults()
	return &Studio{slug: slug, api: api, cfg: cfg, cache: newCache(cfg.Now), local: state.NewLimiter(cfg.Now)}
}

// API returns the studio's client itself, for what needs neither cache nor
// budget (the readiness probe's key check).
func (s *Studio) API() API { return s.api }

// Wait blocks until background refreshes have finished (tests, shutdown).
func (s *Studio) Wait() { s.bg.Wait() }

// Caller is whom a request's upstream calls are counted against. Before
// login only the client address is known.
type Caller struct {
	Session  string // session id
	Customer int64  // customer id
	Address  string // client address, counted only when there is no session
}

// For returns the upstream as one request of caller sees it.
func (s *Studio) For(caller Caller) *View {
	return &View{s: s, caller: caller}
}

// View is one request's door to the studio: its reads (cached or fresh)
// and writes are counted against the caller's share. It records the oldest
// stale answer it gave, for an "as of" line on the page.
type View struct {
	s      *Studio
	caller Caller

	mu         sync.Mutex
	staleSince time.Time
}

// Cached returns reads that may answer from the cache.
func (v *View) Cached() Reads { return Reads{v: v} }

// Fresh returns reads that always ask the studio (and refresh the cache).
func (v *View) Fresh() Reads { return Reads{v: v, fresh: true} }

// StaleSince reports when the oldest stale answer this view gave was read
// from the studio; zero when every answer was current.
func (v *View) StaleSince() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.staleSince
}

func (v *View) markStale(fetched time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.staleSince.IsZero() || fetched.Before(v.staleSince) {
		v.staleSince = fetched
	}
}
