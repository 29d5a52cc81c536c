package state

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// Booking is what a one-time booking token was issued for, and what became
// of it. The portal renders the token into the confirm form and claims it
// before the purchase call, so one member intent buys at most once.
type Booking struct {
	// SessionID is the member's login the booking belongs to (the
	// portal's member login id, which a contract switch keeps): only it
	// can book with the token or see its outcome.
	SessionID string
	// Studio is the slug of the studio the booking is for: contract and
	// module ids repeat between studios (tenants), so a pending booking is
	// found by studio, contract and module together.
	Studio             string
	ContractID         int64
	ModuleID           int64
	PaymentFrequencyID int64
	Trial              bool
	// ModuleName and Frequency are what the member saw on the summary:
	// the purchase goes ahead only while the studio's catalog still has that
	// exact frequency, and reconciliation matches add-on contracts by the
	// name, which the catalog may have dropped or changed in the meantime.
	ModuleName string
	Frequency  apiclient.PaymentFrequency
	// Terms and TrialConfig are the module's term configuration and trial
	// as the summary showed them, the commitment the member agreed to:
	// the purchase goes ahead only while the catalog still says the same,
	// and the receipt states them.
	Terms       apiclient.TermInformation
	TrialConfig *apiclient.TrialPeriodConfig
	// ExistingModuleContracts are the module contract ids on the contract
	// when the token was issued (Continue); reconciliation looks for a new
	// one.
	ExistingModuleContracts []int64

	Status           BookingStatus
	ModuleContractID int64 // set when Status is BookingBooked
	// Outcome is the catalog key of the sentence that explains a Failed
	// token (why nothing was booked) or an Uncertain one (what the last
	// reconciliation found); empty otherwise.
	Outcome string
}

// BookingStatus is where a token is in its life.
type BookingStatus int

// Booking token states.
const (
	BookingIssued    BookingStatus = iota // shown on the summary
	BookingClaimed                        // purchase under way
	BookingUncertain                      // the purchase's answer was lost; Outcome says what reconciling found
	BookingBooked                         // purchase confirmed
	BookingFailed                         // purchase refused; Outcome says why
)

// Token errors.
var (
	ErrUnknownToken = errors.New("state: unknown or expired booking token")
	ErrForeignToken = errors.New("state: booking token belongs to another session")
	// ErrBookingPending refuses a claim while another token of the same
	// add-on on the same studio's contract is pending: its purchase may
	// still land, and a second one could book the add-on twice.
	ErrBookingPending = errors.New("state: another booking of the add-on is pending")
)

// Pending reports whether a booking in this status may still become one:
// its purchase is under way (Claimed) or its answer was lost (Uncertain).
// While one is pending, the portal offers no new booking of the same
// add-on on the same contract.
func (s BookingStatus) Pending() bool { return s == BookingClaimed || s == BookingUncertain }

// Tokens is the in-memory one-time booking token store.
type Tokens struct {
	now    Clock
	ttl    time.Duration
	mu     sync.Mutex
	m      map[string]*tokenEntry
	issued uint64
	// byModule indexes the tokens by studio, contract and module, for Pending.
	byModule map[moduleKey]map[string]struct{}
}

// moduleKey is a studio's contract and one of its add-on modules.
type moduleKey struct {
	studio           string
	contract, module int64
}

// UnusedTokenTTL is how long a summary nobody submitted is kept (every
// Continue issues a token, so they must not pile up); once claimed, a
// token and its outcome are kept for the full TTL the store was built with.
const UnusedTokenTTL = 2 * time.Hour

type tokenEntry struct {
	b       Booking
	expires time.Time
}

// NewTokens keeps tokens for ttl after they were issued or last changed.
func NewTokens(ttl time.Duration, now Clock) *Tokens {
	if now == nil {
		now = time.Now
	}
	return &Tokens{now: now, ttl: ttl, m: map[string]*tokenEntry{}, byModule: map[moduleKey]map[string]struct{}{}}
}

// Issue stores b (status Issued) under a new random token.
func (t *Tokens) Issue(_ context.Context, b Booking) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.issued++; t.issued%sweepEvery == 0 {
		t.sweepLocked()
	}
	tok := NewID()
	b.Status = BookingIssued
	t.m[tok] = &tokenEntry{b: b, expires: t.now().Add(min(t.ttl, UnusedTokenTTL))}
	k := moduleKey{b.Studio, b.ContractID, b.ModuleID}
	if t.byModule[k] == nil {
		t.byModule[k] = map[string]struct{}{}
	}
	t.byModule[k][tok] = struct{}{}
	return tok, nil
}

