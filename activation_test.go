package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/studio-addons/portal/apiclient/sandbox"
)

// TestConfirmActivation: the command activates the single studio of the
// environment configuration, and refuses where the portal could not take
// the deliveries (no webhook key) or the studio refuses (a wrong key).
func TestConfirmActivation(t *testing.T) {
	sb := sandbox.New(sandbox.Config{})
	srv := httptest.NewServer(sb)
	t.Cleanup(func() { srv.Close(); sb.Close() })
	env := map[string]string{"MAGICLINE_BASE_URL": srv.URL, "MAGICLINE_API_KEY": sandbox.DemoKey, "STUDIO_SLUG": "demo"}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	var out strings.Builder

	err := run(ctx, []string{"confirm-activation"}, getenv, &out)
	if err == nil || !strings.Contains(err.Error(), "MAGICLINE_WEBHOOK_KEY") || sb.Activated("demo") {
		t.Errorf("without a webhook key: %v, activated %v; want refused, naming MAGICLINE_WEBHOOK_KEY", err, sb.Activated("demo"))
	}

	env["MAGICLINE_WEBHOOK_KEY"] = "hook-key"
	if err := run(ctx, []string{"confirm-activation", "-studio", "nope"}, getenv, &out); err == nil || !strings.Contains(err.Error(), `no studio "nope"`) {
		t.Errorf("an unknown studio: %v", err)
	}
	if err := run(ctx, []string{"confirm-activation", "-studio", "demo"}, getenv, &out); err != nil {
		t.Fatalf("confirm-activation: %v", err)
	}
	if !sb.Activated("demo") || !strings.HasPrefix(out.String(), "studio demo: webhook delivery activated") {
		t.Errorf("activated %v, output %q", sb.Activated("demo"), out.String())
	}

	env["MAGICLINE_API_KEY"] = "not-the-key-4711"
	err = run(ctx, []string{"confirm-activation"}, getenv, &out)
	if err == nil || strings.Contains(err.Error(), "not-the-key-4711") {
		t.Errorf("with a wrong API key: %v, want an error without the key", err)
	}
}

// TestConfirmActivationFromStudiosFile: with several studios the command
// needs -studio and activates only that one.
func TestConfirmActivationFromStudiosFile(t *testing.T) {
	sb := sandbox.New(sandbox.Config{})
	srv := httptest.NewServer(sb)
	t.Cleanup(func() { srv.Close(); sb.Close() })
	file := studiosFile(t, `studios:
  - slug: demo
    product: magicline
    base_url: `+srv.URL+`
    api_key_env: DEMO_KEY
    webhook_key_env: DEMO_HOOK
  - slug: direct
    product: magicline
    base_url: `+srv.URL+`
    api_key_env: DIRECT_KEY
    webhook_key_env: DIRECT_HOOK
`)
	env := map[string]string{"DEMO_KEY": sandbox.DemoKey, "DIRECT_KEY": sandbox.DirectKey, "DEMO_HOOK": "a", "DIRECT_HOOK": "b", "PORTAL_STUDIOS_FILE": file}
	getenv := func(k string) string { return env[k] }
	var out strings.Builder
	if err := run(context.Background(), []string{"confirm-activation"}, getenv, &out); err == nil || !strings.Contains(err.Error(), "demo, direct") {
		t.Errorf("several studios without -studio: %v", err)
	}
	if err := run(context.Background(), []string{"confirm-activation", "-studio", "direct"}, getenv, &out); err != nil {
		t.Fatal(err)
	}
	if !sb.Activated("direct") || sb.Activated("demo") {
		t.Errorf("activated: direct %v, demo %v; want only direct", sb.Activated("direct"), sb.Activated("demo"))
	}
}
