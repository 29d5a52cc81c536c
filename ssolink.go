package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/studio-addons/portal/sso"
)

// runSSOLink prints a single sign-on link for a customer, signed with the
// studio's current SSO secret, valid for five minutes: `portal sso-link
// -studio SLUG -customer ID [-contract ID]`. The studios come from the
// studios file, else the single-studio variables, else the embedded demo
// (whose secrets the demo portal uses).
func runSSOLink(args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("sso-link", flag.ContinueOnError)
	slug := fs.String("studio", "", "the studio's slug")
	customer := fs.Int64("customer", 0, "the customer id (the sandbox's: 1001 for member 1-1001)")
	contract := fs.Int64("contract", 0, "optional: the main contract to bind")
	portal := fs.String("portal", cmp.Or(getenv("PORTAL_URL"), "http://127.0.0.1:8080"), "the portal's base URL; default $PORTAL_URL, else the demo's")
	studiosFile := fs.String("studios", getenv("PORTAL_STUDIOS_FILE"), "the studios file; default $PORTAL_STUDIOS_FILE")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *slug == "" || *customer <= 0 || *contract < 0 || fs.NArg() > 0 {
		return errors.New("usage: portal sso-link -studio SLUG -customer ID [-contract ID] [-portal URL]")
	}
	cfg, err := configFromEnv(getenv, *studiosFile)
	if err != nil {
		return err
	}
	list := cfg.Studios
	if len(list) == 0 {
		if list, err = demoStudios("http://127.0.0.1"); err != nil {
			return err
		}
	}
	for _, s := range list {
		if s.Slug != *slug {
			continue
		}
		if len(s.SSOSecrets) == 0 {
			return fmt.Errorf("studio %s has no SSO secret (sso_secret_env in the studios file, or MAGICLINE_SSO_SECRET)", s.Slug)
		}
		link := sso.New(s.Slug, *customer, *contract, time.Now(), sso.MaxLifetime)
		fmt.Fprintln(stdout, link.URL(*portal, s.SSOSecrets[0]))
		return nil
	}
	return fmt.Errorf("no studio %q configured", *slug)
}
