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
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redis/go-redis/v9"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/state/redisstate"
)

// StudioConfig is one studio's tenant.
type StudioConfig struct {
	Slug    string
	Name    string
	BaseURL string
	APIKey  string
	Locale  i18n.Locale
}

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
	// Tune lets tests adjust the handler dependencies (clock, stores, limits).
	Tune func(*handlers.Deps)
}

// NewHandler builds the portal's HTTP handler.
func NewHandler(cfg Config) (*echo.Echo, error) {
	if len(cfg.Studios) == 0 {
		return nil, errors.New("app: no studio configured")
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
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
		ImageOrigins:    cfg.ImageOrigins,
		Logger:          logger,
	}
	for _, s := range cfg.Studios {
		if _, err := url.Parse(s.BaseURL); err != nil {
			return nil, fmt.Errorf("app: studio %s: bad base URL", s.Slug)
		}
		client, err := apiclient.NewClient(s.BaseURL, s.APIKey,
			apiclient.WithTimeout(timeout),
			apiclient.WithLogger(logger.With(slog.String("studio", s.Slug))))
		if err != nil {
			return nil, fmt.Errorf("app: studio %s: %w", s.Slug, err)
		}
		d.Studios = append(d.Studios, handlers.Studio{Slug: s.Slug, Name: s.Name, Locale: s.Locale, Client: client})
	}
	if cfg.Tune != nil {
		cfg.Tune(&d)
	}
	shareState(&d, cfg, logger)
	return handlers.New(d)
}

// shareState puts every store Tune left unset into Redis when one is
// configured, on the handlers' clock. Without Redis the handlers keep them
// in memory, and the log says what that costs.
func shareState(d *handlers.Deps, cfg Config, logger *slog.Logger) {
	if cfg.Redis == nil {
		logger.Info("shared state in memory: a restart forgets logouts (a replayed cookie works again), booking outcome pages and login throttles, and other instances see none of them; set REDIS_URL to share them")
		return
	}
	now := d.Now
	if now == nil {
		now = time.Now
	}
	s := redisstate.New(cfg.Redis, cfg.RedisPrefix, now)
	if d.Revocations == nil {
		d.Revocations = s.Revocations()
	}
	if d.Throttle == nil {
		d.Throttle = s.Throttle("login-member", handlers.MemberLoginFailures, handlers.LoginWindow)
	}
	if d.AddressThrottle == nil {
		d.AddressThrottle = s.Throttle("login-address", handlers.AddressLoginFailures, handlers.LoginWindow)
	}
	if d.Tokens == nil {
		d.Tokens = s.Tokens(handlers.BookingOutcomeTTL)
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
	logger.Info("shared state in Redis: revocations, login throttles, booking tokens and outcomes, budgets, once-only keys and cache invalidation")
}

func keyOrRandom(k []byte, n int) []byte {
	if len(k) > 0 {
		return k
	}
	k = make([]byte, n)
	_, _ = rand.Read(k)
	return k
}
