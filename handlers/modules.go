package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/upstream"
	"github.com/studio-addons/portal/views"
)

// errUnknownModule is the logged cause when :module is not in the catalog.
var errUnknownModule = errors.New("module not in the studio's catalog")

// ModulesPage handles GET /:studio/modules: the studio's catalog, marked with
// what the contract can buy now and what the member already has.
func (h *Handler) ModulesPage(c echo.Context) error {
	ctx := c.Request().Context()
	m := currentMember(c)
	r := h.up(c).Cached()
	var catalog, purchasable []apiclient.AdditionalModule
	var owned []ownedModuleContract
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { catalog, err = r.ListAdditionalModules(gctx); return err })
	g.Go(func() (err error) {
		purchasable, err = r.ListPurchasableAdditionalModules(gctx, m.ContractID)
		return err
	})
	g.Go(func() (err error) { owned, err = h.moduleContracts(gctx, r, m); return err })
	if err := g.Wait(); err != nil {
		return err
	}
	booked := bookedByName(owned, h.today())
	canBuy := map[int64]bool{}
	for _, mod := range purchasable {
		canBuy[mod.ID] = true
	}
	cards := make([]views.ModuleCard, 0, len(catalog))
	seen := map[int64]bool{}
	// The purchasable list is a subset of the catalog; one the catalog lacks
	// is shown anyway rather than hidden from a member who can buy it.
	for _, mod := range slices.Concat(catalog, purchasable) {
		if seen[mod.ID] {
			continue
		}
		seen[mod.ID] = true
		card := moduleCard(ctx, mod)
		card.Bookable = canBuy[mod.ID]
		card.BookedID = booked[moduleNameKey(mod.Name)]
		cards = append(cards, card)
	}
	return renderOK(c, views.ModulesPage(h.page(c, i18n.T(ctx, "modules.title"), "modules"), cards))
}

// bookedByName maps module names to the member's current add-on contract of
// that module. The upstream's add-on contract carries no module id, only the
// module's name, so a contract counts as "this module" when its name equals
// the module's name (case and surrounding space ignored). Current means not
// yet ended: no end date, or one today or later.
func bookedByName(owned []ownedModuleContract, today apiclient.Date) map[string]int64 {
	out := map[string]int64{}
	for _, o := range owned {
		if end := o.Contract.EndDate; !end.IsZero() && end.Before(today) {
			continue
		}
		key := moduleNameKey(o.Contract.Name)
		if _, dup := out[key]; !dup {
			out[key] = o.ID
		}
	}
	return out
}

// moduleNameKey is the matching form of a module or add-on contract name.
func moduleNameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// moduleCard maps a catalog module to its card, prices in words.
func moduleCard(ctx context.Context, mod apiclient.AdditionalModule) views.ModuleCard {
	card := views.ModuleCard{
		ID: mod.ID, Name: mod.Name, Description: mod.Description, ImageURL: mod.ImageURL,
		Terms: views.TermLines(ctx, addon.TermsOf(mod.TermInformation)),
	}
	for _, f := range mod.PaymentFrequencies {
		card.Prices = append(card.Prices, views.PriceOption{ID: f.ID, Type: string(f.Type), Text: views.PriceText(ctx, addon.PriceOf(f))})
	}
	if mod.TrialPeriodConfig != nil {
		card.HasTrial, card.Trial = true, mod.TrialPeriodConfig.Description
	}
	return card
}

// moduleParam parses :module; anything but a positive number is not found,
// before any upstream call.
func moduleParam(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("module"), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound(fmt.Errorf("module id %q: %w", c.Param("module"), errUnknownModule))
	}
	return id, nil
}

// catalogModule returns module id from the studio's catalog; ok is false
// when the studio does not (or no longer) offer it.
func catalogModule(ctx context.Context, r upstream.Reads, id int64) (mod apiclient.AdditionalModule, ok bool, err error) {
	catalog, err := r.ListAdditionalModules(ctx)
	if err != nil {
		return mod, false, err
	}
	for _, m := range catalog {
		if m.ID == id {
			return m, true, nil
		}
	}
	return mod, false, nil
}

