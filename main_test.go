package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/studio-addons/portal/app"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/state/redistest"
)

// TestRunStartsSandboxAndPortal runs the program as `go run .` would (no
// configuration): it must print the URLs and demo logins, serve the portal
// and the sandbox, and stop cleanly when its context ends.
func TestRunStartsSandboxAndPortal(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	done := make(chan error, 1)
	env := map[string]string{"LOG_LEVEL": "error"}
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, w) }()

	lines := bufio.NewScanner(out)
	var portal, sandboxURL string
	var logins int
	var studios []string
	for logins < 7 && lines.Scan() {
		line := lines.Text()
		switch {
		case strings.HasPrefix(line, "Portal:"):
			portal = strings.Fields(line)[1]
		case strings.HasPrefix(strings.TrimSpace(line), "studio "):
			studios = append(studios, strings.Fields(line)[1])
		case strings.HasPrefix(line, "Sandbox:"):
			sandboxURL = strings.Fields(line)[1]
		case strings.HasPrefix(strings.TrimSpace(line), "1-100"):
			logins++
		}
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if portal == "" || sandboxURL == "" || logins != 7 {
		t.Fatalf("banner: portal %q, sandbox %q, %d logins; want both URLs and 7 logins", portal, sandboxURL, logins)
	}
	if got := strings.Join(studios, " "); got != "demo berlin direct" {
		t.Errorf("banner studios = %q, want demo berlin direct", got)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(portal + "readyz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET readyz = %v, %v; want 200", resp, err)
	}
	resp.Body.Close()
	home := getDoc(t, client, portal)
	if got := home.Find("[data-testid=studios] li").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("data-studio", "") }); strings.Join(got, " ") != "demo berlin direct" {
		t.Errorf("start page lists %v, want demo berlin direct", got)
	}
	berlin := getDoc(t, client, portal+"berlin/login")
	if got := berlin.Find("[data-testid=studio-product]").Text(); !strings.Contains(got, "PerfectGym Next") {
		t.Errorf("berlin's product line = %q", got)
	}
	req, _ := http.NewRequest(http.MethodGet, sandboxURL+"/v1/memberships/self-service/additional-modules", nil)
	req.Header.Set("X-API-KEY", "demo-key")
	resp, err = client.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("sandbox with the demo key = %v, %v; want 200", resp, err)
	}
	resp.Body.Close()

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after cancel = %v, want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not stop after its context ended")
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{
		"MAGICLINE_BASE_URL": "https://studio.example", "MAGICLINE_API_KEY": "k",
		"STUDIO_SLUG": "fit", "PORTAL_SECRET": strings.Repeat("s", 32), "MAGICLINE_WEBHOOK_KEY": "hook",
	}
	cfg, err := configFromEnv(func(k string) string { return env[k] }, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Studios) != 1 || cfg.Studios[0].Slug != "fit" || !cfg.Secure || cfg.Studios[0].Product.Name() != "Magicline" || cfg.Studios[0].WebhookKey != "hook" {
		t.Errorf("config = %+v, want one secure studio fit", cfg)
	}
	if len(cfg.SessionHashKey) != 64 || len(cfg.SessionBlockKey) != 32 || string(cfg.SessionBlockKey) == string(cfg.CSRFKey) {
		t.Error("derived keys have the wrong size or are not independent")
	}
	delete(env, "MAGICLINE_API_KEY")
	if _, err := configFromEnv(func(k string) string { return env[k] }, ""); err == nil {
		t.Error("base URL without key accepted")
	}
	env["PORTAL_SECRET"] = "short"
	if _, err := configFromEnv(func(k string) string { return env[k] }, ""); err == nil {
		t.Error("short secret accepted")
	}
}

func getDoc(t *testing.T, client *http.Client, u string) *goquery.Document {
	t.Helper()
	resp, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d, %v", u, resp.StatusCode, err)
	}
	return doc
}

