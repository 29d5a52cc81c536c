package upstream

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/state/statetest"
)

// fakeAPI answers from fields and counts calls per endpoint.
type fakeAPI struct {
	API
	mu      sync.Mutex
	calls   map[string]int
	name    string // the catalog's module name and the add-on's name
	err     error  // returned by every read while set
	hold    chan struct{}
	entered chan struct{}
}

func newFake() *fakeAPI { return &fakeAPI{calls: map[string]int{}, name: "Sauna"} }

func (f *fakeAPI) count(ep string) (string, error) {
	f.mu.Lock()
	f.calls[ep]++
	name, err, hold, entered := f.name, f.err, f.hold, f.entered
	f.mu.Unlock()
	if entered != nil {
		entered <- struct{}{}
	}
	if hold != nil {
		<-hold
	}
	return name, err
}

func (f *fakeAPI) n(ep string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[ep]
}

func (f *fakeAPI) set(name string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.name, f.err = name, err
}

func (f *fakeAPI) ListAdditionalModules(context.Context) ([]apiclient.AdditionalModule, error) {
	name, err := f.count(epCatalog)
	if err != nil {
		return nil, err
	}
	return []apiclient.AdditionalModule{{ID: 301, Name: name}}, nil
}

func (f *fakeAPI) ListContracts(_ context.Context, customerID int64, _ apiclient.ContractStatus) ([]apiclient.Contract, error) {
	_, err := f.count(epContracts)
	if err != nil {
		return nil, err
	}
	return []apiclient.Contract{{ID: customerID + 1000}}, nil
}

func (f *fakeAPI) GetAdditionalModuleContract(_ context.Context, _, _ int64) (*apiclient.AdditionalModuleContract, error) {
	name, err := f.count(epModuleContr)
	if err != nil {
		return nil, err
	}
	return &apiclient.AdditionalModuleContract{Name: name}, nil
}

func (f *fakeAPI) ValidateAdditionalModule(context.Context, int64, apiclient.AdditionalModuleRequest) (*apiclient.ValidationResult, error) {
	_, err := f.count(epValidate)
	if err != nil {
		return nil, err
	}
	return &apiclient.ValidationResult{ValidationStatus: apiclient.ValidationPurchasable}, nil
}

func (f *fakeAPI) CancelAdditionalModuleContract(context.Context, int64, int64, apiclient.CancelationRequest) (*apiclient.SuccessResponse, error) {
	f.count(epCancel)
	return &apiclient.SuccessResponse{}, nil
}

func (f *fakeAPI) PurchaseAdditionalModule(context.Context, int64, apiclient.AdditionalModuleRequest) (*apiclient.PurchaseResult, error) {
	f.count(epPurchase)
	return &apiclient.PurchaseResult{ID: 9001}, nil
}

func newStudio(api API, clk *statetest.Clock, tune func(*Config)) *Studio {
	cfg := Config{Now: clk.Now}
	if tune != nil {
		tune(&cfg)
	}
	return New("demo", api, cfg)
}

var ctx = context.Background()

func member(sid string, customer int64) Caller { return Caller{Session: sid, Customer: customer} }

func TestCachedReadsWithinTTLAndExpire(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	s := newStudio(api, clk, nil)
	v := s.For(member("s1", 1001))
	for range 3 {
		if _, err := v.Cached().ListContracts(ctx, 1001, ""); err != nil {
			t.Fatal(err)
		}
	}
	if got := api.n(epContracts); got != 1 {
		t.Errorf("contract reads within the TTL = %d, want 1", got)
	}
	clk.Advance(16 * time.Second)
	_, _ = v.Cached().ListContracts(ctx, 1001, "")
	if got := api.n(epContracts); got != 2 {
		t.Errorf("contract reads after the TTL = %d, want 2", got)
	}
	_, _ = v.Fresh().ListContracts(ctx, 1001, "")
	if got := api.n(epContracts); got != 3 {
		t.Errorf("contract reads with Fresh = %d, want 3", got)
	}
	_, _ = v.Cached().ListContracts(ctx, 1001, "")
	if got := api.n(epContracts); got != 3 {
		t.Errorf("a cached read after a fresh one = %d reads, want 3 (the fresh answer is kept)", got)
	}
}

