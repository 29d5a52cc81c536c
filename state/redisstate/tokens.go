package redisstate

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/state"
)

// Tokens is the shared one-time booking token store. A token is a hash:
// the booking as issued (JSON, never changed), and the fields a claim or a
// transition changes, so each of those is a small script on one key.
type Tokens struct {
	s   *Store
	ttl time.Duration
}

// Tokens returns the shared token store: a token nobody claimed is kept
// for state.UnusedTokenTTL (at most ttl), a claimed one and its outcome
// for ttl after its last change.
func (s *Store) Tokens(ttl time.Duration) *Tokens { return &Tokens{s: s, ttl: ttl} }

// Hash fields of a token.
const (
	fBooking = "b"   // bookingRecord JSON
	fSID     = "sid" // the session it was issued to
	fStatus  = "st"  // state.BookingStatus
	fMC      = "mc"  // module contract id once booked
	fOutcome = "out" // outcome key
	fExpires = "exp" // Unix ms after which the token is gone, by the instances' clock
	fIndex   = "ix"  // the key of the contract's and module's token set (Pending)
)

// Status values as the scripts compare them (state.BookingStatus).
var (
	stClaimed   = strconv.Itoa(int(state.BookingClaimed))
	stUncertain = strconv.Itoa(int(state.BookingUncertain))
)

// bookingRecord is what a token keeps of the booking it was issued for.
type bookingRecord struct {
	SessionID               string          `json:"sessionId"`
	Studio                  string          `json:"studio"`
	ContractID              int64           `json:"contractId"`
	ModuleID                int64           `json:"moduleId"`
	PaymentFrequencyID      int64           `json:"paymentFrequencyId"`
	Trial                   bool            `json:"trial"`
	ModuleName              string          `json:"moduleName"`
	Frequency               frequencyRecord `json:"frequency"`
	ExistingModuleContracts []int64         `json:"existingModuleContracts"`
	// Terms and TrialConfig hold no money: their upstream JSON form (terms
	// as value and unit, absent ones left out) comes back exactly.
	Terms       apiclient.TermInformation    `json:"terms"`
	TrialConfig *apiclient.TrialPeriodConfig `json:"trialConfig"`
}

// frequencyRecord is apiclient.PaymentFrequency as a token keeps it: the
// purchase compares the frequency the member confirmed with the catalog's
// field by field, so it must come back exactly. Amounts are kept in minor
// units (a price the upstream left out, a zero Money, is kept too), and
// empty lists stay empty rather than absent (no omitempty).
type frequencyRecord struct {
	ID                int64                          `json:"id"`
	Type              apiclient.PaymentFrequencyType `json:"type"`
	Term              *apiclient.Term                `json:"term"`
	Price             *moneyRecord                   `json:"price"`
	MonthDaysToPrices []monthDayPriceRecord          `json:"monthDaysToPrices"`
	TermsToPrices     []termPriceRecord              `json:"termsToPrices"`
}

// moneyRecord is apiclient.Money without its upstream JSON form.
type moneyRecord apiclient.Money

type monthDayPriceRecord struct {
	MonthDay apiclient.MonthDay `json:"monthDay"`
	Price    moneyRecord        `json:"price"`
}

type termPriceRecord struct {
	Term  apiclient.Term `json:"term"`
	Price moneyRecord    `json:"price"`
}

func frequencyToRecord(f apiclient.PaymentFrequency) frequencyRecord {
	r := frequencyRecord{ID: f.ID, Type: f.Type, Term: f.Term,
		MonthDaysToPrices: mapSlice(f.MonthDaysToPrices, func(p apiclient.MonthDayPrice) monthDayPriceRecord {
			return monthDayPriceRecord{MonthDay: p.MonthDay, Price: moneyRecord(p.Price)}
		}),
		TermsToPrices: mapSlice(f.TermsToPrices, func(p apiclient.TermPrice) termPriceRecord {
			return termPriceRecord{Term: p.Term, Price: moneyRecord(p.Price)}
		}),
	}
	if f.Price != nil {
		p := moneyRecord(*f.Price)
		r.Price = &p
	}
	return r
}

