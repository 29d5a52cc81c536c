package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/routenames"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/upstream"
	"github.com/studio-addons/portal/views"
)

// The longest values the cancel form's fields can legitimately hold: a
// YYYY-MM-DD date and an int64 reason id. Longer input is refused unread.
const (
	maxDateField   = len("2006-01-02")
	maxReasonField = 19
)

// cancelFlow is one cancelation being prepared: the add-on as the upstream
// shows it now, the studio's reasons, the form and, once valid, the request.
type cancelFlow struct {
	mc      views.ModuleContract
	reasons []apiclient.CancelationReason
	form    views.CancelForm
	req     apiclient.CancelationRequest
	reason  string // the chosen reason's name
}

// loadCancel resolves :mc (read through r) and, when it can be canceled,
// the studio's cancelation reasons (read through reasons).
func (h *Handler) loadCancel(c echo.Context, r, reasons upstream.Reads) (*cancelFlow, error) {
	mc, err := h.moduleContractView(c, r)
	if err != nil {
		return nil, err
	}
	f := &cancelFlow{mc: mc, form: views.CancelForm{Contract: mc, Errors: views.Errors{}}}
	if !mc.CanCancel() {
		return f, nil
	}
	f.reasons, err = reasons.ListCancelationReasons(c.Request().Context())
	if err != nil {
		return nil, err
	}
	for _, r := range f.reasons {
		f.form.Reasons = append(f.form.Reasons, views.CancelReason{
			ID: strconv.FormatInt(r.CancelationReasonID, 10), Name: r.CancelationReasonName})
	}
	return f, nil
}

// CancelPage handles GET /:studio/my-modules/:mc/cancel: the form, with the
// earliest date preselected (or the choice the review's "change" link
// carries back, when the upstream still offers it).
func (h *Handler) CancelPage(c echo.Context) error {
	f, err := h.loadCancel(c, h.up(c).Cached(), h.up(c).Cached())
	if err != nil {
		return err
	}
	if !f.mc.CanCancel() {
		return h.renderCannotCancel(c, http.StatusOK, f.mc)
	}
	f.form.Date = f.mc.EarliestDate().String()
	if d, err := apiclient.ParseDate(c.QueryParam(views.FieldCancelDate)); err == nil && slices.Contains(f.mc.AvailableDates, d) {
		f.form.Date = d.String()
	}
	if id := c.QueryParam(views.FieldCancelReason); f.findReason(id) != nil {
		f.form.Reason = id
	}
	return h.renderCancelForm(c, http.StatusOK, f)
}

// CancelReview handles POST /:studio/my-modules/:mc/cancel/review: the
// posted choice checked against the upstream, then a summary to confirm.
// Nothing is written upstream here.
func (h *Handler) CancelReview(c echo.Context) error {
	f, ok, err := h.postedCancel(c, h.up(c).Cached())
	if !ok {
		return err
	}
	r := views.CancelReview{Contract: f.mc, Date: f.req.CancelationDate,
		ReasonID: f.form.Reason, ReasonName: f.reason}
	p := h.page(c, i18n.T(c.Request().Context(), "mymodules.review.title"), "mymodules")
	return renderEither(c, http.StatusOK, views.CancelReviewPartial(p, r), func() templ.Component { return views.CancelReviewPage(p, r) })
}

// Cancel handles POST /:studio/my-modules/:mc/cancel: the same checks as the
// review (hidden fields are not trusted), then the upstream cancelation and
// a redirect to the add-on with its new status.
func (h *Handler) Cancel(c echo.Context) error {
	prepareWrite(c)
	// Decided on the add-on as it is now, never on a cached copy.
	f, ok, err := h.postedCancel(c, h.up(c).Fresh())
	if !ok {
		return err
	}
	m := currentMember(c)
	_, err = h.up(c).CancelAdditionalModuleContract(c.Request().Context(), m.ContractID, f.mc.ID, f.req)
	if err != nil {
		return h.cancelFailed(c, f, err)
	}
	return h.cancelDone(c, f)
}