// ModulePage handles GET /:studio/modules/:module: the add-on with its
// payment frequencies, the trial if offered, and the check form.
// ?frequency= and ?trial=1 preselect the choice (the way back from confirm).
func (h *Handler) ModulePage(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := moduleParam(c)
	if err != nil {
		return err
	}
	mod, ok, err := catalogModule(ctx, h.up(c).Cached(), id)
	if err != nil {
		return err
	}
	if !ok {
		return notFound(fmt.Errorf("module %d: %w", id, errUnknownModule))
	}
	form := views.ModuleForm{}
	if len(mod.PaymentFrequencies) > 0 {
		form.FrequencyID = mod.PaymentFrequencies[0].ID
	}
	if fid, err := strconv.ParseInt(c.QueryParam("frequency"), 10, 64); err == nil {
		if _, known := mod.Frequency(fid); known {
			form.FrequencyID = fid
		}
	}
	form.Trial = mod.TrialPeriodConfig != nil && c.QueryParam("trial") == views.TrialOn
	return h.renderModule(c, http.StatusOK, mod, form, nil)
}

// renderModule renders the full module page.
func (h *Handler) renderModule(c echo.Context, status int, mod apiclient.AdditionalModule, form views.ModuleForm, res *views.CheckResult) error {
	ctx := c.Request().Context()
	v := views.ModuleView{Card: moduleCard(ctx, mod), Form: form, Result: res}
	return render(c, status, views.ModulePage(h.page(c, mod.Name, "modules"), v))
}

// CheckModule handles POST /:studio/modules/:module/check: the form is
// checked locally (no upstream call for a frequency the module lacks or a
// trial it does not offer), then validated upstream. htmx gets the result
// and the fields (CheckResponse), a plain form post the whole page with the
// result in place.
func (h *Handler) CheckModule(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := moduleParam(c)
	if err != nil {
		return err
	}
	s, m := currentStudio(c), currentMember(c)
	mod, ok, err := catalogModule(ctx, h.up(c).Cached(), id)
	if err != nil {
		return h.checkFailed(c, views.ModuleView{}, err)
	}
	if !ok {
		// Gone from the catalog since the page was opened: the studio no
		// longer offers it, which is what ADDITIONAL_MODULE_NOT_FOUND says.
		return h.renderCheckGone(c, id)
	}
	form, valid := parseChoice(ctx, mod, c.FormValue("paymentFrequency"), c.FormValue("trial"), "on")
	v := views.ModuleView{Card: moduleCard(ctx, mod), Form: form}
	if !valid {
		v.Result = formErrorResult(ctx, form)
		return h.renderCheck(c, http.StatusUnprocessableEntity, mod, v)
	}
	res, err := h.up(c).Cached().ValidateAdditionalModule(ctx, m.ContractID, bookingRequest(mod.ID, form.FrequencyID, form.Trial))
	if err != nil {
		return h.checkFailed(c, v, err)
	}
	r := checkResult(ctx, "/"+s.Slug, mod.ID, form, res.ValidationStatus, csrfToken(c))
	v.Result = &r
	return h.renderCheck(c, http.StatusOK, mod, v)
}

// renderCheck answers a check: the result and fields for htmx, else the
// whole page.
func (h *Handler) renderCheck(c echo.Context, status int, mod apiclient.AdditionalModule, v views.ModuleView) error {
	if isHTMX(c) {
		return render(c, status, views.CheckResponse(v))
	}
	return h.renderModule(c, status, mod, v.Form, v.Result)
}

// checkFailed answers a check whose upstream call failed. A plain post gets
// the error page. htmx gets the same title, text and support reference in
// the result box, whose heading ranks under the module page's h1 (the
// error page's partial brings an h1 of its own).
func (h *Handler) checkFailed(c echo.Context, v views.ModuleView, err error) error {
	if !isHTMX(c) {
		return err
	}
	ctx := c.Request().Context()
	info, ref := classify(err), apiclient.TraceID(err)
	attrs := []any{slog.Int("status", info.Status), slog.String("route", c.Path()), slog.String("err", err.Error()), slog.String("traceId", ref)}
	if info.Status >= http.StatusInternalServerError {
		h.log.Error("check failed", attrs...)
	} else {
		h.log.Warn("check refused", attrs...)
	}
	v.Result = &views.CheckResult{Kind: "bad", Status: "error", Title: i18n.T(ctx, info.TitleKey),
		Message: i18n.T(ctx, info.BodyKey), Reference: ref}
	return render(c, info.Status, views.CheckResponse(v))
}

// renderCheckGone answers a check of a module the catalog no longer has.
func (h *Handler) renderCheckGone(c echo.Context, id int64) error {
	ctx := c.Request().Context()
	r := checkResult(ctx, "/"+currentStudio(c).Slug, id, views.ModuleForm{}, apiclient.ValidationNotFound, "")
	if isHTMX(c) {
		return renderOK(c, views.CheckResultPartial(r))
	}
	return renderOK(c, views.CheckOutcomePage(h.page(c, i18n.T(ctx, "modules.title"), "modules"), r))
}

