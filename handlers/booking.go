package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/upstream"
	"github.com/studio-addons/portal/views"
)

// Outcome keys a booking token can carry besides the check sentences.
const (
	outcomeBusy         = "booking.outcome.busy"
	outcomeRefused      = "booking.outcome.refused"
	outcomePriceChanged = "booking.outcome.pricechanged"
	outcomeNotFound     = "booking.uncertain.notfound"
	outcomeUnreachable  = "booking.uncertain.unreachable"
	outcomeUnmatched    = "booking.uncertain.unmatched"
)

// errBookingMismatch is the logged cause when a book form's fields do not
// match what its token was issued for.
var errBookingMismatch = errors.New("book form does not match its booking token")

// ConfirmPage handles GET /:studio/modules/:module/confirm: it validates the
// choice again and shows the summary with a one-time booking token, or the
// check's sentence without a button when it cannot be booked. Its reads may
// come from the cache: the token keeps the price shown here, and the
// purchase goes ahead only if the studio's current price is that one.
func (h *Handler) ConfirmPage(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := moduleParam(c)
	if err != nil {
		return err
	}
	s, m := currentStudio(c), currentMember(c)
	mod, ok, err := catalogModule(ctx, h.up(c).Cached(), id)
	if err != nil {
		return err
	}
	if !ok {
		return h.renderCheckGone(c, id)
	}
	form, valid := parseChoice(ctx, mod, c.QueryParam("frequency"), c.QueryParam("trial"), views.TrialOn)
	if !valid {
		return h.renderModule(c, http.StatusUnprocessableEntity, mod, form, nil)
	}
	res, err := h.up(c).Cached().ValidateAdditionalModule(ctx, m.ContractID, bookingRequest(mod.ID, form.FrequencyID, form.Trial))
	if err != nil {
		return err
	}
	v := views.ConfirmView{Card: moduleCard(ctx, mod), FrequencyID: form.FrequencyID, Trial: form.Trial,
		ChangeURL: modulePath(c, mod.ID) + "?" + choiceQuery(form), BookURL: modulePath(c, mod.ID) + "/book"}
	if res.ValidationStatus != apiclient.ValidationPurchasable {
		r := checkResult(ctx, "/"+s.Slug, mod.ID, form, res.ValidationStatus, csrfToken(c))
		v.Result = &r
		return renderOK(c, views.ConfirmPage(h.page(c, i18n.T(ctx, "confirm.notpossible"), "modules"), v))
	}
	if err := h.issueToken(ctx, h.up(c).Cached(), m, mod, form, &v); err != nil {
		return err
	}
	return renderOK(c, views.ConfirmPage(h.page(c, i18n.T(ctx, "confirm.title"), "modules"), v))
}

// issueToken issues the confirm page's booking token and fills the summary
// from the same snapshot the token keeps: the module's name and the chosen
// frequency exactly as shown, and the add-on contracts already there.
func (h *Handler) issueToken(ctx context.Context, r upstream.Reads, m *member, mod apiclient.AdditionalModule, form views.ModuleForm, v *views.ConfirmView) error {
	existing, err := h.moduleContractIDs(ctx, r, m)
	if err != nil {
		return err
	}
	f, _ := mod.Frequency(form.FrequencyID) // parseChoice accepted only the module's own
	v.Token, err = h.deps.Tokens.Issue(ctx, state.Booking{
		SessionID: m.SID, ContractID: m.ContractID, ModuleID: mod.ID,
		PaymentFrequencyID: form.FrequencyID, Trial: form.Trial,
		ModuleName: mod.Name, Frequency: f, ExistingModuleContracts: existing,
	})
	if err != nil {
		return err // no token, no button: nothing can be bought
	}
	price := addon.PriceOf(f)
	v.Price = views.ChosenPriceText(ctx, price, form.Trial)
	v.Button = views.BookButtonLabel(ctx, price, form.Trial)
	v.Start = i18n.T(ctx, "confirm.start.today", i18n.Date(ctx, h.today()))
	v.Terms = v.Card.Terms
	return nil
}

