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
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/app"
	"github.com/studio-addons/portal/handlers"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/metrics"
	"github.com/studio-addons/portal/state/redisstate"
	"github.com/studio-addons/portal/studios"
)

// runPortal starts the portal, and the embedded sandbox when no tenant is configured.
func runPortal(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("portal", flag.ContinueOnError)
	addr := fs.String("addr", defaultAddr(getenv), "listen address of the portal")
	studiosFile := fs.String("studios", getenv("PORTAL_STUDIOS_FILE"), "the studios file (YAML, see README); default $PORTAL_STUDIOS_FILE")
	metricsAddr := fs.String("metrics-addr", getenv("METRICS_ADDR"), "listen address of /metrics and /debug/pprof/ (never the portal's); default $METRICS_ADDR, unset: off")
	graceText := fs.String("shutdown-grace", envOr(getenv, "SHUTDOWN_GRACE", app.DefaultShutdownGrace.String()),
		"how long a shutdown waits for requests under way (30s, 45s; seconds alone work too); default $SHUTDOWN_GRACE")
	siteAddr := fs.String("site-addr", "127.0.0.1:0", "listen address of the demo's studio website (only with the embedded sandbox)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	grace, err := parseGrace(*graceText)
	if err != nil {
		return err
	}
	logger := newLogger(getenv)
	cfg, err := configFromEnv(getenv, *studiosFile)
	if err != nil {
		return err
	}
	cfg.Logger = logger
	cfg.InFlight = handlers.NewInFlight()
	var mln net.Listener
	if *metricsAddr != "" {
		if samePort(*addr, *metricsAddr) {
			return fmt.Errorf("the metrics address %s is the portal's own port: metrics and pprof never go on the public port", *metricsAddr)
		}
		if mln, err = net.Listen("tcp", *metricsAddr); err != nil {
			return fmt.Errorf("metrics address: %w", err)
		}
		defer mln.Close()
		cfg.Metrics = metrics.New()
	}
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
	webhooks := ""
	if sb != nil && getenv("SANDBOX_WEBHOOK_URL") == "" {
		webhooks = wireSandboxWebhooks(sb.srv, ln.Addr().String(), cfg.Studios)
	}
	if site != nil {
		site.serve(ln.Addr(), logger)
	}
	b := banner{addr: ln.Addr().String(), studios: cfg.Studios, sandbox: sb, webhooks: webhooks, site: site}
	if mln != nil {
		b.metrics = mln.Addr().String()
	}
	b.print(stdout)
	if mln == nil {
		return app.Serve(ctx, ln, h, app.ServeOptions{Grace: grace, Logger: logger, InFlight: cfg.InFlight})
	}
	// Metrics outlive the portal's shutdown: its last requests are counted
	// and a scrape during the grace still answers.
	mctx, stopMetrics := context.WithCancel(context.WithoutCancel(ctx))
	merr := make(chan error, 1)
	go func() {
		merr <- app.Serve(mctx, mln, cfg.Metrics.Handler(), app.ServeOptions{Grace: time.Second, Logger: logger.With(slog.String("server", "metrics"))})
	}()
	err = app.Serve(ctx, ln, h, app.ServeOptions{Grace: grace, Logger: logger, InFlight: cfg.InFlight})
	stopMetrics()
	return errors.Join(err, <-merr)
}

// wireSandboxWebhooks points the embedded sandbox's webhooks at the
// portal listening on addr, each studio with its webhook key, and returns
// the URL they go to ("" when no studio has a key).
func wireSandboxWebhooks(sb *sandbox.Server, addr string, list []app.StudioConfig) string {
	host, port, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	u := "http://" + net.JoinHostPort(host, port) + "/webhooks"
	wired := false
	for _, s := range list {
		if s.WebhookKey != "" {
			sb.SetWebhook(s.Slug, sandbox.WebhookTarget{URL: u, Key: s.WebhookKey})
			wired = true
		}
	}
	if !wired {
		return ""
	}
	return u
}

// parseGrace reads the shutdown grace: a Go duration ("30s", "1m") or
// whole seconds ("30"), as orchestrators write them.
func parseGrace(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		n, nerr := strconv.Atoi(s)
		if nerr != nil {
			return 0, fmt.Errorf("SHUTDOWN_GRACE / -shutdown-grace %q is not a duration (30s) or a number of seconds", s)
		}
		d = time.Duration(n) * time.Second
	}
	if d <= 0 {
		return 0, fmt.Errorf("SHUTDOWN_GRACE / -shutdown-grace must be positive, not %q", s)
	}
	return d, nil
}

