package handlers

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"testing/synctest"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/upstream"
)

// slowTenant answers the studio information once release is closed.
type slowTenant struct {
	upstream.API
	release chan struct{}
	info    apiclient.StudioInformation
	err     error
}

func (s *slowTenant) GetStudioInformation(ctx context.Context) (*apiclient.StudioInformation, error) {
	<-s.release
	if s.err != nil {
		return nil, s.err
	}
	si := s.info
	return &si, nil
}

// TestSlowTenantDoesNotHoldTheStart: priming gives up at its deadline, the
// pages show the default until the tenant answers, then the tenant's name
// and logo; nothing unfit for a page is taken.
func TestSlowTenantDoesNotHoldTheStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &slowTenant{release: make(chan struct{}), info: apiclient.StudioInformation{Name: "Fit Mitte", LogoURL: "https://cdn.fit.example/logo.svg"}}
		up := upstream.New("fit", api, upstream.Config{})
		tb := newTenantBranding(up, time.Now, slog.New(slog.DiscardHandler))
		s := &Studio{Slug: "fit", DefaultName: "Fit", tenant: tb}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		start := time.Now()
		tb.prime(ctx)
		if waited := time.Since(start); waited != 2*time.Second {
			t.Errorf("prime waited %v, want the 2s deadline", waited)
		}
		if v := s.view(); v.Name != "Fit" || v.Logo != "" {
			t.Errorf("before the tenant answers: %q %q, want the default name and no logo", v.Name, v.Logo)
		}
		close(api.release)
		synctest.Wait()
		if v := s.view(); v.Name != "Fit Mitte" || v.Logo != "https://cdn.fit.example/logo.svg" {
			t.Errorf("after the tenant answered: %q %q", v.Name, v.Logo)
		}
		tb.bg.Wait()
	})
}

func TestTenantValuesAreCheckedAndFailuresRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &slowTenant{release: make(chan struct{}), err: errors.New("down")}
		close(api.release)
		up := upstream.New("fit", api, upstream.Config{StudioTTL: -1})
		tb := newTenantBranding(up, time.Now, slog.New(slog.DiscardHandler))
		tb.prime(context.Background())
		if name, logo := tb.current(); name != "" || logo != "" {
			t.Errorf("after a failure: %q %q", name, logo)
		}
		api.err = nil
		api.info = apiclient.StudioInformation{Name: "Bad\nName", LogoURL: "http://cdn.example/logo.svg"}
		time.Sleep(tenantRetry) // fake time: the retry is due
		tb.current()
		tb.bg.Wait()
		if name, logo := tb.current(); name != "" || logo != "" {
			t.Errorf("a two-line name and a plain-http logo were taken: %q %q", name, logo)
		}
		tb.bg.Wait()
	})
}
