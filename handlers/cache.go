package handlers

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/singleflight"

	"github.com/studio-addons/portal/apiclient"
)

// cachedUpstream keeps a studio's reads for a short while so members'
// page views do not spend the studio's upstream rate limit (1000 requests
// per endpoint and minute for the whole studio; My add-ons of a member with
// 25 add-ons costs 25 of them). Studio-wide data (catalog, cancelation
// reasons) lives longer than a member's contract data. Concurrent misses
// of one key share one upstream call. The portal's own writes invalidate
// what they change, so a member always sees the result of their own action;
// changes made elsewhere (the studio verifying an amendment) show within
// the contract TTL. Money paths ask for fresh reads (freshReads).
//
// Values handed out are copies of the cached slices and structs: callers
// may reorder or filter what they get.
type cachedUpstream struct {
	Upstream               // writes, validate and login reads pass through uncached
	now                    func() time.Time
	studioTTL, contractTTL time.Duration

	group   singleflight.Group
	mu      sync.Mutex
	gen     uint64 // bumped by every invalidation; a read older than it is not stored
	items   map[string]cacheItem
	owner   map[int64]int64 // main contract id → customer id, learned from ListContracts
	inserts uint64
	seq     uint64 // numbers loads in the order they start
}

// sweepEvery is how many insertions pass between sweeps of expired entries,
// which keep the maps bounded by what was read within one TTL.
const sweepEvery = 256

// sweepLocked drops expired entries, and the contract owners whose
// customer has no cached contract list left (nothing to invalidate).
func (c *cachedUpstream) sweepLocked() {
	now := c.now()
	listed := map[string]bool{}
	for k, it := range c.items {
		if !now.Before(it.expires) {
			delete(c.items, k)
			continue
		}
		if rest, ok := strings.CutPrefix(k, "contracts:"); ok {
			customer, _, _ := strings.Cut(rest, ":")
			listed[customer] = true
		}
	}
	for contract, customer := range c.owner {
		if !listed[itoa(customer)] {
			delete(c.owner, contract)
		}
	}
}

type cacheItem struct {
	v       any
	expires time.Time
	seq     uint64 // when its load started, in load order
}

type freshKey struct{}

// freshReads marks ctx so the cache reads through to the upstream (and
// keeps the fresh answer): for the purchase and its reconciliation, where
// a stale price or a stale list of add-on contracts must not decide.
func freshReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, freshKey{}, true)
}

// prepareWrite readies a request that writes upstream (cancelation,
// withdrawal): every read bypasses the cache, so the write is decided on the
// add-on as it is now, and the member leaving the page no longer cancels
// the calls: once a write may be on its way, its outcome is always read.
func prepareWrite(c echo.Context) {
	ctx := freshReads(context.WithoutCancel(c.Request().Context()))
	c.SetRequest(c.Request().WithContext(ctx))
}

func isFresh(ctx context.Context) bool { v, _ := ctx.Value(freshKey{}).(bool); return v }

func newCachedUpstream(up Upstream, studioTTL, contractTTL time.Duration, now func() time.Time) *cachedUpstream {
	return &cachedUpstream{Upstream: up, now: now, studioTTL: studioTTL, contractTTL: contractTTL,
		items: map[string]cacheItem{}, owner: map[int64]int64{}}
}

