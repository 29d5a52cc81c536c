package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/state"
)

// The writes a shutdown must not lose: purchase, cancelation, withdrawal.
// A graceful shutdown waits for every request (http.Server.Shutdown); what
// InFlight adds is the record of the writes still under way when the grace
// is over, so that none ends without a trace: a claimed booking becomes
// 'not confirmed yet' (its Check again reconciles by reading, from any
// instance when the tokens are in Redis), and each is logged with its
// studio, contract and a reference that is not the token.

// Kinds of writes, as logged.
const (
	writeBooking     = "booking"
	writeCancelation = "cancelation"
	writeWithdrawal  = "withdrawal"
)

// outcomeInterrupted is the outcome of a booking whose purchase was still
// under way when the instance stopped.
const outcomeInterrupted = "booking.uncertain.interrupted"

// InFlight keeps the write requests this instance has under way. The
// server's shutdown calls Abandon once its grace is over. It is safe for
// concurrent use.
type InFlight struct {
	mu     sync.Mutex
	writes map[*write]struct{}
}

// NewInFlight returns an empty InFlight.
func NewInFlight() *InFlight {
	return &InFlight{writes: map[*write]struct{}{}}
}

// Len is the number of writes under way.
func (f *InFlight) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.writes)
}

// Abandon records and logs every write still under way (call it when the
// shutdown grace is over, before the connections are closed) and returns
// how many there were. The requests' own work goes on as long as the
// process does; a booking that settles after all keeps its first record,
// which its Check again corrects by reading.
func (f *InFlight) Abandon(ctx context.Context) int {
	f.mu.Lock()
	list := make([]*write, 0, len(f.writes))
	for w := range f.writes {
		list = append(list, w)
	}
	f.mu.Unlock()
	for _, w := range list {
		w.h.abandon(ctx, w)
	}
	return len(list)
}

func (f *InFlight) add(w *write) (remove func()) {
	f.mu.Lock()
	f.writes[w] = struct{}{}
	f.mu.Unlock()
	return func() {
		f.mu.Lock()
		delete(f.writes, w)
		f.mu.Unlock()
	}
}

// write is one write request under way.
type write struct {
	h          *Handler
	kind       string
	studio     string
	contractID int64
	targetID   int64 // the module booked, or the add-on contract canceled or withdrawn

	mu      sync.Mutex
	token   string // the booking token this request claimed; "" until then
	settled bool   // this request moved its claimed token on
}

func (w *write) claimed(token string) {
	w.mu.Lock()
	w.token = token
	w.mu.Unlock()
}

// settle marks the token settled if it is this request's claim.
func (w *write) settle(token string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.token != token || w.token == "" {
		return false
	}
	w.settled = true
	return true
}

// release forgets the claim when the request gave its token back.
func (w *write) release(token string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.token == token {
		w.token = ""
	}
}

func (w *write) claim() (token string, settled bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.token, w.settled
}

type writeKey struct{}

func writeOf(ctx context.Context) *write {
	w, _ := ctx.Value(writeKey{}).(*write)
	return w
}

// writeRoutes are the routes that write upstream, with the kind of write
// and the route parameter holding the module or add-on contract id.
var writeRoutes = map[string]struct{ kind, param string }{
	"/:studio/modules/:module/book":    {writeBooking, "module"},
	"/:studio/my-modules/:mc/cancel":   {writeCancelation, "mc"},
	"/:studio/my-modules/:mc/withdraw": {writeWithdrawal, "mc"},
}

// trackWrites keeps a write request (POST to one of writeRoutes) in
// Deps.InFlight while it runs. It belongs behind requireContract.
func (h *Handler) trackWrites(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		route, ok := writeRoutes[c.Path()]
		if !ok || c.Request().Method != http.MethodPost {
			return next(c)
		}
		id, _ := strconv.ParseInt(c.Param(route.param), 10, 64)
		w := &write{h: h, kind: route.kind, studio: currentStudio(c).Slug, targetID: id}
		if m := currentMember(c); m != nil {
			w.contractID = m.ContractID
		}
		c.SetRequest(c.Request().WithContext(context.WithValue(c.Request().Context(), writeKey{}, w)))
		defer h.deps.InFlight.add(w)()
		return next(c)
	}
}

