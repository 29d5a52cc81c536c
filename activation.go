package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/app"
)

// runConfirmActivation tells a studio's system that the portal is ready
// for its webhooks (POST /v1/studios/confirmActivation): delivery starts
// only after it. It reads the studios as the portal does (the studios file,
// else the single-studio variables), and refuses a studio without a
// webhook key, whose deliveries the portal would refuse.
func runConfirmActivation(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("confirm-activation", flag.ContinueOnError)
	slug := fs.String("studio", "", "the studio's slug (default: the only studio configured)")
	studiosFile := fs.String("studios", getenv("PORTAL_STUDIOS_FILE"), "the studios file (YAML, see README); default $PORTAL_STUDIOS_FILE")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New("usage: portal confirm-activation [-studios FILE] [-studio SLUG]")
	}
	cfg, err := configFromEnv(getenv, *studiosFile)
	if err != nil {
		return err
	}
	s, err := pickStudio(cfg.Studios, *slug)
	if err != nil {
		return err
	}
	if s.WebhookKey == "" {
		return fmt.Errorf("studio %s has no webhook key (webhook_key_env in the studios file, MAGICLINE_WEBHOOK_KEY without one): the portal would refuse its webhooks, so delivery is not activated", s.Slug)
	}
	client, err := apiclient.NewClient(s.BaseURL, s.APIKey, apiclient.WithTimeout(10*time.Second))
	if err != nil {
		return fmt.Errorf("studio %s: %w", s.Slug, err)
	}
	if err := client.ConfirmActivation(ctx); err != nil {
		return fmt.Errorf("studio %s: the studio's system did not confirm the activation: %w", s.Slug, err)
	}
	fmt.Fprintf(stdout, "studio %s: webhook delivery activated; the studio's system now sends its events to the webhook URL registered for the portal (https://<portal>/webhooks) with the studio's webhook key\n", s.Slug)
	return nil
}

// pickStudio finds the studio named slug, or the only one when slug is empty.
func pickStudio(list []app.StudioConfig, slug string) (app.StudioConfig, error) {
	if len(list) == 0 {
		return app.StudioConfig{}, errors.New("no studio configured: give the studios file (-studios, PORTAL_STUDIOS_FILE) or MAGICLINE_BASE_URL and MAGICLINE_API_KEY, as the portal gets them")
	}
	slugs := make([]string, len(list))
	for i, s := range list {
		if s.Slug == slug || (slug == "" && len(list) == 1) {
			return s, nil
		}
		slugs[i] = s.Slug
	}
	if slug == "" {
		return app.StudioConfig{}, fmt.Errorf("several studios are configured (%s): name one with -studio", strings.Join(slugs, ", "))
	}
	return app.StudioConfig{}, fmt.Errorf("no studio %q is configured (%s)", slug, strings.Join(slugs, ", "))
}
