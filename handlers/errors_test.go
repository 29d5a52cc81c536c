package handlers

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/studio-addons/portal/state"
)

// TestClassifyStoreUnavailable: a shared store that cannot be asked is the
// 'unavailable' page, also where a handler wrapped it as not found or bad
// request (a booking page whose token could not be read is not a 404).
func TestClassifyStoreUnavailable(t *testing.T) {
	down := fmt.Errorf("redisstate: get token: %w: connection refused", state.ErrUnavailable)
	for name, err := range map[string]error{"bare": down, "not found": notFound(down), "bad request": badRequest(down)} {
		got := classify(err)
		if got.Status != http.StatusServiceUnavailable || got.TitleKey != "error.unavailable.title" || got.BodyKey != "error.unavailable.body" {
			t.Errorf("%s: classify = %+v, want 503 unavailable", name, got)
		}
	}
	if got := classify(notFound(state.ErrUnknownToken)); got.Status != http.StatusNotFound {
		t.Errorf("an unknown token: status %d, want 404", got.Status)
	}
}
