package apiclient

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// TestEveryMethodNamesItsEndpoint: each exported Client method that calls
// the upstream has an Endpoint, and calling it sends exactly that method
// and a path matching the template.
func TestEveryMethodNamesItsEndpoint(t *testing.T) {
	local := map[string]bool{"CheckScope": true, "CheckScopes": true} // several endpoints, see scopeProbes
	typ := reflect.TypeFor[*Client]()
	for i := range typ.NumMethod() {
		name := typ.Method(i).Name
		if _, ok := EndpointOf(name); !ok && !local[name] {
			t.Errorf("Client.%s has no endpoint in EndpointOf", name)
		}
	}
	ctx := context.Background()
	calls := map[string]func(c *Client) error{
		"ListAdditionalModules":            func(c *Client) error { _, err := c.ListAdditionalModules(ctx); return err },
		"ListPurchasableAdditionalModules": func(c *Client) error { _, err := c.ListPurchasableAdditionalModules(ctx, 1); return err },
		"ValidateAdditionalModule": func(c *Client) error {
			_, err := c.ValidateAdditionalModule(ctx, 1, AdditionalModuleRequest{})
			return err
		},
		"PurchaseAdditionalModule": func(c *Client) error {
			_, err := c.PurchaseAdditionalModule(ctx, 1, AdditionalModuleRequest{})
			return err
		},
		"GetAdditionalModuleContract": func(c *Client) error { _, err := c.GetAdditionalModuleContract(ctx, 1, 2); return err },
		"CancelAdditionalModuleContract": func(c *Client) error {
			_, err := c.CancelAdditionalModuleContract(ctx, 1, 2, CancelationRequest{})
			return err
		},
		"WithdrawAdditionalModuleCancelation": func(c *Client) error { _, err := c.WithdrawAdditionalModuleCancelation(ctx, 1, 2); return err },
		"ListCancelationReasons":              func(c *Client) error { _, err := c.ListCancelationReasons(ctx); return err },
		"GetContractData":                     func(c *Client) error { _, err := c.GetContractData(ctx, 1); return err },
		"GetCustomerBy":                       func(c *Client) error { _, err := c.GetCustomerBy(ctx, LookupPIN, "1"); return err },
		"GetCustomerByNumber":                 func(c *Client) error { _, err := c.GetCustomerByNumber(ctx, "1"); return err },
		"GetCustomerByCardNumber":             func(c *Client) error { _, err := c.GetCustomerByCardNumber(ctx, "1", ""); return err },
		"GetCustomer":                         func(c *Client) error { _, err := c.GetCustomer(ctx, 1); return err },
		"ListContracts":                       func(c *Client) error { _, err := c.ListContracts(ctx, 1, ""); return err },
		"GetStudioInformation":                func(c *Client) error { _, err := c.GetStudioInformation(ctx); return err },
		"ConfirmActivation":                   func(c *Client) error { return c.ConfirmActivation(ctx) },
		"CheckKey":                            func(c *Client) error { return c.CheckKey(ctx) },
	}
	for name, ep := range clientEndpoints {
		call, ok := calls[name]
		if !ok {
			t.Errorf("no call for %s in this test", name)
			continue
		}
		u := newUpstream(t, reply{status: http.StatusNotFound, body: `{"errorMessage":"x"}`})
		_ = call(newTestClient(t, u))
		reqs := u.requests()
		if len(reqs) != 1 {
			t.Errorf("%s: %d requests, want 1", name, len(reqs))
			continue
		}
		if reqs[0].Method != ep.Method() || !matchesTemplate(reqs[0].Path, ep.Path()) {
			t.Errorf("%s sent %s %s, want %s", name, reqs[0].Method, reqs[0].Path, ep)
		}
	}
	if got := Endpoints(); len(got) != 15 {
		t.Errorf("Endpoints() has %d entries, want 15: %v", len(got), got)
	}
}

// matchesTemplate reports whether path fills template's {placeholders}.
func matchesTemplate(path, template string) bool {
	ps, ts := strings.Split(path, "/"), strings.Split(template, "/")
	if len(ps) != len(ts) {
		return false
	}
	for i := range ts {
		if !strings.HasPrefix(ts[i], "{") && ts[i] != ps[i] {
			return false
		}
	}
	return true
}

func TestAcceptLanguage(t *testing.T) {
	tests := []struct {
		lang, want string
	}{
		{"de", "de"},
		{"en-GB,en;q=0.8", "en-GB,en;q=0.8"},
		{"de\r\nX-Evil: 1", ""},
		{strings.Repeat("a", 101), ""},
	}
	for _, tt := range tests {
		u := newUpstream(t, reply{status: 200, body: `[]`})
		c := newTestClient(t, u)
		if _, err := c.ListAdditionalModules(WithLanguage(t.Context(), tt.lang)); err != nil {
			t.Fatal(err)
		}
		if got := u.requests()[0].Header.Get("Accept-Language"); got != tt.want {
			t.Errorf("WithLanguage(%q): Accept-Language %q, want %q", tt.lang, got, tt.want)
		}
	}
	u := newUpstream(t, reply{status: 200, body: `[]`})
	if _, err := newTestClient(t, u).ListAdditionalModules(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, sent := u.requests()[0].Header["Accept-Language"]; sent {
		t.Error("a call without WithLanguage sent Accept-Language")
	}
}
