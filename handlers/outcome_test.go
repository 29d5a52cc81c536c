package handlers

import (
	"context"
	"fmt"
	"testing"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/upstream"
)

func TestWriteOutcome(t *testing.T) {
	tests := []struct {
		name             string
		err              error
		refused, unknown bool
	}{
		{"400", &apiclient.APIError{StatusCode: 400}, true, false},
		{"409", &apiclient.APIError{StatusCode: 409}, true, false},
		{"429", &apiclient.APIError{StatusCode: 429}, true, false},
		{"408", &apiclient.APIError{StatusCode: 408}, false, true},
		{"500", &apiclient.APIError{StatusCode: 500}, false, true},
		{"502", &apiclient.APIError{StatusCode: 502}, false, true},
		{"503", &apiclient.APIError{StatusCode: 503}, false, true},
		{"no response", fmt.Errorf("x: %w", apiclient.ErrNoResponse), false, true},
		{"bad answer", fmt.Errorf("x: %w", apiclient.ErrBadResponse), false, true},
		{"deadline", context.DeadlineExceeded, false, true},
		{"refused locally", fmt.Errorf("x: %w", apiclient.ErrInvalidArgument), true, false},
		{"blocked by an earlier 429", &apiclient.RateLimitError{Endpoint: apiclient.EndpointCancelModuleContract}, true, false},
		{"canceled before sending", context.Canceled, false, false},
		{"held back by the studio's budget", &upstream.BudgetError{Endpoint: "purchase"}, false, false},
		{"held back by the member's share", fmt.Errorf("x: %w", &upstream.BudgetError{Member: true, Endpoint: "purchase"}), false, false},
	}
	for _, tt := range tests {
		if got := writeRefused(tt.err); got != tt.refused {
			t.Errorf("%s: writeRefused = %v, want %v", tt.name, got, tt.refused)
		}
		if got := writeOutcomeUnknown(tt.err); got != tt.unknown {
			t.Errorf("%s: writeOutcomeUnknown = %v, want %v", tt.name, got, tt.unknown)
		}
	}
}
