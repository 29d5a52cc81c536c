package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/conformance"
)

// shapeChecker holds every answer of the sandbox against the contract's
// shapes (conformance/schema.json, written from the contract), strictly:
// a required field missing, a wrong type, a value outside its enum, or a
// field the contract does not list fails the test.
type shapeChecker struct {
	t       *testing.T
	a       *sandboxAPI
	schema  *conformance.Schema
	checked map[string]int // answers checked per endpoint (or "error body")
}

func newShapeChecker(t *testing.T, a *sandboxAPI) *shapeChecker {
	t.Helper()
	schema, err := conformance.LoadSchema()
	if err != nil {
		t.Fatal(err)
	}
	return &shapeChecker{t: t, a: a, schema: schema, checked: map[string]int{}}
}

// call sends a request for the endpoint and checks its answer: a 2xx
// against the endpoint's documented answer, anything else against the
// error body. It returns the answer.
func (c *shapeChecker) call(key string, ep apiclient.Endpoint, path string, body string) response {
	c.t.Helper()
	r := c.a.do(ep.Method(), key, path, body)
	c.check(fmt.Sprintf("%s %s (%s)", ep.Method(), path, key), string(ep), r)
	return r
}

func (c *shapeChecker) check(what, ep string, r response) {
	c.t.Helper()
	var problems []conformance.Problem
	var err error
	if r.status >= 200 && r.status < 300 {
		problems, err = c.schema.CheckEndpoint(ep, r.body)
		c.checked[ep]++
	} else {
		problems, err = c.schema.Check("ErrorBody", false, r.body)
		c.checked["error body"]++
	}
	if err != nil {
		c.t.Errorf("%s: %d %s: %v", what, r.status, r.body, err)
		return
	}
	for _, p := range conformance.Failures(problems, true) {
		c.t.Errorf("%s: %d: %s", what, r.status, p)
	}
}

// sweep calls every endpoint for every demo member of the studio.
func (c *shapeChecker) sweep(key string) {
	c.t.Helper()
	var mods []apiclient.AdditionalModule
	json.Unmarshal(c.call(key, apiclient.EndpointAdditionalModules, "/v1/memberships/self-service/additional-modules", "").body, &mods)
	c.call(key, apiclient.EndpointCancelationReasons, "/v1/memberships/self-service/contract-cancelation-reasons", "")
	c.call(key, apiclient.EndpointStudioInformation, "/v1/studios/information", "")
	for _, m := range DemoMembers {
		cu := decode[apiclient.Customer](c.t, c.call(key, apiclient.EndpointCustomerBy, "/v1/customers/by?customerNumber="+url.QueryEscape(m.CustomerNumber), ""))
		id := fmt.Sprint(cu.ID)
		c.call(key, apiclient.EndpointCustomer, "/v1/customers/"+id, "")
		c.call(key, apiclient.EndpointContractData, "/v1/memberships/"+id+"/self-service/contract-data", "")
		for _, q := range []string{"", "?status=ACTIVE", "?status=INACTIVE"} {
			c.call(key, apiclient.EndpointContracts, "/v1/customers/"+id+"/contracts"+q, "")
		}
		var contracts []apiclient.Contract
		json.Unmarshal(c.call(key, apiclient.EndpointContracts, "/v1/customers/"+id+"/contracts", "").body, &contracts)
		for _, ct := range contracts {
			c.call(key, apiclient.EndpointPurchasableModules, modulesPath(ct.ID, "purchasable"), "")
			for _, m := range mods {
				for _, trial := range []bool{false, true} {
					body := fmt.Sprintf(`{"additionalModuleId":%d,"paymentFrequencyId":%d,"bookTrialPeriod":%v}`, m.ID, m.PaymentFrequencies[0].ID, trial)
					c.call(key, apiclient.EndpointValidateModule, modulesPath(ct.ID, "validate"), body)
				}
			}
			for _, sc := range ct.ModuleContracts {
				c.call(key, apiclient.EndpointModuleContract, moduleContractPath(ct.ID, sc.ID, ""), "")
			}
		}
	}
}

// errors provokes every kind of error answer the sandbox gives.
func (c *shapeChecker) errors(key string) {
	c.t.Helper()
	c.call(key, apiclient.EndpointCustomer, "/v1/customers/999", "")                               // 404
	c.call(key, apiclient.EndpointCustomer, "/v1/customers/anna", "")                              // 400, reference
	c.call(key, apiclient.EndpointContracts, "/v1/customers/1001/contracts?status=SOON", "")       // 400, query
	c.call(key, apiclient.EndpointCustomerBy, "/v1/customers/by?customerNumber=1&pin=2", "")       // 400, two keys
	c.call(key, apiclient.EndpointValidateModule, modulesPath(ContractNoAddOns, "validate"), `{}`) // 400, required field
	c.call(key, apiclient.EndpointPurchaseModule, modulesPath(ContractWithAddOns, "purchase"),     // 400, refused
		fmt.Sprintf(`{"additionalModuleId":%d,"paymentFrequencyId":%d,"bookTrialPeriod":false}`, ModuleTowel, FrequencyTowelMonthly))
	c.call(key, apiclient.EndpointWithdrawCancelation, moduleContractPath(ContractWithAddOns, ModuleContractTowelYearly, "withdraw-cancelation"), "") // 400, refused
	c.check("unknown route", "", c.a.get(key, "/v1/nothing-here"))
	c.check("wrong method", "", c.a.do(http.MethodDelete, key, "/v1/studios/information", ""))
	c.check("unknown key", "", c.a.get("no-such-key", "/v1/studios/information"))
}

