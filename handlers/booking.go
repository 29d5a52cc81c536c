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
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/routenames"
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
	outcomeTimeout      = "booking.uncertain.timeout"
)

// errBookingMismatch is the logged cause when a book form's fields do not
// match what its token was issued for.
var errBookingMismatch = errors.New("book form does not match its booking token")

// issueToken issues a booking token for a choice Continue found bookable.
// The token keeps what the summary shows and the purchase holds the
// studio to: the module's name, the chosen frequency and the terms exactly
// as the catalog had them, and the add-on contracts already on the
// session's contract (for reconciliation).
func (h *Handler) issueToken(ctx context.Context, m *member, contract apiclient.Contract, mod apiclient.AdditionalModule, form views.ModuleForm) (string, error) {
	f, _ := mod.Frequency(form.FrequencyID) // parseChoice accepted only the module's own
	return h.deps.Tokens.Issue(ctx, state.Booking{
		SessionID: m.login(), Studio: m.Studio, ContractID: m.ContractID, ModuleID: mod.ID,
		PaymentFrequencyID: form.FrequencyID, Trial: form.Trial,
		ModuleName: mod.Name, Frequency: f, ExistingModuleContracts: contract.ModuleContractIDs(),
		Terms: mod.TermInformation, TrialConfig: mod.TrialPeriodConfig,
	})
}

// bookedModule is the module as the member confirmed it, from its token.
func bookedModule(b state.Booking) apiclient.AdditionalModule {
	return apiclient.AdditionalModule{ID: b.ModuleID, Name: b.ModuleName, TermInformation: b.Terms,
		TrialPeriodConfig: b.TrialConfig, PaymentFrequencies: []apiclient.PaymentFrequency{b.Frequency}}
}

// SummaryPage handles GET /:studio/bookings/:token/summary: what will be
// booked and what it commits to, with the one button that books it. It is
// made from the token alone (what Continue validated and the catalog
// said), so it reads nothing upstream; the purchase checks the price and
// terms against a fresh catalog and is the studio's final word. Browsers
// must not keep it (no-store): Back after booking asks again, and a token
// already used answers with its booking's outcome instead of a live button.
// While another booking of the add-on is pending, it shows that instead.
func (h *Handler) SummaryPage(c echo.Context) error {
	ctx := c.Request().Context()
	m := currentMember(c)
	token := c.Param("token")
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	b, err := h.deps.Tokens.Get(ctx, token, m.login())
	if err == nil && b.ContractID != m.ContractID {
		err = errBookingMismatch // the session moved to another contract since
	}
	if err != nil {
		return h.renderExpired(c, h.path(c, routenames.Modules), err)
	}
	if b.Status != state.BookingIssued {
		return c.Redirect(http.StatusSeeOther, h.path(c, routenames.Booking, token))
	}
	form := views.ModuleForm{FrequencyID: b.PaymentFrequencyID, Trial: b.Trial}
	today := h.today()
	v := views.ConfirmView{
		ModuleName: b.ModuleName, FrequencyID: b.PaymentFrequencyID, Trial: b.Trial, Token: token,
		Commitment: views.CommitmentView{Commitment: addon.CommitmentOf(bookedModule(b), b.Frequency, b.Trial, today), Today: today},
		Button:     views.BookButtonLabel(ctx, addon.PriceOf(b.Frequency), b.Trial),
		ChangeURL:  h.choiceURL(c, b.ModuleID, form, ""), BookURL: h.path(c, routenames.ModuleBook, b.ModuleID),
	}
	if b.TrialConfig != nil {
		// The module has a trial: say whether this booking has it.
		v.Commitment.TrialOffered, v.Commitment.TrialDescription = true, b.TrialConfig.Description
	}
	if v.Pending, err = h.pendingView(c, b.ModuleID); err != nil {
		return err
	}
	return renderOK(c, views.ConfirmPage(h.page(c, i18n.T(ctx, "confirm.title"), "modules"), v))
}

// pendingView is the booking of module on the session's contract whose
// outcome is not known yet (any session's), nil when there is none.
func (h *Handler) pendingView(c echo.Context, moduleID int64) (*views.PendingView, error) {
	ctx := c.Request().Context()
	_, b, ok, err := h.deps.Tokens.Pending(ctx, currentStudio(c).Slug, currentMember(c).ContractID, moduleID)
	if err != nil || !ok {
		return nil, err
	}
	v := &views.PendingView{Status: "processing", ModuleName: b.ModuleName,
		CheckURL: h.path(c, routenames.ModulePending, moduleID), MyModulesURL: h.path(c, routenames.MyModules), CSRF: csrfToken(c)}
	if b.Status == state.BookingUncertain {
		v.Status = "uncertain"
		if b.Outcome != "" {
			v.Message = i18n.T(ctx, b.Outcome)
		}
	}
	return v, nil
}

