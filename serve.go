package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/app"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/state/redisstate"
	"github.com/studio-addons/portal/studios"
)

// runPortal starts the portal, and the embedded sandbox when no tenant is configured.
func runPortal(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("portal", flag.ContinueOnError)
	addr := fs.String("addr", defaultAddr(getenv), "listen address of the portal")
	studiosFile := fs.String("studios", getenv("PORTAL_STUDIOS_FILE"), "the studios file (YAML, see README); default $PORTAL_STUDIOS_FILE")
	siteAddr := fs.String("site-addr", "127.0.0.1:0", "listen address of the demo's studio website (only with the embedded sandbox)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := newLogger(getenv)
	cfg, err := configFromEnv(getenv, *studiosFile)
	if err != nil {
		return err
	}
	cfg.Logger = logger
	if u := getenv("REDIS_URL"); u != "" {
		redisstate.LogTo(logger.With(slog.String("component", "redis")))
		rdb, err := redisstate.Connect(ctx, u)
		if err != nil {
			return err
		}
		defer rdb.Close()
		cfg.Redis, cfg.RedisPrefix = rdb, getenv("REDIS_PREFIX")
		if getenv("PORTAL_SECRET") == "" {
			logger.Warn("REDIS_URL without PORTAL_SECRET: every instance makes its own session keys, so a session works only on the instance that started it")
		}
	}
	var sb *sandboxRun
	var site *studioSite
	if len(cfg.Studios) == 0 {
		sb, err = startSandbox(ctx, "127.0.0.1:0", getenv, logger)
		if err != nil {
			return err
		}
		defer sb.stop()
		if cfg.Studios, err = demoStudios(sb.url); err != nil {
			return err
		}
		cfg.ImageOrigins = []string{sb.url}
		cfg.Secure = false // local plain-http demo; see README
		if site, err = listenStudioSite(*siteAddr, cfg.Studios); err != nil {
			return err
		}
		defer site.close()
	}
	// Check every studio's key and scopes at start: a missing scope is
	// logged by name before the first member meets the unavailable page.
	cfg.Tune = func(d *handlers.Deps) { d.CheckAtStart = true }
	h, err := app.NewHandler(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if site != nil {
		site.serve(ln.Addr(), logger)
	}
	printBanner(stdout, ln.Addr().String(), cfg.Studios, sb, site)
	return serve(ctx, ln, h, logger)
}

// runCheckConfig checks a studios file: every problem on its own line, and
// an error (exit status 1) if there is any.
func runCheckConfig(args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("check-config", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
	}
	name := fs.Arg(0)
	if name == "" {
		name = getenv("PORTAL_STUDIOS_FILE")
	}
	if name == "" || fs.NArg() > 1 {
		return errors.New("usage: portal check-config FILE (default $PORTAL_STUDIOS_FILE)")
	}
	list, err := studios.Load(name, getenv)
	var invalid *studios.Error
	if errors.As(err, &invalid) {
		fmt.Fprintln(stdout, invalid.Error())
		return fmt.Errorf("%s: %d problem(s)", name, len(invalid.Problems))
	}
	if err != nil {
		return err
	}
	slugs := make([]string, len(list))
	for i, s := range list {
		slugs[i] = s.Slug
	}
	fmt.Fprintf(stdout, "%s: %d studio(s), no problems: %s\n", name, len(list), strings.Join(slugs, ", "))
	return nil
}

// Environment variables through which the embedded demo file takes the
// sandbox's public demo keys and demo SSO secrets, like a real file takes
// its secrets. They serve the sandbox only: no real studio has them.
var demoKeys = map[string]string{
	"SANDBOX_DEMO_API_KEY":      sandbox.DemoKey,
	"SANDBOX_BERLIN_API_KEY":    sandbox.BerlinKey,
	"SANDBOX_DIRECT_API_KEY":    sandbox.DirectKey,
	"SANDBOX_DEMO_SSO_SECRET":   "demo-sso-secret-of-the-sandbox-demo-only",
	"SANDBOX_BERLIN_SSO_SECRET": "berlin-sso-secret-of-the-sandbox-demo-only",
	"SANDBOX_DIRECT_SSO_SECRET": "direct-sso-secret-of-the-sandbox-demo-only",
}

// demoStudios reads the embedded demo studios file, every studio on the
// sandbox at sandboxURL.
func demoStudios(sandboxURL string) ([]app.StudioConfig, error) {
	list, err := studios.LoadFS(studios.Demo(), studios.DemoFile, func(k string) string { return demoKeys[k] })
	if err != nil {
		return nil, fmt.Errorf("the embedded demo studios file: %w", err)
	}
	for i := range list {
		list[i].BaseURL = sandboxURL
	}
	return list, nil
}

// runSandbox runs only the sandbox API.
func runSandbox(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8090", "listen address of the sandbox")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := newLogger(getenv)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	sb := sandbox.New(sandboxConfig(getenv, logger))
	defer sb.Close()
	fmt.Fprintf(stdout, "Sandbox API: http://%s  (X-API-KEY: %s, %s or %s; control key header X-SANDBOX-KEY: %s)\n",
		ln.Addr(), sandbox.DemoKey, sandbox.DirectKey, sandbox.BerlinKey, sandboxControlKey(getenv))
	printLogins(stdout)
	return serve(ctx, ln, sb, logger)
}

type sandboxRun struct {
	url  string
	srv  *sandbox.Server
	stop func()
}

func startSandbox(ctx context.Context, addr string, getenv func(string) string, logger *slog.Logger) (*sandboxRun, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	sb := sandbox.New(sandboxConfig(getenv, logger.With(slog.String("component", "sandbox"))))
	srv := newServer(sb)
	go func() { _ = srv.Serve(ln) }()
	return &sandboxRun{
		url: "http://" + ln.Addr().String(),
		srv: sb,
		stop: func() {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			_ = srv.Shutdown(sctx)
			sb.Close()
		},
	}, nil
}

func sandboxConfig(getenv func(string) string, logger *slog.Logger) sandbox.Config {
	cfg := sandbox.Config{ControlKey: sandboxControlKey(getenv), Logger: logger}
	if u, k := getenv("SANDBOX_WEBHOOK_URL"), getenv("SANDBOX_WEBHOOK_KEY"); u != "" {
		cfg.Webhooks = map[string]sandbox.WebhookTarget{"demo": {URL: u, Key: k}, "direct": {URL: u, Key: k}, "berlin": {URL: u, Key: k}}
	}
	return cfg
}

func sandboxControlKey(getenv func(string) string) string {
	if k := getenv("SANDBOX_CONTROL_KEY"); k != "" {
		return k
	}
	return sandbox.DefaultControlKey
}

// newServer sets the timeouts every listener of ours has.
func newServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      45 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
}

// serve runs h on ln until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, ln net.Listener, h http.Handler, logger *slog.Logger) error {
	srv := newServer(h)
	srv.ErrorLog = slog.NewLogLogger(logger.Handler(), slog.LevelWarn)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func defaultAddr(getenv func(string) string) string {
	if p := getenv("PORT"); p != "" {
		return ":" + p
	}
	return ":8080"
}

// configFromEnv reads the portal's configuration: the studios from the
// studios file, else one studio from MAGICLINE_BASE_URL and its companions;
// neither means the embedded sandbox (no studios).
func configFromEnv(getenv func(string) string, studiosFile string) (app.Config, error) {
	var cfg app.Config
	cfg.TrustProxy = getenv("TRUST_PROXY") == "1"
	reads, err := readsFromEnv(getenv)
	if err != nil {
		return cfg, err
	}
	cfg.Reads = reads
	if secret := getenv("PORTAL_SECRET"); secret != "" {
		if len(secret) < 32 {
			return cfg, errors.New("PORTAL_SECRET must be at least 32 characters")
		}
		cfg.SessionHashKey = derive(secret, "session-hash", 64)
		cfg.SessionBlockKey = derive(secret, "session-block", 32)
		cfg.CSRFKey = derive(secret, "csrf", 32)
	}
	base, key := getenv("MAGICLINE_BASE_URL"), getenv("MAGICLINE_API_KEY")
	cfg.Secure = getenv("PORTAL_INSECURE_COOKIES") != "1"
	if studiosFile != "" {
		if base != "" {
			return cfg, errors.New("configure the studios either by a studios file or by MAGICLINE_BASE_URL, not both")
		}
		list, err := studios.Load(studiosFile, getenv)
		if err != nil {
			return cfg, fmt.Errorf("the studios file has problems; the portal does not start:\n%w", err)
		}
		cfg.Studios = list
		return cfg, nil
	}
	if base == "" {
		return cfg, nil
	}
	if key == "" {
		return cfg, errors.New("MAGICLINE_API_KEY is required with MAGICLINE_BASE_URL")
	}
	loc, _ := i18n.Parse(getenv("STUDIO_LOCALE"))
	secrets, err := ssoSecretsFromEnv(getenv)
	if err != nil {
		return cfg, err
	}
	cfg.Studios = []app.StudioConfig{{
		Slug: envOr(getenv, "STUDIO_SLUG", "studio"), Name: envOr(getenv, "STUDIO_NAME", "Studio"),
		Product: studios.Magicline, BaseURL: base, APIKey: key, Locale: loc,
		SSOSecrets: secrets, FrameOrigins: strings.FieldsFunc(getenv("MAGICLINE_FRAME_ORIGINS"), func(r rune) bool { return r == ',' || r == ' ' }),
	}}
	return cfg, nil
}

// ssoSecretsFromEnv reads the single studio's SSO secrets: the current one
// and, while rotating, the previous one.
func ssoSecretsFromEnv(getenv func(string) string) ([]string, error) {
	current, previous := getenv("MAGICLINE_SSO_SECRET"), getenv("MAGICLINE_SSO_PREVIOUS_SECRET")
	if previous != "" && current == "" {
		return nil, errors.New("MAGICLINE_SSO_PREVIOUS_SECRET is set without MAGICLINE_SSO_SECRET (the current secret)")
	}
	var secrets []string
	for _, v := range []struct{ name, value string }{{"MAGICLINE_SSO_SECRET", current}, {"MAGICLINE_SSO_PREVIOUS_SECRET", previous}} {
		if v.value == "" {
			continue
		}
		if len(v.value) < studios.MinSSOSecret {
			return nil, fmt.Errorf("%s must be at least %d characters", v.name, studios.MinSSOSecret)
		}
		secrets = append(secrets, v.value)
	}
	return secrets, nil
}

// readsFromEnv reads the cache lifetimes and budgets: unset keeps the
// default, "off" turns it off.
func readsFromEnv(getenv func(string) string) (app.Reads, error) {
	var r app.Reads
	var errs []error
	duration := func(name string, into *time.Duration) {
		switch v := getenv(name); v {
		case "":
		case "off":
			*into = -1
		default:
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				errs = append(errs, fmt.Errorf("%s=%q: want a duration such as 30s, or off", name, v))
			}
			*into = d
		}
	}
	count := func(name string, into *int) {
		switch v := getenv(name); v {
		case "":
		case "off":
			*into = -1
		default:
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				errs = append(errs, fmt.Errorf("%s=%q: want a number of calls per minute, or off", name, v))
			}
			*into = n
		}
	}
	duration("CACHE_STUDIO_TTL", &r.StudioTTL)
	duration("CACHE_MEMBER_TTL", &r.MemberTTL)
	count("STUDIO_BUDGET", &r.StudioBudget)
	count("MEMBER_BUDGET", &r.MemberBudget)
	return r, errors.Join(errs...)
}

