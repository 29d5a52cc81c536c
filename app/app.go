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

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/i18n"
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
	// ClientOptions are added to every studio's upstream client (tests: a clock).
	ClientOptions []apiclient.Option
	Logger        *slog.Logger
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
		opts := append([]apiclient.Option{apiclient.WithTimeout(timeout),
			apiclient.WithLogger(logger.With(slog.String("studio", s.Slug)))}, cfg.ClientOptions...)
		client, err := apiclient.NewClient(s.BaseURL, s.APIKey, opts...)
		if err != nil {
			return nil, fmt.Errorf("app: studio %s: %w", s.Slug, err)
		}
		d.Studios = append(d.Studios, handlers.Studio{Slug: s.Slug, Name: s.Name, Locale: s.Locale, Client: client})
	}
	if cfg.Tune != nil {
		cfg.Tune(&d)
	}
	return handlers.New(d)
}

func keyOrRandom(k []byte, n int) []byte {
	if len(k) > 0 {
		return k
	}
	k = make([]byte, n)
	_, _ = rand.Read(k)
	return k
}