func TestCopiesAreHandedOut(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	v := newStudio(api, clk, nil).For(member("s1", 1001))
	got, _ := v.Cached().ListAdditionalModules(ctx)
	got[0].Name = "changed by a caller"
	again, _ := v.Cached().ListAdditionalModules(ctx)
	if again[0].Name != "Sauna" {
		t.Errorf("cached catalog = %q after a caller changed its copy, want Sauna", again[0].Name)
	}
	mc, _ := v.Cached().GetAdditionalModuleContract(ctx, 2001, 5001)
	mc.Name = "changed"
	mc2, _ := v.Cached().GetAdditionalModuleContract(ctx, 2001, 5001)
	if mc2.Name != "Sauna" {
		t.Errorf("cached add-on = %q after a caller changed its copy, want Sauna", mc2.Name)
	}
}

func TestConcurrentMissesShareOneCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFake()
		api.hold = make(chan struct{})
		s := New("demo", api, Config{})
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() { _, _ = s.For(member("s", int64(i))).Cached().ListAdditionalModules(ctx) })
		}
		synctest.Wait()
		close(api.hold)
		wg.Wait()
		if got := api.n(epCatalog); got != 1 {
			t.Errorf("catalog calls for 20 concurrent misses = %d, want 1", got)
		}
	})
}

func TestStudioWideDataIsRefreshedBeforeItExpires(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	s := newStudio(api, clk, nil)
	v := s.For(member("s1", 1001))
	_, _ = v.Cached().ListAdditionalModules(ctx)
	api.set("Sauna (new)", nil)
	clk.Advance(31 * time.Second) // past half the minute: due, not expired
	got, _ := v.Cached().ListAdditionalModules(ctx)
	if got[0].Name != "Sauna" {
		t.Errorf("due catalog answered %q, want the cached Sauna without waiting", got[0].Name)
	}
	s.Wait()
	if n := api.n(epCatalog); n != 2 {
		t.Errorf("catalog calls = %d, want 2 (one background refresh)", n)
	}
	got, _ = v.Cached().ListAdditionalModules(ctx)
	if got[0].Name != "Sauna (new)" {
		t.Errorf("after the refresh the catalog is %q, want Sauna (new)", got[0].Name)
	}
	clk.Advance(31 * time.Second) // still within a minute of the refresh
	_, _ = v.Cached().ListAdditionalModules(ctx)
	s.Wait()
	if n := api.n(epCatalog); n != 3 {
		t.Errorf("catalog calls = %d, want 3", n)
	}
}

