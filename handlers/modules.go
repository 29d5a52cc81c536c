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
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/routenames"
	"github.com/studio-addons/portal/upstream"
	"github.com/studio-addons/portal/views"
)

// errUnknownModule is the logged cause when :module is not in the catalog.
var errUnknownModule = errors.New("module not in the studio's catalog")

// ModulesPage handles GET /:studio/modules: the studio's catalog, marked with
// what the contract can buy now, what the member already has, and the
// trials this member can have. The catalog first (studio-wide, kept warm
// in the cache), then in parallel: what the contract can buy, the
// customer's contracts with their add-ons as SubContracts, and for each
// module with a trial its validation with the trial (the same one its
// add-on page makes, which then finds it cached); no add-on contract is
// read.
func (h *Handler) ModulesPage(c echo.Context) error {
	ctx := c.Request().Context()
	m := currentMember(c)
	r := h.up(c).Cached()
	catalog, err := r.ListAdditionalModules(ctx)
	if err != nil {
		return err
	}
	var purchasable []apiclient.AdditionalModule
	var contract apiclient.Contract
	trials := h.trialsFor(ctx, r, m.ContractID, catalog)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		purchasable, err = r.ListPurchasableAdditionalModules(gctx, m.ContractID)
		return err
	})
	g.Go(func() (err error) { contract, err = h.sessionContract(gctx, r, m); return err })
	if err := g.Wait(); err != nil {
		return err
	}
	booked := bookedByName(contract.ModuleContracts, h.today())
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
		card := moduleCard(mod)
		card.Bookable = canBuy[mod.ID]
		card.BookedID = booked[moduleNameKey(mod.Name)]
		card.HasTrial = card.State() == "bookable" && trials.can(mod.ID)
		cards = append(cards, card)
	}
	return renderOK(c, views.ModulesPage(h.page(c, i18n.T(ctx, "modules.title"), "modules"), cards))
}

// trialChecks are the catalog's validations with the trial, running.
type trialChecks struct {
	wg  sync.WaitGroup
	mu  sync.Mutex
	yes map[int64]bool
}

// trialsFor starts, for every module with a trial, the validation of its
// first payment frequency with the trial (what its add-on page preselects
// and validates). A validation that fails only leaves the badge off.
func (h *Handler) trialsFor(ctx context.Context, r upstream.Reads, contractID int64, catalog []apiclient.AdditionalModule) *trialChecks {
	t := &trialChecks{yes: map[int64]bool{}}
	for _, mod := range catalog {
		if mod.TrialPeriodConfig == nil || len(mod.PaymentFrequencies) == 0 {
			continue
		}
		req := bookingRequest(mod.ID, mod.PaymentFrequencies[0].ID, true)
		t.wg.Go(func() {
			res, err := r.ValidateAdditionalModule(ctx, contractID, req)
			if err != nil {
				h.log.Warn("catalog: trial not validated", slog.Int64("moduleId", mod.ID), slog.String("err", err.Error()))
				return
			}
			t.mu.Lock()
			defer t.mu.Unlock()
			t.yes[mod.ID] = res.ValidationStatus == apiclient.ValidationPurchasable
		})
	}
	return t
}

// can waits for the validations and tells whether the member can have
// module id's trial.
func (t *trialChecks) can(id int64) bool {
	t.wg.Wait()
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.yes[id]
}

// bookedByName maps module names to the member's current add-on contract of
// that module, from the contract's SubContracts. An add-on contract carries
// no module id, only the module's name (rateName), so it counts as "this
// module" when its name equals the module's name (case and surrounding
// space ignored). Current is package addon's rule (SubStatusOf): not ended
// by today; a running add-on's endDate there is the end of its current
// term, not an end.
func bookedByName(subs []apiclient.SubContract, today apiclient.Date) map[string]int64 {
	out := map[string]int64{}
	for _, sc := range subs {
		if addon.SubStatusOf(sc, today).Past() {
			continue
		}
		key := moduleNameKey(sc.RateName)
		if _, dup := out[key]; !dup {
			out[key] = sc.ID
		}
	}
	return out
}