// parseChoice reads the payment frequency and the trial flag. The frequency
// must be one of the module's; the trial flag must be absent or exactly
// trialOn, and only for a module that offers a trial.
func parseChoice(ctx context.Context, mod apiclient.AdditionalModule, frequency, trial, trialOn string) (views.ModuleForm, bool) {
	form := views.ModuleForm{Errors: views.Errors{}}
	fid, err := strconv.ParseInt(frequency, 10, 64)
	if _, known := mod.Frequency(fid); err != nil || !known {
		form.Errors["paymentFrequency"] = i18n.T(ctx, "module.frequency.invalid")
	} else {
		form.FrequencyID = fid
	}
	switch {
	case trial == "":
	case trial != trialOn:
		form.Errors["trial"] = i18n.T(ctx, "module.trial.malformed")
	case mod.TrialPeriodConfig == nil:
		form.Errors["trial"] = i18n.T(ctx, "module.trial.invalid")
	default:
		form.Trial = true
	}
	return form, len(form.Errors) == 0
}

// formErrorResult sums the form's errors up in the result box; the fields
// carry them too, tied to their inputs.
func formErrorResult(ctx context.Context, form views.ModuleForm) *views.CheckResult {
	r := &views.CheckResult{Kind: "bad", Status: "invalid", Message: i18n.T(ctx, "module.form.invalid")}
	for _, field := range []string{"paymentFrequency", "trial"} {
		if msg := form.Errors[field]; msg != "" {
			r.Errors = append(r.Errors, msg)
		}
	}
	return r
}

// checkOutcome is how one validation status reads to a member.
type checkOutcome struct {
	name, kind, key string
}

// checkOutcomes has a sentence for every documented validation status;
// anything else reads as checkUnknown, never as the raw enum.
var checkOutcomes = map[apiclient.ValidationStatus]checkOutcome{
	apiclient.ValidationPurchasable:          {"purchasable", "ok", "check.purchasable"},
	apiclient.ValidationAlreadyPurchased:     {"already-purchased", "warn", "check.alreadypurchased"},
	apiclient.ValidationInvalidStatus:        {"invalid-status", "bad", "check.invalidstatus"},
	apiclient.ValidationNotFound:             {"not-found", "bad", "check.notfound"},
	apiclient.ValidationNotOnlinePurchasable: {"not-online", "warn", "check.notonline"},
	apiclient.ValidationTrialNotBookable:     {"trial-not-bookable", "warn", "check.trialnotbookable"},
}

var checkUnknown = checkOutcome{"unknown", "bad", "check.unknown"}

// outcomeOf returns the member's reading of a validation status.
func outcomeOf(status apiclient.ValidationStatus) checkOutcome {
	if o, ok := checkOutcomes[status]; ok {
		return o
	}
	return checkUnknown
}

// checkResult turns a validation status into a sentence and a way forward.
func checkResult(ctx context.Context, base string, moduleID int64, form views.ModuleForm, status apiclient.ValidationStatus, csrf string) views.CheckResult {
	o := outcomeOf(status)
	r := views.CheckResult{Kind: o.kind, Status: o.name, Message: i18n.T(ctx, o.key)}
	moduleURL := base + "/modules/" + strconv.FormatInt(moduleID, 10)
	switch status {
	case apiclient.ValidationPurchasable:
		r.ActionURL = moduleURL + "/confirm?" + choiceQuery(form)
		r.ActionLabel = i18n.T(ctx, "check.purchasable.action")
	case apiclient.ValidationAlreadyPurchased:
		r.ActionURL, r.ActionLabel = base+"/my-modules", i18n.T(ctx, "check.alreadypurchased.action")
	case apiclient.ValidationTrialNotBookable:
		r.RetryURL, r.RetryFrequency, r.CSRF = moduleURL+"/check", form.FrequencyID, csrf
	default:
		r.ActionURL, r.ActionLabel = base+"/modules", i18n.T(ctx, "check.back.action")
	}
	return r
}

// choiceQuery is a choice as the module page (preselected) and the confirm
// page read it from their URL.
func choiceQuery(form views.ModuleForm) string {
	q := url.Values{"frequency": {strconv.FormatInt(form.FrequencyID, 10)}}
	if form.Trial {
		q.Set("trial", views.TrialOn)
	}
	return q.Encode()
}

// modulePath is the page of module id in the session's studio.
func modulePath(c echo.Context, id int64) string {
	return "/" + currentStudio(c).Slug + "/modules/" + strconv.FormatInt(id, 10)
}
