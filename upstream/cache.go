package upstream

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/studio-addons/portal/apiclient"
)

// cache holds one studio's reads. Entries outlive their expiry by MaxStale
// so a refused call can still be answered; a sweep every sweepEvery inserts
// keeps the map bounded by what was read within that time.
type cache struct {
	now     func() time.Time
	group   singleflight.Group
	mu      sync.Mutex
	gen     uint64 // bumped by every invalidation: a read older than it is not stored
	items   map[string]entry
	busy    map[string]bool // keys with a background refresh under way
	inserts uint64
	seq     uint64 // numbers loads in the order they start
}

type entry struct {
	v       any
	fetched time.Time // when the studio answered (for "as of")
	expires time.Time
	refresh time.Time // studio-wide data: refreshed in the background from here
	seq     uint64    // when its load started, in load order
}

const sweepEvery = 256

func newCache(now func() time.Time) *cache {
	return &cache{now: now, items: map[string]entry{}, busy: map[string]bool{}}
}

// lookup returns key's entry (possibly expired) and the current generation.
func (c *cache) lookup(key string) (entry, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	return e, ok, c.gen
}

// nextSeq numbers a load as it starts.
func (c *cache) nextSeq() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	return c.seq
}

// store keeps v unless an invalidation happened since the load started
// (gen) or a load that started later is already stored (a slow ordinary read
// must not replace a newer fresh one).
func (c *cache) store(key string, v any, gen, seq uint64, ttl, refreshAfter, maxStale time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	if old, ok := c.items[key]; ok && old.seq > seq {
		return
	}
	now := c.now()
	c.items[key] = entry{v: v, fetched: now, expires: now.Add(ttl), refresh: now.Add(refreshAfter), seq: seq}
	if c.inserts++; c.inserts%sweepEvery == 0 {
		for k, e := range c.items {
			if now.Sub(e.expires) > maxStale {
				delete(c.items, k)
			}
		}
	}
}

// invalidate drops every key equal to one of keys or starting with one of
// prefixes, and every read still in flight.
func (c *cache) invalidate(keys, prefixes []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, k := range keys {
		delete(c.items, k)
	}
	if len(prefixes) == 0 {
		return
	}
	for k := range c.items {
		for _, p := range prefixes {
			if strings.HasPrefix(k, p) {
				delete(c.items, k)
				break
			}
		}
	}
}

// startRefresh marks key as being refreshed; false if it already is.
func (c *cache) startRefresh(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.busy[key] {
		return false
	}
	c.busy[key] = true
	return true
}

func (c *cache) endRefresh(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.busy, key)
}

