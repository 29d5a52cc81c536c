package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/sso"
)

// TestRunServesTheStudioWebsite: `go run .` prints the demo's studio
// website, which frames the portal from another site (localhost against
// 127.0.0.1); the portal lets that origin frame every demo studio, and a
// member "logged in" on the site gets a single sign-on link the portal
// takes.
func TestRunServesTheStudioWebsite(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	done := make(chan error, 1)
	env := map[string]string{"LOG_LEVEL": "error"}
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, w) }()
	var portal, site string
	lines := bufio.NewScanner(out)
	for (portal == "" || site == "") && lines.Scan() {
		line := lines.Text()
		switch {
		case strings.HasPrefix(line, "Portal:"):
			portal = strings.TrimSuffix(strings.Fields(line)[1], "/")
		case strings.HasPrefix(line, "Studio website:"):
			site = strings.TrimSuffix(strings.Fields(line)[2], "/")
		}
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if !strings.HasPrefix(site, "http://localhost:") {
		t.Fatalf("studio website %q, want http://localhost:…", site)
	}
	_, port, _ := strings.Cut(strings.TrimPrefix(portal, "http://"), ":")
	framed := "http://127.0.0.1:" + port

	client := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page := getDoc(t, client, site+"/berlin?member=1008")
	script := page.Find(`script[data-studio=berlin]`)
	if got := script.AttrOr("src", ""); got != framed+"/embed.js" || script.AttrOr("data-lang", "") != "de" {
		t.Errorf("berlin's page embeds %q (lang %q), want %s/embed.js in German", got, script.AttrOr("data-lang", ""), framed)
	}
	if page.Find("[data-addons-portal]").Length() != 1 {
		t.Error("no placeholder for the frame")
	}
	for _, studio := range []string{"demo", "berlin", "direct"} {
		resp, err := client.Get(framed + "/" + studio + "/login")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self' "+site) {
			t.Errorf("%s: CSP %q does not let the studio website frame it", studio, csp)
		}
	}
	link, err := url.Parse(script.AttrOr("data-sso", ""))
	if err != nil || link.Path != "/berlin/sso" {
		t.Fatalf("single sign-on link %q", script.AttrOr("data-sso", ""))
	}
	if _, err := sso.Verify("berlin", link.Query(), []string{demoKeys["SANDBOX_BERLIN_SSO_SECRET"]}, time.Now()); err != nil {
		t.Errorf("the site's link: %v", err)
	}
	resp, err := client.Get(link.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/berlin/modules" {
		t.Errorf("following the link: %d → %q, want 303 → /berlin/modules", resp.StatusCode, loc)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run after cancel = %v", err)
	}
}

func TestSSOLinkCommand(t *testing.T) {
	var out strings.Builder
	noEnv := func(string) string { return "" }
	if err := run(context.Background(), []string{"sso-link", "-studio", "demo", "-customer", "1004", "-contract", "2005"}, noEnv, &out); err != nil {
		t.Fatal(err)
	}
	link, err := url.Parse(strings.TrimSpace(out.String()))
	if err != nil || link.Scheme+"://"+link.Host+link.Path != "http://127.0.0.1:8080/demo/sso" {
		t.Fatalf("printed %q, want a link to the demo portal", out.String())
	}
	l, err := sso.Verify("demo", link.Query(), []string{demoKeys["SANDBOX_DEMO_SSO_SECRET"]}, time.Now())
	if err != nil || l.Customer != 1004 || l.Contract != 2005 {
		t.Errorf("printed link: %+v, %v", l, err)
	}

	env := map[string]string{
		"MAGICLINE_BASE_URL": "https://fit.open-api.example", "MAGICLINE_API_KEY": "k", "STUDIO_SLUG": "fit",
		"MAGICLINE_SSO_SECRET": strings.Repeat("f", 32), "PORTAL_URL": "https://portal.fit.example",
	}
	out.Reset()
	if err := run(context.Background(), []string{"sso-link", "-studio", "fit", "-customer", "7"}, func(k string) string { return env[k] }, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "https://portal.fit.example/fit/sso?customer=7&") {
		t.Errorf("single studio: printed %q", out.String())
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sso-link", "-studio", "demo"}, "usage"},
		{[]string{"sso-link", "-studio", "nowhere", "-customer", "1"}, `no studio "nowhere"`},
	} {
		if err := run(context.Background(), tt.args, noEnv, io.Discard); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want %q", tt.args, err, tt.want)
		}
	}
	delete(env, "MAGICLINE_SSO_SECRET")
	if err := run(context.Background(), []string{"sso-link", "-studio", "fit", "-customer", "7"}, func(k string) string { return env[k] }, io.Discard); err == nil || !strings.Contains(err.Error(), "no SSO secret") {
		t.Errorf("a studio without a secret: %v", err)
	}
}

func TestConfigFromEnvSSOAndFraming(t *testing.T) {
	env := map[string]string{
		"MAGICLINE_BASE_URL": "https://studio.example", "MAGICLINE_API_KEY": "k",
		"MAGICLINE_SSO_SECRET": strings.Repeat("c", 32), "MAGICLINE_SSO_PREVIOUS_SECRET": strings.Repeat("p", 32),
		"MAGICLINE_FRAME_ORIGINS": "https://www.studio.example, https://app.studio.example",
	}
	cfg, err := configFromEnv(func(k string) string { return env[k] }, "")
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Studios[0]
	if len(s.SSOSecrets) != 2 || s.SSOSecrets[0] != env["MAGICLINE_SSO_SECRET"] {
		t.Errorf("SSO secrets %d, want current then previous", len(s.SSOSecrets))
	}
	if got := strings.Join(s.FrameOrigins, " "); got != "https://www.studio.example https://app.studio.example" {
		t.Errorf("frame origins %q", got)
	}
	for k, v := range map[string]string{"MAGICLINE_SSO_SECRET": "short", "MAGICLINE_SSO_PREVIOUS_SECRET": "short"} {
		bad := map[string]string{}
		for k2, v2 := range env {
			bad[k2] = v2
		}
		bad[k] = v
		if _, err := configFromEnv(func(k string) string { return bad[k] }, ""); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("short %s: %v", k, err)
		}
	}
	delete(env, "MAGICLINE_SSO_SECRET")
	if _, err := configFromEnv(func(k string) string { return env[k] }, ""); err == nil {
		t.Error("a previous SSO secret without a current one accepted")
	}
}
