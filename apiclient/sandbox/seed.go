package sandbox

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// Seeded customer ids; the customer number is "1-" followed by the id.
const (
	CustomerNoAddOns     int64 = 1001 // 1-1001: one active contract, no add-ons
	CustomerWithAddOns   int64 = 1002 // 1-1002: an active add-on and a cancelation pending verification
	CustomerCanceled     int64 = 1003 // 1-1003: a withdrawable cancelation and a withdrawal pending verification
	CustomerTwoContracts int64 = 1004 // 1-1004: two active main contracts, the second cancelled
	CustomerInactive     int64 = 1005 // 1-1005: main contract ended
	CustomerManyAddOns   int64 = 1006 // 1-1006: 25 add-on contracts, current and past
	CustomerProspect     int64 = 1007 // 1-1007: PROSPECT without contracts
	CustomerGerman       int64 = 1008 // 1-1008: one active contract, no add-ons, preferredLanguage German
)

// Seeded main contract ids.
const (
	ContractNoAddOns   int64 = 2001 // of 1-1001
	ContractWithAddOns int64 = 2002 // of 1-1002
	ContractCanceled   int64 = 2003 // of 1-1003
	ContractFirstOfTwo int64 = 2004 // of 1-1004, bookable
	ContractCancelled  int64 = 2005 // of 1-1004, cancelled to a future date: ..._CONTRACT_INVALID_STATUS
	ContractInactive   int64 = 2006 // of 1-1005, ended
	ContractManyAddOns int64 = 2007 // of 1-1006
	ContractGerman     int64 = 2008 // of 1-1008
)

// Seeded additional module ids, in catalog order.
const (
	ModuleSauna            int64 = 301
	ModuleTowel            int64 = 302
	ModuleDrink            int64 = 303
	ModulePersonalTraining int64 = 304
	ModulePhysio           int64 = 305
	ModuleSummerPass       int64 = 306
	ModuleSolarium         int64 = 307 // active but not online purchasable
)

// Seeded payment frequency ids (module id × 10 + n).
const (
	FrequencySaunaMonthly     int64 = 3011
	FrequencyTowelMonthly     int64 = 3021
	FrequencyTowelYearly      int64 = 3022
	FrequencyDrink            int64 = 3031
	FrequencyPersonalTraining int64 = 3041
	FrequencyPhysio           int64 = 3051
	FrequencySummerPass       int64 = 3061
	FrequencySolarium         int64 = 3071
)

// Seeded additional module contract ids of interest; purchases get ids from
// FirstPurchasedModuleContractID on.
const (
	ModuleContractTowelYearly             int64 = 5001 // 1-1002: active
	ModuleContractSaunaPendingCancelation int64 = 5002 // 1-1002: PENDING_VERIFICATION, booked with a trial
	ModuleContractSaunaCanceled           int64 = 5003 // 1-1003: CANCELED to a future date, withdrawable
	ModuleContractDrinkPendingWithdrawal  int64 = 5004 // 1-1003: PENDING_WITHDRAWAL_VERIFICATION
	ModuleContractSaunaEnded              int64 = 5005 // 1-1005: ended with the main contract
	ModuleContractManyFirst               int64 = 5101 // 1-1006: 5101..5125
	ModuleContractDrinkEndedTrial         int64 = 5106 // 1-1006: ended Drink flat booked with its trial
	FirstPurchasedModuleContractID        int64 = 9001
)

// Seeded cancelation reason ids.
const (
	ReasonMovingAway   int64 = 1
	ReasonIllness      int64 = 2
	ReasonTooExpensive int64 = 3
	ReasonNotUsing     int64 = 4
	ReasonOther        int64 = 5
)

// DemoMember is a seeded login for the startup banner: the portal's login
// asks for the customer number and the date of birth.
type DemoMember struct {
	CustomerNumber string
	DateOfBirth    string
	Situation      string
}

// DemoMembers lists the seeded customers, the same in both studios.
var DemoMembers = []DemoMember{
	{"1-1001", "1990-01-15", "one active contract, no add-ons yet"},
	{"1-1002", "1985-06-30", "active towel flat-rate; sauna cancelation pending verification"},
	{"1-1003", "1978-11-02", "sauna canceled (withdrawable); drink flat withdrawal pending"},
	{"1-1004", "1992-03-08", "two active contracts, the second cancelled"},
	{"1-1005", "1970-07-07", "membership ended (no active contract)"},
	{"1-1006", "1999-12-31", "25 add-on contracts, current and past"},
	{"1-1007", "2001-05-05", "prospect, not a member"},
	{"1-1008", "1988-04-12", "one active contract, no add-ons; prefers German"},
}