// get returns the cached value of key, or loads it (once for all concurrent
// callers) and caches it for ttl.
func (c *cachedUpstream) get(ctx context.Context, key string, ttl time.Duration, load func(context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	it, ok := c.items[key]
	gen := c.gen
	c.mu.Unlock()
	if ok && !isFresh(ctx) && c.now().Before(it.expires) {
		return it.v, nil
	}
	// The generation is part of the flight key: a read that started before
	// a write must not answer a caller who asked after it.
	flight := key + "#" + strconv.FormatUint(gen, 10)
	if isFresh(ctx) {
		flight += "#fresh"
	}
	v, err, _ := c.group.Do(flight, func() (any, error) {
		c.mu.Lock()
		c.seq++
		seq := c.seq
		c.mu.Unlock()
		v, err := load(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.gen == gen {
			c.storeLocked(key, v, ttl, seq)
		}
		return v, nil
	})
	return v, err
}

// storeLocked keeps v unless a read that started later is already stored
// (a slow ordinary read must not replace a newer fresh one), and learns the
// owners of a contract list in the same step, so a sweep can never see the
// list without its owners.
func (c *cachedUpstream) storeLocked(key string, v any, ttl time.Duration, seq uint64) {
	if old, ok := c.items[key]; ok && old.seq > seq {
		return
	}
	c.items[key] = cacheItem{v: v, expires: c.now().Add(ttl), seq: seq}
	if list, ok := v.([]apiclient.Contract); ok {
		rest, _ := strings.CutPrefix(key, "contracts:")
		customerText, _, _ := strings.Cut(rest, ":")
		if customer, err := strconv.ParseInt(customerText, 10, 64); err == nil {
			for _, k := range list {
				c.owner[k.ID] = customer
			}
		}
	}
	c.inserts++
	if c.inserts%sweepEvery == 0 {
		c.sweepLocked()
	}
}

// invalidate drops the given keys and every read still in flight.
func (c *cachedUpstream) invalidate(keys ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, k := range keys {
		delete(c.items, k)
	}
}

// contractKeys are the keys a write on a main contract may change.
func (c *cachedUpstream) contractKeys(contractID, moduleContractID int64) []string {
	c.mu.Lock()
	customer, known := c.owner[contractID]
	c.mu.Unlock()
	keys := []string{"purchasable:" + itoa(contractID), "mc:" + itoa(contractID) + ":" + itoa(moduleContractID)}
	if known {
		for _, st := range []apiclient.ContractStatus{"", apiclient.ContractActive, apiclient.ContractInactive} {
			keys = append(keys, contractsKey(customer, st))
		}
	}
	return keys
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func contractsKey(customerID int64, status apiclient.ContractStatus) string {
	return "contracts:" + itoa(customerID) + ":" + string(status)
}

// ListAdditionalModules is the studio's catalog, cached for the studio TTL.
func (c *cachedUpstream) ListAdditionalModules(ctx context.Context) ([]apiclient.AdditionalModule, error) {
	v, err := c.get(ctx, "catalog", c.studioTTL, func(ctx context.Context) (any, error) {
		return c.Upstream.ListAdditionalModules(ctx)
	})
	if err != nil {
		return nil, err
	}
	return slices.Clone(v.([]apiclient.AdditionalModule)), nil
}

// ListCancelationReasons is the studio's reason list, cached for the studio TTL.
func (c *cachedUpstream) ListCancelationReasons(ctx context.Context) ([]apiclient.CancelationReason, error) {
	v, err := c.get(ctx, "reasons", c.studioTTL, func(ctx context.Context) (any, error) {
		return c.Upstream.ListCancelationReasons(ctx)
	})
	if err != nil {
		return nil, err
	}
	return slices.Clone(v.([]apiclient.CancelationReason)), nil
}

// ListContracts caches a customer's contracts for the contract TTL; storing
// them records which customer owns each contract (for invalidation).
func (c *cachedUpstream) ListContracts(ctx context.Context, customerID int64, status apiclient.ContractStatus) ([]apiclient.Contract, error) {
	v, err := c.get(ctx, contractsKey(customerID, status), c.contractTTL, func(ctx context.Context) (any, error) {
		return c.Upstream.ListContracts(ctx, customerID, status)
	})
	if err != nil {
		return nil, err
	}
	return slices.Clone(v.([]apiclient.Contract)), nil
}

// ListPurchasableAdditionalModules caches what a contract can buy.
func (c *cachedUpstream) ListPurchasableAdditionalModules(ctx context.Context, contractID int64) ([]apiclient.AdditionalModule, error) {
	v, err := c.get(ctx, "purchasable:"+itoa(contractID), c.contractTTL, func(ctx context.Context) (any, error) {
		return c.Upstream.ListPurchasableAdditionalModules(ctx, contractID)
	})
	if err != nil {
		return nil, err
	}
	return slices.Clone(v.([]apiclient.AdditionalModule)), nil
}

// GetAdditionalModuleContract caches one add-on contract.
func (c *cachedUpstream) GetAdditionalModuleContract(ctx context.Context, contractID, moduleContractID int64) (*apiclient.AdditionalModuleContract, error) {
	key := "mc:" + itoa(contractID) + ":" + itoa(moduleContractID)
	v, err := c.get(ctx, key, c.contractTTL, func(ctx context.Context) (any, error) {
		return c.Upstream.GetAdditionalModuleContract(ctx, contractID, moduleContractID)
	})
	if err != nil {
		return nil, err
	}
	mc := *v.(*apiclient.AdditionalModuleContract)
	return &mc, nil
}

// PurchaseAdditionalModule passes through and invalidates the contract's
// data before and after: whatever the answer, the next read is fresh.
func (c *cachedUpstream) PurchaseAdditionalModule(ctx context.Context, contractID int64, req apiclient.AdditionalModuleRequest) (*apiclient.PurchaseResult, error) {
	c.invalidate(c.contractKeys(contractID, 0)...)
	defer c.invalidate(c.contractKeys(contractID, 0)...)
	return c.Upstream.PurchaseAdditionalModule(ctx, contractID, req)
}

// CancelAdditionalModuleContract passes through and invalidates the add-on.
func (c *cachedUpstream) CancelAdditionalModuleContract(ctx context.Context, contractID, moduleContractID int64, req apiclient.CancelationRequest) (*apiclient.SuccessResponse, error) {
	c.invalidate(c.contractKeys(contractID, moduleContractID)...)
	defer c.invalidate(c.contractKeys(contractID, moduleContractID)...)
	return c.Upstream.CancelAdditionalModuleContract(ctx, contractID, moduleContractID, req)
}

// WithdrawAdditionalModuleCancelation passes through and invalidates the add-on.
func (c *cachedUpstream) WithdrawAdditionalModuleCancelation(ctx context.Context, contractID, moduleContractID int64) (*apiclient.SuccessResponse, error) {
	c.invalidate(c.contractKeys(contractID, moduleContractID)...)
	defer c.invalidate(c.contractKeys(contractID, moduleContractID)...)
	return c.Upstream.WithdrawAdditionalModuleCancelation(ctx, contractID, moduleContractID)
}