// Pending returns the pending booking (claimed or uncertain, any session)
// of module on the studio's contract: the one changed last when there are
// several. ok is false when there is none.
func (t *Tokens) Pending(_ context.Context, studio string, contractID, moduleID int64) (token string, b Booking, ok bool, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	token, b, ok = t.pendingLocked(moduleKey{studio, contractID, moduleID})
	return token, b, ok, nil
}

// pendingLocked is Pending with t.mu held.
func (t *Tokens) pendingLocked(k moduleKey) (token string, b Booking, ok bool) {
	now := t.now()
	var latest time.Time
	for tok := range t.byModule[k] {
		e, found := t.m[tok]
		if !found || !now.Before(e.expires) || !e.b.Status.Pending() {
			continue
		}
		if !ok || e.expires.After(latest) {
			token, b, ok, latest = tok, e.b, true, e.expires
		}
	}
	return token, b, ok
}

// Claim atomically moves an Issued token to Claimed. first is true only for
// the one caller that did so; every other caller gets the booking as it is
// now (claimed, booked, failed) and must not purchase. While another token
// of the same add-on on the same studio's contract is pending (two
// summaries in two tabs or on two devices), the claim is refused with
// ErrBookingPending and the token stays issued: at most one purchase of an
// add-on is ever under way or unresolved.
func (t *Tokens) Claim(_ context.Context, token, sessionID string) (b Booking, first bool, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, err := t.getLocked(token, sessionID)
	if err != nil {
		return Booking{}, false, err
	}
	if e.b.Status != BookingIssued {
		return e.b, false, nil
	}
	if _, _, pending := t.pendingLocked(moduleKey{e.b.Studio, e.b.ContractID, e.b.ModuleID}); pending {
		return Booking{}, false, ErrBookingPending
	}
	e.b.Status = BookingClaimed
	e.expires = t.now().Add(t.ttl)
	return e.b, true, nil
}

// Get returns the booking behind token.
func (t *Tokens) Get(_ context.Context, token, sessionID string) (Booking, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, err := t.getLocked(token, sessionID)
	if err != nil {
		return Booking{}, err
	}
	return e.b, nil
}

// transitions are the moves Transition allows, by the status moved from.
// Issued becomes Claimed only through Claim, which checks the session.
// Booked and Failed are final; Uncertain can still be found booked.
var transitions = map[BookingStatus][]BookingStatus{
	BookingClaimed:   {BookingIssued, BookingBooked, BookingFailed, BookingUncertain},
	BookingUncertain: {BookingBooked, BookingUncertain},
}

// CanTransition reports whether Transition may move a token from one
// status to another; every implementation of the tokens applies it.
func CanTransition(from, to BookingStatus) bool {
	return slices.Contains(transitions[from], to)
}

// Transition moves token from status from to status to, recording the
// add-on contract and the outcome key, if and only if the token is in from
// now and the move is allowed. It reports whether it did: a request that
// lost a race (a release after another request settled the token, a
// reconciliation of a token that is no longer uncertain) changes nothing.
func (t *Tokens) Transition(_ context.Context, token string, from, to BookingStatus, moduleContractID int64, outcome string) (bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.m[token]
	if !ok || !t.now().Before(e.expires) || e.b.Status != from || !CanTransition(from, to) {
		return false, nil
	}
	e.b.Status = to
	e.b.ModuleContractID = moduleContractID
	e.b.Outcome = outcome
	e.expires = t.now().Add(t.ttl)
	return true, nil
}

func (t *Tokens) getLocked(token, sessionID string) (*tokenEntry, error) {
	e, ok := t.m[token]
	if !ok || !t.now().Before(e.expires) {
		return nil, ErrUnknownToken
	}
	if e.b.SessionID != sessionID {
		return nil, ErrForeignToken
	}
	return e, nil
}

func (t *Tokens) sweepLocked() {
	now := t.now()
	for tok, e := range t.m {
		if now.Before(e.expires) {
			continue
		}
		delete(t.m, tok)
		k := moduleKey{e.b.Studio, e.b.ContractID, e.b.ModuleID}
		delete(t.byModule[k], tok)
		if len(t.byModule[k]) == 0 {
			delete(t.byModule, k)
		}
	}
}
