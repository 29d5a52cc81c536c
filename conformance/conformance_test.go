package conformance

import (
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/apiclient/sandbox"
)

// TestTenant runs the suite against the tenant the environment names; see
// README ("Before go-live: the conformance suite").
func TestTenant(t *testing.T) {
	base, key := os.Getenv("MAGICLINE_CONFORMANCE_URL"), os.Getenv("MAGICLINE_CONFORMANCE_KEY")
	if base == "" || key == "" {
		t.Skip("no tenant configured: set MAGICLINE_CONFORMANCE_URL and MAGICLINE_CONFORMANCE_KEY " +
			"(optionally MAGICLINE_CONFORMANCE_MEMBER, MAGICLINE_CONFORMANCE_BIRTHDATE, MAGICLINE_CONFORMANCE_WRITES=1) to check a real tenant")
	}
	rep, err := Run(t.Context(), Config{
		BaseURL: base, APIKey: key,
		MemberNumber: os.Getenv("MAGICLINE_CONFORMANCE_MEMBER"),
		BirthDate:    os.Getenv("MAGICLINE_CONFORMANCE_BIRTHDATE"),
		Writes:       os.Getenv("MAGICLINE_CONFORMANCE_WRITES") == "1",
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("conformance of %s:\n%s", base, rep)
	for _, f := range rep.Failed() {
		t.Errorf("%s: %s", f.Check, f.Detail)
	}
}

// newSandbox runs the sandbox in process.
func newSandbox(t *testing.T) (*sandbox.Server, string) {
	t.Helper()
	sb := sandbox.New(sandbox.Config{Today: apiclient.NewDate(2026, 11, 21)})
	ts := httptest.NewServer(sb)
	t.Cleanup(func() { ts.Close(); sb.Close() })
	return sb, ts.URL
}

// TestSandboxConforms runs the whole suite, writes included, against the
// sandbox with the sandbox's standard (no field outside the contract).
func TestSandboxConforms(t *testing.T) {
	_, url := newSandbox(t)
	for _, tt := range []struct {
		key, member, born string
		writes            bool
		links             int
	}{
		{sandbox.DemoKey, "1-1006", "1999-12-31", false, 25},
		{sandbox.DemoKey, "1-1001", "1990-01-15", true, 0},
		{sandbox.DirectKey, "1-1002", "1985-06-30", true, 2},
		{sandbox.BerlinKey, "1-1003", "1978-11-02", true, 2},
	} {
		rep, err := Run(t.Context(), Config{BaseURL: url, APIKey: tt.key, MemberNumber: tt.member, BirthDate: tt.born, Writes: tt.writes, Strict: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rep.Failed() {
			t.Errorf("%s %s: %s: %s %v", tt.key, tt.member, f.Check, f.Detail, f.Problems)
		}
		if len(rep.MissingScopes) != 0 {
			t.Errorf("%s: missing scopes %v", tt.key, rep.MissingScopes)
		}
		if rep.LanguageChanges == nil || !*rep.LanguageChanges {
			t.Errorf("%s: Accept-Language does not change errorMessage", tt.key)
		}
		opened := 0
		for _, l := range rep.Links {
			if l.Opens {
				opened++
			}
		}
		if opened != tt.links || len(rep.Links) != tt.links {
			t.Errorf("%s %s: %d of %d links open, want all %d", tt.key, tt.member, opened, len(rep.Links), tt.links)
		}
		if tt.writes && !hasCheck(rep, Pass, "the purchase's id is among the contract's moduleContracts") {
			t.Errorf("%s %s: the write steps did not run:\n%s", tt.key, tt.member, rep)
		}
		if hasCheck(rep, Note, "") {
			t.Errorf("%s %s: notes where the sandbox should be exact:\n%s", tt.key, tt.member, rep)
		}
	}
}

func hasCheck(rep *Report, st Status, prefix string) bool {
	return slices.ContainsFunc(rep.Results, func(r Result) bool { return r.Status == st && strings.HasPrefix(r.Check, prefix) })
}

// TestSuiteReportsWhatIsWrong: a missing scope by name, an add-on id that
// does not open, a wrong date of birth, an unknown key; and a read-only run
// writes nothing.
func TestSuiteReportsWhatIsWrong(t *testing.T) {
	sb, url := newSandbox(t)
	sb.RevokeScope("demo", apiclient.ScopeStudioRead)
	sb.SetFault(sandbox.Fault{Method: http.MethodGet, Path: "/v1/memberships/2002/self-service/additional-module-contracts/5001", Status: http.StatusNotFound})
	rep, err := Run(t.Context(), Config{BaseURL: url, APIKey: sandbox.DemoKey, MemberNumber: "1-1002", BirthDate: "2000-01-01", Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.MissingScopes, []apiclient.Scope{apiclient.ScopeStudioRead}) {
		t.Errorf("missing scopes %v, want [STUDIO_READ]", rep.MissingScopes)
	}
	for _, want := range []string{
		"scope STUDIO_READ",
		"moduleContracts[].id 5001 of contract 2002 opens with endpoint 5",
		"the test member's date of birth",
	} {
		if !hasCheck(rep, Fail, want) {
			t.Errorf("no failed check %q in:\n%s", want, rep)
		}
	}
	if strings.Contains(rep.String(), "1985-06-30") {
		t.Error("the report prints the member's date of birth")
	}
	if n := sb.WriteCount("demo"); n != 0 {
		t.Errorf("a read-only run wrote %d times", n)
	}
	bad, err := Run(t.Context(), Config{BaseURL: url, APIKey: "no-such-key"})
	if err != nil || !hasCheck(bad, Fail, "API key") || len(bad.Results) != 1 {
		t.Errorf("unknown key: %v\n%s", err, bad)
	}
}