const seedCurrency = "EUR"

func eur(minor int64) apiclient.Money { return apiclient.NewMoney(minor, seedCurrency) }

func eurPtr(minor int64) *apiclient.Money {
	m := eur(minor)
	return &m
}

func term(v int, u apiclient.TermUnit) apiclient.Term { return apiclient.Term{Value: v, Unit: u} }

func termPtr(v int, u apiclient.TermUnit) *apiclient.Term {
	t := term(v, u)
	return &t
}

// seedTenant builds one studio with the demo data; both studios get the
// same ids so the banner's logins work in either.
func seedTenant(slug, key string, direct bool, today apiclient.Date, ids *idSeq) *tenant {
	t := &tenant{
		slug: slug, key: key, direct: direct,
		studioID: map[string]int64{"demo": 1, "direct": 2}[slug],
		currency: seedCurrency, ids: ids,
		modules:         seedCatalog(),
		reasons:         seedReasons(),
		moduleContracts: map[int64]*moduleContract{},
	}
	t.customers = seedCustomers(t.studioID)
	seedContracts(t, today)
	seedManyAddOns(t, today)
	return t
}

func seedReasons() []apiclient.CancelationReason {
	return []apiclient.CancelationReason{
		{CancelationReasonID: ReasonMovingAway, CancelationReasonName: "Moving away"},
		{CancelationReasonID: ReasonIllness, CancelationReasonName: "Illness"},
		{CancelationReasonID: ReasonTooExpensive, CancelationReasonName: "Too expensive"},
		{CancelationReasonID: ReasonNotUsing, CancelationReasonName: "Not using it"},
		{CancelationReasonID: ReasonOther, CancelationReasonName: "Other"},
	}
}

// extending is the usual configuration: an initial term, then extensions of
// ext with the given notice periods.
func extending(initial, ext, notice, extNotice apiclient.Term) termRules {
	return termRules{initial: initial, extension: apiclient.ExtensionTermExtension,
		extensionTerm: ext, cancelPeriod: notice, extCancelPeriod: extNotice}
}

// ending is a configuration whose contract simply ends after its term.
func ending(initial, notice apiclient.Term) termRules {
	return termRules{initial: initial, extension: apiclient.ExtensionNew, cancelPeriod: notice}
}

