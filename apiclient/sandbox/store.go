package sandbox

import (
	"encoding/json"
	"net/http"

	"github.com/studio-addons/portal/apiclient"
)

// tenant is one studio's data. slug ("demo", "direct") and direct
// (cancelation and withdrawal take effect without an amendment) are also used
// by the transport layer. Everything in it is guarded by Server.mu.
type tenant struct {
	slug     string
	key      string
	direct   bool
	studioID int64
	currency string
	ids      *idSeq // shared by the tenants of one seeding, so purchased ids never collide

	modules         []*module // the catalog in display order
	reasons         []apiclient.CancelationReason
	customers       []*customer
	contracts       []*mainContract
	moduleContracts map[int64]*moduleContract
}

// idSeq hands out additional module contract ids for purchases. One sequence
// serves all tenants of a Server (see seedTenants) so that an id bought in
// one studio is unknown, not someone else's contract, in the other.
type idSeq struct{ next int64 }

func (q *idSeq) take() int64 {
	id := q.next
	q.next++
	return id
}

// termRules is a module's term configuration, snapshotted into every module
// contract at booking so a later catalog change does not move its dates.
type termRules struct {
	initial         apiclient.Term // the first term, internal (not in the API)
	extension       apiclient.ExtensionType
	extensionTerm   apiclient.Term // TERM_EXTENSION only
	cancelPeriod    apiclient.Term // notice before the end of the first term
	extCancelPeriod apiclient.Term // notice before the end of an extension term
}

// module is an additional module of the studio's catalog.
type module struct {
	id          int64
	slug        string // image name
	name        string
	description string
	frequencies []apiclient.PaymentFrequency
	terms       termRules
	trialText   string         // trialPeriodConfig.description; "" = no trial
	trialTerm   apiclient.Term // internal length of the trial
	rateCodes   []apiclient.RateCode
	online      bool // "available for online booking"
	active      bool
}

// customer is a studio customer with the keys GET /v1/customers/by accepts.
type customer struct {
	apiclient.Customer
	lookup map[apiclient.CustomerLookup]string
}

// mainContract is a customer's membership contract.
type mainContract struct {
	id               int64
	customerID       int64
	rateName         string
	start            apiclient.Date
	end              apiclient.Date // zero: open-ended
	cancellationDate apiclient.Date // the main contract was cancelled to this date
	priceDetails     json.RawMessage
	moduleContracts  []int64 // in booking order
}

// moduleContract is a booked additional module.
type moduleContract struct {
	id         int64
	contractID int64
	moduleID   int64
	name       string
	price      apiclient.Money
	rateCodes  []apiclient.RateCode
	start      apiclient.Date
	trial      *apiclient.TrialPeriod
	terms      termRules
	plannedEnd apiclient.Date // the end without any cancelation (NEW: end of term; zero: extends)
	end        apiclient.Date // the effective endDate
	cancelDate apiclient.Date
	reason     string
	status     apiclient.CancelationStatus
}

// seedTenants builds the two studios, keyed by API key, with the demo data
// laid out around today (see seed.go).
func seedTenants(today apiclient.Date) map[string]*tenant {
	ids := &idSeq{next: FirstPurchasedModuleContractID}
	return map[string]*tenant{
		DemoKey:   seedTenant("demo", DemoKey, false, today, ids),
		DirectKey: seedTenant("direct", DirectKey, true, today, ids),
	}
}

func (t *tenant) module(id int64) *module {
	for _, m := range t.modules {
		if m.id == id {
			return m
		}
	}
	return nil
}

func (t *tenant) customer(id int64) *customer {
	for _, c := range t.customers {
		if c.ID == id {
			return c
		}
	}
	return nil
}

func (t *tenant) contract(id int64) *mainContract {
	for _, c := range t.contracts {
		if c.id == id {
			return c
		}
	}
	return nil
}

// contractsOf returns the customer's main contracts in id order.
func (t *tenant) contractsOf(customerID int64) []*mainContract {
	var out []*mainContract
	for _, c := range t.contracts {
		if c.customerID == customerID {
			out = append(out, c)
		}
	}
	return out
}