func TestStudioBudgetRefusesOrAnswersStale(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	s := newStudio(api, clk, func(c *Config) { c.StudioBudget = 2; c.MemberBudget = -1 })
	v := s.For(member("s1", 1001))
	if _, err := v.Cached().GetAdditionalModuleContract(ctx, 2001, 5001); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Cached().GetAdditionalModuleContract(ctx, 2001, 5002); err != nil {
		t.Fatal(err)
	}
	_, err := v.Cached().GetAdditionalModuleContract(ctx, 2001, 5003)
	if !errors.Is(err, ErrBusy) || errors.Is(err, ErrSlowDown) {
		t.Fatalf("third read in the minute: err = %v, want ErrBusy", err)
	}
	if d, ok := RetryIn(err); !ok || d <= 0 || d > time.Minute {
		t.Errorf("RetryIn = %v, %v; want within the minute", d, ok)
	}
	if got := api.n(epModuleContr); got != 2 {
		t.Errorf("upstream calls = %d, want 2: the refused one was not sent", got)
	}
	// The first add-on expired: with the budget used up it answers stale.
	fetched := clk.Now()
	clk.Advance(20 * time.Second)
	v2 := s.For(member("s2", 1002))
	mc, err := v2.Cached().GetAdditionalModuleContract(ctx, 2001, 5001)
	if err != nil || mc.Name != "Sauna" {
		t.Fatalf("expired entry with no budget: %v, %v; want the stale add-on", mc, err)
	}
	if got := v2.StaleSince(); !got.Equal(fetched) {
		t.Errorf("StaleSince = %v, want %v", got, fetched)
	}
	if !v.StaleSince().IsZero() {
		t.Errorf("another request's view is marked stale")
	}
	// Fresh reads never answer stale.
	if _, err := v2.Fresh().GetAdditionalModuleContract(ctx, 2001, 5001); !errors.Is(err, ErrBusy) {
		t.Errorf("fresh read without budget: err = %v, want ErrBusy", err)
	}
	clk.Advance(time.Minute)
	if _, err := v.Cached().GetAdditionalModuleContract(ctx, 2001, 5003); err != nil {
		t.Errorf("next minute: %v, want the budget back", err)
	}
}