func seedCatalog() []*module {
	const (
		day, week, month = apiclient.UnitDay, apiclient.UnitWeek, apiclient.UnitMonth
	)
	return []*module{
		{id: ModuleSauna, slug: "sauna", name: "Sauna", online: true, active: true,
			description: "Unlimited access to the sauna area during opening hours.",
			frequencies: []apiclient.PaymentFrequency{
				{ID: FrequencySaunaMonthly, Type: apiclient.FrequencyRecurring, Term: termPtr(1, month), Price: eurPtr(990)}},
			terms:     extending(term(1, month), term(1, month), term(2, week), term(2, week)),
			trialText: "Try the sauna free for 14 days", trialTerm: term(14, day),
			rateCodes: []apiclient.RateCode{{Name: "Sauna standard", Identifier: "RC-SAUNA-01"}}},
		{id: ModuleTowel, slug: "towel", name: "Towel flat-rate", online: true, active: true,
			description: "A fresh towel at every visit.",
			frequencies: []apiclient.PaymentFrequency{
				{ID: FrequencyTowelMonthly, Type: apiclient.FrequencyRecurring, Term: termPtr(1, month), Price: eurPtr(450)},
				{ID: FrequencyTowelYearly, Type: apiclient.FrequencyRecurring, Term: termPtr(12, month), Price: eurPtr(4500)}},
			terms:     extending(term(12, month), term(1, month), term(1, month), term(1, month)),
			rateCodes: []apiclient.RateCode{{Name: "Towel flat", Identifier: "RC-TOWEL-12"}}},
		{id: ModuleDrink, slug: "drink", name: "Drink flat", online: true, active: true,
			description: "Water, isotonic drinks and protein shakes at the bar.",
			frequencies: []apiclient.PaymentFrequency{
				{ID: FrequencyDrink, Type: apiclient.FrequencyTermBased, Term: termPtr(1, month), Price: eurPtr(1990),
					TermsToPrices: []apiclient.TermPrice{{Term: term(3, month), Price: eur(2490)}}}},
			terms:     extending(term(6, month), term(1, month), term(4, week), term(2, week)),
			trialText: "One week of free drinks", trialTerm: term(1, week)},
		{id: ModulePersonalTraining, slug: "personal-training", name: "Personal training intro", online: true, active: true,
			description: "Three sessions with a coach to set up your training plan.",
			frequencies: []apiclient.PaymentFrequency{
				{ID: FrequencyPersonalTraining, Type: apiclient.FrequencyNonRecurring, Price: eurPtr(4900)}},
			terms: ending(term(1, month), term(1, week))},
		{id: ModulePhysio, slug: "physio", name: "Physio check (partner benefit)", online: true, active: true,
			description: "A yearly check-up with our physiotherapy partner, included for members.",
			frequencies: []apiclient.PaymentFrequency{{ID: FrequencyPhysio, Type: apiclient.FrequencyFree}},
			terms:       ending(term(12, month), term(1, month)),
			rateCodes:   []apiclient.RateCode{{Name: "Partner benefit", Identifier: "RC-PHYSIO-P"}}},
		{id: ModuleSummerPass, slug: "summer-pass", name: "Summer outdoor pass", online: true, active: true,
			description: "Outdoor area and open-air classes, charged three times a season.",
			frequencies: []apiclient.PaymentFrequency{{ID: FrequencySummerPass, Type: apiclient.FrequencyMonthDay,
				MonthDaysToPrices: []apiclient.MonthDayPrice{
					{MonthDay: monthDay(time.May, 1), Price: eur(2900)},
					{MonthDay: monthDay(time.July, 1), Price: eur(2900)},
					{MonthDay: monthDay(time.September, 1), Price: eur(1900)}}}},
			terms: extending(term(12, month), term(12, month), term(1, month), term(1, month))},
		{id: ModuleSolarium, slug: "solarium", name: "Solarium", online: false, active: true,
			description: "Solarium sessions, bookable at the front desk.",
			frequencies: []apiclient.PaymentFrequency{
				{ID: FrequencySolarium, Type: apiclient.FrequencyRecurring, Term: termPtr(1, month), Price: eurPtr(1200)}},
			terms: extending(term(1, month), term(1, month), term(2, week), term(2, week))},
	}
}

func monthDay(m time.Month, day int) apiclient.MonthDay {
	return apiclient.MonthDay{Month: apiclient.Month(strings.ToUpper(m.String())), MonthValue: int(m), DayOfMonth: day}
}

// seedCustomer is one row of the customer table below.
type seedCustomer struct {
	id          int64
	first, last string
	born        string
	status      apiclient.CustomerStatus
	lang        string // preferredLanguage as languageCode-countryCode; "" for none
}

func seedCustomers(studioID int64) []*customer {
	// preferredLanguage is optional upstream. The portal prefers it to the
	// browser's language, so the members most demos use have none: their
	// pages follow the browser; 1-1008 shows a German preference at work.
	rows := []seedCustomer{
		{CustomerNoAddOns, "Anna", "Schmidt", "1990-01-15", apiclient.CustomerMember, ""},
		{CustomerWithAddOns, "Ben", "Müller", "1985-06-30", apiclient.CustomerMember, ""},
		{CustomerCanceled, "Clara", "Weber", "1978-11-02", apiclient.CustomerMember, "en-GB"},
		{CustomerTwoContracts, "David", "Fischer", "1992-03-08", apiclient.CustomerMember, ""},
		{CustomerInactive, "Eva", "Wagner", "1970-07-07", apiclient.CustomerMember, "de-AT"},
		{CustomerManyAddOns, "Felix", "Becker", "1999-12-31", apiclient.CustomerMember, "en-US"},
		{CustomerProspect, "Greta", "Hoffmann", "2001-05-05", apiclient.CustomerProspect, "de-DE"},
		{CustomerGerman, "Hanna", "Koch", "1988-04-12", apiclient.CustomerMember, "de-DE"},
	}
	out := make([]*customer, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.build(studioID))
	}
	return out
}