// CheckPending handles POST /:studio/modules/:module/pending: the pending
// booking of the add-on on the session's contract (from whichever session
// made it) is reconciled again, reading only, never purchasing; a claimed
// one's purchase is still under way and records its own outcome. Then back
// to the booking's outcome (the member's own session) or the add-on.
func (h *Handler) CheckPending(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := moduleParam(c)
	if err != nil {
		return err
	}
	m := currentMember(c)
	token, b, ok, err := h.deps.Tokens.Pending(ctx, currentStudio(c).Slug, m.ContractID, id)
	if err != nil {
		return err
	}
	if ok && b.Status == state.BookingUncertain {
		mcID, outcome := h.reconcile(ctx, h.up(c).Fresh(), m, b)
		h.recordReconciled(c, ctx, token, b, state.BookingUncertain, mcID, outcome)
	}
	if ok && b.SessionID == m.login() {
		return redirect(c, h.path(c, routenames.Booking, token))
	}
	return redirect(c, h.path(c, routenames.Module, id))
}

func bookingRequest(moduleID, frequencyID int64, trial bool) apiclient.AdditionalModuleRequest {
	return apiclient.AdditionalModuleRequest{AdditionalModuleID: moduleID, PaymentFrequencyID: frequencyID, BookTrialPeriod: trial}
}