func bookingRequest(moduleID, frequencyID int64, trial bool) apiclient.AdditionalModuleRequest {
	return apiclient.AdditionalModuleRequest{AdditionalModuleID: moduleID, PaymentFrequencyID: frequencyID, BookTrialPeriod: trial}
}

// bookingURL is the outcome page of a booking token.
func bookingURL(c echo.Context, token string) string {
	return "/" + currentStudio(c).Slug + "/bookings/" + token
}

// Book handles POST /:studio/modules/:module/book. The token is claimed
// before anything is sent upstream, so one confirm page books at most once:
// a second submit (double click, back and resubmit, a replay) is sent to the
// first one's outcome. Only the first claimer validates and purchases.
func (h *Handler) Book(c echo.Context) error {
	id, err := moduleParam(c)
	if err != nil {
		return err
	}
	m := currentMember(c)
	token := c.FormValue("token")
	b, err := h.deps.Tokens.Get(c.Request().Context(), token, m.SID)
	if err != nil {
		return h.renderExpired(c, modulePath(c, id), err)
	}
	if b.Status != state.BookingIssued {
		return redirect(c, bookingURL(c, token))
	}
	// Checked before claiming: a tampered form must not use the token up.
	if b.ModuleID != id || b.ContractID != m.ContractID ||
		c.FormValue("frequency") != strconv.FormatInt(b.PaymentFrequencyID, 10) ||
		c.FormValue("trial") != views.TrialFormValue(b.Trial) {
		return badRequest(errBookingMismatch)
	}
	b, first, err := h.deps.Tokens.Claim(c.Request().Context(), token, m.SID)
	if err != nil {
		return h.renderExpired(c, modulePath(c, id), err)
	}
	if !first {
		return redirect(c, bookingURL(c, token))
	}
	return h.purchase(c, token, b)
}

// renderExpired answers a token that is unknown, expired or another
// session's: nothing is booked, the member checks again. A token store that
// cannot be asked is the 'unavailable' page instead (nothing is booked
// either).
func (h *Handler) renderExpired(c echo.Context, moduleURL string, cause error) error {
	if errors.Is(cause, state.ErrUnavailable) {
		return cause
	}
	h.log.Info("booking token refused", slog.String("err", cause.Error()))
	if isHTMX(c) {
		return render(c, http.StatusGone, views.BookingExpiredPartial(moduleURL))
	}
	p := h.page(c, i18n.T(c.Request().Context(), "booking.expired.title"), "modules")
	return render(c, http.StatusGone, views.BookingExpiredPage(p, moduleURL))
}

// purchase checks and buys for a freshly claimed token. Every outcome ends
// on the token's booking page (Post/Redirect/Get). Failures before the
// purchase call release the claim (nothing was sent that could book);
// after it, the token ends booked, failed, or uncertain, never re-sent.
func (h *Handler) purchase(c echo.Context, token string, b state.Booking) error {
	// Leaving the page must not cut a purchase and its reconciliation in
	// half; the client's timeout still bounds every call. Reads are fresh:
	// a cached catalog must not vouch for the price.
	ctx := context.WithoutCancel(c.Request().Context())
	up := h.up(c)
	refusal, err := h.precheck(ctx, up.Fresh(), b)
	if err != nil {
		h.release(ctx, token)
		return err
	}
	if refusal != "" {
		h.settleToken(ctx, token, state.BookingClaimed, state.BookingFailed, 0, refusal)
		return redirect(c, bookingURL(c, token))
	}
	res, err := up.PurchaseAdditionalModule(ctx, b.ContractID, bookingRequest(b.ModuleID, b.PaymentFrequencyID, b.Trial))
	return h.purchased(c, ctx, up, token, b, res, err)
}