func frequencyFromRecord(r frequencyRecord) apiclient.PaymentFrequency {
	f := apiclient.PaymentFrequency{ID: r.ID, Type: r.Type, Term: r.Term,
		MonthDaysToPrices: mapSlice(r.MonthDaysToPrices, func(p monthDayPriceRecord) apiclient.MonthDayPrice {
			return apiclient.MonthDayPrice{MonthDay: p.MonthDay, Price: apiclient.Money(p.Price)}
		}),
		TermsToPrices: mapSlice(r.TermsToPrices, func(p termPriceRecord) apiclient.TermPrice {
			return apiclient.TermPrice{Term: p.Term, Price: apiclient.Money(p.Price)}
		}),
	}
	if r.Price != nil {
		p := apiclient.Money(*r.Price)
		f.Price = &p
	}
	return f
}

// mapSlice maps every element, keeping nil apart from empty.
func mapSlice[S, T any](in []S, f func(S) T) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func encodeBooking(b state.Booking) ([]byte, error) {
	return json.Marshal(bookingRecord{
		SessionID: b.SessionID, Studio: b.Studio, ContractID: b.ContractID, ModuleID: b.ModuleID,
		PaymentFrequencyID: b.PaymentFrequencyID, Trial: b.Trial, ModuleName: b.ModuleName,
		Frequency: frequencyToRecord(b.Frequency), ExistingModuleContracts: b.ExistingModuleContracts,
		Terms: b.Terms, TrialConfig: b.TrialConfig,
	})
}

// decodeBooking rebuilds a booking from a token's fields: the record and
// the status, add-on contract and outcome strings.
func decodeBooking(record, status, mc, outcome string) (state.Booking, error) {
	var r bookingRecord
	if err := json.Unmarshal([]byte(record), &r); err != nil {
		return state.Booking{}, fmt.Errorf("redisstate: booking record: %w", err)
	}
	st, err := strconv.Atoi(status)
	if err != nil {
		return state.Booking{}, fmt.Errorf("redisstate: booking status: %w", err)
	}
	id, err := strconv.ParseInt(mc, 10, 64)
	if err != nil {
		return state.Booking{}, fmt.Errorf("redisstate: booking module contract: %w", err)
	}
	return state.Booking{
		SessionID: r.SessionID, Studio: r.Studio, ContractID: r.ContractID, ModuleID: r.ModuleID,
		PaymentFrequencyID: r.PaymentFrequencyID, Trial: r.Trial, ModuleName: r.ModuleName,
		Frequency: frequencyFromRecord(r.Frequency), ExistingModuleContracts: r.ExistingModuleContracts,
		Terms: r.Terms, TrialConfig: r.TrialConfig,
		Status: state.BookingStatus(st), ModuleContractID: id, Outcome: outcome,
	}, nil
}

// indexKey is the set of the tokens issued for one module on one contract
// of a studio (ids repeat between studios).
func (t *Tokens) indexKey(studio string, contractID, moduleID int64) string {
	return t.s.key("bookings", studio, strconv.FormatInt(contractID, 10), strconv.FormatInt(moduleID, 10))
}

// Issue stores b (status Issued) under a new random token, and adds the
// token to its contract's and module's set (for Pending).
func (t *Tokens) Issue(ctx context.Context, b state.Booking) (string, error) {
	record, err := encodeBooking(b)
	if err != nil {
		return "", err
	}
	tok := state.NewID()
	key, index := t.s.key("booking", tok), t.indexKey(b.Studio, b.ContractID, b.ModuleID)
	ttl := min(t.ttl, state.UnusedTokenTTL)
	_, err = t.s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, key, fBooking, record, fSID, b.SessionID, fStatus, int(state.BookingIssued),
			fMC, 0, fOutcome, "", fExpires, ms(t.s.now().Add(ttl)), fIndex, index)
		p.PExpire(ctx, key, pttl(ttl))
		p.SAdd(ctx, index, tok)
		p.PExpire(ctx, index, pttl(t.ttl))
		return nil
	})
	if err != nil {
		return "", t.s.unavailable("issue token", err)
	}
	return tok, nil
}

