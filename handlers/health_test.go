package handlers

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/upstream"
)

// scopedUpstream lacks the scopes in missing; calls counts the checks.
type scopedUpstream struct {
	upstream.API
	mu      sync.Mutex
	missing []apiclient.Scope
	err     error
	calls   int
}

func (u *scopedUpstream) CheckScopes(ctx context.Context, scopes ...apiclient.Scope) ([]apiclient.Scope, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.calls++
	return u.missing, u.err
}

// GetStudioInformation answers as a tenant without the information would:
// the studio keeps its configured or default name and logo.
func (u *scopedUpstream) GetStudioInformation(context.Context) (*apiclient.StudioInformation, error) {
	return nil, &apiclient.APIError{StatusCode: 404}
}

func (u *scopedUpstream) set(missing []apiclient.Scope, err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.missing, u.err = missing, err
}

func TestReadinessChecksScopesAndLogsEachMissingOnce(t *testing.T) {
	var logs bytes.Buffer
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	demo := &scopedUpstream{}
	other := &scopedUpstream{missing: []apiclient.Scope{apiclient.ScopeStudioRead, apiclient.ScopeModuleContractWrite}}
	r := newReadiness([]*Studio{{Slug: "demo", Client: demo}, {Slug: "other", Client: other}}, 10*time.Second,
		func() time.Time { return now }, slog.New(slog.NewTextHandler(&logs, nil)))
	ctx := context.Background()

	want := "studio other lacks scope STUDIO_READ, MEMBERSHIP_SELF_SERVICE_ADDITIONAL_MODULE_CONTRACT_WRITE"
	if got := r.check(ctx); got != want {
		t.Errorf("check = %q, want %q", got, want)
	}
	r.check(ctx) // cached
	if demo.calls != 1 {
		t.Errorf("checks within the TTL = %d, want 1", demo.calls)
	}
	now = now.Add(11 * time.Second)
	r.check(ctx)
	if got := strings.Count(logs.String(), "scope=STUDIO_READ"); got != 1 {
		t.Errorf("STUDIO_READ logged %d times over two checks, want once:\n%s", got, logs.String())
	}
	if !strings.Contains(logs.String(), "studio=other") {
		t.Errorf("log does not name the studio:\n%s", logs.String())
	}

	other.set(nil, nil)
	now = now.Add(11 * time.Second)
	if got := r.check(ctx); got != "" {
		t.Errorf("with every scope back: check = %q, want ready", got)
	}
	if !strings.Contains(logs.String(), "has the scope again") {
		t.Errorf("the scope coming back is not logged:\n%s", logs.String())
	}

	demo.set(nil, &apiclient.APIError{StatusCode: 401})
	now = now.Add(11 * time.Second)
	if got := r.check(ctx); got != "studio demo: upstream not reachable or key refused" {
		t.Errorf("with a refused key: check = %q", got)
	}
}

func TestCheckAtStart(t *testing.T) {
	up := &scopedUpstream{err: errors.New("down")}
	d := Deps{Studios: []Studio{{Slug: "demo", Name: "Demo", Logo: "/logo.svg", Client: up}}, CheckAtStart: true,
		SessionHashKey: make([]byte, 64), SessionBlockKey: make([]byte, 32), CSRFKey: make([]byte, 32)}
	if _, err := New(d); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		up.mu.Lock()
		calls := up.calls
		up.mu.Unlock()
		if calls == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no readiness check at start")
		}
		time.Sleep(time.Millisecond)
	}
}