// precheck returns the outcome key of what stands between a token and its
// purchase, "" when nothing does: the module gone from the catalog, its
// payment frequency no longer the one the member confirmed, or a
// validation status other than purchasable.
func (h *Handler) precheck(ctx context.Context, r upstream.Reads, b state.Booking) (string, error) {
	mod, ok, err := catalogModule(ctx, r, b.ModuleID)
	if err != nil {
		return "", err
	}
	if !ok {
		return outcomeOf(apiclient.ValidationNotFound).key, nil
	}
	// The member agreed to the frequency as the confirm page showed it: any
	// change (price, period, steps) or its removal stops the purchase.
	if f, ok := mod.Frequency(b.PaymentFrequencyID); !ok || !reflect.DeepEqual(f, b.Frequency) {
		h.log.Warn("price changed since the confirm page", slog.Int64("moduleId", b.ModuleID), slog.Int64("frequencyId", b.PaymentFrequencyID))
		return outcomePriceChanged, nil
	}
	res, err := r.ValidateAdditionalModule(ctx, b.ContractID, bookingRequest(b.ModuleID, b.PaymentFrequencyID, b.Trial))
	if err != nil {
		return "", err
	}
	if res.ValidationStatus != apiclient.ValidationPurchasable {
		return outcomeOf(res.ValidationStatus).key, nil
	}
	return "", nil
}

// purchased records the purchase call's answer: a clear one settles the
// token; anything else may have booked and is reconciled by reading.
func (h *Handler) purchased(c echo.Context, ctx context.Context, up *upstream.View, token string, b state.Booking, res *apiclient.PurchaseResult, err error) error {
	attrs := []any{slog.String("studio", currentStudio(c).Slug), slog.Int64("contractId", b.ContractID), slog.Int64("moduleId", b.ModuleID)}
	switch {
	case err == nil && res != nil && res.ID > 0:
		h.log.Info("add-on booked", append(attrs, slog.Int64("moduleContractId", res.ID))...)
		h.settleToken(ctx, token, state.BookingClaimed, state.BookingBooked, res.ID, "")
		return redirect(c, bookingURL(c, token))
	case errors.Is(err, apiclient.ErrRateLimited):
		// A 429 is answered before the studio processes anything. The token
		// ends failed rather than released: resending at once would meet the
		// same limit, and the sentence tells the member to check again.
		h.log.Warn("purchase rate limited", append(attrs, slog.String("err", err.Error()))...)
		h.settleToken(ctx, token, state.BookingClaimed, state.BookingFailed, 0, outcomeBusy)
		return redirectBooking(c, token, apiclient.TraceID(err))
	case errors.Is(err, apiclient.ErrUnauthorized):
		// The studio's key (401) or its scopes (403), answered before
		// anything was processed: the studio's system is unavailable to the
		// member, and the same form may be sent once it is back.
		h.log.Error("purchase not authorized", append(attrs, slog.String("err", err.Error()))...)
		h.release(ctx, token)
		return err
	case writeRefused(err):
		h.log.Warn("purchase refused", append(attrs, slog.String("err", err.Error()))...)
		h.settleToken(ctx, token, state.BookingClaimed, state.BookingFailed, 0, h.refusalKey(ctx, up.Fresh(), b))
		return redirectBooking(c, token, apiclient.TraceID(err))
	}
	// Timeout, dropped connection, 5xx, an undecodable or empty answer: the
	// purchase may have happened. Never send it again; look for its result.
	cause := "no id in the answer"
	if err != nil {
		cause = err.Error()
	}
	h.log.Error("purchase answer lost, reconciling", append(attrs, slog.String("err", cause))...)
	id, outcome := h.reconcile(ctx, up.Fresh(), currentMember(c), b)
	h.recordReconciled(ctx, token, state.BookingClaimed, id, outcome)
	if id > 0 {
		return redirect(c, bookingURL(c, token))
	}
	return redirectBooking(c, token, apiclient.TraceID(err))
}

// refusalKey picks the member's sentence for a refused purchase from a
// fresh validate: the upstream documents no errorCodes (a refusal's status
// and code are its own), and validate is the documented way to learn why a
// module cannot be bought. A validate that fails, or still says
// purchasable, leaves the generic sentence.
func (h *Handler) refusalKey(ctx context.Context, r upstream.Reads, b state.Booking) string {
	res, err := r.ValidateAdditionalModule(ctx, b.ContractID, bookingRequest(b.ModuleID, b.PaymentFrequencyID, b.Trial))
	if err != nil {
		h.log.Warn("refused purchase: validate failed", slog.Int64("moduleId", b.ModuleID), slog.String("err", err.Error()))
		return outcomeRefused
	}
	if res.ValidationStatus == apiclient.ValidationPurchasable {
		return outcomeRefused
	}
	return outcomeOf(res.ValidationStatus).key
}

