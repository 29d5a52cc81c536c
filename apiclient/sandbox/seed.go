package sandbox

import (
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

// DemoMembers lists the seeded customers, the same in every studio.
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

// seededStudio is one studio of the seed.
type seededStudio struct {
	slug, key string
	id        int64
	direct    bool   // cancelation and withdrawal take effect without an amendment
	lang      string // "en" or "de": names, descriptions, reasons and errorMessages
	prices    map[int64]int64
	info      studioInfo
}

// weekdays and weekends are the seeded studios' opening hours.
var openingHours = []apiclient.OpeningHours{
	{DayOfWeekFrom: apiclient.Monday, DayOfWeekTo: apiclient.Friday, TimeFrom: "06:00:00", TimeTo: "23:00:00"},
	{DayOfWeekFrom: apiclient.Saturday, DayOfWeekTo: apiclient.Sunday, TimeFrom: "08:00:00", TimeTo: "20:00:00"},
}

// seededStudios are the sandbox's tenants. Every studio has the same
// customers, contracts and ids, so the demo logins work in each.
var seededStudios = []seededStudio{
	{slug: "demo", key: DemoKey, id: 1, lang: "en", info: studioInfo{logoImage: "logo-demo", StudioInformation: apiclient.StudioInformation{
		Name: "Demo Studio", Description: "The sandbox's demo studio: cancelations wait for the studio's verification.",
		Email: "info@demo-studio.example", Telephone: "+49 30 1234567-0", Website: "https://demo-studio.example",
		Street: "Sample Street", HouseNumber: "1", ZipCode: "10115", City: "Berlin",
		Country: "Germany", CountryCode: "DE", OpeningHours: openingHours}}},
	{slug: "direct", key: DirectKey, id: 2, direct: true, lang: "en", info: studioInfo{logoImage: "logo-direct", StudioInformation: apiclient.StudioInformation{
		Name: "Direct Studio", Description: "The sandbox's second studio: cancelations take effect directly.",
		Email: "info@direct-studio.example", Telephone: "+49 40 7654321-0", Website: "https://direct-studio.example",
		Street: "Harbour Road", HouseNumber: "7", ZipCode: "20457", City: "Hamburg",
		Country: "Germany", CountryCode: "DE", OpeningHours: openingHours}}},
	{slug: "berlin", key: BerlinKey, id: 3, lang: "de",
		prices: map[int64]int64{FrequencySaunaMonthly: 1290, FrequencyTowelYearly: 4900, FrequencySolarium: 1500},
		info: studioInfo{logoImage: "logo-berlin", StudioInformation: apiclient.StudioInformation{
			Name: "Fitnesswerk Berlin-Mitte", Description: "Ihr Studio in Berlin-Mitte mit Sauna, Kursen und Außenbereich (PerfectGym Next).",
			Email: "kontakt@fitnesswerk-berlin.example", Telephone: "030 98765-0", Website: "https://fitnesswerk-berlin.example",
			Street: "Invalidenstraße", HouseNumber: "42", ZipCode: "10115", City: "Berlin",
			Country: "Deutschland", CountryCode: "DE", OpeningHours: openingHours}}},
}

// seedTenant builds one studio with the demo data.
func seedTenant(st seededStudio, today apiclient.Date, ids *idSeq) *tenant {
	t := &tenant{
		slug: st.slug, key: st.key, direct: st.direct,
		studioID: st.id, lang: st.lang, info: st.info,
		currency: seedCurrency, ids: ids,
		modules:         seedCatalog(st.lang, st.prices),
		reasons:         seedReasons(st.lang),
		revoked:         map[apiclient.Scope]bool{},
		moduleContracts: map[int64]*moduleContract{},
	}
	t.customers = seedCustomers(t.studioID, st.lang)
	seedContracts(t, today)
	seedManyAddOns(t, today)
	return t
}

func seedReasons(lang string) []apiclient.CancelationReason {
	names := []string{"Moving away", "Illness", "Too expensive", "Not using it", "Other"}
	if lang == "de" {
		names = []string{"Umzug", "Krankheit", "Zu teuer", "Wird nicht genutzt", "Sonstiges"}
	}
	ids := []int64{ReasonMovingAway, ReasonIllness, ReasonTooExpensive, ReasonNotUsing, ReasonOther}
	out := make([]apiclient.CancelationReason, len(ids))
	for i, id := range ids {
		out[i] = apiclient.CancelationReason{CancelationReasonID: id, CancelationReasonName: names[i]}
	}
	return out
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

// catalogTexts are the modules' names, descriptions and trial texts per
// language.
var catalogTexts = map[string]map[int64][3]string{
	"en": {
		ModuleSauna:            {"Sauna", "Unlimited access to the sauna area during opening hours.", "Try the sauna free for 14 days"},
		ModuleTowel:            {"Towel flat-rate", "A fresh towel at every visit.", ""},
		ModuleDrink:            {"Drink flat", "Water, isotonic drinks and protein shakes at the bar.", "One week of free drinks"},
		ModulePersonalTraining: {"Personal training intro", "Three sessions with a coach to set up your training plan.", ""},
		ModulePhysio:           {"Physio check (partner benefit)", "A yearly check-up with our physiotherapy partner, included for members.", ""},
		ModuleSummerPass:       {"Summer outdoor pass", "Outdoor area and open-air classes, charged three times a season.", ""},
		ModuleSolarium:         {"Solarium", "Solarium sessions, bookable at the front desk.", ""},
	},
	"de": {
		ModuleSauna:            {"Sauna", "Unbegrenzter Zugang zum Saunabereich während der Öffnungszeiten.", "Sauna 14 Tage kostenlos testen"},
		ModuleTowel:            {"Handtuch-Flatrate", "Bei jedem Besuch ein frisches Handtuch.", ""},
		ModuleDrink:            {"Getränke-Flat", "Wasser, isotonische Getränke und Proteinshakes an der Theke.", "Eine Woche Getränke gratis"},
		ModulePersonalTraining: {"Personal-Training-Einstieg", "Drei Termine mit einem Trainer, die Ihren Trainingsplan aufstellen.", ""},
		ModulePhysio:           {"Physio-Check (Partnervorteil)", "Ein jährlicher Check-up bei unserem Physiotherapie-Partner, für Mitglieder inklusive.", ""},
		ModuleSummerPass:       {"Sommer-Outdoor-Pass", "Außenbereich und Open-Air-Kurse, dreimal pro Saison berechnet.", ""},
		ModuleSolarium:         {"Solarium", "Solarium-Sitzungen, buchbar an der Theke.", ""},
	},
}

// seedCatalog builds the catalog in the studio's language; prices replaces
// the price of a payment frequency (by id, in cents).
func seedCatalog(lang string, prices map[int64]int64) []*module {
	const (
		day, week, month = apiclient.UnitDay, apiclient.UnitWeek, apiclient.UnitMonth
	)
	price := func(frequencyID, cents int64) *apiclient.Money {
		if p, ok := prices[frequencyID]; ok {
			cents = p
		}
		return eurPtr(cents)
	}
	mods := []*module{
		{id: ModuleSauna, slug: "sauna", online: true, active: true,
			frequencies: []apiclient.PaymentFrequency{
				{ID: FrequencySaunaMonthly, Type: apiclient.FrequencyRecurring, Term: termPtr(1, month), Price: price(FrequencySaunaMonthly, 990)}},
			terms:     extending(term(1, month), term(1, month), term(2, week), term(2, week)),
			trialTerm: term(14, day),
			rateCodes: []apiclient.RateCode{{Name: "Sauna standard", Identifier: "RC-SAUNA-01"}}},
		// The towel flat-rate: 4.50 a month with a 12-month initial term
		// (54.00 over the first year), or 45.00 a year.
		{id: ModuleTowel, slug: "towel", online: true, active: true,
			frequencies: []apiclient.PaymentFrequency{
				{ID: FrequencyTowelMonthly, Type: apiclient.FrequencyRecurring, Term: termPtr(1, month), Price: price(FrequencyTowelMonthly, 450)},
				{ID: FrequencyTowelYearly, Type: apiclient.FrequencyRecurring, Term: termPtr(12, month), Price: price(FrequencyTowelYearly, 4500)}},
			terms:     extending(term(12, month), term(1, month), term(1, month), term(1, month)),
			rateCodes: []apiclient.RateCode{{Name: "Towel flat", Identifier: "RC-TOWEL-12"}}},
		{id: ModuleDrink, slug: "drink", online: true, active: true,
			frequencies: []apiclient.PaymentFrequency{
				{ID: FrequencyDrink, Type: apiclient.FrequencyTermBased, Term: termPtr(1, month), Price: price(FrequencyDrink, 1990),
					TermsToPrices: []apiclient.TermPrice{{Term: term(3, month), Price: eur(2490)}}}},
			terms:     extending(term(6, month), term(1, month), term(4, week), term(2, week)),
			trialTerm: term(1, week)},
		{id: ModulePersonalTraining, slug: "personal-training", online: true, active: true,
			frequencies: []apiclient.PaymentFrequency{
				{ID: FrequencyPersonalTraining, Type: apiclient.FrequencyNonRecurring, Price: price(FrequencyPersonalTraining, 4900)}},
			terms: ending(term(1, month), term(1, week))},
		{id: ModulePhysio, slug: "physio", online: true, active: true,
			frequencies: []apiclient.PaymentFrequency{{ID: FrequencyPhysio, Type: apiclient.FrequencyFree}},
			terms:       ending(term(12, month), term(1, month)),
			rateCodes:   []apiclient.RateCode{{Name: "Partner benefit", Identifier: "RC-PHYSIO-P"}}},
		{id: ModuleSummerPass, slug: "summer-pass", online: true, active: true,
			frequencies: []apiclient.PaymentFrequency{{ID: FrequencySummerPass, Type: apiclient.FrequencyMonthDay,
				MonthDaysToPrices: []apiclient.MonthDayPrice{
					{MonthDay: monthDay(time.May, 1), Price: eur(2900)},
					{MonthDay: monthDay(time.July, 1), Price: eur(2900)},
					{MonthDay: monthDay(time.September, 1), Price: eur(1900)}}}},
			terms: extending(term(12, month), term(12, month), term(1, month), term(1, month))},
		{id: ModuleSolarium, slug: "solarium", online: false, active: true,
			frequencies: []apiclient.PaymentFrequency{
				{ID: FrequencySolarium, Type: apiclient.FrequencyRecurring, Term: termPtr(1, month), Price: price(FrequencySolarium, 1200)}},
			terms: extending(term(1, month), term(1, month), term(2, week), term(2, week))},
	}
	texts := catalogTexts[lang]
	for _, m := range mods {
		t := texts[m.id]
		m.name, m.description, m.trialText = t[0], t[1], t[2]
	}
	return mods
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

// seedCustomers builds the customers; in a German studio they all prefer
// German. preferredLanguage is optional upstream, and the portal prefers it
// to the browser's language, so in the English studios the members most
// demos use have none: their pages follow the browser; 1-1008 shows a
// German preference at work.
func seedCustomers(studioID int64, lang string) []*customer {
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
		if lang == "de" {
			r.lang = "de-DE"
		}
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

// rates are the main contracts' term configurations: initial term,
// extension and notice, counted like a module's.
var rates = func() map[string]termRules {
	const week, month = apiclient.UnitWeek, apiclient.UnitMonth
	premium := extending(term(24, month), term(1, month), term(1, month), term(1, month))
	flex := extending(term(1, month), term(1, month), term(2, week), term(2, week))
	return map[string]termRules{
		"Premium 24": premium, "Premium 24 Plus": premium,
		"Basic Flex": flex, "Student Flex": flex,
		"Basic": extending(term(12, month), term(12, month), term(3, month), term(3, month)),
	}
}()

// reasonName is the name of one of the studio's cancelation reasons.
func (t *tenant) reasonName(id int64) string {
	for _, r := range t.reasons {
		if r.CancelationReasonID == id {
			return r.CancelationReasonName
		}
	}
	panic(fmt.Sprintf("sandbox: seed uses unknown reason %d", id))
}

// seedContracts lays out the main contracts and the add-ons of 1-1001 to 1-1005
// and 1-1008.
func seedContracts(t *tenant, today apiclient.Date) {
	ago := func(months int) apiclient.Date { return today.AddMonths(-months) }
	c := func(id, customerID int64, rate string, start apiclient.Date, minor int64) *mainContract {
		mc := &mainContract{id: id, customerID: customerID, rateName: rate, start: start,
			created: start.AddDays(-14), terms: rates[rate], price: eur(minor),
			rateCodes: []apiclient.RateCode{{Name: rate, Identifier: fmt.Sprintf("RC-MAIN-%d", id)}}}
		t.contracts = append(t.contracts, mc)
		return mc
	}
	c(ContractNoAddOns, CustomerNoAddOns, "Premium 24", ago(14), 3990)

	withAddOns := c(ContractWithAddOns, CustomerWithAddOns, "Premium 24", ago(26), 3990)
	t.book(withAddOns, ModuleContractTowelYearly, FrequencyTowelYearly, ago(4), false)
	sauna := t.book(withAddOns, ModuleContractSaunaPendingCancelation, FrequencySaunaMonthly, ago(5), true)
	sauna.cancelToFirstDate(today, apiclient.CancelationPendingVerification, t.reasonName(ReasonTooExpensive))

	canceled := c(ContractCanceled, CustomerCanceled, "Basic Flex", ago(20), 2490)
	t.book(canceled, ModuleContractSaunaCanceled, FrequencySaunaMonthly, ago(7), false).
		cancelToFirstDate(today, apiclient.CancelationCanceled, t.reasonName(ReasonMovingAway))
	t.book(canceled, ModuleContractDrinkPendingWithdrawal, FrequencyDrink, ago(2), false).
		cancelToFirstDate(today, apiclient.CancelationPendingWithdrawalVerification, t.reasonName(ReasonNotUsing))

	c(ContractFirstOfTwo, CustomerTwoContracts, "Premium 24", ago(30), 3990)
	second := c(ContractCancelled, CustomerTwoContracts, "Student Flex", ago(8), 1990)
	second.cancel(today.AddMonths(2), today.AddDays(-10), t.reasonName(ReasonMovingAway))

	ended := c(ContractInactive, CustomerInactive, "Basic", ago(40), 2490)
	ended.cancel(ago(6), ago(9), t.reasonName(ReasonMovingAway))
	t.book(ended, ModuleContractSaunaEnded, FrequencySaunaMonthly, ago(20), false).
		endedBy(ended.end, t.reasonName(ReasonMovingAway))

	c(ContractManyAddOns, CustomerManyAddOns, "Premium 24 Plus", ago(50), 4990)
	c(ContractGerman, CustomerGerman, "Premium 24", ago(9), 3990)
}

// cancel records the customer's cancelation of the main contract to end,
// received by the studio on received.
func (c *mainContract) cancel(end, received apiclient.Date, reason string) {
	c.cancellationDate, c.end, c.cancelReceived = end, end, received
	c.cancelReason, c.cancelOrigin = reason, apiclient.OriginCustomer
}

// seedManyAddOns gives 1-1006 five current add-on contracts in every state
// and a history of twenty ended ones, among them a Drink flat booked with its
// trial (so a new Drink flat trial is ..._TRIAL_PERIOD_NOT_BOOKABLE).
func seedManyAddOns(t *tenant, today apiclient.Date) {
	ago := func(months int) apiclient.Date { return today.AddMonths(-months) }
	c := t.contract(ContractManyAddOns)
	t.book(c, 5101, FrequencySaunaMonthly, ago(10), false)
	t.book(c, 5102, FrequencyTowelMonthly, ago(14), false).
		cancelToFirstDate(today, apiclient.CancelationPendingVerification, t.reasonName(ReasonNotUsing))
	t.book(c, 5103, FrequencySummerPass, ago(8), false).
		cancelToFirstDate(today, apiclient.CancelationCanceled, t.reasonName(ReasonOther))
	t.book(c, 5104, FrequencyPhysio, ago(3), false).
		cancelToFirstDate(today, apiclient.CancelationPendingWithdrawalVerification, t.reasonName(ReasonIllness))
	t.book(c, 5105, FrequencySolarium, ago(2), false)

	// History: {id, frequency, months ago it started, trial, months it ran, reason}.
	// A zero run is a NEW-extension module that ended on its own.
	history := []struct {
		id, freq int64
		start    int
		trial    bool
		run      int
		reason   int64
	}{
		{ModuleContractDrinkEndedTrial, FrequencyDrink, 20, true, 6, ReasonTooExpensive},
		{5107, FrequencySaunaMonthly, 46, true, 6, ReasonIllness},
		{5108, FrequencySaunaMonthly, 38, false, 4, ReasonNotUsing},
		{5109, FrequencySaunaMonthly, 30, false, 12, ReasonTooExpensive},
		{5110, FrequencyTowelMonthly, 45, false, 12, ReasonOther},
		{5111, FrequencyTowelYearly, 32, false, 14, ReasonNotUsing},
		{5112, FrequencyPersonalTraining, 44, false, 0, 0},
		{5113, FrequencyPersonalTraining, 36, false, 0, 0},
		{5114, FrequencyPersonalTraining, 26, false, 0, 0},
		{5115, FrequencyPersonalTraining, 14, false, 0, 0},
		{5116, FrequencyPersonalTraining, 5, false, 0, 0},
		{5117, FrequencyPhysio, 47, false, 0, 0},
		{5118, FrequencyPhysio, 34, false, 0, 0},
		{5119, FrequencyPhysio, 20, false, 0, 0},
		{5120, FrequencySummerPass, 44, false, 12, ReasonOther},
		{5121, FrequencySummerPass, 30, false, 12, ReasonMovingAway},
		{5122, FrequencySolarium, 40, false, 3, ReasonTooExpensive},
		{5123, FrequencySolarium, 28, false, 6, ReasonIllness},
		{5124, FrequencyDrink, 42, false, 6, ReasonTooExpensive},
		{5125, FrequencySaunaMonthly, 18, false, 6, ReasonIllness},
	}
	for _, h := range history {
		mc := t.book(c, h.id, h.freq, ago(h.start), h.trial)
		if h.run > 0 {
			mc.endedBy(ago(h.start).AddMonths(h.run).AddDays(-1), t.reasonName(h.reason))
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
	mc.received = today.AddDays(-3)
	// The cancelation takes effect once canceled; a pending withdrawal of
	// such a cancelation leaves it in effect until the studio verifies it.
	if status != apiclient.CancelationPendingVerification {
		mc.end = mc.cancelDate
	}
}

// endedBy records a past cancelation that has taken effect.
func (mc *moduleContract) endedBy(end apiclient.Date, reason string) {
	mc.cancelDate, mc.end, mc.reason, mc.status = end, end, reason, apiclient.CancelationCanceled
	mc.received = end.AddMonths(-1)
}
