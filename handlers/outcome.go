package handlers

import (
	"context"
	"errors"
	"net/http"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/upstream"
)

// writeRefused reports whether a failed upstream write (purchase,
// cancelation, withdrawal) certainly did not happen: the upstream answered
// with a 4xx other than 408 (it looked at the request and said no), or the
// client refused the call before sending it (an invalid argument, or an
// endpoint blocked by a 429 earlier in the minute). Everything else (timeouts,
// dropped connections, 5xx from the upstream or a gateway in front of it,
// an unreadable answer) leaves the outcome unknown: the write may have
// landed, so the caller reconciles by reading and never re-sends blindly.
func writeRefused(err error) bool {
	if errors.Is(err, apiclient.ErrInvalidArgument) || errors.Is(err, apiclient.ErrRateLimited) {
		return true
	}
	var ae *apiclient.APIError
	return errors.As(err, &ae) && ae.StatusCode >= 400 && ae.StatusCode < 500 && ae.StatusCode != http.StatusRequestTimeout
}

// heldBack reports a write the portal's own budgets (the studio's per
// endpoint, the member's share) did not let out: it never reached the
// studio, so it can be sent again once the budget allows, and the error
// handler's busy or slow-down page says when.
func heldBack(err error) bool {
	return errors.Is(err, upstream.ErrBusy) || errors.Is(err, upstream.ErrSlowDown)
}

// writeOutcomeUnknown is the complement of writeRefused for a real error;
// the member leaving the page (context canceled before sending) and a
// write a budget held back are not writes that may have happened.
func writeOutcomeUnknown(err error) bool {
	return err != nil && !writeRefused(err) && !heldBack(err) && !errors.Is(err, context.Canceled)
}