// webhookBodies collects the raw bodies of the sandbox's webhook deliveries.
type webhookBodies struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (w *webhookBodies) ServeHTTP(_ http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.bodies = append(w.bodies, b)
}

// TestEveryAnswerHasTheDocumentedShape calls every endpoint of every
// studio for every demo member, provokes every error, then purchases,
// cancels, withdraws and verifies and calls everything again, holding each
// answer and each webhook delivery against the contract.
func TestEveryAnswerHasTheDocumentedShape(t *testing.T) {
	a := newSandboxAPI(t)
	c := newShapeChecker(t, a)
	hooks := &webhookBodies{}
	rcv := httptest.NewServer(hooks)
	t.Cleanup(rcv.Close)
	keys := map[string]string{"demo": DemoKey, "direct": DirectKey, "berlin": BerlinKey}
	for studio, key := range keys {
		a.s.SetWebhook(studio, WebhookTarget{URL: rcv.URL, Key: "hook"})
		c.sweep(key)
		c.errors(key)
		c.call(key, apiclient.EndpointConfirmActivation, "/v1/studios/confirmActivation", "")
	}
	for studio, key := range keys {
		// Purchases of every kind of payment frequency, one with a trial.
		for _, f := range [][2]int64{{ModuleSauna, FrequencySaunaMonthly}, {ModuleDrink, FrequencyDrink}, {ModulePersonalTraining, FrequencyPersonalTraining},
			{ModulePhysio, FrequencyPhysio}, {ModuleSummerPass, FrequencySummerPass}} {
			body := fmt.Sprintf(`{"additionalModuleId":%d,"paymentFrequencyId":%d,"bookTrialPeriod":%v}`, f[0], f[1], f[0] == ModuleSauna)
			c.call(key, apiclient.EndpointPurchaseModule, modulesPath(ContractNoAddOns, "purchase"), body)
		}
		towel := a.moduleContract(key, ContractWithAddOns, ModuleContractTowelYearly)
		c.call(key, apiclient.EndpointCancelModuleContract, moduleContractPath(ContractWithAddOns, ModuleContractTowelYearly, "ordinary-cancelation"),
			fmt.Sprintf(`{"cancelationDate":%q,"cancelationReasonId":%d}`, towel.AvailableCancelationDates[0], ReasonIllness))
		c.call(key, apiclient.EndpointWithdrawCancelation, moduleContractPath(ContractWithAddOns, ModuleContractSaunaPendingCancelation, "withdraw-cancelation"), "")
		c.call(key, apiclient.EndpointWithdrawCancelation, moduleContractPath(ContractCanceled, ModuleContractSaunaCanceled, "withdraw-cancelation"), "")
		if studio != "direct" {
			for _, id := range []int64{ModuleContractTowelYearly, ModuleContractSaunaPendingCancelation, ModuleContractDrinkPendingWithdrawal} {
				if err := a.s.VerifyAmendment(studio, id); err != nil {
					t.Errorf("%s: verify %d: %v", studio, id, err)
				}
			}
		}
		c.sweep(key)
	}
	// A key without a scope, and a studio past its rate limit.
	a.s.RevokeScope("demo", apiclient.ScopeModuleRead)
	c.call(DemoKey, apiclient.EndpointAdditionalModules, "/v1/memberships/self-service/additional-modules", "")
	limited := New(Config{Today: apiToday, RateLimit: 1})
	lts := httptest.NewServer(limited)
	t.Cleanup(lts.Close)
	for range 2 {
		r, err := send(t, lts, http.MethodGet, "/v1/studios/information", "", "X-API-KEY", DemoKey)
		if err != nil {
			t.Fatal(err)
		}
		c.check("rate limited", string(apiclient.EndpointStudioInformation), r)
	}

	a.s.Close() // waits for the webhook deliveries
	hooks.mu.Lock()
	defer hooks.mu.Unlock()
	for i, b := range hooks.bodies {
		problems, err := c.schema.Check("WebhookEvent", false, b)
		if err != nil {
			t.Errorf("webhook %d: %v", i, err)
		}
		for _, p := range conformance.Failures(problems, true) {
			t.Errorf("webhook %d: %s", i, p)
		}
	}
	if len(hooks.bodies) < 30 {
		t.Errorf("%d webhook deliveries checked, want the writes' (30 or more)", len(hooks.bodies))
	}
	for ep := range c.schema.Endpoints {
		if c.checked[ep] == 0 {
			t.Errorf("no answer of %s was checked", ep)
		}
	}
	if c.checked["error body"] < 30 {
		t.Errorf("%d error bodies checked, want every kind in every studio", c.checked["error body"])
	}
	total := 0
	for _, n := range c.checked {
		total += n
	}
	t.Logf("checked %d answers and %d webhook deliveries: %v", total, len(hooks.bodies), strings.Join(summary(c.checked), ", "))
}

func summary(m map[string]int) []string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s: %d", k, v))
	}
	return out
}