// moduleNameKey is the matching form of a module or add-on contract name.
func moduleNameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// moduleCard maps a catalog module to its card, prices in words. Whether
// this member can have its trial (HasTrial) is the caller's to say.
func moduleCard(mod apiclient.AdditionalModule) views.ModuleCard {
	card := views.ModuleCard{ID: mod.ID, Name: mod.Name, Description: mod.Description, ImageURL: mod.ImageURL}
	for _, f := range mod.PaymentFrequencies {
		card.Prices = append(card.Prices, views.PriceOption{ID: f.ID, Type: string(f.Type), Price: addon.PriceOf(f)})
	}
	if mod.TrialPeriodConfig != nil {
		card.Trial = mod.TrialPeriodConfig.Description
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

// pageModule resolves :module to the catalog's module (cached): a module
// the studio does not offer is the not-found page.
func (h *Handler) pageModule(c echo.Context) (apiclient.AdditionalModule, error) {
	id, err := moduleParam(c)
	if err != nil {
		return apiclient.AdditionalModule{}, err
	}
	mod, ok, err := catalogModule(c.Request().Context(), h.up(c).Cached(), id)
	if err != nil {
		return mod, err
	}
	if !ok {
		return mod, notFound(fmt.Errorf("module %d: %w", id, errUnknownModule))
	}
	return mod, nil
}

// ModulePage handles GET /:studio/modules/:module: the add-on with its
// payment frequencies, its trial if this member can have it, what the
// choice commits to, and Continue. ?frequency= and ?trial=1 preselect the
// choice (the way back from the summary, and where the form's "show the
// terms" button leads without JavaScript); ?refused= names the reason a
// Continue without JavaScript was refused (the redirect's fragment scrolls
// to it). The page validates the preselected choice, with the trial when
// the module has one (one read, cached per member and choice: Continue with
// the same choice reuses it): a refusal shows at once, at the top, and the
// trial is offered only when the studio accepts it for this member. While
// a booking of the add-on is pending, the page shows that instead.
func (h *Handler) ModulePage(c echo.Context) error {
	mod, err := h.pageModule(c)
	if err != nil {
		return err
	}
	v := h.moduleView(c, mod, preselect(mod, c.QueryParam("frequency"), c.QueryParam("trial")))
	if v.Pending, err = h.pendingView(c, mod.ID); err != nil {
		// The page only shows; Continue and Book ask the store again and
		// fail closed while it cannot answer.
		h.log.Warn("add-on page: pending bookings not readable", slog.Int64("moduleId", mod.ID), slog.String("err", err.Error()))
	}
	if v.Pending == nil {
		h.offer(c, mod, &v)
		if o, ok := outcomeNamed(c.QueryParam("refused")); ok && v.Result == nil {
			r := h.refusal(c, mod.ID, v.Form, o)
			v.Result = &r
		}
		v.Commitment = h.commitment(mod, v.Form, v.Card.HasTrial)
	}
	return render(c, http.StatusOK, views.ModulePage(h.page(c, mod.Name, "modules"), v))
}

// moduleView is the add-on page's model for a choice.
func (h *Handler) moduleView(c echo.Context, mod apiclient.AdditionalModule, form views.ModuleForm) views.ModuleView {
	return views.ModuleView{Card: moduleCard(mod), Form: form, CommitmentURL: h.path(c, routenames.ModuleCommitment, mod.ID)}
}

// preselect is the choice the page opens with: the query's when it names
// one of the module's frequencies, else the first.
func preselect(mod apiclient.AdditionalModule, frequency, trial string) views.ModuleForm {
	form := views.ModuleForm{}
	if len(mod.PaymentFrequencies) > 0 {
		form.FrequencyID = mod.PaymentFrequencies[0].ID
	}
	if fid, err := strconv.ParseInt(frequency, 10, 64); err == nil {
		if _, known := mod.Frequency(fid); known {
			form.FrequencyID = fid
		}
	}
	form.Trial = mod.TrialPeriodConfig != nil && trial == views.TrialOn
	return form
}

// offer validates the page's choice (with the trial when the module has
// one) and marks what the member can have: the trial only when the studio
// accepts it; nothing, with the reason at the top, when the add-on cannot
// be booked at all. A validation that fails leaves the page as it is (the
// trial on offer, as the studio's catalog says): Continue asks again.
func (h *Handler) offer(c echo.Context, mod apiclient.AdditionalModule, v *views.ModuleView) {
	if v.Form.FrequencyID == 0 {
		return
	}
	withTrial := mod.TrialPeriodConfig != nil
	req := bookingRequest(mod.ID, v.Form.FrequencyID, withTrial)
	res, err := h.validateChoice(c.Request().Context(), h.up(c).Cached(), currentMember(c).ContractID, req)
	if err != nil {
		h.log.Warn("add-on page: validation failed", slog.Int64("moduleId", mod.ID), slog.String("err", err.Error()))
		v.Card.HasTrial = withTrial
		return
	}
	switch res.ValidationStatus {
	case apiclient.ValidationPurchasable:
		v.Card.HasTrial = withTrial
	case apiclient.ValidationTrialNotBookable:
		v.Form.Trial = false
	default:
		r := h.refusal(c, mod.ID, v.Form, outcomeOf(res.ValidationStatus))
		v.Result, v.Blocked = &r, true
	}
	if !v.Card.HasTrial {
		v.Form.Trial = false
	}
}

// validateChoice tells whether the contract can book the choice. Without a
// trial, a module on the contract's purchasable list can be bought (that
// list is the studio's "what this contract can buy now", read once for the
// catalog page and cached), so it is not asked again; anything else, a
// trial or a module off the list, is validated, which also says why not.
// Either answer only decides what the pages offer: the purchase itself is
// the studio's final word.
func (h *Handler) validateChoice(ctx context.Context, r upstream.Reads, contractID int64, req apiclient.AdditionalModuleRequest) (*apiclient.ValidationResult, error) {
	if !req.BookTrialPeriod {
		list, err := r.ListPurchasableAdditionalModules(ctx, contractID)
		if err == nil && slices.ContainsFunc(list, func(m apiclient.AdditionalModule) bool {
			_, offered := m.Frequency(req.PaymentFrequencyID)
			return m.ID == req.AdditionalModuleID && offered
		}) {
			return &apiclient.ValidationResult{ValidationStatus: apiclient.ValidationPurchasable}, nil
		}
	}
	return r.ValidateAdditionalModule(ctx, contractID, req)
}

// commitment is what booking mod with the form's choice today commits to.
func (h *Handler) commitment(mod apiclient.AdditionalModule, form views.ModuleForm, trialOffered bool) *views.CommitmentView {
	f, ok := mod.Frequency(form.FrequencyID)
	if !ok {
		return nil
	}
	today := h.today()
	v := views.CommitmentView{Commitment: addon.CommitmentOf(mod, f, form.Trial, today), Today: today, TrialOffered: trialOffered}
	if mod.TrialPeriodConfig != nil {
		v.TrialDescription = mod.TrialPeriodConfig.Description
	}
	return &v
}

// CommitmentPart handles GET /:studio/modules/:module/commitment: what a
// changed choice (paymentFrequency, trial) commits to, for htmx to swap in
// while the member chooses. Computed from the cached catalog, no other
// read. Without htmx it is the add-on's page with that choice.
func (h *Handler) CommitmentPart(c echo.Context) error {
	mod, err := h.pageModule(c)
	if err != nil {
		return err
	}
	form, valid := parseChoice(c.Request().Context(), mod, c.QueryParam("paymentFrequency"), c.QueryParam("trial"), "on")
	if !isHTMX(c) || !valid {
		return c.Redirect(http.StatusSeeOther, h.choiceURL(c, mod.ID, form, ""))
	}
	return renderOK(c, views.CommitmentPartial(*h.commitment(mod, form, mod.TrialPeriodConfig != nil)))
}

// Continue handles POST /:studio/modules/:module/continue: the choice is
// checked locally (no upstream call for a frequency the module lacks or a
// trial it does not offer), then validated upstream (cached per member and
// choice: the add-on page asked the same for its preselected choice). A
// bookable choice gets its booking token and goes on to the summary; a
// refusal stays on the add-on's page with the reason at the top (htmx: the
// reason, swapped in; without JavaScript: a redirect to the page, whose
// fragment scrolls to it). Nothing here answers a POST with a page a reload
// would send again, but a form whose fields are wrong (422).
//
// The form's second button (show=terms, for a member without JavaScript,
// whose commitment box cannot follow the choice) stops after the local
// check: no validation, no booking token, a redirect to the add-on's page
// with the choice made, at its commitment (#commitment).
func (h *Handler) Continue(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := moduleParam(c)
	if err != nil {
		return err
	}
	m := currentMember(c)
	mod, ok, err := catalogModule(ctx, h.up(c).Cached(), id)
	if err != nil {
		return h.continueFailed(c, views.ModuleView{}, err)
	}
	if !ok {
		// Gone from the catalog since the page was opened: the studio no
		// longer offers it, which is what ADDITIONAL_MODULE_NOT_FOUND says.
		return h.renderModuleGone(c, id)
	}
	if _, _, pending, err := h.deps.Tokens.Pending(ctx, currentStudio(c).Slug, m.ContractID, mod.ID); err != nil {
		return err
	} else if pending {
		return redirect(c, h.path(c, routenames.Module, mod.ID))
	}
	form, valid := parseChoice(ctx, mod, c.FormValue("paymentFrequency"), c.FormValue("trial"), "on")
	v := h.moduleView(c, mod, form)
	v.Card.HasTrial = mod.TrialPeriodConfig != nil
	if !valid {
		v.Result = formErrorResult(ctx, form)
		return renderEither(c, http.StatusUnprocessableEntity, views.CheckResponse(v), func() templ.Component {
			v.Commitment = h.commitment(mod, views.ModuleForm{FrequencyID: form.FrequencyID}, false)
			return views.ModulePage(h.page(c, mod.Name, "modules"), v)
		})
	}
	if c.FormValue(views.ShowTermsField) == views.ShowTermsValue {
		return redirect(c, h.choiceURL(c, mod.ID, form, "")+"#commitment")
	}
	// The validation and the contract's add-ons (kept in the token, for
	// reconciliation) do not depend on each other: both at once. Both are
	// usually in the cache already (the add-on page's validation, the
	// login's contracts).
	r := h.up(c).Cached()
	var res *apiclient.ValidationResult
	var contract apiclient.Contract
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		res, err = h.validateChoice(gctx, r, m.ContractID, bookingRequest(mod.ID, form.FrequencyID, form.Trial))
		return err
	})
	g.Go(func() (err error) { contract, err = h.sessionContract(gctx, r, m); return err })
	if err := g.Wait(); err != nil {
		return h.continueFailed(c, v, err)
	}
	if res.ValidationStatus != apiclient.ValidationPurchasable {
		o := outcomeOf(res.ValidationStatus)
		if !isHTMX(c) {
			return redirect(c, h.choiceURL(c, mod.ID, form, o.name)+"#continue-result")
		}
		r := h.refusal(c, mod.ID, form, o)
		v.Result = &r
		if o.name == outcomeOf(apiclient.ValidationTrialNotBookable).name {
			v.Card.HasTrial, v.Form.Trial = false, false
		}
		return renderOK(c, views.CheckResponse(v))
	}
	token, err := h.issueToken(ctx, m, contract, mod, form)
	if err != nil {
		return err
	}
	return redirect(c, h.path(c, routenames.BookingSummary, token))
}

