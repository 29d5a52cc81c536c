package redisstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/state"
)

// Receipts is the shared receipt store: each receipt one JSON string, and
// per add-on contract a sorted set of its receipts' ids by the time they
// were received. Both expire with the receipts' TTL.
type Receipts struct {
	s   *Store
	ttl time.Duration
}

// Receipts returns the shared receipt store, keeping each receipt for ttl.
func (s *Store) Receipts(ttl time.Duration) *Receipts { return &Receipts{s: s, ttl: ttl} }

// receiptRecord is state.Receipt as Redis keeps it: money in minor units,
// the time in Unix milliseconds.
type receiptRecord struct {
	ID               string                       `json:"id"`
	Reference        string                       `json:"reference"`
	Kind             state.ReceiptKind            `json:"kind"`
	Studio           string                       `json:"studio"`
	CustomerID       int64                        `json:"customerId"`
	ContractID       int64                        `json:"contractId"`
	ModuleContractID int64                        `json:"moduleContractId"`
	Received         int64                        `json:"received"`
	ModuleName       string                       `json:"moduleName"`
	Frequency        frequencyRecord              `json:"frequency"`
	Trial            bool                         `json:"trial"`
	Terms            apiclient.TermInformation    `json:"terms"`
	TrialConfig      *apiclient.TrialPeriodConfig `json:"trialConfig"`
	Start            apiclient.Date               `json:"start"`
	Price            moneyRecord                  `json:"price"`
	CancelDate       apiclient.Date               `json:"cancelDate"`
	Reason           string                       `json:"reason"`
	Outcome          state.ReceiptOutcome         `json:"outcome"`
	// Expires is when the receipt is gone (Unix ms by the instances'
	// clock); the key's Redis TTL ends it too.
	Expires int64 `json:"expires"`
}

func receiptToRecord(r state.Receipt) receiptRecord {
	return receiptRecord{
		ID: r.ID, Reference: r.Reference, Kind: r.Kind, Studio: r.Studio,
		CustomerID: r.CustomerID, ContractID: r.ContractID, ModuleContractID: r.ModuleContractID,
		Received: r.Received.UnixMilli(), ModuleName: r.ModuleName,
		Frequency: frequencyToRecord(r.Frequency), Trial: r.Trial, Terms: r.Terms, TrialConfig: r.TrialConfig,
		Start: r.Start, Price: moneyRecord(r.Price), CancelDate: r.CancelDate, Reason: r.Reason, Outcome: r.Outcome,
	}
}

func receiptFromRecord(x receiptRecord) state.Receipt {
	return state.Receipt{
		ID: x.ID, Reference: x.Reference, Kind: x.Kind, Studio: x.Studio,
		CustomerID: x.CustomerID, ContractID: x.ContractID, ModuleContractID: x.ModuleContractID,
		Received: time.UnixMilli(x.Received).UTC(), ModuleName: x.ModuleName,
		Frequency: frequencyFromRecord(x.Frequency), Trial: x.Trial, Terms: x.Terms, TrialConfig: x.TrialConfig,
		Start: x.Start, Price: apiclient.Money(x.Price), CancelDate: x.CancelDate, Reason: x.Reason, Outcome: x.Outcome,
	}
}

func (rs *Receipts) receiptKey(id string) string { return rs.s.key("receipt", id) }

func (rs *Receipts) indexKey(studio string, customerID, moduleContractID int64) string {
	return rs.s.key("receipts", studio, strconv.FormatInt(customerID, 10), strconv.FormatInt(moduleContractID, 10))
}

// Add stores r under r.ID and adds it to its add-on contract's list, in
// one transaction.
func (rs *Receipts) Add(ctx context.Context, r state.Receipt) error {
	if r.ID == "" {
		return errors.New("redisstate: a receipt needs an id")
	}
	x := receiptToRecord(r)
	x.Expires = ms(rs.s.now().Add(rs.ttl))
	data, err := json.Marshal(x)
	if err != nil {
		return err
	}
	index := rs.indexKey(r.Studio, r.CustomerID, r.ModuleContractID)
	_, err = rs.s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, rs.receiptKey(r.ID), data, pttl(rs.ttl))
		p.ZAdd(ctx, index, redis.Z{Score: float64(r.Received.UnixMilli()), Member: r.ID})
		p.PExpire(ctx, index, pttl(rs.ttl))
		return nil
	})
	if err != nil {
		return rs.s.unavailable("add receipt", err)
	}
	return nil
}

// Get returns the receipt id of the customer at the studio;
// state.ErrUnknownReceipt when there is none (also when it is someone
// else's).
func (rs *Receipts) Get(ctx context.Context, studio string, customerID int64, id string) (state.Receipt, error) {
	data, err := rs.s.rdb.Get(ctx, rs.receiptKey(id)).Bytes()
	switch {
	case errors.Is(err, redis.Nil):
		return state.Receipt{}, state.ErrUnknownReceipt
	case err != nil:
		return state.Receipt{}, rs.s.unavailable("get receipt", err)
	}
	r, live, err := rs.decode(data)
	if err != nil {
		return state.Receipt{}, err
	}
	if !live || r.Studio != studio || r.CustomerID != customerID {
		return state.Receipt{}, state.ErrUnknownReceipt
	}
	return r, nil
}

// ForModuleContract returns the customer's receipts of one add-on
// contract, the most recent first. Ids whose receipt has expired leave the
// list.
func (rs *Receipts) ForModuleContract(ctx context.Context, studio string, customerID, moduleContractID int64) ([]state.Receipt, error) {
	index := rs.indexKey(studio, customerID, moduleContractID)
	ids, err := rs.s.rdb.ZRevRange(ctx, index, 0, -1).Result()
	if err != nil {
		return nil, rs.s.unavailable("list receipts", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = rs.receiptKey(id)
	}
	vals, err := rs.s.rdb.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, rs.s.unavailable("list receipts", err)
	}
	var out []state.Receipt
	var gone []any
	for i, v := range vals {
		data, ok := v.(string)
		if !ok {
			gone = append(gone, ids[i])
			continue
		}
		r, live, err := rs.decode([]byte(data))
		if err != nil {
			return nil, err
		}
		if live && r.Studio == studio && r.CustomerID == customerID {
			out = append(out, r)
		}
	}
	if len(gone) > 0 {
		rs.s.rdb.ZRem(ctx, index, gone...) // tidying only: a failure leaves ids that are skipped again
	}
	return out, nil
}

// decode reads a receipt record; live is false once it has expired by the
// instances' clock.
func (rs *Receipts) decode(data []byte) (r state.Receipt, live bool, err error) {
	var x receiptRecord
	if err := json.Unmarshal(data, &x); err != nil {
		return state.Receipt{}, false, fmt.Errorf("redisstate: receipt record: %w", err)
	}
	return receiptFromRecord(x), rs.s.now().UnixMilli() < x.Expires, nil
}
