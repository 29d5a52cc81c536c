package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/studio-addons/portal/handlers"
)

// The portal's server timeouts and its shutdown grace, and how they fit:
//
//   - A booking's own budget (handlers/booking.go, 30 s) is below
//     WriteTimeout (45 s): a booking always ends on its outcome page,
//     'not confirmed yet' with Check again at worst, never on a connection
//     the server cut.
//   - DefaultShutdownGrace (30 s) is not below the booking budget: a
//     booking under way when the instance is told to stop finishes within
//     the grace. A shorter grace is allowed; the bookings it cuts are
//     recorded as not confirmed and logged (handlers.InFlight).
//   - The orchestrator's deadline before it kills the process (Kubernetes'
//     terminationGracePeriodSeconds, compose's stop_grace_period) must be
//     longer than the grace, with a few seconds for recording what is
//     left: 40 s for the default grace. Kubernetes' default (30 s) is not.
const (
	ReadHeaderTimeout    = 5 * time.Second
	ReadTimeout          = 15 * time.Second
	WriteTimeout         = 45 * time.Second
	IdleTimeout          = 120 * time.Second
	DefaultShutdownGrace = 30 * time.Second
	// MaxHeaderBytes bounds a request's line and headers (Go's default is
	// 1 MB): a member's cookies and the longest URL the portal makes fit
	// many times over.
	MaxHeaderBytes = 64 << 10
	// abandonTimeout bounds recording the writes the grace could not wait
	// for (one store call each).
	abandonTimeout = 5 * time.Second
)

// NewServer returns a server for h with the portal's timeouts; the
// server's own complaints go to logger at Warn.
func NewServer(h http.Handler, logger *slog.Logger) *http.Server {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
	if logger != nil {
		srv.ErrorLog = slog.NewLogLogger(logger.Handler(), slog.LevelWarn)
	}
	return srv
}

// ServeOptions configure Serve.
type ServeOptions struct {
	// Grace is how long the shutdown waits for requests under way
	// (DefaultShutdownGrace when 0).
	Grace  time.Duration
	Logger *slog.Logger
	// InFlight are the portal's writes under way (Config.InFlight); nil
	// for a server without any (metrics, the sandbox).
	InFlight *handlers.InFlight
}

// Serve serves h on ln until ctx ends, then shuts down: it stops accepting
// at once, waits up to the grace for the requests under way to finish,
// then records and logs the writes still under way (InFlight.Abandon) and
// closes the connections left. It returns nil after a shutdown that waited
// for everything, and an error naming the grace when it had to cut.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, opt ServeOptions) error {
	logger := opt.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	grace := opt.Grace
	if grace <= 0 {
		grace = DefaultShutdownGrace
	}
	srv := NewServer(h, logger)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	writes := 0
	if opt.InFlight != nil {
		writes = opt.InFlight.Len()
	}
	logger.Info("shutting down: no new connections, waiting for the requests under way",
		slog.String("addr", ln.Addr().String()), slog.Duration("grace", grace), slog.Int("writes", writes))
	start := time.Now()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		abandoned := 0
		if opt.InFlight != nil {
			actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abandonTimeout)
			abandoned = opt.InFlight.Abandon(actx)
			cancel()
		}
		_ = srv.Close()
		<-errc
		return fmt.Errorf("the shutdown grace of %s ended with requests under way: closed them; %d write(s) logged as not settled", grace, abandoned)
	}
	if err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("shut down", slog.String("addr", ln.Addr().String()), slog.Duration("waited", time.Since(start).Round(time.Millisecond)))
	return nil
}
