package handlers

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// countingUpstream counts reads and can hold them until released.
type countingUpstream struct {
	Upstream
	catalog, contracts, mcs atomic.Int32
	hold                    chan struct{}
	name                    atomic.Value
}

func (u *countingUpstream) ListAdditionalModules(ctx context.Context) ([]apiclient.AdditionalModule, error) {
	u.catalog.Add(1)
	if u.hold != nil {
		<-u.hold
	}
	return []apiclient.AdditionalModule{{ID: 301, Name: "Sauna"}}, nil
}

func (u *countingUpstream) ListContracts(ctx context.Context, customerID int64, status apiclient.ContractStatus) ([]apiclient.Contract, error) {
	u.contracts.Add(1)
	// Customer 1001 owns contract 2001, and so on.
	return []apiclient.Contract{{ID: customerID + 1000, ModuleContracts: []apiclient.SubContract{{ID: 9001}}}}, nil
}

func (u *countingUpstream) GetAdditionalModuleContract(ctx context.Context, contractID, id int64) (*apiclient.AdditionalModuleContract, error) {
	u.mcs.Add(1)
	name, _ := u.name.Load().(string)
	return &apiclient.AdditionalModuleContract{Name: name}, nil
}

func (u *countingUpstream) CancelAdditionalModuleContract(ctx context.Context, contractID, id int64, req apiclient.CancelationRequest) (*apiclient.SuccessResponse, error) {
	u.name.Store("canceled")
	return &apiclient.SuccessResponse{}, nil
}

func TestCacheServesWithinTTLAndExpires(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	up := &countingUpstream{}
	c := newCachedUpstream(up, time.Minute, 15*time.Second, func() time.Time { return now })
	ctx := context.Background()
	for range 3 {
		if _, err := c.ListAdditionalModules(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := up.catalog.Load(); got != 1 {
		t.Errorf("catalog reads within TTL = %d, want 1", got)
	}
	now = now.Add(61 * time.Second)
	_, _ = c.ListAdditionalModules(ctx)
	if got := up.catalog.Load(); got != 2 {
		t.Errorf("catalog reads after TTL = %d, want 2", got)
	}
	_, _ = c.ListAdditionalModules(freshReads(ctx))
	if got := up.catalog.Load(); got != 3 {
		t.Errorf("catalog reads with freshReads = %d, want 3", got)
	}
}

func TestCacheCoalescesConcurrentMisses(t *testing.T) {
	// In a synctest bubble, Wait returns once every goroutine is blocked:
	// the first caller inside the upstream, the others waiting on its flight.
	synctest.Test(t, func(t *testing.T) {
		up := &countingUpstream{hold: make(chan struct{})}
		c := newCachedUpstream(up, time.Minute, time.Minute, time.Now)
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() { _, _ = c.ListAdditionalModules(context.Background()) })
		}
		synctest.Wait()
		close(up.hold)
		wg.Wait()
		if got := up.catalog.Load(); got != 1 {
			t.Errorf("upstream reads for 20 concurrent misses = %d, want 1", got)
		}
	})
}

func TestCacheOwnWriteInvalidates(t *testing.T) {
	up := &countingUpstream{}
	up.name.Store("active")
	c := newCachedUpstream(up, time.Minute, time.Minute, time.Now)
	ctx := context.Background()
	if _, err := c.ListContracts(ctx, 1001, ""); err != nil { // learns 2001 → 1001
		t.Fatal(err)
	}
	mc, _ := c.GetAdditionalModuleContract(ctx, 2001, 9001)
	if mc.Name != "active" {
		t.Fatalf("name = %q", mc.Name)
	}
	mc.Name = "mutated by a caller"
	if again, _ := c.GetAdditionalModuleContract(ctx, 2001, 9001); again.Name != "active" || up.mcs.Load() != 1 {
		t.Errorf("cached read = %q after %d reads; want an unmutated copy from 1 read", again.Name, up.mcs.Load())
	}
	if _, err := c.CancelAdditionalModuleContract(ctx, 2001, 9001, apiclient.CancelationRequest{}); err != nil {
		t.Fatal(err)
	}
	if after, _ := c.GetAdditionalModuleContract(ctx, 2001, 9001); after.Name != "canceled" {
		t.Errorf("after own cancel the add-on reads %q, want the fresh state", after.Name)
	}
	_, _ = c.ListContracts(ctx, 1001, "")
	if got := up.contracts.Load(); got != 2 {
		t.Errorf("contract list reads = %d, want 2 (invalidated by the write)", got)
	}
}

// TestCacheDropsReadsOlderThanAWrite: a read that started before a write
// and ends after it must not be kept.
func TestCacheDropsReadsOlderThanAWrite(t *testing.T) {
	up := &countingUpstream{hold: make(chan struct{})}
	c := newCachedUpstream(up, time.Minute, time.Minute, time.Now)
	done := make(chan struct{})
	go func() { _, _ = c.ListAdditionalModules(context.Background()); close(done) }()
	for up.catalog.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	c.invalidate("catalog")
	close(up.hold)
	<-done
	up.hold = nil
	_, _ = c.ListAdditionalModules(context.Background())
	if got := up.catalog.Load(); got != 2 {
		t.Errorf("reads = %d, want 2 (the read from before the write was not cached)", got)
	}
}

// TestCacheStaysBounded: entries of members long gone are swept, so a
// portal running for weeks does not keep every contract it ever read.
func TestCacheStaysBounded(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	up := &countingUpstream{}
	c := newCachedUpstream(up, time.Minute, 15*time.Second, func() time.Time { return now })
	ctx := context.Background()
	for i := range int64(5 * sweepEvery) {
		if _, err := c.ListContracts(ctx, 1000+i, ""); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Second)
	}
	c.mu.Lock()
	items, owners := len(c.items), len(c.owner)
	c.mu.Unlock()
	if items > sweepEvery+20 {
		t.Errorf("cached items = %d after 5×%d distinct reads, want them swept", items, sweepEvery)
	}
	if owners > items {
		t.Errorf("contract owners = %d for %d cached items, want those of swept lists dropped", owners, items)
	}
}

// TestCacheKeepsTheNewerRead: an ordinary read that started before a fresh
// one but ends after it must not replace the fresher value.
func TestCacheKeepsTheNewerRead(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		up := &countingUpstream{hold: make(chan struct{})}
		c := newCachedUpstream(up, time.Minute, time.Minute, time.Now)
		slow := make(chan struct{})
		go func() { _, _ = c.ListAdditionalModules(context.Background()); close(slow) }()
		synctest.Wait() // the ordinary read is inside the upstream
		fresh := make(chan struct{})
		go func() { _, _ = c.ListAdditionalModules(freshReads(context.Background())); close(fresh) }()
		synctest.Wait()
		up.hold <- struct{}{} // one of the two finishes...
		up.hold <- struct{}{} // ...then the other
		<-slow
		<-fresh
		c.mu.Lock()
		it := c.items["catalog"]
		latest := c.seq
		c.mu.Unlock()
		if it.seq != latest {
			t.Errorf("stored the read numbered %d, want the later one (%d)", it.seq, latest)
		}
	})
}