// keepIndex extends the life of a token's set to the store's TTL after the
// token changed: no token in it lives longer than that from now, so the
// set outlives every token it names. It only moves an expiry; a failure
// is logged by the caller's next lookup finding nothing worse than a
// shorter-lived set.
func (t *Tokens) keepIndex(ctx context.Context, index string) {
	if index != "" {
		t.s.rdb.PExpire(ctx, index, pttl(t.ttl))
	}
}

// pendingScript finds the pending token of a set: claimed or uncertain,
// not expired, the one changed last (the latest expiry); tokens gone from
// the store leave the set. It answers the token and its fields, or nothing.
// The tokens' keys are named by the set (prefix + token), so the script
// reads keys it was not given: fine on a single Redis or Valkey, which is
// what the portal uses.
//
// KEYS[1] the set; ARGV: token key prefix, now (ms), claimed, uncertain.
var pendingScript = redis.NewScript(`
local best, bestExp = nil, -1
for _, tok in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local v = redis.call('HMGET', ARGV[1] .. tok, 'st', 'exp')
  local exp = tonumber(v[2])
  if not v[1] or not exp or exp <= tonumber(ARGV[2]) then
    redis.call('SREM', KEYS[1], tok)
  elseif (v[1] == ARGV[3] or v[1] == ARGV[4]) and exp > bestExp then
    best, bestExp = tok, exp
  end
end
if not best then return {} end
local f = redis.call('HMGET', ARGV[1] .. best, 'b', 'st', 'mc', 'out')
return {best, f[1], f[2], f[3], f[4]}
`)

// Pending returns the pending booking (claimed or uncertain, any session)
// of module on the studio's contract, the one changed last; ok is false
// when there is none. One script: the statuses it compares are those of
// one moment.
func (t *Tokens) Pending(ctx context.Context, studio string, contractID, moduleID int64) (string, state.Booking, bool, error) {
	args := []any{t.s.key("booking", ""), ms(t.s.now()), stClaimed, stUncertain}
	res, err := pendingScript.Run(ctx, t.s.rdb, []string{t.indexKey(studio, contractID, moduleID)}, args...).StringSlice()
	switch {
	case err != nil:
		return "", state.Booking{}, false, t.s.unavailable("pending token", err)
	case len(res) == 0:
		return "", state.Booking{}, false, nil
	case len(res) != 5:
		return "", state.Booking{}, false, fmt.Errorf("redisstate: pending answered %d fields", len(res))
	}
	b, err := decodeBooking(res[1], res[2], res[3], res[4])
	if err != nil {
		return "", state.Booking{}, false, err
	}
	return res[0], b, true, nil
}

// claimScript moves an Issued token to Claimed and answers with the
// token's booking as it was before (settled) or after (claimed) in one
// step, so exactly one caller ever claims a token. It refuses ('pending')
// while another token of the token's set (the same add-on on the same
// studio's contract) is claimed or uncertain and not expired, so at most
// one purchase of an add-on is ever under way or unresolved. Like
// pendingScript it reads the set's tokens by name (prefix + token).
//
// KEYS[1] the token; ARGV: session id, now (ms), new expiry (ms), ttl (ms),
// token key prefix, claimed, uncertain.
var claimScript = redis.NewScript(`
local v = redis.call('HMGET', KEYS[1], 'sid', 'exp', 'st', 'b', 'mc', 'out', 'ix')
if not v[1] or tonumber(v[2]) <= tonumber(ARGV[2]) then return {'unknown'} end
if v[1] ~= ARGV[1] then return {'foreign'} end
if v[3] ~= '0' then return {'settled', v[4], v[3], v[5], v[6], ''} end
if v[7] then
  for _, tok in ipairs(redis.call('SMEMBERS', v[7])) do
    local key = ARGV[5] .. tok
    if key ~= KEYS[1] then
      local o = redis.call('HMGET', key, 'st', 'exp')
      local exp = tonumber(o[2])
      if exp and exp > tonumber(ARGV[2]) and (o[1] == ARGV[6] or o[1] == ARGV[7]) then return {'pending'} end
    end
  end
end
redis.call('HSET', KEYS[1], 'st', '1', 'exp', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {'claimed', v[4], '1', v[5], v[6], v[7] or ''}
`)