// derive makes independent keys from one secret (HMAC-SHA256 as a KDF).
func derive(secret, label string, n int) []byte {
	var out []byte
	for i := byte(0); len(out) < n; i++ {
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte{i})
		m.Write([]byte(label))
		out = m.Sum(out)
	}
	return out[:n]
}

func envOr(getenv func(string) string, k, def string) string {
	if v := getenv(k); v != "" {
		return v
	}
	return def
}

func newLogger(getenv func(string) string) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(envOr(getenv, "LOG_LEVEL", "info")))
	opts := &slog.HandlerOptions{Level: level}
	if getenv("LOG_FORMAT") == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

func printBanner(w io.Writer, addr string, list []app.StudioConfig, sb *sandboxRun, site *studioSite) {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	base := "http://" + net.JoinHostPort(host, port)
	fmt.Fprintf(w, "Portal:  %s/\n", base)
	for _, s := range list {
		fmt.Fprintf(w, "  studio %-10s %s/%s/\n", s.Slug, base, s.Slug)
	}
	if site != nil {
		fmt.Fprintf(w, "Studio website: %s/  (another site, framing the portal with embed.js; try `go run . sso-link -studio demo -customer 1001`)\n", site.url)
	}
	if sb == nil {
		return
	}
	fmt.Fprintf(w, "Sandbox: %s  (X-API-KEY: %s; control key header X-SANDBOX-KEY: %s)\n", sb.url, sandbox.DemoKey, sandbox.DefaultControlKey)
	printLogins(w)
}

func printLogins(w io.Writer) {
	fmt.Fprintln(w, "Demo logins (member number / date of birth):")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, m := range sandbox.DemoMembers {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", m.CustomerNumber, m.DateOfBirth, strings.TrimSpace(m.Situation))
	}
	_ = tw.Flush()
}