// reconcile looks for the add-on contract a purchase with a lost answer may
// have created: an id on the token's contract that was not there when the
// token was issued, named like the module the member confirmed (the add-on
// contract carries no module id; see bookedByName). The name is the
// token's, not the live catalog's: the studio may have taken the module
// offline since. It only reads, and r must be fresh. It returns the add-on contract's id,
// or 0 and the outcome key of what it found: nothing new (not found), new
// add-ons none of which has the name (unmatched: it may still be this
// booking, renamed), or no answer (unreachable).
func (h *Handler) reconcile(ctx context.Context, r upstream.Reads, m *member, b state.Booking) (int64, string) {
	owner := *m
	owner.ContractID = b.ContractID
	ids, err := h.moduleContractIDs(ctx, r, &owner)
	if err != nil {
		h.log.Warn("reconciliation failed", slog.String("err", err.Error()))
		return 0, outcomeUnreachable
	}
	outcome := outcomeNotFound
	for _, id := range slices.Backward(ids) { // the newest first
		if slices.Contains(b.ExistingModuleContracts, id) {
			continue
		}
		mc, err := r.GetAdditionalModuleContract(ctx, b.ContractID, id)
		if err != nil {
			h.log.Warn("reconciliation failed", slog.Int64("moduleContractId", id), slog.String("err", err.Error()))
			return 0, outcomeUnreachable
		}
		if moduleNameKey(mc.Name) == moduleNameKey(b.ModuleName) {
			return id, ""
		}
		outcome = outcomeUnmatched
	}
	return 0, outcome
}

// recordReconciled settles a token from status from with what reconcile
// found: booked with the add-on contract, else uncertain with the finding.
func (h *Handler) recordReconciled(ctx context.Context, token string, from state.BookingStatus, id int64, outcome string) {
	if id > 0 {
		h.settleToken(ctx, token, from, state.BookingBooked, id, "")
		return
	}
	h.settleToken(ctx, token, from, state.BookingUncertain, 0, outcome)
}

// release gives a claimed token back when nothing that could book was sent,
// so the same confirm form may be sent again.
func (h *Handler) release(ctx context.Context, token string) {
	h.settleToken(ctx, token, state.BookingClaimed, state.BookingIssued, 0, "")
}

// settleToken moves a token from one status to another. Only the request
// holding the claim (or reconciling an uncertain token) moves it, so a
// refused move means another request settled it first; that outcome stands.
// A move the store could not record leaves the token where it was (claimed:
// 'processing', never bought again); the log keeps what happened upstream.
func (h *Handler) settleToken(ctx context.Context, token string, from, to state.BookingStatus, moduleContractID int64, outcome string) {
	moved, err := h.deps.Tokens.Transition(ctx, token, from, to, moduleContractID, outcome)
	switch {
	case err != nil:
		h.log.Error("booking outcome not recorded", slog.Int("from", int(from)), slog.Int("to", int(to)),
			slog.Int64("moduleContractId", moduleContractID), slog.String("outcome", outcome), slog.String("err", err.Error()))
	case !moved:
		h.log.Info("booking token already settled", slog.Int("from", int(from)), slog.Int("to", int(to)))
	}
}

// traceRefRE is what an upstream traceId may look like to be shown again.
var traceRefRE = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// redirectBooking ends a purchase on its outcome page (Post/Redirect/Get),
// carrying the upstream's traceId of a failed call as the support reference
// the member may quote; it is not a secret and only ever displayed.
func redirectBooking(c echo.Context, token, ref string) error {
	u := bookingURL(c, token)
	if traceRefRE.MatchString(ref) {
		u += "?ref=" + url.QueryEscape(ref)
	}
	return redirect(c, u)
}

// BookingPage handles GET /:studio/bookings/:token: the outcome of a
// booking, the target of the redirect after the purchase. ?ref= is the
// support reference of a failed or unconfirmed purchase.
func (h *Handler) BookingPage(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	b, err := h.deps.Tokens.Get(ctx, token, currentMember(c).SID)
	if err != nil {
		return notFound(err)
	}
	v := h.bookingView(c, token, b)
	if ref := c.QueryParam("ref"); traceRefRE.MatchString(ref) && v.Status != "booked" {
		v.Reference = ref
	}
	if isHTMX(c) {
		return renderOK(c, views.BookingPartial(v))
	}
	return renderOK(c, views.BookingPage(h.page(c, bookingTitle(ctx, v.Status), "modules"), v))
}