// continueFailed answers a Continue whose upstream call failed. A plain
// post gets the error page. htmx gets the same title, text and support
// reference in the result box, whose heading ranks under the module page's
// h1 (the error page's partial brings an h1 of its own).
func (h *Handler) continueFailed(c echo.Context, v views.ModuleView, err error) error {
	if !isHTMX(c) {
		return err
	}
	ctx := c.Request().Context()
	info, ref := classify(err), apiclient.TraceID(err)
	attrs := []any{slog.Int("status", info.Status), slog.String("route", c.Path()), slog.String("err", err.Error()), slog.String("traceId", ref)}
	if info.Status >= http.StatusInternalServerError {
		h.log.Error("continue failed", attrs...)
	} else {
		h.log.Warn("continue refused", attrs...)
	}
	v.Result = &views.CheckResult{Kind: "bad", Status: "error", Title: i18n.T(ctx, info.TitleKey),
		Message: i18n.T(ctx, info.BodyKey), Reference: ref}
	return render(c, info.Status, views.CheckResponse(v))
}

// renderModuleGone answers a Continue for a module the catalog no longer has.
func (h *Handler) renderModuleGone(c echo.Context, id int64) error {
	ctx := c.Request().Context()
	r := h.refusal(c, id, views.ModuleForm{}, outcomeOf(apiclient.ValidationNotFound))
	return renderEither(c, http.StatusOK, views.CheckResultPartial(r), func() templ.Component {
		return views.CheckOutcomePage(h.page(c, i18n.T(ctx, "modules.title"), "modules"), r)
	})
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
	r := &views.CheckResult{Kind: "bad", Status: "invalid", Title: i18n.T(ctx, "module.form.invalid")}
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

// outcomeNamed returns the refusal a ?refused= names; ok is false for
// anything but a refusal's name.
func outcomeNamed(name string) (checkOutcome, bool) {
	if name == checkUnknown.name {
		return checkUnknown, true
	}
	for status, o := range checkOutcomes {
		if o.name == name && status != apiclient.ValidationPurchasable {
			return o, true
		}
	}
	return checkOutcome{}, false
}

// refusal turns a refused validation into a heading, a sentence and a way
// forward: the request's studio, its CSRF token for the retry form.
func (h *Handler) refusal(c echo.Context, moduleID int64, form views.ModuleForm, o checkOutcome) views.CheckResult {
	return refusalResult(c.Request().Context(), h.paths, currentStudio(c).Slug, moduleID, form, o, csrfToken(c))
}

// refusalResult is refusal for a studio (its paths and slug) and a form
// token.
func refusalResult(ctx context.Context, paths *routenames.Paths, slug string, moduleID int64, form views.ModuleForm, o checkOutcome, csrf string) views.CheckResult {
	r := views.CheckResult{Kind: o.kind, Status: o.name, Title: i18n.T(ctx, "confirm.notpossible"), Message: i18n.T(ctx, o.key)}
	switch o.name {
	case outcomeOf(apiclient.ValidationAlreadyPurchased).name:
		r.ActionURL, r.ActionLabel = paths.In(slug, routenames.MyModules), i18n.T(ctx, "check.alreadypurchased.action")
	case outcomeOf(apiclient.ValidationTrialNotBookable).name:
		r.Title = i18n.T(ctx, "check.trialnotbookable.title")
		r.RetryURL = paths.In(slug, routenames.ModuleContinue, moduleID)
		r.RetryFrequency, r.CSRF = form.FrequencyID, csrf
	default:
		r.ActionURL, r.ActionLabel = paths.In(slug, routenames.Modules), i18n.T(ctx, "check.back.action")
	}
	return r
}

// choiceURL is the add-on's page with a choice preselected and, when
// refused names one, the refusal shown.
func (h *Handler) choiceURL(c echo.Context, moduleID int64, form views.ModuleForm, refused string) string {
	q := url.Values{}
	if form.FrequencyID != 0 {
		q.Set("frequency", strconv.FormatInt(form.FrequencyID, 10))
	}
	if form.Trial {
		q.Set("trial", views.TrialOn)
	}
	if refused != "" {
		q.Set("refused", refused)
	}
	u := h.path(c, routenames.Module, moduleID)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}
