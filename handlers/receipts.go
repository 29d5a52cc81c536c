package handlers

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/routenames"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/views"
)

// Receipts: after a booking, a cancelation and a withdrawal (keeping an
// add-on) the portal keeps a receipt (Deps.Receipts, ReceiptTTL) with what
// the member saw, the time the portal had the studio's answer and a support
// reference it logs. Its page is /:studio/receipts/:receipt, readable only
// by the member's customer at that studio. The pages that list an add-on's
// receipts use Receipts.ForModuleContract and the Receipt route.

// referenceAlphabet is Crockford's base 32: no I, L, O or U, so a
// reference read out on the phone is not misheard.
const referenceAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newReference returns a support reference such as "K7Q2-XM9P-4T6D": 60
// random bits, enough to tell one studio's changes apart in its logs.
func newReference() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	var s strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(referenceAlphabet[int(x)%len(referenceAlphabet)])
	}
	return s.String()
}

// addReceipt completes r (id, reference, studio, customer, time) and keeps
// it. The change it records has happened: a store that fails loses only the
// receipt, which the log says, with the reference staff would look for.
func (h *Handler) addReceipt(c echo.Context, ctx context.Context, r state.Receipt) (state.Receipt, bool) {
	m := currentMember(c)
	r.ID, r.Reference = state.NewID(), newReference()
	r.Studio, r.CustomerID = currentStudio(c).Slug, m.CustomerID
	if r.ContractID == 0 {
		r.ContractID = m.ContractID
	}
	r.Received = h.now()
	attrs := []any{slog.String("reference", r.Reference), slog.String("kind", string(r.Kind)), slog.String("studio", r.Studio),
		slog.Int64("contractId", r.ContractID), slog.Int64("moduleContractId", r.ModuleContractID)}
	if err := h.deps.Receipts.Add(ctx, r); err != nil {
		h.log.Error("receipt not kept", append(attrs, slog.String("err", err.Error()))...)
		return r, false
	}
	h.log.Info("receipt issued", attrs...)
	return r, true
}

// addBookingReceipt keeps the receipt of a booking: the commitment as its
// summary showed it, started today.
func (h *Handler) addBookingReceipt(c echo.Context, ctx context.Context, b state.Booking, moduleContractID int64) {
	h.addReceipt(c, ctx, state.Receipt{
		Kind: state.ReceiptBooking, ContractID: b.ContractID, ModuleContractID: moduleContractID,
		ModuleName: b.ModuleName, Frequency: b.Frequency, Trial: b.Trial, Terms: b.Terms, TrialConfig: b.TrialConfig,
		Start: h.today(),
	})
}

// addChangeReceipt keeps the receipt of a cancelation (canceled to date,
// for reason) or a withdrawal of add-on before (as the member saw it), and
// now as the studio's system shows it right after (read false: it could
// not be read). It returns the receipt's id, "" when it could not be kept.
func (h *Handler) addChangeReceipt(c echo.Context, kind state.ReceiptKind, before, now views.ModuleContract, read bool, date apiclient.Date, reason string) string {
	outcome := state.ReceiptSent
	switch {
	case !read:
	case now.Cancelation == apiclient.CancelationPendingVerification, now.Cancelation == apiclient.CancelationPendingWithdrawalVerification:
		outcome = state.ReceiptWaiting
	case kind == state.ReceiptCancelation && now.Cancelation == apiclient.CancelationCanceled,
		kind == state.ReceiptWithdrawal && now.Cancelation == "":
		outcome = state.ReceiptDone
	}
	f, _ := priceFrequency(before.Price)
	r, ok := h.addReceipt(c, c.Request().Context(), state.Receipt{
		Kind: kind, ModuleContractID: before.ID, ModuleName: before.Name,
		Frequency: f, Price: before.Price.Amount, CancelDate: date, Reason: reason, Outcome: outcome,
	})
	if !ok {
		return ""
	}
	return r.ID
}

