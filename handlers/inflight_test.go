package handlers

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/state"
)

// TestWriteRoutesAreRoutes: a renamed write route would silently leave
// the shutdown blind to it.
func TestWriteRoutesAreRoutes(t *testing.T) {
	e, err := New(Deps{
		Studios:        []Studio{{Slug: "demo", Name: "Demo", Logo: "/logo.svg", Client: &scopedUpstream{}}},
		SessionHashKey: bytes.Repeat([]byte("h"), 32), SessionBlockKey: bytes.Repeat([]byte("b"), 32), CSRFKey: bytes.Repeat([]byte("c"), 32),
	})
	if err != nil {
		t.Fatal(err)
	}
	routes := map[string]bool{}
	for _, r := range e.Routes() {
		routes[r.Method+" "+r.Path] = true
	}
	for path := range writeRoutes {
		if !routes[http.MethodPost+" "+path] {
			t.Errorf("write route POST %s is not in the route table", path)
		}
	}
}

// bookingCounts records the booking metrics.
type bookingCounts struct {
	noMetrics
	got []string
}

func (b *bookingCounts) Booking(studio, outcome string) { b.got = append(b.got, studio+" "+outcome) }

// TestAbandonRecordsAClaimedBooking: a booking whose purchase is under way
// when the grace ends becomes 'not confirmed yet' and is logged with a
// reference that is not its token; a settled one, a cancelation and a
// booking not yet claimed are logged for what they are.
func TestAbandonRecordsAClaimedBooking(t *testing.T) {
	var logs bytes.Buffer
	metrics := &bookingCounts{}
	now := func() time.Time { return time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC) }
	store := state.NewTokens(time.Hour, now)
	h := &Handler{log: slog.New(slog.NewTextHandler(&logs, nil))}
	h.deps.Tokens = trackedTokens{BookingTokens: store, metrics: metrics}
	h.deps.Metrics = metrics
	inflight := NewInFlight()
	ctx := context.Background()

	issue := func() string {
		tok, err := store.Issue(ctx, state.Booking{SessionID: "sid", ContractID: 1000, ModuleID: 301})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	// start begins a tracked booking request and claims its token.
	start := func(tok string) context.Context {
		w := &write{h: h, kind: writeBooking, studio: "demo", contractID: 1000, targetID: 301}
		inflight.add(w)
		wctx := context.WithValue(ctx, writeKey{}, w)
		if _, first, err := h.deps.Tokens.Claim(wctx, tok, "sid"); !first || err != nil {
			t.Fatalf("claim: first %v, %v", first, err)
		}
		return wctx
	}
	// The settled booking first: while a booking of the add-on is pending,
	// no other token of it can be claimed.
	booked := issue()
	bctx := start(booked)
	if _, err := h.deps.Tokens.Transition(bctx, booked, state.BookingClaimed, state.BookingBooked, 9001, ""); err != nil {
		t.Fatal(err)
	}
	pending := issue()
	start(pending)
	inflight.add(&write{h: h, kind: writeBooking, studio: "demo", contractID: 1000, targetID: 302})
	inflight.add(&write{h: h, kind: writeCancelation, studio: "demo", contractID: 1000, targetID: 5002})

	if n := inflight.Abandon(ctx); n != 4 {
		t.Errorf("Abandon = %d, want the 4 writes under way", n)
	}
	b, err := store.Get(ctx, pending, "sid")
	if err != nil || b.Status != state.BookingUncertain || b.Outcome != outcomeInterrupted {
		t.Errorf("the interrupted booking: %+v, %v; want uncertain, %s", b, err, outcomeInterrupted)
	}
	if b, _ := store.Get(ctx, booked, "sid"); b.Status != state.BookingBooked {
		t.Errorf("the settled booking is now %v, want still booked", b.Status)
	}
	out := logs.String()
	for _, want := range []string{
		`msg="booking not settled at shutdown" write=booking studio=demo contractId=1000 moduleId=301 bookingRef=` + BookingRef(pending) + ` recorded=uncertain`,
		`msg="booking settled, its answer cut at shutdown" write=booking studio=demo contractId=1000 moduleId=301 bookingRef=` + BookingRef(booked),
		`msg="booking cut at shutdown before its purchase was sent" write=booking studio=demo contractId=1000 moduleId=302`,
		`write=cancelation studio=demo contractId=1000 moduleContractId=5002`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	for _, tok := range []string{pending, booked} {
		if strings.Contains(out, tok) {
			t.Error("the log holds a booking token")
		}
	}
	if got, want := strings.Join(metrics.got, ", "), "demo booked, demo unknown"; got != want {
		t.Errorf("booking metrics %q, want %q", got, want)
	}
	if !i18n.Has(outcomeInterrupted) {
		t.Errorf("the catalog has no text for %s", outcomeInterrupted)
	}
}