// Keys. Studio-wide data has fixed keys; a customer's contract list is under
// "c:{customer}:", everything of one main contract under "k:{contract}:", so
// an invalidation drops a customer's or a contract's data by prefix.
const (
	keyCatalog    = "catalog"
	keyReasons    = "reasons"
	keyStudioInfo = "studio-info"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func customerPrefix(customerID int64) string { return "c:" + itoa(customerID) + ":" }
func contractPrefix(contractID int64) string { return "k:" + itoa(contractID) + ":" }

func contractsKey(customerID int64, status string) string {
	return customerPrefix(customerID) + "contracts:" + status
}

func moduleContractKey(contractID, moduleContractID int64) string {
	return contractPrefix(contractID) + "mc:" + itoa(moduleContractID)
}

// Invalidation names what changed at the studio. Zero fields name nothing.
type Invalidation struct {
	Catalog bool // the studio's catalog (and reasons, studio information)
	// Customer drops the customer's contract lists.
	Customer int64
	// Contract drops everything read about one main contract: its add-on
	// contracts, purchasable list and validation answers. With
	// ModuleContract set, only that add-on contract and what its change
	// affects (purchasable, validation) are dropped.
	Contract       int64
	ModuleContract int64
}

// Invalidate drops what inv names in this instance and passes inv on to
// Config.OnInvalidate (the other instances).
func (s *Studio) Invalidate(inv Invalidation) {
	s.ApplyInvalidation(inv)
	if s.cfg.OnInvalidate != nil {
		s.cfg.OnInvalidate(inv)
	}
}

// ApplyInvalidation drops what inv names in this instance only (an
// invalidation another instance made).
func (s *Studio) ApplyInvalidation(inv Invalidation) {
	var keys, prefixes []string
	if inv.Catalog {
		keys = append(keys, keyCatalog, keyReasons, keyStudioInfo)
	}
	if inv.Customer != 0 {
		prefixes = append(prefixes, customerPrefix(inv.Customer))
	}
	switch {
	case inv.Contract != 0 && inv.ModuleContract != 0:
		keys = append(keys, moduleContractKey(inv.Contract, inv.ModuleContract), contractPrefix(inv.Contract)+"purchasable")
		prefixes = append(prefixes, contractPrefix(inv.Contract)+"validate:")
	case inv.Contract != 0:
		prefixes = append(prefixes, contractPrefix(inv.Contract))
	}
	s.cache.invalidate(keys, prefixes)
}

// spec says how one kind of read is cached.
type spec[T any] struct {
	key   string
	ep    string // the endpoint's budget
	wide  bool   // studio-wide: longer TTL, refreshed in the background
	fetch func(ctx context.Context) (T, error)
	clone func(T) T // callers may change what they get
}

// read answers one read: from the cache when allowed and current, else from
// the studio (once for all concurrent callers), else, when the studio or the
// studio's budget refused, from a stale entry. Only calls that reach for the
// studio count against the caller's share; cache hits are free.
func read[T any](r Reads, ctx context.Context, sp spec[T]) (T, error) {
	var zero T
	s := r.v.s
	ttl := s.cfg.ContractTTL
	if sp.wide {
		ttl = s.cfg.StudioTTL
	}
	if ttl < 0 { // cache off
		if err := r.v.takeMember(ctx, sp.ep); err != nil {
			return zero, err
		}
		return call(ctx, s, sp.ep, sp.fetch)
	}
	e, ok, gen := s.cache.lookup(sp.key)
	now := s.cfg.Now()
	if ok && !r.fresh && now.Before(e.expires) {
		if sp.wide && !now.Before(e.refresh) {
			refreshInBackground(ctx, s, sp, gen, ttl)
		}
		s.cfg.Observer.Cache(s.slug, sp.ep, "hit")
		return sp.clone(e.v.(T)), nil
	}
	if !r.fresh {
		s.cfg.Observer.Cache(s.slug, sp.ep, "miss")
	}
	if err := r.v.takeMember(ctx, sp.ep); err != nil {
		return zero, err
	}
	v, err := load(ctx, s, sp, gen, ttl, r.fresh)
	if err != nil {
		if !r.fresh && ok && refused(err) && now.Sub(e.expires) <= s.cfg.MaxStale {
			s.cfg.Observer.Cache(s.slug, sp.ep, "stale")
			r.v.markStale(e.fetched)
			return sp.clone(e.v.(T)), nil
		}
		return zero, err
	}
	return sp.clone(v), nil
}

// load calls the studio once for every concurrent caller of the same key
// and generation, and stores the answer.
func load[T any](ctx context.Context, s *Studio, sp spec[T], gen uint64, ttl time.Duration, fresh bool) (T, error) {
	// The generation is part of the flight key: a read that started before
	// an invalidation must not answer a caller who asked after it. A fresh
	// read does not join an ordinary one that may have started long ago.
	flight := sp.key + "#" + strconv.FormatUint(gen, 10)
	if fresh {
		flight += "#fresh"
	}
	ch := s.cache.group.DoChan(flight, func() (any, error) {
		seq := s.cache.nextSeq()
		// The flight outlives the caller who started it: others wait on
		// it, and its answer is worth keeping.
		v, err := call(context.WithoutCancel(ctx), s, sp.ep, sp.fetch)
		if err != nil {
			return nil, err
		}
		s.cache.store(sp.key, v, gen, seq, ttl, s.refreshAfter(ttl, sp.wide), s.cfg.MaxStale)
		return v, nil
	})
	var zero T
	select {
	case res := <-ch:
		if res.Err != nil {
			return zero, res.Err
		}
		return res.Val.(T), nil
	case <-ctx.Done():
		// The caller's deadline holds even while the shared call goes on.
		return zero, ctx.Err()
	}
}

// refreshAfter is when a stored entry starts being refreshed in the
// background: studio-wide data only; a member's data simply expires.
func (s *Studio) refreshAfter(ttl time.Duration, wide bool) time.Duration {
	if !wide {
		return ttl
	}
	return time.Duration(float64(ttl) * s.cfg.RefreshAfter)
}

// refreshInBackground reloads studio-wide data that is still current but
// due, so no member ever waits for it. It counts against the studio's
// budget only; when that says no, the current entry simply stays.
func refreshInBackground[T any](ctx context.Context, s *Studio, sp spec[T], gen uint64, ttl time.Duration) {
	if !s.cache.startRefresh(sp.key) {
		return
	}
	ctx = context.WithoutCancel(ctx)
	s.bg.Go(func() {
		defer s.cache.endRefresh(sp.key)
		if _, err := load(ctx, s, sp, gen, ttl, false); err != nil {
			s.cfg.Logger.Warn("background refresh failed", slog.String("studio", s.slug), slog.String("key", sp.key), slog.String("err", err.Error()))
		}
	})
}

// call makes one upstream call after taking a unit of the studio's budget
// for its endpoint.
func call[T any](ctx context.Context, s *Studio, ep string, fetch func(context.Context) (T, error)) (T, error) {
	if err := s.takeStudio(ctx, ep); err != nil {
		var zero T
		return zero, err
	}
	start := s.cfg.Now()
	v, err := fetch(ctx)
	s.cfg.Observer.Call(s.slug, ep, outcome(err), s.cfg.Now().Sub(start))
	return v, err
}

// outcome names a call's result for the Observer.
func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	if ae, ok := errors.AsType[*apiclient.APIError](err); ok {
		return strconv.Itoa(ae.StatusCode)
	}
	if errors.Is(err, apiclient.ErrNoResponse) {
		return "no-response"
	}
	return "bad-response"
}
