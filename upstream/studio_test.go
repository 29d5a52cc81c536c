package upstream

import (
	"context"
	"testing"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/state/statetest"
)

func (f *fakeAPI) GetStudioInformation(context.Context) (*apiclient.StudioInformation, error) {
	name, err := f.count(epStudioInform)
	if err != nil {
		return nil, err
	}
	return &apiclient.StudioInformation{Name: name, OpeningHours: []apiclient.OpeningHours{{DayOfWeekFrom: apiclient.Monday}}}, nil
}

func (f *fakeAPI) GetCustomer(_ context.Context, id int64) (*apiclient.Customer, error) {
	name, err := f.count(epCustomer)
	if err != nil {
		return nil, err
	}
	return &apiclient.Customer{ID: id, FirstName: name}, nil
}

// TestStudioInformationIsStudioWide: one read serves every caller until a
// catalog invalidation (a webhook) drops it; callers get their own copy.
func TestStudioInformationIsStudioWide(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	s := newStudio(api, clk, nil)
	a, err := s.For(member("s1", 1001)).Cached().GetStudioInformation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a.OpeningHours[0].DayOfWeekFrom = apiclient.Sunday
	b, _ := s.For(Caller{}).Cached().GetStudioInformation(ctx)
	if got := api.n(epStudioInform); got != 1 {
		t.Errorf("calls for two callers = %d, want 1", got)
	}
	if b.OpeningHours[0].DayOfWeekFrom != apiclient.Monday {
		t.Errorf("a caller's change reached the cache: %v", b.OpeningHours[0])
	}
	api.set("Renamed", nil)
	s.Invalidate(Invalidation{Catalog: true})
	if c, _ := s.For(Caller{}).Cached().GetStudioInformation(ctx); c.Name != "Renamed" {
		t.Errorf("after the invalidation the name is %q, want Renamed", c.Name)
	}
}

// TestGetCustomerIsNeverCached: a single sign-on sees the customer as the
// studio has them now.
func TestGetCustomerIsNeverCached(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	s := newStudio(api, clk, nil)
	v := s.For(Caller{Address: "192.0.2.1"})
	for range 2 {
		if _, err := v.GetCustomer(ctx, 1001); err != nil {
			t.Fatal(err)
		}
	}
	if got := api.n(epCustomer); got != 2 {
		t.Errorf("customer calls = %d, want 2", got)
	}
}
