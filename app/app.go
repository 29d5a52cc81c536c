// Package app wires the portal together: studio configuration, one API
// client per studio, the shared stores and the HTTP handler. main and the
// end-to-end tests both build the portal through it, so tests exercise the
// real wiring.
package app

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redis/go-redis/v9"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/metrics"
	"github.com/studio-addons/portal/state/redisstate"
	"github.com/studio-addons/portal/static"
	"github.com/studio-addons/portal/studios"
	"github.com/studio-addons/portal/upstream"
	"github.com/studio-addons/portal/views"
)

// StudioConfig is one studio: its tenant, secrets, language, branding,
// contact, legal links and framing origins, from a studios file or the
// single-studio environment variables (package studios documents each
// field). An empty Name or Branding.Logo is unset; an empty Product is
// Magicline.
type StudioConfig = studios.Studio

// Config is the portal's configuration.
type Config struct {
	Studios []StudioConfig
	// SessionHashKey, SessionBlockKey and CSRFKey; empty ones are generated
	// at start (sessions then end with a restart).
	SessionHashKey, SessionBlockKey, CSRFKey []byte
	Secure                                   bool
	TrustProxy                               bool
	// UpstreamTimeout bounds every upstream call (default 10 s).
	UpstreamTimeout time.Duration
	// ImageOrigins are extra image origins for the CSP (the sandbox's).
	ImageOrigins []string
	Logger       *slog.Logger
	// Redis, when set, holds every piece of state the instances share
	// (see package redisstate); nil keeps it in this process's memory.
	Redis redis.UniversalClient
	// RedisPrefix namespaces the portal's keys in Redis (default "portal:").
	RedisPrefix string
	// ClientOptions are added to every studio's upstream client (tests: a clock).
	ClientOptions []apiclient.Option
	// Reads tunes the read cache and the budgets (zero: the defaults;
	// negative: off).
	Reads Reads
	// Metrics, when set, receives the portal's measurements, each studio's
	// budget left and the shared store's errors; serve its Handler on a
	// separate address, never the portal's.
	Metrics *metrics.Metrics
	// InFlight, when set, keeps the write requests under way, for Serve's
	// shutdown (ServeOptions.InFlight).
	InFlight *handlers.InFlight
	// Tune lets tests adjust the handler dependencies (clock, stores, limits).
	Tune func(*handlers.Deps)
}

// Reads tunes how the portal spends the studios' rate limits.
type Reads struct {
	StudioTTL, MemberTTL       time.Duration // cache of studio-wide and of a member's data
	StudioBudget, MemberBudget int           // upstream calls per minute: per studio and endpoint, per member
}