// build derives every lookup key from the id so tests and the banner can
// name them without another table: card "CARD-1001", barcode "4000001001",
// pin "1001", qrCodeUuid "00000000-0000-4000-8000-000000001001", debtor "D-1001".
func (r seedCustomer) build(studioID int64) *customer {
	born, err := apiclient.ParseDate(r.born)
	if err != nil {
		panic(err) // the table above is constant
	}
	var lang *apiclient.Language
	if r.lang != "" {
		code, country, _ := strings.Cut(r.lang, "-")
		lang = &apiclient.Language{LanguageCode: code, CountryCode: country}
	}
	number := fmt.Sprintf("1-%d", r.id)
	return &customer{
		Customer: apiclient.Customer{
			ID: r.id, CustomerNumber: number, FirstName: r.first, LastName: r.last,
			DateOfBirth: born, Status: r.status, StudioID: studioID,
			Email:             strings.ToLower(r.first+"."+r.last) + "@example.com",
			PreferredLanguage: lang,
		},
		lookup: map[apiclient.CustomerLookup]string{
			apiclient.LookupCustomerNumber: number,
			apiclient.LookupCardNumber:     fmt.Sprintf("CARD-%d", r.id),
			apiclient.LookupBarcode:        fmt.Sprintf("400000%d", r.id),
			apiclient.LookupPIN:            fmt.Sprint(r.id),
			apiclient.LookupQRCodeUUID:     fmt.Sprintf("00000000-0000-4000-8000-%012d", r.id),
			apiclient.LookupDebtorID:       fmt.Sprintf("D-%d", r.id),
		},
	}
}