// postedCancel loads the add-on and checks the posted date and reason
// against what the upstream offers now. When ok is false the answer (the
// not-cancelable page, the form with its errors, or an error) is in err.
func (h *Handler) postedCancel(c echo.Context, r upstream.Reads) (*cancelFlow, bool, error) {
	// The reasons are the studio's list: cached; a reason the studio
	// removed since is refused upstream and answered with fresh ones.
	f, err := h.loadCancel(c, r, h.up(c).Cached())
	if err != nil {
		return nil, false, err
	}
	if !f.mc.CanCancel() {
		return nil, false, h.renderCannotCancel(c, http.StatusConflict, f.mc)
	}
	if !f.validate(c.Request().Context(), c.FormValue(views.FieldCancelDate), c.FormValue(views.FieldCancelReason)) {
		return nil, false, h.renderCancelForm(c, http.StatusUnprocessableEntity, f)
	}
	return f, true, nil
}

// validate fills the form from the posted values and, when both are among
// the offered ones, the upstream request. Invalid values are not echoed.
func (f *cancelFlow) validate(ctx context.Context, date, reason string) bool {
	errs := f.form.Errors
	f.form.Date, f.form.Reason = date, reason
	switch d, err := apiclient.ParseDate(date); {
	case date == "":
		errs[views.FieldCancelDate] = i18n.T(ctx, "mymodules.cancel.date.missing")
	case len(date) > maxDateField, err != nil, !slices.Contains(f.mc.AvailableDates, d):
		errs[views.FieldCancelDate] = i18n.T(ctx, "mymodules.cancel.date.invalid")
		f.form.Date = ""
	default:
		f.req.CancelationDate = d
	}
	switch r := f.findReason(reason); {
	case reason == "":
		errs[views.FieldCancelReason] = i18n.T(ctx, "mymodules.cancel.reason.missing")
	case r == nil:
		errs[views.FieldCancelReason] = i18n.T(ctx, "mymodules.cancel.reason.invalid")
		f.form.Reason = ""
	default:
		f.req.CancelationReasonID, f.reason = r.CancelationReasonID, r.CancelationReasonName
	}
	return len(errs) == 0
}

// findReason returns the studio's reason with the (posted) id, or nil.
func (f *cancelFlow) findReason(id string) *apiclient.CancelationReason {
	if id == "" || len(id) > maxReasonField {
		return nil
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil
	}
	i := slices.IndexFunc(f.reasons, func(r apiclient.CancelationReason) bool { return r.CancelationReasonID == n })
	if i < 0 {
		return nil
	}
	return &f.reasons[i]
}

func (h *Handler) renderCancelForm(c echo.Context, status int, f *cancelFlow) error {
	f.form.Contract = f.mc
	p := h.page(c, i18n.T(c.Request().Context(), "mymodules.cancel.title", f.mc.Name), "mymodules")
	return renderEither(c, status, views.CancelFormPartial(p, f.form), func() templ.Component { return views.CancelPage(p, f.form) })
}

func (h *Handler) renderCannotCancel(c echo.Context, status int, m views.ModuleContract) error {
	p := h.page(c, i18n.T(c.Request().Context(), "mymodules.cancel.title", m.Name), "mymodules")
	return renderEither(c, status, views.CannotCancelPartial(p, m), func() templ.Component { return views.CannotCancelPage(p, m) })
}

