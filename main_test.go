package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

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
	for logins < 7 && lines.Scan() {
		line := lines.Text()
		switch {
		case strings.HasPrefix(line, "Portal:"):
			portal = strings.Fields(line)[1]
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
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(portal + "readyz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET readyz = %v, %v; want 200", resp, err)
	}
	resp.Body.Close()
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
		"STUDIO_SLUG": "fit", "PORTAL_SECRET": strings.Repeat("s", 32),
	}
	cfg, err := configFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Studios) != 1 || cfg.Studios[0].Slug != "fit" || !cfg.Secure {
		t.Errorf("config = %+v, want one secure studio fit", cfg)
	}
	if len(cfg.SessionHashKey) != 64 || len(cfg.SessionBlockKey) != 32 || string(cfg.SessionBlockKey) == string(cfg.CSRFKey) {
		t.Error("derived keys have the wrong size or are not independent")
	}
	delete(env, "MAGICLINE_API_KEY")
	if _, err := configFromEnv(func(k string) string { return env[k] }); err == nil {
		t.Error("base URL without key accepted")
	}
	env["PORTAL_SECRET"] = "short"
	if _, err := configFromEnv(func(k string) string { return env[k] }); err == nil {
		t.Error("short secret accepted")
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