// samePort reports whether two listen addresses name the same fixed port
// (":8080" and "0.0.0.0:8080" do; port 0 picks a free one and never does).
func samePort(a, b string) bool {
	_, pa, errA := net.SplitHostPort(a)
	_, pb, errB := net.SplitHostPort(b)
	return errA == nil && errB == nil && pa == pb && pa != "0"
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
// its secrets. They serve the sandbox only: no real studio has them. The
// webhook keys are the demo's own: `go run .` gives them to the sandbox.
var demoKeys = map[string]string{
	"SANDBOX_DEMO_API_KEY":       sandbox.DemoKey,
	"SANDBOX_BERLIN_API_KEY":     sandbox.BerlinKey,
	"SANDBOX_DIRECT_API_KEY":     sandbox.DirectKey,
	"SANDBOX_DEMO_WEBHOOK_KEY":   "demo-webhook-key",
	"SANDBOX_BERLIN_WEBHOOK_KEY": "berlin-webhook-key",
	"SANDBOX_DIRECT_WEBHOOK_KEY": "direct-webhook-key",
	"SANDBOX_DEMO_SSO_SECRET":    "demo-sso-secret-of-the-sandbox-demo-only",
	"SANDBOX_BERLIN_SSO_SECRET":  "berlin-sso-secret-of-the-sandbox-demo-only",
	"SANDBOX_DIRECT_SSO_SECRET":  "direct-sso-secret-of-the-sandbox-demo-only",
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
	return app.Serve(ctx, ln, sb, app.ServeOptions{Grace: 10 * time.Second, Logger: logger})
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
	srv := app.NewServer(sb, logger)
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
		WebhookKey: getenv("MAGICLINE_WEBHOOK_KEY"),
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
	// Bounded: no string in a record is longer than app.MaxLogValue.
	if getenv("LOG_FORMAT") == "json" {
		return app.BoundLogger(slog.New(slog.NewJSONHandler(os.Stderr, opts)))
	}
	return app.BoundLogger(slog.New(slog.NewTextHandler(os.Stderr, opts)))
}

// banner is what the portal prints at start.
type banner struct {
	addr     string // the portal's listen address
	studios  []app.StudioConfig
	sandbox  *sandboxRun // the embedded sandbox, if any
	webhooks string      // where the embedded sandbox sends its webhooks
	metrics  string      // the metrics listen address, if any
	site     *studioSite // the demo's studio website, if any
}

func (b banner) print(w io.Writer) {
	host, port, _ := net.SplitHostPort(b.addr)
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	base := "http://" + net.JoinHostPort(host, port)
	fmt.Fprintf(w, "Portal:  %s/\n", base)
	for _, s := range b.studios {
		fmt.Fprintf(w, "  studio %-10s %s/%s/\n", s.Slug, base, s.Slug)
	}
	if b.metrics != "" {
		fmt.Fprintf(w, "Metrics: http://%s/metrics  (pprof: /debug/pprof/)\n", b.metrics)
	}
	if b.site != nil {
		fmt.Fprintf(w, "Studio website: %s/  (another site, framing the portal with embed.js; try `go run . sso-link -studio demo -customer 1001`)\n", b.site.url)
	}
	if b.sandbox == nil {
		return
	}
	fmt.Fprintf(w, "Sandbox: %s  (X-API-KEY: %s; control key header X-SANDBOX-KEY: %s)\n", b.sandbox.url, sandbox.DemoKey, sandbox.DefaultControlKey)
	if b.webhooks != "" {
		fmt.Fprintf(w, "Webhooks: the sandbox sends each studio's events to %s\n", b.webhooks)
	}
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