// studiosFile writes a studios file into a temporary directory.
func studiosFile(t *testing.T, body string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "studios.yaml")
	if err := os.WriteFile(name, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

const goodStudios = `studios:
  - slug: fit
    name: Fit Studio
    product: magicline
    base_url: https://fit.open-api.example
    api_key_env: FIT_API_KEY
    branding:
      primary: "#1d3557"
`

const badStudios = `studios:
  - slug: fit
    product: magicline
    base_url: fit.open-api.example
    api_key_env: FIT_API_KEY
    branding:
      primary: "#ffff00"
  - slug: fit
    product: magicline
    base_url: https://fit.open-api.example
    api_key_env: UNSET_KEY
    colour: red
`

func TestCheckConfig(t *testing.T) {
	env := map[string]string{"FIT_API_KEY": "k"}
	getenv := func(k string) string { return env[k] }
	var out strings.Builder
	good := studiosFile(t, goodStudios)
	if err := run(context.Background(), []string{"check-config", good}, getenv, &out); err != nil {
		t.Fatalf("check-config of a good file: %v\n%s", err, out.String())
	}
	if want := good + ": 1 studio(s), no problems: fit\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}

	out.Reset()
	bad := studiosFile(t, badStudios)
	err := run(context.Background(), []string{"check-config", bad}, getenv, &out)
	if err == nil || err.Error() != bad+": 5 problem(s)" {
		t.Errorf("check-config of a bad file: err %v, want 5 problems", err)
	}
	want := []string{
		bad + `:4: studio "fit": base_url: "fit.open-api.example" is not an absolute URL (https://…)`,
		bad + `:7: studio "fit": branding.primary: #ffff00 has a contrast of 1.07:1 with white;`,
		bad + `:8: studio "fit": slug: "fit" is already the slug of studio #1`,
		bad + `:11: studio "fit": api_key_env: the environment variable UNSET_KEY is unset or empty`,
		bad + `:12: studio "fit": colour: unknown key`,
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(want) {
		t.Fatalf("output:\n%s\nwant %d lines", out.String(), len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %q\nwant prefix %q", i+1, lines[i], w)
		}
	}

	// The file may come from PORTAL_STUDIOS_FILE; no file at all is a usage error.
	env["PORTAL_STUDIOS_FILE"] = good
	if err := run(context.Background(), []string{"check-config"}, getenv, io.Discard); err != nil {
		t.Errorf("check-config from PORTAL_STUDIOS_FILE: %v", err)
	}
	delete(env, "PORTAL_STUDIOS_FILE")
	if err := run(context.Background(), []string{"check-config"}, getenv, io.Discard); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("check-config without a file: %v", err)
	}
}

// TestPortalRefusesAnInvalidStudiosFile: the portal does not start, and
// says what check-config says.
func TestPortalRefusesAnInvalidStudiosFile(t *testing.T) {
	env := map[string]string{"FIT_API_KEY": "k", "LOG_LEVEL": "error"}
	bad := studiosFile(t, badStudios)
	for _, args := range [][]string{{"-addr", "127.0.0.1:0", "-studios", bad}, {"-addr", "127.0.0.1:0"}} {
		if len(args) == 2 {
			env["PORTAL_STUDIOS_FILE"] = bad
		}
		err := run(context.Background(), args, func(k string) string { return env[k] }, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "the portal does not start") ||
			!strings.Contains(err.Error(), bad+`:12: studio "fit": colour: unknown key`) || strings.Count(err.Error(), "\n") != 5 {
			t.Errorf("run %v: %v, want the 5 problems", args, err)
		}
	}
	env["MAGICLINE_BASE_URL"] = "https://fit.open-api.example"
	env["MAGICLINE_API_KEY"] = "k"
	if err := run(context.Background(), []string{"-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, io.Discard); err == nil || !strings.Contains(err.Error(), "not both") {
		t.Errorf("studios file and MAGICLINE_BASE_URL: %v, want refused", err)
	}
}

// TestPortalServesTheStudiosFile starts the portal from a studios file: no
// sandbox, the file's studio at its slug.
func TestPortalServesTheStudiosFile(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := map[string]string{"FIT_API_KEY": "k", "LOG_LEVEL": "error"}
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-studios", studiosFile(t, goodStudios)}, func(k string) string { return env[k] }, w)
	}()
	lines := bufio.NewScanner(out)
	var portal string
	var sawSandbox bool
	for lines.Scan() {
		line := lines.Text()
		if strings.HasPrefix(line, "Portal:") {
			portal = strings.Fields(line)[1]
		}
		if strings.HasPrefix(line, "Sandbox:") {
			sawSandbox = true
		}
		if strings.Contains(line, "studio fit") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if portal == "" || sawSandbox {
		t.Fatalf("banner: portal %q, sandbox started %v", portal, sawSandbox)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	doc := getDoc(t, client, portal+"fit/login")
	if got := doc.Find("[data-testid=studio-name]").Text(); got != "Fit Studio" {
		t.Errorf("studio name %q, want Fit Studio", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}

// TestRunWithRedis: with REDIS_URL the portal starts on the shared state;
// an unreachable one stops the start with an error that does not repeat
// the URL's password.
func TestRunWithRedis(t *testing.T) {
	redis := redistest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	env := map[string]string{"LOG_LEVEL": "error", "REDIS_URL": redis.URL, "PORTAL_SECRET": strings.Repeat("s", 32)}
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, w) }()
	lines := bufio.NewScanner(out)
	var portal string
	for portal == "" && lines.Scan() {
		if f := strings.Fields(lines.Text()); len(f) == 2 && f[0] == "Portal:" {
			portal = f[1]
		}
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if portal == "" {
		cancel()
		t.Fatalf("no portal started: %v", <-done)
	}
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(portal + "demo/login")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET demo/login = %v, %v; want 200", resp, err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run after cancel = %v, want nil", err)
	}

	redis.Stop()
	env["REDIS_URL"] = strings.Replace(redis.URL, "redis://", "redis://portal:s3cret@", 1)
	err = run(context.Background(), []string{"-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, io.Discard)
	if !errors.Is(err, state.ErrUnavailable) || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("run with Redis down = %v, want state.ErrUnavailable without the password", err)
	}
}

func TestReadsFromEnv(t *testing.T) {
	env := map[string]string{"CACHE_STUDIO_TTL": "2m", "CACHE_MEMBER_TTL": "off", "STUDIO_BUDGET": "450", "MEMBER_BUDGET": "off"}
	got, err := readsFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	want := app.Reads{StudioTTL: 2 * time.Minute, MemberTTL: -1, StudioBudget: 450, MemberBudget: -1}
	if got != want {
		t.Errorf("readsFromEnv = %+v, want %+v", got, want)
	}
	if got, err := readsFromEnv(func(string) string { return "" }); err != nil || got != (app.Reads{}) {
		t.Errorf("unset: %+v, %v; want the defaults (zero)", got, err)
	}
	env = map[string]string{"CACHE_STUDIO_TTL": "soon", "MEMBER_BUDGET": "-3"}
	_, err = readsFromEnv(func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "CACHE_STUDIO_TTL") || !strings.Contains(err.Error(), "MEMBER_BUDGET") {
		t.Errorf("bad values: err = %v, want both named", err)
	}
}
