package handlers

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/routenames"
	"github.com/studio-addons/portal/upstream"
	"github.com/studio-addons/portal/views"
)

// MyModulesPage handles GET /:studio/my-modules: the add-ons on the
// session's contract in one round trip after the contracts read. The
// contract's moduleContracts list every add-on (name, dates, price with its
// frequency); an ended one needs nothing more. Only the current ones are
// read through endpoint 5 (pending cancelations, dates, trial), all at once,
// each within its card's budget: a card whose read fails shows what the
// list says, never breaks the page. The studio's catalog (cached,
// studio-wide) says which add-ons renew.
func (h *Handler) MyModulesPage(c echo.Context) error {
	ctx := c.Request().Context()
	r := h.up(c).Cached()
	renewals := h.startRenewals(ctx, r)
	k, err := h.sessionContract(ctx, r, currentMember(c))
	if err != nil {
		return err
	}
	today := h.today()
	reads := h.readAddOns(ctx, r, currentMember(c), k.ModuleContracts, today)
	ren := <-renewals
	all := make([]views.ModuleContract, 0, len(reads))
	for _, a := range reads {
		all = append(all, addOnView(a, ren, today))
	}
	current, past := addon.SplitByPast(all, func(m views.ModuleContract) addon.Status { return m.Status })
	for i := range current {
		current[i].Receipts = h.receiptLinks(c, current[i].ID)
	}
	p := h.page(c, i18n.T(ctx, "mymodules.title"), "mymodules")
	return renderOK(c, views.MyModulesPage(p, current, past, h.monthlySummary(current, today)))
}

// ModuleContractPage handles GET /:studio/my-modules/:mc: one add-on
// contract with its price, next payment, timeline and the actions it allows.
func (h *Handler) ModuleContractPage(c echo.Context) error {
	ctx := c.Request().Context()
	r := h.up(c).Cached()
	renewals := h.startRenewals(ctx, r)
	sub, mc, err := h.ownedModuleContract(c, r)
	if err != nil {
		return err
	}
	m := addOnView(addOnRead{sub: sub, mc: mc}, <-renewals, h.today())
	m.Receipts = h.receiptLinks(c, sub.ID)
	p := h.page(c, m.Name, "mymodules")
	return renderOK(c, views.ModuleContractPage(p, m))
}

// receiptLinks are the member's receipts of an add-on, newest first. The
// receipts only help: a store that cannot be asked leaves them out.
func (h *Handler) receiptLinks(c echo.Context, moduleContractID int64) []views.ReceiptLink {
	m := currentMember(c)
	list, err := h.deps.Receipts.ForModuleContract(c.Request().Context(), currentStudio(c).Slug, m.CustomerID, moduleContractID)
	if err != nil {
		h.log.Warn("receipts not readable", slog.Int64("moduleContractId", moduleContractID), slog.String("err", err.Error()))
		return nil
	}
	links := make([]views.ReceiptLink, 0, len(list))
	for _, r := range list {
		links = append(links, views.ReceiptLink{URL: h.path(c, routenames.Receipt, r.ID), Kind: string(r.Kind), Received: r.Received.In(studioZone)})
	}
	return links
}

// moduleContractView resolves :mc (owned by the session's contract) and
// maps it to its view model: status and price, for the cancel and keep
// pages (no renewal, no next payment: they need the catalog).
func (h *Handler) moduleContractView(c echo.Context, r upstream.Reads) (views.ModuleContract, error) {
	sub, mc, err := h.ownedModuleContract(c, r)
	if err != nil {
		return views.ModuleContract{}, err
	}
	m := views.NewModuleContract(sub.ID, *mc, h.today())
	m.Price = addon.BookedPrice(*mc, addon.SubFrequency(sub))
	return m, nil
}

// addOnRead is one add-on of the session's contract: its entry in the
// contract's moduleContracts and, for a current one, its own read (nil for
// an ended one, and when that read failed: failed).
type addOnRead struct {
	sub    apiclient.SubContract
	mc     *apiclient.AdditionalModuleContract
	failed bool
}