// receiptIDRE is what a receipt id (state.NewID) looks like.
var receiptIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`)

// withReceipt adds a receipt to the page a change redirects to, for its
// flash message to link (Handler.page); "" adds nothing.
func withReceipt(url, id string) string {
	if id == "" {
		return url
	}
	return url + "?" + receiptParam + "=" + id
}

// receiptParam names the receipt a flash message links to.
const receiptParam = "receipt"

// flashReceipt links the flash message of a change to its receipt when the
// redirect named one. The link is only a link: the receipt page checks
// whose it is.
func (h *Handler) flashReceipt(c echo.Context, f *views.Flash) {
	if id := c.QueryParam(receiptParam); f != nil && receiptIDRE.MatchString(id) {
		f.Link, f.LinkText = h.path(c, routenames.Receipt, id), i18n.T(c.Request().Context(), "receipt.link")
	}
}

// priceFrequency is a booked add-on's price as the payment frequency it
// charges by, for a receipt to keep with its interval (addon.PriceOf reads
// it back). ok is false for a price whose interval is not known (an amount
// per payment) or that is unknown: the receipt keeps the amount alone.
func priceFrequency(p addon.Price) (apiclient.PaymentFrequency, bool) {
	amount, interval := p.Amount, p.Interval
	switch p.Kind {
	case addon.PriceFree:
		return apiclient.PaymentFrequency{Type: apiclient.FrequencyFree}, true
	case addon.PriceOnce:
		return apiclient.PaymentFrequency{Type: apiclient.FrequencyNonRecurring, Price: &amount}, true
	case addon.PriceRecurring:
		return apiclient.PaymentFrequency{Type: apiclient.FrequencyRecurring, Term: &interval, Price: &amount}, true
	case addon.PriceStepped:
		f := apiclient.PaymentFrequency{Type: apiclient.FrequencyTermBased, Term: &interval, Price: &amount}
		for _, st := range p.Steps {
			f.TermsToPrices = append(f.TermsToPrices, apiclient.TermPrice{Term: st.After, Price: st.Amount})
		}
		return f, true
	case addon.PriceMonthDay:
		f := apiclient.PaymentFrequency{Type: apiclient.FrequencyMonthDay}
		for _, d := range p.Dates {
			f.MonthDaysToPrices = append(f.MonthDaysToPrices, apiclient.MonthDayPrice{MonthDay: d.Day, Price: d.Amount})
		}
		return f, true
	}
	return apiclient.PaymentFrequency{}, false
}

// bookingReceipt finds the receipt of the booking that created add-on
// contract id; ok is false when there is none (or the store failed).
func (h *Handler) bookingReceipt(c echo.Context, moduleContractID int64) (state.Receipt, bool) {
	m := currentMember(c)
	list, err := h.deps.Receipts.ForModuleContract(c.Request().Context(), currentStudio(c).Slug, m.CustomerID, moduleContractID)
	if err != nil {
		h.log.Warn("receipts not readable", slog.Int64("moduleContractId", moduleContractID), slog.String("err", err.Error()))
		return state.Receipt{}, false
	}
	for _, r := range list {
		if r.Kind == state.ReceiptBooking {
			return r, true
		}
	}
	return state.Receipt{}, false
}

// receiptCommitment is a booking receipt's commitment, computed again from
// what the member confirmed, from the day it started. today makes "Today"
// of that day; zero never says it.
func receiptCommitment(r state.Receipt, today apiclient.Date) views.CommitmentView {
	mod := apiclient.AdditionalModule{Name: r.ModuleName, TermInformation: r.Terms, TrialPeriodConfig: r.TrialConfig}
	v := views.CommitmentView{Commitment: addon.CommitmentOf(mod, r.Frequency, r.Trial, r.Start), Today: today}
	if r.TrialConfig != nil {
		v.TrialOffered, v.TrialDescription = true, r.TrialConfig.Description
	}
	return v
}

// ReceiptPage handles GET /:studio/receipts/:receipt: one of the member's
// receipts. Someone else's id, an unknown or an expired one is not found.
func (h *Handler) ReceiptPage(c echo.Context) error {
	m := currentMember(c)
	s := currentStudio(c)
	r, err := h.deps.Receipts.Get(c.Request().Context(), s.Slug, m.CustomerID, c.Param("receipt"))
	if err != nil {
		if errors.Is(err, state.ErrUnknownReceipt) {
			return notFound(fmt.Errorf("receipt: %w", err))
		}
		return err
	}
	v := views.ReceiptView{
		Kind: string(r.Kind), ModuleName: r.ModuleName, StudioName: s.view().Name,
		Received: r.Received.In(studioZone), Reference: r.Reference,
		Price:      addon.BookedPrice(apiclient.AdditionalModuleContract{Price: r.Price}, nil),
		CancelDate: r.CancelDate, Reason: r.Reason, Outcome: string(r.Outcome),
		MyModuleURL: h.path(c, routenames.ModuleContract, r.ModuleContractID),
	}
	switch {
	case r.Kind == state.ReceiptBooking:
		cv := receiptCommitment(r, apiclient.Date{})
		v.Commitment = &cv
	case r.Frequency.Type != "":
		v.Price = addon.PriceOf(r.Frequency)
	}
	p := h.page(c, views.ReceiptTitle(c.Request().Context(), v.Kind, v.ModuleName), "mymodules")
	return renderOK(c, views.ReceiptPage(p, v))
}
