package state

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// Receipt is a member's record of one change to an add-on: a booking, a
// cancelation or a withdrawal of a cancelation (keeping the add-on). It
// holds only what the member saw when making the change, as typed values
// the receipt page words in the member's language, and the time the portal
// had the studio's answer. A receipt belongs to one customer of one
// studio: only they can read it.
type Receipt struct {
	// ID is random and names the receipt's page; Reference is the short
	// support reference printed on it and logged when it was made, so the
	// studio's staff can find the change.
	ID, Reference string
	Kind          ReceiptKind
	Studio        string
	CustomerID    int64
	ContractID    int64
	// ModuleContractID is the add-on contract the change was made to (for a
	// booking: the one it created).
	ModuleContractID int64
	// Received is when the portal had the studio's answer that the change
	// was made (for a booking whose answer was lost: when the portal found
	// it on the contract).
	Received   time.Time
	ModuleName string

	// A booking: the commitment as the summary showed it (package addon
	// computes it again from these).
	Frequency   apiclient.PaymentFrequency
	Trial       bool
	Terms       apiclient.TermInformation
	TrialConfig *apiclient.TrialPeriodConfig
	Start       apiclient.Date

	// A cancelation or withdrawal: the add-on's price per payment, the date
	// it was canceled to (or that no longer applies once it is kept), the
	// reason given, and what the studio's system said right after.
	Price      apiclient.Money
	CancelDate apiclient.Date
	Reason     string
	Outcome    ReceiptOutcome
}

// ReceiptKind says what a receipt records.
type ReceiptKind string

// Receipt kinds; the values are stable (pages carry them as test hooks).
const (
	ReceiptBooking     ReceiptKind = "booking"
	ReceiptCancelation ReceiptKind = "cancelation"
	ReceiptWithdrawal  ReceiptKind = "withdrawal"
)

// ReceiptOutcome is a cancelation's or withdrawal's state as the studio's
// system showed it right after the change.
type ReceiptOutcome string

// Receipt outcomes.
const (
	// ReceiptSent: the studio accepted the change; its state could not be
	// read back.
	ReceiptSent ReceiptOutcome = "sent"
	// ReceiptWaiting: the change waits for the studio's verification.
	ReceiptWaiting ReceiptOutcome = "waiting"
	// ReceiptDone: the change is in effect.
	ReceiptDone ReceiptOutcome = "done"
)

// ErrUnknownReceipt is returned for a receipt that does not exist, has
// expired or belongs to someone else: the three look alike.
var ErrUnknownReceipt = errors.New("state: unknown receipt")

// Receipts is the in-memory receipt store.
type Receipts struct {
	now   Clock
	ttl   time.Duration
	mu    sync.Mutex
	byID  map[string]receiptEntry
	index map[receiptOwner][]string // ids by add-on contract, oldest first
	added uint64
}

type receiptEntry struct {
	r       Receipt
	expires time.Time
}

// receiptOwner is one add-on contract of one customer at one studio.
type receiptOwner struct {
	studio   string
	customer int64
	mc       int64
}

// NewReceipts keeps receipts for ttl after they were added.
func NewReceipts(ttl time.Duration, now Clock) *Receipts {
	if now == nil {
		now = time.Now
	}
	return &Receipts{now: now, ttl: ttl, byID: map[string]receiptEntry{}, index: map[receiptOwner][]string{}}
}

// Add stores r under r.ID, which the caller chose (NewID).
func (s *Receipts) Add(_ context.Context, r Receipt) error {
	if r.ID == "" {
		return errors.New("state: a receipt needs an id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.added++; s.added%sweepEvery == 0 {
		s.sweepLocked()
	}
	s.byID[r.ID] = receiptEntry{r: r, expires: s.now().Add(s.ttl)}
	k := receiptOwner{r.Studio, r.CustomerID, r.ModuleContractID}
	s.index[k] = append(s.index[k], r.ID)
	return nil
}

// Get returns the receipt id of the customer at the studio;
// ErrUnknownReceipt when there is none (also when it is someone else's).
func (s *Receipts) Get(_ context.Context, studio string, customerID int64, id string) (Receipt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byID[id]
	if !ok || !s.now().Before(e.expires) || e.r.Studio != studio || e.r.CustomerID != customerID {
		return Receipt{}, ErrUnknownReceipt
	}
	return e.r, nil
}

// ForModuleContract returns the customer's receipts of one add-on
// contract, the most recent first.
func (s *Receipts) ForModuleContract(_ context.Context, studio string, customerID, moduleContractID int64) ([]Receipt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Receipt
	now := s.now()
	for _, id := range slices.Backward(s.index[receiptOwner{studio, customerID, moduleContractID}]) {
		if e, ok := s.byID[id]; ok && now.Before(e.expires) {
			out = append(out, e.r)
		}
	}
	slices.SortStableFunc(out, func(a, b Receipt) int { return b.Received.Compare(a.Received) })
	return out, nil
}

func (s *Receipts) sweepLocked() {
	now := s.now()
	for id, e := range s.byID {
		if now.Before(e.expires) {
			continue
		}
		delete(s.byID, id)
		k := receiptOwner{e.r.Studio, e.r.CustomerID, e.r.ModuleContractID}
		s.index[k] = slices.DeleteFunc(s.index[k], func(x string) bool { return x == id })
		if len(s.index[k]) == 0 {
			delete(s.index, k)
		}
	}
}