// priceDetails is an example of the main contract's (undocumented) price object.
func priceDetails(minor int64) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"price":{"amount":%s,"currency":"EUR"},"period":{"periodValue":1,"periodUnit":"MONTH"}}`,
		eur(minor).DecimalString()))
}

// seedContracts lays out the main contracts and the add-ons of 1-1001 to 1-1005
// and 1-1008.
func seedContracts(t *tenant, today apiclient.Date) {
	ago := func(months int) apiclient.Date { return today.AddMonths(-months) }
	c := func(id, customerID int64, rate string, start apiclient.Date, minor int64) *mainContract {
		mc := &mainContract{id: id, customerID: customerID, rateName: rate, start: start, priceDetails: priceDetails(minor)}
		t.contracts = append(t.contracts, mc)
		return mc
	}
	c(ContractNoAddOns, CustomerNoAddOns, "Premium 24", ago(14), 3990)

	withAddOns := c(ContractWithAddOns, CustomerWithAddOns, "Premium 24", ago(26), 3990)
	t.book(withAddOns, ModuleContractTowelYearly, FrequencyTowelYearly, ago(4), false)
	sauna := t.book(withAddOns, ModuleContractSaunaPendingCancelation, FrequencySaunaMonthly, ago(5), true)
	sauna.cancelToFirstDate(today, apiclient.CancelationPendingVerification, "Too expensive")

	canceled := c(ContractCanceled, CustomerCanceled, "Basic Flex", ago(20), 2490)
	t.book(canceled, ModuleContractSaunaCanceled, FrequencySaunaMonthly, ago(7), false).
		cancelToFirstDate(today, apiclient.CancelationCanceled, "Moving away")
	t.book(canceled, ModuleContractDrinkPendingWithdrawal, FrequencyDrink, ago(2), false).
		cancelToFirstDate(today, apiclient.CancelationPendingWithdrawalVerification, "Not using it")

	c(ContractFirstOfTwo, CustomerTwoContracts, "Premium 24", ago(30), 3990)
	second := c(ContractCancelled, CustomerTwoContracts, "Student Flex", ago(8), 1990)
	second.cancellationDate = today.AddMonths(2)
	second.end = second.cancellationDate

	ended := c(ContractInactive, CustomerInactive, "Basic", ago(40), 2490)
	ended.end = ago(6)
	t.book(ended, ModuleContractSaunaEnded, FrequencySaunaMonthly, ago(20), false).
		endedBy(ended.end, "Moving away")

	c(ContractManyAddOns, CustomerManyAddOns, "Premium 24 Plus", ago(50), 4990)
	c(ContractGerman, CustomerGerman, "Premium 24", ago(9), 3990)
}

// seedManyAddOns gives 1-1006 five current add-on contracts in every state
// and a history of twenty ended ones, among them a Drink flat booked with its
// trial (so a new Drink flat trial is ..._TRIAL_PERIOD_NOT_BOOKABLE).
func seedManyAddOns(t *tenant, today apiclient.Date) {
	ago := func(months int) apiclient.Date { return today.AddMonths(-months) }
	c := t.contract(ContractManyAddOns)
	t.book(c, 5101, FrequencySaunaMonthly, ago(10), false)
	t.book(c, 5102, FrequencyTowelMonthly, ago(14), false).
		cancelToFirstDate(today, apiclient.CancelationPendingVerification, "Not using it")
	t.book(c, 5103, FrequencySummerPass, ago(8), false).
		cancelToFirstDate(today, apiclient.CancelationCanceled, "Other")
	t.book(c, 5104, FrequencyPhysio, ago(3), false).
		cancelToFirstDate(today, apiclient.CancelationPendingWithdrawalVerification, "Illness")
	t.book(c, 5105, FrequencySolarium, ago(2), false)

	// History: {id, frequency, months ago it started, trial, months it ran, reason}.
	// A zero run is a NEW-extension module that ended on its own.
	history := []struct {
		id, freq   int64
		start      int
		trial      bool
		run        int
		reasonName string
	}{
		{ModuleContractDrinkEndedTrial, FrequencyDrink, 20, true, 6, "Too expensive"},
		{5107, FrequencySaunaMonthly, 46, true, 6, "Illness"},
		{5108, FrequencySaunaMonthly, 38, false, 4, "Not using it"},
		{5109, FrequencySaunaMonthly, 30, false, 12, "Too expensive"},
		{5110, FrequencyTowelMonthly, 45, false, 12, "Other"},
		{5111, FrequencyTowelYearly, 32, false, 14, "Not using it"},
		{5112, FrequencyPersonalTraining, 44, false, 0, ""},
		{5113, FrequencyPersonalTraining, 36, false, 0, ""},
		{5114, FrequencyPersonalTraining, 26, false, 0, ""},
		{5115, FrequencyPersonalTraining, 14, false, 0, ""},
		{5116, FrequencyPersonalTraining, 5, false, 0, ""},
		{5117, FrequencyPhysio, 47, false, 0, ""},
		{5118, FrequencyPhysio, 34, false, 0, ""},
		{5119, FrequencyPhysio, 20, false, 0, ""},
		{5120, FrequencySummerPass, 44, false, 12, "Other"},
		{5121, FrequencySummerPass, 30, false, 12, "Moving away"},
		{5122, FrequencySolarium, 40, false, 3, "Too expensive"},
		{5123, FrequencySolarium, 28, false, 6, "Illness"},
		{5124, FrequencyDrink, 42, false, 6, "Too expensive"},
		{5125, FrequencySaunaMonthly, 18, false, 6, "Illness"},
	}
	for _, h := range history {
		mc := t.book(c, h.id, h.freq, ago(h.start), h.trial)
		if h.run > 0 {
			mc.endedBy(ago(h.start).AddMonths(h.run).AddDays(-1), h.reasonName)
		}
	}
}

// book attaches a module contract bought on start with the given frequency,
// exactly as a purchase on that day would have.
func (t *tenant) book(c *mainContract, id, frequencyID int64, start apiclient.Date, trial bool) *moduleContract {
	for _, m := range t.modules {
		if f, ok := m.frequency(frequencyID); ok {
			mc := newModuleContract(id, c, m, f, start, trial, t.currency)
			t.attach(c, mc)
			return mc
		}
	}
	panic(fmt.Sprintf("sandbox: seed books unknown frequency %d", frequencyID))
}

// cancelToFirstDate cancels a seeded contract to its earliest available date
// and leaves it in the given state.
func (mc *moduleContract) cancelToFirstDate(today apiclient.Date, status apiclient.CancelationStatus, reason string) {
	dates, _ := mc.cancelationDates(today)
	mc.cancelDate, mc.reason, mc.status = dates[0], reason, status
	// The cancelation takes effect once canceled; a pending withdrawal of
	// such a cancelation leaves it in effect until the studio verifies it.
	if status != apiclient.CancelationPendingVerification {
		mc.end = mc.cancelDate
	}
}

// endedBy records a past cancelation that has taken effect.
func (mc *moduleContract) endedBy(end apiclient.Date, reason string) {
	mc.cancelDate, mc.end, mc.reason, mc.status = end, end, reason, apiclient.CancelationCanceled
}
