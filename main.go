// Command portal is the studio add-ons member portal. With nothing
// configured it starts an embedded sandbox upstream with demo studios and
// members; `portal sandbox` runs only the sandbox API; `portal check-config
// FILE` checks a studios file; `portal confirm-activation -studio SLUG`
// starts a studio's webhook delivery; `portal sso-link -studio SLUG
// -customer ID` prints a single sign-on link. See README.md.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

// run is main without the process: tests call it with their own arguments,
// environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "sandbox":
			return runSandbox(ctx, args[1:], getenv, stdout)
		case "check-config":
			return runCheckConfig(args[1:], getenv, stdout)
		case "confirm-activation":
			return runConfirmActivation(ctx, args[1:], getenv, stdout)
		case "sso-link":
			return runSSOLink(args[1:], getenv, stdout)
		}
	}
	return runPortal(ctx, args, getenv, stdout)
}