// Book handles POST /:studio/modules/:module/book. The token is claimed
// before anything is sent upstream, so one summary books at most once: a
// second submit (double click, back and resubmit, a replay) is sent to the
// first one's outcome, and another summary of the same add-on cannot be
// claimed while this one's outcome is unknown. Only the first claimer
// checks the price and purchases.
func (h *Handler) Book(c echo.Context) error {
	id, err := moduleParam(c)
	if err != nil {
		return err
	}
	m := currentMember(c)
	token := c.FormValue("token")
	b, err := h.deps.Tokens.Get(c.Request().Context(), token, m.login())
	if err != nil {
		return h.renderExpired(c, h.path(c, routenames.Module, id), err)
	}
	if b.Status != state.BookingIssued {
		return redirect(c, h.path(c, routenames.Booking, token))
	}
	// Checked before claiming: a tampered form must not use the token up.
	if b.ModuleID != id || b.ContractID != m.ContractID ||
		c.FormValue("frequency") != strconv.FormatInt(b.PaymentFrequencyID, 10) ||
		c.FormValue("trial") != views.TrialFormValue(b.Trial) {
		return badRequest(errBookingMismatch)
	}
	b, first, err := h.deps.Tokens.Claim(c.Request().Context(), token, m.login())
	if errors.Is(err, state.ErrBookingPending) {
		// Another booking of the add-on whose outcome is not known yet may
		// still land: booking again now could book it twice. The store
		// refuses the claim in the same step that would make it, so two
		// summaries sent at once cannot both pass. The summary says so.
		return redirect(c, h.path(c, routenames.BookingSummary, token))
	}
	if err != nil {
		return h.renderExpired(c, h.path(c, routenames.Module, id), err)
	}
	if !first {
		return redirect(c, h.path(c, routenames.Booking, token))
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
	return renderEither(c, http.StatusGone, views.BookingExpiredPartial(moduleURL), func() templ.Component {
		p := h.page(c, i18n.T(c.Request().Context(), "booking.expired.title"), "modules")
		return views.BookingExpiredPage(p, moduleURL)
	})
}

// purchase checks and buys for a freshly claimed token. Every outcome ends
// on the token's booking page (Post/Redirect/Get). Failures before the
// purchase call release the claim (nothing was sent that could book);
// after it, the token ends booked, failed, or uncertain, never re-sent.
//
// The whole booking has a budget (Deps.BookingBudget) below the server's
// write timeout: upstream calls share it, so a studio that answers slowly
// ends in the honest "not confirmed yet" page, never in a cut connection.
// The shared stores are asked outside the budget (their own timeouts are
// short), so the outcome is recorded even once the budget is spent.
func (h *Handler) purchase(c echo.Context, token string, b state.Booking) error {
	// Leaving the page must not cut a purchase and its reconciliation in
	// half. Reads are fresh: a cached catalog must not vouch for the price.
	store := context.WithoutCancel(c.Request().Context())
	ctx, cancel := context.WithTimeout(store, h.deps.BookingBudget)
	defer cancel()
	up := h.up(c)
	refusal, err := h.precheck(ctx, up.Fresh(), b)
	if err != nil {
		h.release(store, token)
		return err
	}
	if refusal != "" {
		h.settleToken(store, token, state.BookingClaimed, state.BookingFailed, 0, refusal)
		return redirect(c, h.path(c, routenames.Booking, token))
	}
	res, err := up.PurchaseAdditionalModule(ctx, b.ContractID, bookingRequest(b.ModuleID, b.PaymentFrequencyID, b.Trial))
	return h.purchased(c, ctx, store, up, token, b, res, err)
}

// precheck returns the outcome key of what stands between a token and its
// purchase, "" when nothing does: the module gone from the studio's fresh
// catalog, or its payment frequency, terms or trial no longer what the
// member confirmed. It does not validate: the purchase applies the same
// rules and is the studio's final word (a refusal is explained afterwards,
// refusalKey).
func (h *Handler) precheck(ctx context.Context, r upstream.Reads, b state.Booking) (string, error) {
	mod, ok, err := catalogModule(ctx, r, b.ModuleID)
	if err != nil {
		return "", err
	}
	if !ok {
		return outcomeOf(apiclient.ValidationNotFound).key, nil
	}
	// The member agreed to the frequency and terms as the summary showed
	// them: any change (price, period, steps, term, notice, trial) or their
	// removal stops the purchase.
	f, ok := mod.Frequency(b.PaymentFrequencyID)
	if !ok || !reflect.DeepEqual(f, b.Frequency) || !reflect.DeepEqual(mod.TermInformation, b.Terms) ||
		(b.Trial && !reflect.DeepEqual(mod.TrialPeriodConfig, b.TrialConfig)) {
		h.log.Warn("price or terms changed since the summary", slog.Int64("moduleId", b.ModuleID), slog.Int64("frequencyId", b.PaymentFrequencyID))
		return outcomePriceChanged, nil
	}
	return "", nil
}

// purchased records the purchase call's answer: a clear one settles the
// token; anything else may have booked and is reconciled by reading (while
// the booking's budget lasts). ctx is the budget, store the context for
// the shared stores.
func (h *Handler) purchased(c echo.Context, ctx, store context.Context, up *upstream.View, token string, b state.Booking, res *apiclient.PurchaseResult, err error) error {
	studio := currentStudio(c).Slug
	attrs := []any{slog.String("studio", studio), slog.Int64("contractId", b.ContractID), slog.Int64("moduleId", b.ModuleID)}
	switch {
	case err == nil && res != nil && res.ID > 0:
		h.log.Info("add-on booked", append(attrs, slog.Int64("moduleContractId", res.ID))...)
		h.settleBooked(c, store, token, b, state.BookingClaimed, res.ID)
		readBooked(ctx, up, currentMember(c).CustomerID, b.ContractID, res.ID)
		return redirect(c, h.path(c, routenames.Booking, token))
	case errors.Is(err, apiclient.ErrRateLimited):
		// A 429 is answered before the studio processes anything. The token
		// ends failed rather than released: resending at once would meet the
		// same limit, and the sentence tells the member to try again.
		h.log.Warn("purchase rate limited", append(attrs, slog.String("err", err.Error()))...)
		h.settleToken(store, token, state.BookingClaimed, state.BookingFailed, 0, outcomeBusy)
		return h.redirectBooking(c, token, apiclient.TraceID(err))
	case heldBack(err):
		// The portal's budget (the studio's purchases this minute, or the
		// member's share) kept the call from being sent: nothing can have
		// been booked. The token goes back, so the same summary can be sent
		// again, and the busy or slow-down page says when.
		h.log.Warn("purchase held back by a budget", append(attrs, slog.String("err", err.Error()))...)
		h.release(store, token)
		return err
	case errors.Is(err, apiclient.ErrUnauthorized):
		// The studio's key (401) or its scopes (403), answered before
		// anything was processed: the studio's system is unavailable to the
		// member, and the same form may be sent once it is back.
		h.log.Error("purchase not authorized", append(attrs, slog.String("err", err.Error()))...)
		h.release(store, token)
		return err
	case writeRefused(err):
		h.log.Warn("purchase refused", append(attrs, slog.String("err", err.Error()))...)
		h.settleToken(store, token, state.BookingClaimed, state.BookingFailed, 0, h.refusalKey(ctx, up.Fresh(), b))
		return h.redirectBooking(c, token, apiclient.TraceID(err))
	}
	// Timeout, dropped connection, 5xx, an undecodable or empty answer: the
	// purchase may have happened. Never send it again; look for its result,
	// unless the booking's budget is spent (then Check again looks).
	cause := "no id in the answer"
	if err != nil {
		cause = err.Error()
	}
	var id int64
	outcome := outcomeTimeout
	if ctx.Err() == nil {
		h.log.Error("purchase answer lost, reconciling", append(attrs, slog.String("err", cause))...)
		id, outcome = h.reconcile(ctx, up.Fresh(), currentMember(c), b)
	} else {
		h.log.Error("purchase not answered within the booking's budget", append(attrs, slog.String("err", cause),
			slog.Duration("budget", h.deps.BookingBudget))...)
	}
	h.recordReconciled(c, store, token, b, state.BookingClaimed, id, outcome)
	if id > 0 {
		return redirect(c, h.path(c, routenames.Booking, token))
	}
	return h.redirectBooking(c, token, apiclient.TraceID(err))
}

// readBooked reads, fresh and at once, what the booking changed: the
// contract's add-ons and the new add-on contract. The member's next page,
// My add-ons, is made of these two, so the studio's answers are in the
// cache when it asks, read in parallel rather than one after the other on
// that page. Best effort within the booking's budget: a failure only
// leaves My add-ons to read them itself.
func readBooked(ctx context.Context, up *upstream.View, customerID, contractID, moduleContractID int64) {
	var wg sync.WaitGroup
	wg.Go(func() { _, _ = up.Fresh().ListContracts(ctx, customerID, "") })
	wg.Go(func() { _, _ = up.Fresh().GetAdditionalModuleContract(ctx, contractID, moduleContractID) })
	wg.Wait()
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
// offline since. It only reads, and r must be fresh. The new ids' names
// come from the contract's SubContracts (rateName) in the same read; no
// add-on contract is read. It returns the add-on contract's id, or 0 and
// the outcome key of what it found: nothing new (not found), new add-ons
// none of which has the name (unmatched: it may still be this booking,
// renamed), or no answer (unreachable).
func (h *Handler) reconcile(ctx context.Context, r upstream.Reads, m *member, b state.Booking) (int64, string) {
	owner := *m
	owner.ContractID = b.ContractID
	contract, err := h.sessionContract(ctx, r, &owner)
	if err != nil {
		h.log.Warn("reconciliation failed", slog.String("err", err.Error()))
		return 0, outcomeUnreachable
	}
	outcome := outcomeNotFound
	for _, sc := range slices.Backward(contract.ModuleContracts) { // the newest first
		if slices.Contains(b.ExistingModuleContracts, sc.ID) {
			continue
		}
		if moduleNameKey(sc.RateName) == moduleNameKey(b.ModuleName) {
			return sc.ID, ""
		}
		outcome = outcomeUnmatched
	}
	return 0, outcome
}

// recordReconciled settles a token from status from with what reconcile
// found: booked with the add-on contract (and its receipt), else uncertain
// with the finding.
func (h *Handler) recordReconciled(c echo.Context, ctx context.Context, token string, b state.Booking, from state.BookingStatus, id int64, outcome string) {
	if id > 0 {
		h.settleBooked(c, ctx, token, b, from, id)
		return
	}
	h.settleToken(ctx, token, from, state.BookingUncertain, 0, outcome)
}

// settleBooked records a booking as booked and, if this request is the
// one that recorded it, keeps its receipt.
func (h *Handler) settleBooked(c echo.Context, ctx context.Context, token string, b state.Booking, from state.BookingStatus, moduleContractID int64) {
	if h.settleToken(ctx, token, from, state.BookingBooked, moduleContractID, "") {
		h.addBookingReceipt(c, ctx, b, moduleContractID)
	}
}

// release gives a claimed token back when nothing that could book was sent,
// so the same summary may be sent again.
func (h *Handler) release(ctx context.Context, token string) {
	h.settleToken(ctx, token, state.BookingClaimed, state.BookingIssued, 0, "")
}

// settleToken moves a token from one status to another and reports whether
// it did. Only the request holding the claim (or reconciling an uncertain
// token) moves it, so a refused move means another request settled it
// first; that outcome stands. A move the store could not record leaves the
// token where it was (claimed: 'processing', never bought again); the log
// keeps what happened upstream.
func (h *Handler) settleToken(ctx context.Context, token string, from, to state.BookingStatus, moduleContractID int64, outcome string) bool {
	moved, err := h.deps.Tokens.Transition(ctx, token, from, to, moduleContractID, outcome)
	switch {
	case err != nil:
		h.log.Error("booking outcome not recorded", slog.Int("from", int(from)), slog.Int("to", int(to)),
			slog.Int64("moduleContractId", moduleContractID), slog.String("outcome", outcome), slog.String("err", err.Error()))
	case !moved:
		h.log.Info("booking token already settled", slog.Int("from", int(from)), slog.Int("to", int(to)))
	}
	return moved
}

// traceRefRE is what an upstream traceId may look like to be shown again.
var traceRefRE = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// redirectBooking ends a purchase on its outcome page (Post/Redirect/Get),
// carrying the upstream's traceId of a failed call as the support reference
// the member may quote; it is not a secret and only ever displayed.
func (h *Handler) redirectBooking(c echo.Context, token, ref string) error {
	u := h.path(c, routenames.Booking, token)
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
	b, err := h.deps.Tokens.Get(ctx, token, currentMember(c).login())
	if err != nil {
		return notFound(err)
	}
	v := h.bookingView(c, token, b)
	if ref := c.QueryParam("ref"); traceRefRE.MatchString(ref) && v.Status != "booked" {
		v.Reference = ref
	}
	return renderEither(c, http.StatusOK, views.BookingPartial(v), func() templ.Component {
		return views.BookingPage(h.page(c, bookingTitle(ctx, v.Status), "modules"), v)
	})
}

// CheckBooking handles POST /:studio/bookings/:token/check: it reconciles an
// uncertain booking again (reads only, never a purchase) and sends the
// member back to the outcome. A claimed token's purchase is still under way
// and records its own outcome: checking it only shows where it is now.
func (h *Handler) CheckBooking(c echo.Context) error {
	token := c.Param("token")
	m := currentMember(c)
	ctx := c.Request().Context()
	b, err := h.deps.Tokens.Get(ctx, token, m.login())
	if err != nil {
		return notFound(err)
	}
	if b.Status == state.BookingUncertain {
		id, outcome := h.reconcile(ctx, h.up(c).Fresh(), m, b)
		h.recordReconciled(c, ctx, token, b, state.BookingUncertain, id, outcome)
	}
	return redirect(c, h.path(c, routenames.Booking, token))
}

// bookingView maps a token's booking to its page; a booked add-on contract
// is read for its details, best effort (the outcome stands without them).
func (h *Handler) bookingView(c echo.Context, token string, b state.Booking) views.BookingView {
	ctx := c.Request().Context()
	v := views.BookingView{
		ModuleURL: h.path(c, routenames.Module, b.ModuleID), MyModulesURL: h.path(c, routenames.MyModules),
		CheckURL: h.path(c, routenames.BookingCheck, token), CSRF: csrfToken(c),
	}
	switch b.Status {
	case state.BookingBooked:
		v.Status = "booked"
		v.MyModuleURL = h.path(c, routenames.ModuleContract, b.ModuleContractID)
		h.bookedDetails(c, b, &v)
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

// bookedDetails fills the name, the price and what the member agreed to,
// from the booking's receipt (the commitment as the summary showed it,
// dated the day it was booked): no upstream read. Without the receipt
// (its store could not be asked) the token's name and price remain.
func (h *Handler) bookedDetails(c echo.Context, b state.Booking, v *views.BookingView) {
	ctx := c.Request().Context()
	v.ModuleName = b.ModuleName
	v.Price = views.ChosenPriceText(ctx, addon.PriceOf(b.Frequency), b.Trial)
	r, ok := h.bookingReceipt(c, b.ModuleContractID)
	if !ok {
		return
	}
	v.ReceiptURL = h.path(c, routenames.Receipt, r.ID)
	cv := receiptCommitment(r, h.today())
	v.Commitment = &cv
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
	keys := []string{outcomeBusy, outcomeRefused, outcomePriceChanged, outcomeNotFound, outcomeUnreachable, outcomeUnmatched, outcomeTimeout, checkUnknown.key}
	for _, o := range checkOutcomes {
		keys = append(keys, o.key)
	}
	return keys
}