// CheckBooking handles POST /:studio/bookings/:token/check: it reconciles an
// uncertain booking again (reads only, never a purchase) and sends the
// member back to the outcome. A claimed token's purchase is still under way
// and records its own outcome: checking it only shows where it is now.
func (h *Handler) CheckBooking(c echo.Context) error {
	token := c.Param("token")
	m := currentMember(c)
	ctx := c.Request().Context()
	b, err := h.deps.Tokens.Get(ctx, token, m.SID)
	if err != nil {
		return notFound(err)
	}
	if b.Status == state.BookingUncertain {
		id, outcome := h.reconcile(ctx, h.up(c).Fresh(), m, b)
		h.recordReconciled(ctx, token, state.BookingUncertain, id, outcome)
	}
	return redirect(c, bookingURL(c, token))
}

// bookingView maps a token's booking to its page; a booked add-on contract
// is read for its details, best effort (the outcome stands without them).
func (h *Handler) bookingView(c echo.Context, token string, b state.Booking) views.BookingView {
	ctx := c.Request().Context()
	base := "/" + currentStudio(c).Slug
	v := views.BookingView{
		ModuleURL: modulePath(c, b.ModuleID), MyModulesURL: base + "/my-modules",
		CheckURL: bookingURL(c, token) + "/check", CSRF: csrfToken(c),
	}
	switch b.Status {
	case state.BookingBooked:
		v.Status = "booked"
		v.MyModuleURL = base + "/my-modules/" + strconv.FormatInt(b.ModuleContractID, 10)
		h.bookedDetails(ctx, c, b, &v)
	case state.BookingUncertain:
		v.Status = "uncertain"
	case state.BookingClaimed:
		v.Status = "processing"
	case state.BookingFailed:
		v.Status = "failed"
	default:
		v.Status = "issued"
	}
	if b.Outcome != "" {
		v.Message = i18n.T(ctx, b.Outcome)
	}
	return v
}

// bookedDetails fills the name and price the member confirmed (the price in
// words with its period; the purchase went ahead only at that price), and
// the start and end of trial from the add-on contract, whose failed read
// only leaves those out.
func (h *Handler) bookedDetails(ctx context.Context, c echo.Context, b state.Booking, v *views.BookingView) {
	v.ModuleName = b.ModuleName
	v.Price = views.ChosenPriceText(ctx, addon.PriceOf(b.Frequency), b.Trial)
	mc, err := h.up(c).Cached().GetAdditionalModuleContract(ctx, b.ContractID, b.ModuleContractID)
	if err != nil {
		h.log.Warn("booked add-on not readable", slog.Int64("moduleContractId", b.ModuleContractID), slog.String("err", err.Error()))
		return
	}
	v.ModuleName = mc.Name
	v.Start = i18n.Date(ctx, mc.StartDate)
	if mc.TrialPeriod != nil && !mc.TrialPeriod.StartDate.IsZero() {
		v.PayingFrom = i18n.Date(ctx, mc.TrialPeriod.End())
	}
}

// bookingTitle is the page title of an outcome.
func bookingTitle(ctx context.Context, status string) string {
	key, ok := map[string]string{
		"booked": "booking.booked.title", "uncertain": "booking.uncertain.title",
		"processing": "booking.processing.title", "failed": "booking.failed.title",
	}[status]
	if !ok {
		key = "booking.issued.title"
	}
	return i18n.T(ctx, key)
}

// bookingOutcomeKeys lists every key a token's Outcome can hold, for the
// catalog test.
func bookingOutcomeKeys() []string {
	keys := []string{outcomeBusy, outcomeRefused, outcomePriceChanged, outcomeNotFound, outcomeUnreachable, outcomeUnmatched, checkUnknown.key}
	for _, o := range checkOutcomes {
		keys = append(keys, o.key)
	}
	return keys
}