// moduleContract returns the module contract only if it is attached to the
// given main contract: the id alone must not reach another member's add-on.
func (t *tenant) moduleContract(contractID, id int64) *moduleContract {
	mc := t.moduleContracts[id]
	if mc == nil || mc.contractID != contractID {
		return nil
	}
	return mc
}

// attach adds a module contract to its main contract.
func (t *tenant) attach(c *mainContract, mc *moduleContract) {
	t.moduleContracts[mc.id] = mc
	c.moduleContracts = append(c.moduleContracts, mc.id)
}

// tenantBySlugLocked finds a studio for the exported control methods.
func (s *Server) tenantBySlugLocked(slug string) *tenant {
	for _, t := range s.tenants {
		if t.slug == slug {
			return t
		}
	}
	return nil
}

// toAPI renders a catalog module; the image URL follows the request's host.
func (m *module) toAPI(r *http.Request) apiclient.AdditionalModule {
	am := apiclient.AdditionalModule{
		ID: m.id, Name: m.name, Description: m.description,
		ImageURL:           imageURL(r, m.slug),
		PaymentFrequencies: m.frequencies,
		TermInformation: apiclient.TermInformation{
			Extension:         &apiclient.Extension{ExtensionType: m.terms.extension},
			CancelationPeriod: optionalTerm(m.terms.cancelPeriod),
		},
		RateCodes: m.rateCodes,
	}
	if m.terms.extension == apiclient.ExtensionTermExtension {
		am.TermInformation.Extension.TermExtension = optionalTerm(m.terms.extensionTerm)
		am.TermInformation.Extension.ExtensionCancelationPeriod = optionalTerm(m.terms.extCancelPeriod)
	}
	if !m.trialTerm.IsZero() {
		am.TrialPeriodConfig = &apiclient.TrialPeriodConfig{Description: m.trialText}
	}
	return am
}

func optionalTerm(t apiclient.Term) *apiclient.Term {
	if t.IsZero() {
		return nil
	}
	return &t
}

// toAPI renders a module contract as of today.
func (mc *moduleContract) toAPI(today apiclient.Date) apiclient.AdditionalModuleContract {
	dates, last := mc.cancelationDates(today)
	out := apiclient.AdditionalModuleContract{
		Name: mc.name, Price: mc.price, StartDate: mc.start, EndDate: mc.end,
		CancelationDate:                   mc.cancelDate,
		LastPossibleCancelationDate:       last,
		CancelationReason:                 mc.reason,
		ContractCancelationStatus:         mc.status,
		ContractCancelationCanBeWithdrawn: mc.canWithdraw(today),
		RateCodes:                         mc.rateCodes,
		AvailableCancelationDates:         dates,
	}
	if mc.trial != nil {
		trial := *mc.trial
		out.TrialPeriod = &trial
	}
	return out
}

// toAPI renders a main contract as the customers API shows it.
func (c *mainContract) toAPI(today apiclient.Date) apiclient.Contract {
	refs := make([]apiclient.ModuleContractRef, 0, len(c.moduleContracts))
	for _, id := range c.moduleContracts {
		refs = append(refs, apiclient.ModuleContractRef{ID: id})
	}
	return apiclient.Contract{
		ID: c.id, RateName: c.rateName, StartDate: c.start, EndDate: c.end,
		ContractStatus:   c.status(today),
		Cancelled:        !c.cancellationDate.IsZero(),
		CancellationDate: c.cancellationDate,
		PriceDetails:     c.priceDetails,
		ModuleContracts:  refs,
	}
}

// contractData renders the main contract as the self-service API shows it.
func (c *mainContract) contractData(today apiclient.Date) apiclient.ContractData {
	d := apiclient.ContractData{
		ID: c.id, RateName: c.rateName, StartDate: c.start, EndDate: c.end,
		ContractStatus:  c.status(today),
		PriceDetails:    c.priceDetails,
		CancelationDate: c.cancellationDate,
	}
	if !c.cancellationDate.IsZero() {
		d.ContractCancelationStatus = apiclient.CancelationCanceled
	}
	return d
}