// abandon records and logs one write the shutdown could not wait for. No
// token, cookie or personal data is logged: the booking's reference is a
// digest of its token (bookingRef), enough to find it, useless to book with.
func (h *Handler) abandon(ctx context.Context, w *write) {
	attrs := []any{slog.String("write", w.kind), slog.String("studio", w.studio), slog.Int64("contractId", w.contractID)}
	if w.kind != writeBooking {
		// The studio's system decides a cancelation or withdrawal already
		// sent; My add-ons reads it fresh, so there is nothing to record.
		h.log.Error("write not settled at shutdown; the studio's system has its outcome",
			append(attrs, slog.Int64("moduleContractId", w.targetID))...)
		return
	}
	attrs = append(attrs, slog.Int64("moduleId", w.targetID))
	token, settled := w.claim()
	switch {
	case token == "":
		h.log.Warn("booking cut at shutdown before its purchase was sent", attrs...)
		return
	case settled:
		h.log.Info("booking settled, its answer cut at shutdown", append(attrs, slog.String("bookingRef", BookingRef(token)))...)
		return
	}
	attrs = append(attrs, slog.String("bookingRef", BookingRef(token)))
	moved, err := h.deps.Tokens.Transition(ctx, token, state.BookingClaimed, state.BookingUncertain, 0, outcomeInterrupted)
	switch {
	case err != nil:
		attrs = append(attrs, slog.String("recorded", "no"), slog.String("err", err.Error()))
	case moved:
		attrs = append(attrs, slog.String("recorded", "uncertain"))
		h.deps.Metrics.Booking(w.studio, bookingUnknown)
	default:
		attrs = append(attrs, slog.String("recorded", "settled meanwhile"))
	}
	h.log.Error("booking not settled at shutdown", attrs...)
}

// BookingRef is the reference of a booking token in logs: the first 12 hex
// digits of its SHA-256. It names the token for support (hash the tokens
// in the store to find it) without being one.
func BookingRef(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:6])
}

// Booking outcomes as the metrics count them.
const (
	bookingBooked  = "booked"
	bookingRefused = "refused"
	bookingUnknown = "unknown"
)

// trackedTokens tells a tracked booking request (see trackWrite) when it
// claimed its token and when it settled it, and counts the outcomes.
type trackedTokens struct {
	BookingTokens
	metrics Metrics
}

// Claim implements BookingTokens.
func (t trackedTokens) Claim(ctx context.Context, token, sessionID string) (state.Booking, bool, error) {
	b, first, err := t.BookingTokens.Claim(ctx, token, sessionID)
	if w := writeOf(ctx); w != nil && first && err == nil {
		w.claimed(token)
	}
	return b, first, err
}

// Transition implements BookingTokens.
func (t trackedTokens) Transition(ctx context.Context, token string, from, to state.BookingStatus, moduleContractID int64, outcome string) (bool, error) {
	moved, err := t.BookingTokens.Transition(ctx, token, from, to, moduleContractID, outcome)
	w := writeOf(ctx)
	if !moved || from != state.BookingClaimed || w == nil {
		return moved, err
	}
	if to == state.BookingIssued { // released: nothing was sent
		w.release(token)
		return moved, err
	}
	if !w.settle(token) {
		return moved, err
	}
	switch to {
	case state.BookingBooked:
		t.metrics.Booking(w.studio, bookingBooked)
	case state.BookingFailed:
		t.metrics.Booking(w.studio, bookingRefused)
	case state.BookingUncertain:
		t.metrics.Booking(w.studio, bookingUnknown)
	}
	return moved, err
}