// Claim atomically moves an Issued token to Claimed. first is true only for
// the one caller that did so; every other caller gets the booking as it is
// now and must not purchase. While another token of the same add-on on the
// same studio's contract is pending, the claim is refused with
// state.ErrBookingPending and the token stays issued.
func (t *Tokens) Claim(ctx context.Context, token, sessionID string) (state.Booking, bool, error) {
	now := t.s.now()
	args := []any{sessionID, ms(now), ms(now.Add(t.ttl)), pttl(t.ttl).Milliseconds(), t.s.key("booking", ""), stClaimed, stUncertain}
	res, err := claimScript.Run(ctx, t.s.rdb, []string{t.s.key("booking", token)}, args...).StringSlice()
	if err != nil {
		return state.Booking{}, false, t.s.unavailable("claim token", err)
	}
	switch {
	case len(res) == 1 && res[0] == "unknown":
		return state.Booking{}, false, state.ErrUnknownToken
	case len(res) == 1 && res[0] == "foreign":
		return state.Booking{}, false, state.ErrForeignToken
	case len(res) == 1 && res[0] == "pending":
		return state.Booking{}, false, state.ErrBookingPending
	case len(res) != 6:
		return state.Booking{}, false, fmt.Errorf("redisstate: claim answered %d fields", len(res))
	}
	b, err := decodeBooking(res[1], res[2], res[3], res[4])
	claimed := err == nil && res[0] == "claimed"
	if claimed {
		t.keepIndex(ctx, res[5])
	}
	return b, claimed, err
}

// Get returns the booking behind token.
func (t *Tokens) Get(ctx context.Context, token, sessionID string) (state.Booking, error) {
	v, err := t.s.rdb.HMGet(ctx, t.s.key("booking", token), fSID, fExpires, fBooking, fStatus, fMC, fOutcome).Result()
	if err != nil {
		return state.Booking{}, t.s.unavailable("get token", err)
	}
	f := make([]string, len(v))
	for i, x := range v {
		s, ok := x.(string)
		if !ok {
			return state.Booking{}, state.ErrUnknownToken // no such token
		}
		f[i] = s
	}
	if exp, err := strconv.ParseInt(f[1], 10, 64); err != nil || t.s.now().UnixMilli() >= exp {
		return state.Booking{}, state.ErrUnknownToken
	}
	if f[0] != sessionID {
		return state.Booking{}, state.ErrForeignToken
	}
	return decodeBooking(f[2], f[3], f[4], f[5])
}

// transitionScript is the compare-and-set of Transition.
//
// KEYS[1] the token; ARGV: from, to, module contract, outcome, now (ms),
// new expiry (ms), ttl (ms).
var transitionScript = redis.NewScript(`
local v = redis.call('HMGET', KEYS[1], 'st', 'exp', 'ix')
if not v[1] or tonumber(v[2]) <= tonumber(ARGV[5]) or v[1] ~= ARGV[1] then return {0, ''} end
redis.call('HSET', KEYS[1], 'st', ARGV[2], 'mc', ARGV[3], 'out', ARGV[4], 'exp', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return {1, v[3] or ''}
`)

// Transition moves token from status from to status to, recording the
// add-on contract and the outcome key, if and only if the token is in from
// now and state.CanTransition allows the move. It reports whether it did.
func (t *Tokens) Transition(ctx context.Context, token string, from, to state.BookingStatus, moduleContractID int64, outcome string) (bool, error) {
	if !state.CanTransition(from, to) {
		return false, nil
	}
	now := t.s.now()
	args := []any{int(from), int(to), moduleContractID, outcome, ms(now), ms(now.Add(t.ttl)), pttl(t.ttl).Milliseconds()}
	res, err := transitionScript.Run(ctx, t.s.rdb, []string{t.s.key("booking", token)}, args...).Slice()
	if err != nil {
		return false, t.s.unavailable("transition token", err)
	}
	if len(res) != 2 {
		return false, fmt.Errorf("redisstate: transition answered %d fields", len(res))
	}
	moved, _ := res[0].(int64)
	if moved == 1 {
		index, _ := res[1].(string)
		t.keepIndex(ctx, index)
	}
	return moved == 1, nil
}