func TestUpstreamRefusalAnswersStale(t *testing.T) {
	for name, upErr := range map[string]error{
		"429":         &apiclient.APIError{StatusCode: 429, TraceID: "t-1"},
		"503":         &apiclient.APIError{StatusCode: 503},
		"no response": apiclient.ErrNoResponse,
	} {
		t.Run(name, func(t *testing.T) {
			api, clk := newFake(), statetest.NewClock()
			v := newStudio(api, clk, nil).For(member("s1", 1001))
			_, _ = v.Cached().ListContracts(ctx, 1001, "")
			clk.Advance(20 * time.Second)
			api.set("", upErr)
			if _, err := v.Cached().ListContracts(ctx, 1001, ""); err != nil {
				t.Errorf("err = %v, want the stale list", err)
			}
			if v.StaleSince().IsZero() {
				t.Errorf("StaleSince is zero after a stale answer")
			}
			clk.Advance(16 * time.Minute) // past MaxStale
			if _, err := v.Cached().ListContracts(ctx, 1001, ""); err == nil {
				t.Errorf("an entry older than MaxStale answered")
			}
		})
	}
	t.Run("not found is not answered stale", func(t *testing.T) {
		api, clk := newFake(), statetest.NewClock()
		v := newStudio(api, clk, nil).For(member("s1", 1001))
		_, _ = v.Cached().GetAdditionalModuleContract(ctx, 2001, 5001)
		clk.Advance(20 * time.Second)
		api.set("", &apiclient.APIError{StatusCode: 404})
		if _, err := v.Cached().GetAdditionalModuleContract(ctx, 2001, 5001); !errors.Is(err, apiclient.ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestMemberShareIsCountedPerSessionAndCustomer(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	s := newStudio(api, clk, func(c *Config) { c.MemberBudget = 3 })
	flood := s.For(member("s1", 1001))
	for i := range 3 {
		if _, err := flood.Fresh().GetAdditionalModuleContract(ctx, 2001, int64(i)); err != nil {
			t.Fatal(err)
		}
	}
	_, err := flood.Fresh().GetAdditionalModuleContract(ctx, 2001, 9)
	if !errors.Is(err, ErrSlowDown) || errors.Is(err, ErrBusy) {
		t.Fatalf("4th call: err = %v, want ErrSlowDown", err)
	}
	if got := api.n(epModuleContr); got != 3 {
		t.Errorf("upstream calls = %d, want 3: the member over their share causes none", got)
	}
	// Cache hits cost nothing.
	if _, err := flood.Cached().GetAdditionalModuleContract(ctx, 2001, 0); err != nil {
		t.Errorf("cache hit over the share: %v", err)
	}
	// Another session of the same customer shares the customer's share.
	if _, err := s.For(member("s2", 1001)).Fresh().GetAdditionalModuleContract(ctx, 2001, 9); !errors.Is(err, ErrSlowDown) {
		t.Errorf("second session of the customer: err = %v, want ErrSlowDown", err)
	}
	// Another member is untouched.
	if _, err := s.For(member("s3", 1002)).Fresh().GetAdditionalModuleContract(ctx, 2002, 9); err != nil {
		t.Errorf("another member: %v", err)
	}
	// Writes count too: no purchase for a member over their share.
	if _, err := flood.PurchaseAdditionalModule(ctx, 2001, apiclient.AdditionalModuleRequest{}); !errors.Is(err, ErrSlowDown) {
		t.Errorf("purchase over the share: err = %v, want ErrSlowDown", err)
	}
	if api.n(epPurchase) != 0 {
		t.Errorf("a purchase was sent for a member over their share")
	}
	// Before login the address is the caller.
	anon := s.For(Caller{Address: "192.0.2.1"})
	for range 3 {
		_, _ = anon.Fresh().ListContracts(ctx, 1, "")
	}
	if _, err := anon.Fresh().ListContracts(ctx, 1, ""); !errors.Is(err, ErrSlowDown) {
		t.Errorf("address over its share: err = %v, want ErrSlowDown", err)
	}
}

func TestWritesInvalidateWhatTheyChange(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	var told []Invalidation
	s := newStudio(api, clk, func(c *Config) { c.OnInvalidate = func(inv Invalidation) { told = append(told, inv) } })
	v := s.For(member("s1", 1001))
	warm := func() {
		_, _ = v.Cached().ListContracts(ctx, 1001, "")
		_, _ = v.Cached().GetAdditionalModuleContract(ctx, 2001, 5001)
		_, _ = v.Cached().GetAdditionalModuleContract(ctx, 2001, 5002)
		_, _ = v.Cached().ListAdditionalModules(ctx)
	}
	warm()
	if _, err := v.CancelAdditionalModuleContract(ctx, 2001, 5001, apiclient.CancelationRequest{}); err != nil {
		t.Fatal(err)
	}
	warm()
	if got, want := api.n(epContracts), 2; got != want {
		t.Errorf("contract list reads = %d, want %d (dropped by the cancelation)", got, want)
	}
	if got, want := api.n(epModuleContr), 3; got != want {
		t.Errorf("add-on reads = %d, want %d (only the canceled one again)", got, want)
	}
	if got := api.n(epCatalog); got != 1 {
		t.Errorf("catalog reads = %d, want 1 (a cancelation does not change it)", got)
	}
	want := Invalidation{Customer: 1001, Contract: 2001, ModuleContract: 5001}
	if len(told) == 0 || told[0] != want {
		t.Errorf("OnInvalidate got %v, want %v", told, want)
	}
	// A purchase drops the whole contract's data.
	_, _ = v.PurchaseAdditionalModule(ctx, 2001, apiclient.AdditionalModuleRequest{})
	warm()
	if got, want := api.n(epModuleContr), 5; got != want {
		t.Errorf("add-on reads after a purchase = %d, want %d", got, want)
	}
	// Another instance's invalidation applies without being passed on.
	n := len(told)
	s.ApplyInvalidation(Invalidation{Catalog: true})
	warm()
	if got := api.n(epCatalog); got != 2 {
		t.Errorf("catalog reads after a catalog invalidation = %d, want 2", got)
	}
	if len(told) != n {
		t.Errorf("ApplyInvalidation was passed on")
	}
}

func TestReadInFlightDuringInvalidationIsNotKept(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	s := newStudio(api, clk, nil)
	api.hold, api.entered = make(chan struct{}), make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = s.For(member("s1", 1001)).Cached().GetAdditionalModuleContract(ctx, 2001, 5001)
	}()
	<-api.entered
	s.ApplyInvalidation(Invalidation{Contract: 2001, ModuleContract: 5001})
	api.hold <- struct{}{}
	<-done
	api.mu.Lock()
	api.hold, api.entered = nil, nil
	api.mu.Unlock()
	_, _ = s.For(member("s1", 1001)).Cached().GetAdditionalModuleContract(ctx, 2001, 5001)
	if got := api.n(epModuleContr); got != 2 {
		t.Errorf("add-on reads = %d, want 2: the read that raced the invalidation was not kept", got)
	}
}

func TestCacheOffReadsEveryTime(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	v := newStudio(api, clk, func(c *Config) { c.StudioTTL, c.ContractTTL = -1, -1 }).For(member("s1", 1001))
	for range 3 {
		_, _ = v.Cached().ListAdditionalModules(ctx)
		_, _ = v.Cached().ValidateAdditionalModule(ctx, 2001, apiclient.AdditionalModuleRequest{AdditionalModuleID: 301})
	}
	if got := api.n(epCatalog) + api.n(epValidate); got != 6 {
		t.Errorf("reads with the cache off = %d, want 6", got)
	}
}

func TestValidationIsCachedPerChoice(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	v := newStudio(api, clk, nil).For(member("s1", 1001))
	req := apiclient.AdditionalModuleRequest{AdditionalModuleID: 301, PaymentFrequencyID: 3011, BookTrialPeriod: true}
	_, _ = v.Cached().ValidateAdditionalModule(ctx, 2001, req)
	_, _ = v.Cached().ValidateAdditionalModule(ctx, 2001, req)
	req.BookTrialPeriod = false
	_, _ = v.Cached().ValidateAdditionalModule(ctx, 2001, req)
	if got := api.n(epValidate); got != 2 {
		t.Errorf("validate calls = %d, want 2 (one per choice)", got)
	}
}

// failingLimiter stands for a shared store that is down.
type failingLimiter struct{ calls atomic.Int32 }

func (f *failingLimiter) Take(context.Context, string, int, time.Duration) (bool, time.Duration, error) {
	f.calls.Add(1)
	return false, 0, errors.New("store down")
}

func TestBudgetsCountLocallyWhenTheSharedStoreFails(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	lim := &failingLimiter{}
	v := newStudio(api, clk, func(c *Config) { c.Limiter = lim; c.MemberBudget = 2 }).For(member("s1", 1001))
	for i := range 2 {
		if _, err := v.Fresh().GetAdditionalModuleContract(ctx, 2001, int64(i)); err != nil {
			t.Fatalf("read %d with the store down: %v", i, err)
		}
	}
	if _, err := v.Fresh().GetAdditionalModuleContract(ctx, 2001, 3); !errors.Is(err, ErrSlowDown) {
		t.Errorf("3rd read: err = %v, want ErrSlowDown from the local count", err)
	}
	if lim.calls.Load() == 0 {
		t.Errorf("the shared limiter was never asked")
	}
}

func TestACallersDeadlineHoldsWhileTheSharedCallGoesOn(t *testing.T) {
	api, clk := newFake(), statetest.NewClock()
	s := newStudio(api, clk, nil)
	api.hold, api.entered = make(chan struct{}), make(chan struct{}, 1)
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		_, err := s.For(member("s1", 1001)).Cached().GetAdditionalModuleContract(cctx, 2001, 5001)
		done <- err
	}()
	<-api.entered
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want the caller's cancelation", err)
	}
	close(api.hold)
	// The shared call finished and was kept for the next caller.
	for range 100 {
		if _, ok, _ := s.cache.lookup(moduleContractKey(2001, 5001)); ok {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := s.For(member("s1", 1001)).Cached().GetAdditionalModuleContract(ctx, 2001, 5001); err != nil || api.n(epModuleContr) != 1 {
		t.Errorf("next read: %v after %d calls, want the kept answer after 1", err, api.n(epModuleContr))
	}
}