// readAddOns reads every current add-on of subs through endpoint 5, all in
// one parallel round, each read bounded by MyModulesCardTimeout. A read
// that fails or times out marks its add-on failed and leaves the others
// alone; ended add-ons are not read. That a SubContract's id is the
// endpoint's additionalModuleContractId is assumed (the contract is
// silent): an id it does not know is one failed card. The result keeps the
// upstream's order.
func (h *Handler) readAddOns(ctx context.Context, r upstream.Reads, m *member, subs []apiclient.SubContract, today apiclient.Date) []addOnRead {
	out := make([]addOnRead, len(subs))
	var wg sync.WaitGroup
	for i, sc := range subs {
		out[i].sub = sc
		if addon.SubStatusOf(sc, today).Past() {
			continue
		}
		wg.Go(func() {
			mc, err := within(ctx, h.deps.MyModulesCardTimeout, func(ctx context.Context) (*apiclient.AdditionalModuleContract, error) {
				return r.GetAdditionalModuleContract(ctx, m.ContractID, sc.ID)
			})
			if err != nil {
				h.log.Warn("add-on details unavailable", slog.Int64("moduleContractId", sc.ID),
					slog.String("traceId", apiclient.TraceID(err)), slog.String("err", err.Error()))
				out[i].failed = true
				return
			}
			out[i].mc = mc
		})
	}
	wg.Wait()
	return out
}

// within waits at most d for read. The read gets a context ending then
// too, but a cached read shares its upstream call with other callers and
// lets it outlive the one who started it, so the wait itself is bounded
// here; a read given up on finishes in the background (bounded by the
// client's own timeout) and its answer may still fill the cache.
func within[T any](ctx context.Context, d time.Duration, read func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := read(ctx)
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// addOnView maps one add-on to its view model: from its own read when
// there is one (with the frequency and current term's end the contract's
// list gives: price with its interval, renewal, next payment), else from
// the list alone. renewals come from the catalog
// by module name (the add-on names no module id); nil when unknown.
func addOnView(a addOnRead, renewals map[string]addon.Renewal, today apiclient.Date) views.ModuleContract {
	f := addon.SubFrequency(a.sub)
	if a.mc == nil {
		m := views.ModuleContract{Status: addon.SubStatusOf(a.sub, today), ID: a.sub.ID, Name: a.sub.RateName,
			Price: addon.SubPrice(a.sub), Unavailable: a.failed}
		m.Renewal = renewals[moduleNameKey(a.sub.RateName)]
		return m
	}
	mc := addon.WithTermEnd(*a.mc, a.sub)
	m := views.NewModuleContract(a.sub.ID, mc, today)
	m.Renewal = renewals[moduleNameKey(mc.Name)]
	m.Price = addon.BookedPrice(mc, f)
	m.Next, m.HasNext = addon.NextPayment(mc, f, m.Renewal, today)
	return m
}

// startRenewals reads the studio's catalog in the background and delivers
// what each module does at the end of a term, by module name. The catalog
// is studio-wide and refreshed before it expires, so this costs a member
// no wait; when it cannot be read, renewals are unknown (nil) and the
// pages say "current term until" rather than guess.
func (h *Handler) startRenewals(ctx context.Context, r upstream.Reads) <-chan map[string]addon.Renewal {
	out := make(chan map[string]addon.Renewal, 1)
	go func() {
		catalog, err := r.ListAdditionalModules(ctx)
		if err != nil {
			h.log.Warn("renewals unknown: catalog not read", slog.String("err", err.Error()))
			out <- nil
			return
		}
		ren := make(map[string]addon.Renewal, len(catalog))
		for _, mod := range catalog {
			ren[moduleNameKey(mod.Name)] = addon.TermsOf(mod.TermInformation).Renewal
		}
		out <- ren
	}()
	return out
}

// monthlySummary sums up the current add-ons (addon.MonthlyTotal); a total
// that does not add up (mixed currencies) is not shown at all. Of the
// add-ons charged at other intervals, one canceled before its next charge
// is not named: nothing more is charged for it.
func (h *Handler) monthlySummary(current []views.ModuleContract, today apiclient.Date) views.MonthlySummary {
	charges := make([]addon.Charge, len(current))
	for i, m := range current {
		charges[i] = addon.Charge{Price: m.Price, Start: m.Start}
	}
	mt, ok := addon.MonthlyTotal(charges, today)
	if !ok {
		h.log.Warn("monthly total not shown: the add-ons' currencies differ")
		return views.MonthlySummary{}
	}
	s := views.MonthlySummary{Total: mt.Total, Counted: mt.Counted}
	for _, i := range mt.Others {
		if current[i].State == addon.StateCanceled && !current[i].HasNext {
			continue
		}
		s.Others = append(s.Others, current[i])
	}
	return s
}