// cancelFailed answers a failed upstream cancelation: a refused field goes
// back to the form, a conflict to the add-on's current state; when the
// outcome is unknown the add-on is read again (writeUnknown), so a
// cancelation that did happen is reported as such and never sent twice.
func (h *Handler) cancelFailed(c echo.Context, f *cancelFlow, err error) error {
	apiErr, _ := errors.AsType[*apiclient.APIError](err)
	switch {
	case apiErr != nil && errors.Is(err, apiclient.ErrBadRequest) &&
		(apiErr.Reference == "cancelationDate" || apiErr.Reference == "cancelationReasonId"):
		return h.cancelRefused(c, f, apiErr.Reference)
	case errors.Is(err, apiclient.ErrConflict):
		return h.writeConflict(c, f.mc, err)
	case errors.Is(err, apiclient.ErrBadRequest):
		return h.writeRefusedNow(c, f.mc, err, views.ModuleContract.CanCancel)
	case writeOutcomeUnknown(err):
		took := func(now views.ModuleContract) bool {
			return now.Cancelation != "" && now.CancelDate == f.req.CancelationDate
		}
		return h.writeUnknown(c, f.mc, false, err, took, func() error { return h.cancelDone(c, f) })
	}
	return err
}

// writeRefusedNow answers a cancelation or withdrawal the upstream refused
// with a 400 that names no form field. The upstream documents no
// errorCodes, so a fresh read of the add-on explains the refusal: when it
// no longer allows the change, the member sees its current state, as after
// a conflict; when it still does, nothing better is known than the
// upstream's own errorMessage (in the member's language), shown as it came.
// A failed read leaves the refusal's error page.
func (h *Handler) writeRefusedNow(c echo.Context, before views.ModuleContract, err error, allowed func(views.ModuleContract) bool) error {
	now, rerr := h.rereadModuleContract(c, before.ID)
	if rerr != nil {
		h.log.Warn("add-on change refused, re-read failed", slog.Int64("moduleContractId", before.ID), slog.String("err", rerr.Error()))
		return err
	}
	if !allowed(now) {
		return h.writeConflict(c, before, err)
	}
	ctx := c.Request().Context()
	msg := i18n.T(ctx, "mymodules.flash.refused")
	if said := upstreamMessage(err); said != "" {
		msg = i18n.T(ctx, "mymodules.flash.refused.said", said)
	}
	h.log.Warn("add-on change refused", slog.Int64("moduleContractId", before.ID),
		slog.String("traceId", apiclient.TraceID(err)), slog.String("err", err.Error()))
	h.setFlash(c, views.FlashWarn, msg)
	return redirect(c, h.path(c, routenames.ModuleContract, before.ID))
}

// maxUpstreamMessage bounds an upstream errorMessage shown to a member.
const maxUpstreamMessage = 300