// NewHandler builds the portal's HTTP handler.
func NewHandler(cfg Config) (*echo.Echo, error) {
	if len(cfg.Studios) == 0 {
		return nil, errors.New("app: no studio configured")
	}
	list := slices.Clone(cfg.Studios)
	for i := range list {
		if list[i].Product == "" {
			list[i].Product = studios.Magicline
		}
	}
	if problems := studios.Validate(list); len(problems) > 0 {
		return nil, &studios.Error{Source: "studio configuration", Problems: problems}
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = BoundLogger(logger)
	timeout := cfg.UpstreamTimeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	d := handlers.Deps{
		SessionHashKey:  keyOrRandom(cfg.SessionHashKey, 64),
		SessionBlockKey: keyOrRandom(cfg.SessionBlockKey, 32),
		CSRFKey:         keyOrRandom(cfg.CSRFKey, 32),
		Secure:          cfg.Secure,
		TrustProxy:      cfg.TrustProxy,
		ImageOrigins:    slices.Clone(cfg.ImageOrigins),
		Logger:          logger,
		Assets:          static.NewGenerated(),
		InFlight:        cfg.InFlight,
	}
	var ups []*upstream.Studio
	if cfg.Metrics != nil {
		d.Metrics = cfg.Metrics
		d.OnUpstream = func(u *upstream.Studio) { ups = append(ups, u) }
	}
	for _, s := range list {
		opts := append([]apiclient.Option{apiclient.WithTimeout(timeout),
			apiclient.WithLogger(logger.With(slog.String("studio", s.Slug)))}, cfg.ClientOptions...)
		client, err := apiclient.NewClient(s.BaseURL, s.APIKey, opts...)
		if err != nil {
			return nil, fmt.Errorf("app: studio %s: %w", s.Slug, err)
		}
		hs := handlers.Studio{
			Slug: s.Slug, Name: s.Name, DefaultName: studios.NameFromSlug(s.Slug),
			Product: s.Product.Name(), Locale: s.Locale, Client: client,
			WebhookKey:   s.WebhookKey,
			Stylesheet:   d.Assets.Add("studios/"+s.Slug+"/theme.css", studios.Stylesheet(s.Slug, s.Branding)),
			Logo:         imageURL(d.Assets, &d.ImageOrigins, s.Slug, "logo", s.Branding.Logo),
			Favicon:      imageURL(d.Assets, &d.ImageOrigins, s.Slug, "favicon", s.Branding.Favicon),
			Contact:      views.Contact{Email: s.Contact.Email, Phone: s.Contact.Phone, Address: s.Contact.Address},
			Links:        views.Links{Website: s.Links.Website, Imprint: s.Links.Imprint, Privacy: s.Links.Privacy, Terms: s.Links.Terms},
			FrameOrigins: slices.Clone(s.FrameOrigins), SSOSecrets: slices.Clone(s.SSOSecrets),
		}
		d.Studios = append(d.Studios, hs)
	}
	d.StudioCacheTTL, d.ContractCacheTTL = cfg.Reads.StudioTTL, cfg.Reads.MemberTTL
	d.StudioBudget, d.MemberBudget = cfg.Reads.StudioBudget, cfg.Reads.MemberBudget
	if cfg.Tune != nil {
		cfg.Tune(&d)
	}
	shareState(&d, cfg, logger)
	e, err := handlers.New(d)
	if err != nil {
		return nil, err
	}
	if cfg.Metrics != nil {
		cfg.Metrics.WatchBudgets(ups...)
	}
	return e, nil
}

// imageURL is the URL a page uses for a studio's logo or favicon: a file
// becomes a fingerprinted asset; a URL stays as it is, and its origin is
// allowed as an image source. "" for an unset image: the handlers then
// show the tenant's own logo (studio information), as they show its name
// for an unset name, else one made from the slug.
func imageURL(assets *static.Generated, origins *[]string, slug, kind string, img studios.Image) string {
	switch {
	case len(img.Data) > 0:
		return assets.Add("studios/"+slug+"/"+kind+img.Ext(), img.Data)
	case img.URL != "":
		if u, err := url.Parse(img.URL); err == nil && !slices.Contains(*origins, u.Scheme+"://"+u.Host) {
			*origins = append(*origins, u.Scheme+"://"+u.Host)
		}
		return img.URL
	}
	return ""
}

// shareState puts every store Tune left unset into Redis when one is
// configured, on the handlers' clock. Without Redis the handlers keep them
// in memory, and the log says what that costs.
func shareState(d *handlers.Deps, cfg Config, logger *slog.Logger) {
	if cfg.Redis == nil {
		logger.Info("shared state in memory: a restart forgets logouts (a replayed cookie works again), booking outcome pages and login throttles, and receipts; other instances see none of them; set REDIS_URL to share them")
		return
	}
	now := d.Now
	if now == nil {
		now = time.Now
	}
	s := redisstate.New(cfg.Redis, cfg.RedisPrefix, now)
	if cfg.Metrics != nil {
		s.OnError(cfg.Metrics.StoreError)
	}
	if d.Revocations == nil {
		d.Revocations = s.Revocations()
	}
	if d.Throttle == nil {
		d.Throttle = s.Throttle("login-pair", handlers.MemberLoginFailures, handlers.LoginWindow)
	}
	if d.NumberThrottle == nil {
		d.NumberThrottle = s.Throttle("login-number", handlers.NumberLoginFailures, handlers.NumberLoginWindow)
	}
	if d.AddressThrottle == nil {
		d.AddressThrottle = s.Throttle("login-address", handlers.AddressLoginFailures, handlers.LoginWindow)
	}
	if d.Tokens == nil {
		d.Tokens = s.Tokens(handlers.BookingOutcomeTTL)
	}
	if d.Receipts == nil {
		d.Receipts = s.Receipts(handlers.ReceiptTTL)
	}
	if d.Limiter == nil {
		d.Limiter = s.Limiter()
	}
	if d.Once == nil {
		d.Once = s.Once()
	}
	if d.Bus == nil {
		d.Bus = s.Bus()
	}
	logger.Info("shared state in Redis: revocations, login throttles, booking tokens and outcomes, receipts, budgets, once-only keys and cache invalidation")
}

func keyOrRandom(k []byte, n int) []byte {
	if len(k) > 0 {
		return k
	}
	k = make([]byte, n)
	_, _ = rand.Read(k)
	return k
}
