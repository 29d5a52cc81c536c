package sandbox

import (
	"github.com/studio-addons/portal/apiclient"
)

// tenant is one studio's data. slug ("demo", "direct", "berlin") and direct
// (cancelation and withdrawal take effect without an amendment) are also used
// by the transport layer. Everything in it is guarded by Server.mu.
type tenant struct {
	slug     string
	key      string
	direct   bool
	studioID int64
	lang     string // the studio's language ("en", "de"): errorMessages without Accept-Language
	currency string
	ids      *idSeq // shared by the tenants of one seeding, so purchased ids never collide

	info      studioInfo
	revoked   map[apiclient.Scope]bool // scopes taken from the key (RevokeScope)
	activated bool                     // POST /v1/studios/confirmActivation was called

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
	id         int64
	customerID int64
	rateName   string
	rateCodes  []apiclient.RateCode
	created    apiclient.Date
	start      apiclient.Date
	terms      termRules       // initial term, extensions and notice, as for modules
	price      apiclient.Money // charged every month
	end        apiclient.Date  // the date of termination; zero: it extends
	// cancellationDate is set once the contract is cancelled (to end).
	cancellationDate apiclient.Date
	cancelReceived   apiclient.Date
	cancelReason     string
	cancelOrigin     apiclient.CancelationOrigin
	moduleContracts  []int64 // in booking order
}

// moduleContract is a booked additional module.
type moduleContract struct {
	id         int64
	contractID int64
	moduleID   int64
	name       string
	frequency  apiclient.PaymentFrequency // as booked
	price      apiclient.Money            // charged at booking: the base price
	rateCodes  []apiclient.RateCode
	start      apiclient.Date
	trial      *apiclient.TrialPeriod
	terms      termRules
	plannedEnd apiclient.Date // the end without any cancelation (NEW: end of term; zero: extends)
	end        apiclient.Date // the effective endDate
	cancelDate apiclient.Date
	received   apiclient.Date // the day the cancelation reached the studio
	reason     string
	status     apiclient.CancelationStatus
}

// studioInfo is what GET /v1/studios/information shows of a studio; the
// logo is one of the sandbox's images (logoImage is its name).
type studioInfo struct {
	apiclient.StudioInformation
	logoImage string
}

// seedTenants builds the three studios, keyed by API key, with the demo
// data laid out around today (see seed.go).
func seedTenants(today apiclient.Date) map[string]*tenant {
	ids := &idSeq{next: FirstPurchasedModuleContractID}
	out := map[string]*tenant{}
	for _, st := range seededStudios {
		out[st.key] = seedTenant(st, today, ids)
	}
	return out
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