// upstreamMessage is the errorMessage of the upstream's refusal, for a
// member to read where the portal knows nothing better: plain text, one
// line, bounded; "" when there is none.
func upstreamMessage(err error) string {
	ae, ok := errors.AsType[*apiclient.APIError](err)
	if !ok {
		return ""
	}
	msg := strings.Join(strings.Fields(ae.ErrorMessage), " ")
	if len(msg) > maxUpstreamMessage {
		cut := maxUpstreamMessage
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	return msg
}

// writeConflict answers a cancelation or withdrawal the upstream refused
// because the add-on changed meanwhile (409, a concurrent modification, or
// a refusal its fresh state explains): back to its current state.
func (h *Handler) writeConflict(c echo.Context, m views.ModuleContract, err error) error {
	h.log.Warn("add-on change conflict", slog.Int64("moduleContractId", m.ID), slog.String("traceId", apiclient.TraceID(err)))
	h.setFlash(c, views.FlashWarn, i18n.T(c.Request().Context(), "mymodules.flash.changed"))
	return redirect(c, h.path(c, routenames.ModuleContract, m.ID))
}

// writeUnknown answers a cancelation or withdrawal whose outcome is unknown
// (writeOutcomeUnknown: no answer, an unreadable one, a 5xx): it may have
// reached the studio, so it is never sent again. A fresh read decides: the
// change is there (took) → done; it is not, or the read fails too → the
// page saying we could not confirm it, never that nothing was changed.
func (h *Handler) writeUnknown(c echo.Context, before views.ModuleContract, withdrawal bool, werr error,
	took func(views.ModuleContract) bool, done func() error) error {
	attrs := []any{slog.Int64("moduleContractId", before.ID), slog.Bool("withdrawal", withdrawal), slog.String("err", werr.Error())}
	now, rerr := h.rereadModuleContract(c, before.ID)
	if rerr == nil && took(now) {
		h.log.Warn("add-on change answered unclearly, but it took effect", attrs...)
		return done()
	}
	u := views.WriteUnconfirmed{Contract: before, Withdrawal: withdrawal, Reference: apiclient.TraceID(werr)}
	if rerr == nil {
		u.Contract, u.Checked = now, true
	} else {
		attrs = append(attrs, slog.String("rereadErr", rerr.Error()))
	}
	if u.Reference == "" {
		u.Reference = apiclient.TraceID(rerr)
	}
	if u.Reference != "" {
		attrs = append(attrs, slog.String("traceId", u.Reference))
	}
	h.log.Error("add-on change not confirmed", append(attrs, slog.Bool("checked", u.Checked))...)
	return h.renderUnconfirmed(c, u)
}

// renderUnconfirmed shows an unconfirmed change with 503: the studio's
// system did not give the answer the member's request needed.
func (h *Handler) renderUnconfirmed(c echo.Context, u views.WriteUnconfirmed) error {
	p := h.page(c, u.Title(c.Request().Context()), "mymodules")
	return renderEither(c, http.StatusServiceUnavailable, views.WriteUnconfirmedPartial(p, u), func() templ.Component { return views.WriteUnconfirmedPage(p, u) })
}

// cancelRefused shows the form again after the upstream refused a field:
// with fresh dates for a date that is no longer available, fresh reasons
// for an unknown reason.
func (h *Handler) cancelRefused(c echo.Context, f *cancelFlow, reference string) error {
	fresh, err := h.loadCancel(c, h.up(c).Fresh(), h.up(c).Fresh())
	if err != nil {
		return err
	}
	if !fresh.mc.CanCancel() {
		return h.renderCannotCancel(c, http.StatusConflict, fresh.mc)
	}
	ctx := c.Request().Context()
	fresh.form.Date, fresh.form.Reason = f.form.Date, f.form.Reason
	if reference == "cancelationDate" {
		fresh.form.Errors[views.FieldCancelDate] = i18n.T(ctx, "mymodules.cancel.date.unavailable")
		fresh.form.Date = ""
	} else {
		fresh.form.Errors[views.FieldCancelReason] = i18n.T(ctx, "mymodules.cancel.reason.invalid")
		fresh.form.Reason = ""
	}
	return h.renderCancelForm(c, http.StatusUnprocessableEntity, fresh)
}

// cancelDone reads the add-on again and sends the member to it with a
// message stating the new status.
func (h *Handler) cancelDone(c echo.Context, f *cancelFlow) error {
	ctx := c.Request().Context()
	date := i18n.Date(ctx, f.req.CancelationDate)
	msg := i18n.T(ctx, "mymodules.flash.cancel.sent", date)
	now, err := h.rereadModuleContract(c, f.mc.ID)
	switch {
	case err != nil:
		h.log.Warn("add-on canceled, re-read failed", slog.Int64("moduleContractId", f.mc.ID), slog.String("err", err.Error()))
	case now.Cancelation == apiclient.CancelationPendingVerification:
		msg = i18n.T(ctx, "mymodules.flash.cancel.pending", date)
	case now.Cancelation == apiclient.CancelationCanceled:
		msg = i18n.T(ctx, "mymodules.flash.cancel.canceled", i18n.Date(ctx, now.CancelDate))
	}
	h.log.Info("add-on cancelation sent", slog.String("studio", currentStudio(c).Slug),
		slog.Int64("moduleContractId", f.mc.ID), slog.String("status", string(now.Cancelation)))
	h.setFlash(c, views.FlashOK, msg)
	receipt := h.addChangeReceipt(c, state.ReceiptCancelation, f.mc, now, err == nil, f.req.CancelationDate, f.reason)
	return redirect(c, withReceipt(h.path(c, routenames.ModuleContract, f.mc.ID), receipt))
}

// rereadModuleContract reads an add-on whose ownership was already checked
// in this request.
func (h *Handler) rereadModuleContract(c echo.Context, id int64) (views.ModuleContract, error) {
	m := currentMember(c)
	// Fresh, never from the read cache: this read decides whether a write landed.
	mc, err := h.up(c).Fresh().GetAdditionalModuleContract(c.Request().Context(), m.ContractID, id)
	if err != nil {
		return views.ModuleContract{}, err
	}
	return views.NewModuleContract(id, *mc, h.today()), nil
}

// WithdrawPage handles GET /:studio/my-modules/:mc/withdraw: one confirm
// button, or why the cancelation cannot be withdrawn.
func (h *Handler) WithdrawPage(c echo.Context) error {
	m, err := h.moduleContractView(c, h.up(c).Cached())
	if err != nil {
		return err
	}
	p := h.page(c, i18n.T(c.Request().Context(), "mymodules.withdraw.title", m.Name), "mymodules")
	return renderOK(c, views.WithdrawPage(p, m))
}

// Withdraw handles POST /:studio/my-modules/:mc/withdraw: re-read, withdraw
// only when the upstream says it can be, then back to the add-on.
func (h *Handler) Withdraw(c echo.Context) error {
	prepareWrite(c)
	m, err := h.moduleContractView(c, h.up(c).Fresh())
	if err != nil {
		return err
	}
	if !m.CanWithdraw() {
		p := h.page(c, i18n.T(c.Request().Context(), "mymodules.withdraw.title", m.Name), "mymodules")
		return render(c, http.StatusConflict, views.WithdrawPage(p, m))
	}
	_, err = h.up(c).WithdrawAdditionalModuleCancelation(c.Request().Context(), currentMember(c).ContractID, m.ID)
	if err != nil {
		return h.withdrawFailed(c, m, err)
	}
	return h.withdrawDone(c, m)
}

// withdrawFailed answers a failed upstream withdrawal like cancelFailed.
func (h *Handler) withdrawFailed(c echo.Context, before views.ModuleContract, err error) error {
	switch {
	case errors.Is(err, apiclient.ErrConflict):
		return h.writeConflict(c, before, err)
	case errors.Is(err, apiclient.ErrBadRequest):
		return h.writeRefusedNow(c, before, err, views.ModuleContract.CanWithdraw)
	case writeOutcomeUnknown(err):
		// Judged by the status itself, not by a difference to before: the
		// studio verifying the cancelation meanwhile changes it too.
		took := func(now views.ModuleContract) bool {
			return now.Cancelation == "" || now.Cancelation == apiclient.CancelationPendingWithdrawalVerification
		}
		return h.writeUnknown(c, before, true, err, took, func() error { return h.withdrawDone(c, before) })
	}
	return err
}

// withdrawDone reads the add-on again and sends the member to it with a
// message stating the new status.
func (h *Handler) withdrawDone(c echo.Context, before views.ModuleContract) error {
	ctx := c.Request().Context()
	msg := i18n.T(ctx, "mymodules.flash.withdraw.sent")
	now, err := h.rereadModuleContract(c, before.ID)
	switch {
	case err != nil:
		h.log.Warn("add-on cancelation withdrawn, re-read failed", slog.Int64("moduleContractId", before.ID), slog.String("err", err.Error()))
	case now.Cancelation == apiclient.CancelationPendingWithdrawalVerification:
		msg = i18n.T(ctx, "mymodules.flash.withdraw.pending")
	case now.Cancelation == "":
		msg = i18n.T(ctx, "mymodules.flash.withdraw.done")
	}
	h.log.Info("add-on cancelation withdrawn", slog.String("studio", currentStudio(c).Slug),
		slog.Int64("moduleContractId", before.ID), slog.String("status", string(now.Cancelation)))
	h.setFlash(c, views.FlashOK, msg)
	receipt := h.addChangeReceipt(c, state.ReceiptWithdrawal, before, now, err == nil, before.CancelDate, "")
	return redirect(c, withReceipt(h.path(c, routenames.ModuleContract, before.ID), receipt))
}
