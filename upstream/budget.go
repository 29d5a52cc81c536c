package upstream

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// The endpoints as the studio counts them: one budget each.
const (
	epCustomerBy   = "customers-by"
	epCustomer     = "customer"
	epContracts    = "contracts"
	epCatalog      = "additional-modules"
	epPurchasable  = "purchasable"
	epValidate     = "validate"
	epPurchase     = "purchase"
	epModuleContr  = "additional-module-contract"
	epCancel       = "ordinary-cancelation"
	epWithdraw     = "withdraw-cancelation"
	epReasons      = "cancelation-reasons"
	epStudioInform = "studio-information"
)

// ErrBusy matches a *BudgetError of the studio's budget: the portal holds
// back so the studio's limit is not exceeded.
var ErrBusy = errors.New("upstream: the studio's request budget for this minute is used up")

// ErrSlowDown matches a *BudgetError of the caller's own share.
var ErrSlowDown = errors.New("upstream: too many requests from this member")

// BudgetError is a call the portal did not make because a budget said no.
type BudgetError struct {
	Member   bool          // the caller's share, not the studio's budget
	Endpoint string        // the endpoint's budget name
	RetryIn  time.Duration // when a call would be allowed again
}

func (e *BudgetError) Error() string {
	who := "studio"
	if e.Member {
		who = "member"
	}
	return "upstream: " + who + " budget for " + e.Endpoint + " used up, retry in " + e.RetryIn.Round(time.Second).String()
}

// Is lets errors.Is(err, ErrBusy) and errors.Is(err, ErrSlowDown) tell the
// two apart.
func (e *BudgetError) Is(target error) bool {
	return (target == ErrBusy && !e.Member) || (target == ErrSlowDown && e.Member)
}

// RetryIn reports how long until a refused call may be tried again: the
// budget's wait, or the rest of the minute an upstream 429 blocked.
func RetryIn(err error) (time.Duration, bool) {
	if be, ok := errors.AsType[*BudgetError](err); ok {
		return be.RetryIn, true
	}
	return apiclient.RetryIn(err)
}

// refused reports whether err means the call was held back or turned away
// for load (a budget, a 429), so a stale cached answer may stand in.
func refused(err error) bool {
	return errors.Is(err, ErrBusy) || errors.Is(err, apiclient.ErrRateLimited) ||
		errors.Is(err, apiclient.ErrUnavailable) || errors.Is(err, apiclient.ErrNoResponse)
}

// takeMember takes one unit of the caller's share: per session and per
// customer (several sessions of one customer share it), or per address
// before login.
func (v *View) takeMember(ctx context.Context, ep string) error {
	s := v.s
	if s.cfg.MemberBudget < 0 {
		return nil
	}
	var keys []string
	if v.caller.Session != "" {
		keys = append(keys, "member:"+s.slug+":sid:"+v.caller.Session)
	}
	if v.caller.Customer != 0 {
		keys = append(keys, "member:"+s.slug+":customer:"+strconv.FormatInt(v.caller.Customer, 10))
	}
	if len(keys) == 0 && v.caller.Address != "" {
		keys = append(keys, "member:"+s.slug+":addr:"+v.caller.Address)
	}
	for _, k := range keys {
		if ok, retry := s.take(ctx, k, s.cfg.MemberBudget); !ok {
			s.cfg.Observer.Refused(s.slug, ep, "member")
			return &BudgetError{Member: true, Endpoint: ep, RetryIn: retry}
		}
	}
	return nil
}

// takeStudio takes one unit of the studio's budget for ep.
func (s *Studio) takeStudio(ctx context.Context, ep string) error {
	if s.cfg.StudioBudget < 0 {
		return nil
	}
	if ok, retry := s.take(ctx, studioBudgetKey(s.slug, ep), s.cfg.StudioBudget); !ok {
		s.cfg.Observer.Refused(s.slug, ep, "studio")
		return &BudgetError{Endpoint: ep, RetryIn: retry}
	}
	return nil
}

func studioBudgetKey(slug, ep string) string { return "studio:" + slug + ":" + ep }

// take asks the shared limiter, or this instance's own when the shared one
// fails (logged): budgets protect the studio's limit, not money or
// sessions, so they degrade to per-instance counting rather than stop.
func (s *Studio) take(ctx context.Context, key string, limit int) (bool, time.Duration) {
	ok, retry, err := s.cfg.Limiter.Take(ctx, key, limit, s.cfg.Window)
	if err != nil {
		s.cfg.Logger.Warn("budget store failed, counting in this instance", slog.String("err", err.Error()))
		ok, retry, _ = s.local.Take(ctx, key, limit, s.cfg.Window)
	}
	return ok, retry
}

// Counter is a Limiter that can also tell how much of a key's window is used.
type Counter interface {
	Count(ctx context.Context, key string, window time.Duration) (int, error)
}

// Endpoints lists the endpoint budget names, in a stable order.
func Endpoints() []string {
	return []string{epCustomerBy, epCustomer, epContracts, epCatalog, epPurchasable, epValidate, epPurchase,
		epModuleContr, epCancel, epWithdraw, epReasons, epStudioInform}
}

// BudgetLeft reports how much of the studio's budget each endpoint has left
// in the current window, when the limiter can tell (ok false otherwise).
func (s *Studio) BudgetLeft(ctx context.Context) (left map[string]int, ok bool) {
	counter, ok := s.cfg.Limiter.(Counter)
	if !ok || s.cfg.StudioBudget < 0 {
		return nil, false
	}
	left = map[string]int{}
	for _, ep := range Endpoints() {
		n, err := counter.Count(ctx, studioBudgetKey(s.slug, ep), s.cfg.Window)
		if err != nil {
			return nil, false
		}
		left[ep] = max(s.cfg.StudioBudget-n, 0)
	}
	return left, true
}

// Slug is the studio's slug.
func (s *Studio) Slug() string { return s.slug }
