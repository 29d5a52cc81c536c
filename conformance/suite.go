package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// Config says which tenant Run checks and how far it may go.
type Config struct {
	BaseURL string // e.g. https://studio.open-api.magicline.com
	APIKey  string
	// MemberNumber is a test member's customer number: without it only the
	// studio-wide endpoints are checked.
	MemberNumber string
	// BirthDate (YYYY-MM-DD) is compared with the member's dateOfBirth, as
	// the portal's login does; it is never printed.
	BirthDate string
	// Writes lets Run purchase an add-on for the test member, cancel it and
	// withdraw the cancelation: on a real tenant that books (and may
	// charge) a real add-on. Without it Run only reads (and validates,
	// which changes nothing).
	Writes bool
	// Strict fails fields the contract does not list (the sandbox's
	// standard); for a tenant they are notes, as the API may add fields.
	Strict bool
	// HTTPClient sends the requests (default: 20 s timeout).
	HTTPClient *http.Client
}

// Status is a check's outcome.
type Status string

// Check outcomes.
const (
	Pass Status = "pass"
	Fail Status = "FAIL"
	Note Status = "note"
	Skip Status = "skip"
)

// Result is one check.
type Result struct {
	Check    string
	Status   Status
	Detail   string
	Problems []Problem
}

// Link is what endpoint 5 answered for one moduleContracts[].id: the
// assumed link between the customers API's SubContract.id and the
// self-service additionalModuleContractId.
type Link struct {
	ContractID, ModuleContractID int64
	HTTPStatus                   int // 0: no answer
	Opens                        bool
}

// Report is everything Run found.
type Report struct {
	Results       []Result
	MissingScopes []apiclient.Scope
	Links         []Link
	// LanguageChanges says whether Accept-Language changed an errorMessage
	// (nil: could not be told).
	LanguageChanges *bool
}

// Failed returns the checks that failed.
func (r *Report) Failed() []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Status == Fail {
			out = append(out, res)
		}
	}
	return out
}

// String renders the report, one check a line, problems indented.
func (r *Report) String() string {
	var b strings.Builder
	for _, res := range r.Results {
		fmt.Fprintf(&b, "%-4s %s", res.Status, res.Check)
		if res.Detail != "" {
			b.WriteString(": " + res.Detail)
		}
		b.WriteByte('\n')
		for _, p := range res.Problems {
			b.WriteString("       " + p.String() + "\n")
		}
	}
	return b.String()
}

// run is one Run in progress.
type run struct {
	cfg    Config
	schema *Schema
	base   *url.URL
	hc     *http.Client
	client *apiclient.Client
	rep    *Report
}

// Run checks the tenant as cfg says and returns its report; err is only
// for a configuration that cannot run at all.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	schema, err := LoadSchema()
	if err != nil {
		return nil, err
	}
	base, err := url.Parse(strings.TrimSuffix(cfg.BaseURL, "/"))
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("conformance: base URL %q is not an absolute URL", cfg.BaseURL)
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 20 * time.Second}
	}
	client, err := apiclient.NewClient(cfg.BaseURL, cfg.APIKey, apiclient.WithHTTPClient(hc), apiclient.WithRetry(0, 0, 0))
	if err != nil {
		return nil, err
	}
	r := &run{cfg: cfg, schema: schema, base: base, hc: hc, client: client, rep: &Report{}}
	if !r.scopes(ctx) {
		return r.rep, nil
	}
	r.studioWide(ctx)
	r.errorsAndLanguage(ctx)
	if cfg.MemberNumber == "" {
		r.add(Result{Check: "member endpoints", Status: Skip, Detail: "no test member number given"})
		return r.rep, nil
	}
	r.member(ctx)
	return r.rep, nil
}

func (r *run) add(res Result) { r.rep.Results = append(r.rep.Results, res) }

// scopes probes every scope the portal needs; false when the key itself
// is refused (nothing else can be checked).
func (r *run) scopes(ctx context.Context) bool {
	for _, sc := range apiclient.PortalScopes {
		err := r.client.CheckScope(ctx, sc)
		switch {
		case err == nil:
			r.add(Result{Check: "scope " + string(sc), Status: Pass, Detail: "granted"})
		case errors.Is(err, apiclient.ErrMissingScope):
			r.rep.MissingScopes = append(r.rep.MissingScopes, sc)
			r.add(Result{Check: "scope " + string(sc), Status: Fail, Detail: "MISSING: the key gets 403; ask for this scope before go-live"})
		case errors.Is(err, apiclient.ErrUnauthorized):
			r.add(Result{Check: "API key", Status: Fail, Detail: "refused (401): check the key and the base URL"})
			return false
		default:
			r.add(Result{Check: "scope " + string(sc), Status: Fail, Detail: "could not be checked: " + err.Error()})
		}
	}
	return true
}

// call sends one request and returns the status and body.
func (r *run) call(ctx context.Context, method, path string, query url.Values, body any, lang string) (int, []byte, error) {
	u := *r.base
	u.Path += path
	u.RawQuery = query.Encode()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("X-API-KEY", r.cfg.APIKey)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		if ue, ok := errors.AsType[*url.Error](err); ok {
			err = ue.Err // without the URL: its query may hold the member number
		}
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	return resp.StatusCode, data, err
}

// read calls an endpoint that should answer 200, checks the answer's shape
// and decodes it into out. It reports the result under the endpoint's
// name, with what (e.g. "contract 2001") to tell calls apart, and returns
// whether out holds the answer.
func (r *run) read(ctx context.Context, ep apiclient.Endpoint, path string, query url.Values, body any, what string, out any) bool {
	name := "shape " + string(ep)
	if what != "" {
		name += " (" + what + ")"
	}
	status, data, err := r.call(ctx, ep.Method(), path, query, body, "")
	switch {
	case err != nil:
		r.add(Result{Check: name, Status: Fail, Detail: "no answer: " + err.Error()})
		return false
	case status == http.StatusForbidden:
		r.add(Result{Check: name, Status: Skip, Detail: "403: the key lacks this endpoint's scope"})
		return false
	case status != http.StatusOK:
		r.add(Result{Check: name, Status: Fail, Detail: "status " + strconv.Itoa(status) + ": " + errorMessage(data)})
		return false
	}
	problems, err := r.schema.CheckEndpoint(string(ep), data)
	if err != nil {
		r.add(Result{Check: name, Status: Fail, Detail: err.Error()})
		return false
	}
	res := Result{Check: name, Status: Pass, Problems: problems}
	if failures := Failures(problems, r.cfg.Strict); len(failures) > 0 {
		res.Status, res.Detail = Fail, fmt.Sprintf("%d field(s) break the contract", len(failures))
	} else if len(problems) > 0 {
		res.Status, res.Detail = Note, "fields the contract does not list, or assumed fields absent"
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			res.Status, res.Detail = Fail, "the portal's client cannot decode it: "+err.Error()
		}
	}
	r.add(res)
	return res.Status != Fail && out != nil
}

// errorMessage is a 4xx/5xx body's errorMessage, or a short raw excerpt.
func errorMessage(data []byte) string {
	var eb apiclient.ErrorBody
	if json.Unmarshal(data, &eb) == nil && eb.ErrorMessage != "" {
		return eb.ErrorMessage
	}
	s := strings.TrimSpace(string(data))
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

// studioWide checks the endpoints without a member.
func (r *run) studioWide(ctx context.Context) {
	var mods []apiclient.AdditionalModule
	if r.read(ctx, apiclient.EndpointAdditionalModules, "/v1/memberships/self-service/additional-modules", nil, nil, "", &mods) {
		var noTerm []string
		for _, m := range mods {
			if m.TermInformation.Term == nil {
				noTerm = append(noTerm, m.Name)
			}
		}
		if len(noTerm) > 0 {
			r.add(Result{Check: "modules' initial term", Status: Note,
				Detail: "without termInformation.term (the portal says less about their commitment): " + strings.Join(noTerm, ", ")})
		}
	}
	r.read(ctx, apiclient.EndpointCancelationReasons, "/v1/memberships/self-service/contract-cancelation-reasons", nil, nil, "", &[]apiclient.CancelationReason{})
	r.read(ctx, apiclient.EndpointStudioInformation, "/v1/studios/information", nil, nil, "", &apiclient.StudioInformation{})
}

// errorsAndLanguage checks the error body's shape on a customer that cannot
// exist, and whether Accept-Language changes its errorMessage.
func (r *run) errorsAndLanguage(ctx context.Context) {
	messages := map[string]string{}
	for _, lang := range []string{"de", "en"} {
		status, data, err := r.call(ctx, http.MethodGet, "/v1/customers/0", nil, nil, lang)
		name := "error body (GET /v1/customers/0, Accept-Language: " + lang + ")"
		if err != nil || status < 400 {
			r.add(Result{Check: name, Status: Fail, Detail: fmt.Sprintf("want an error status, got %d (%v)", status, err)})
			continue
		}
		problems, err := r.schema.Check("ErrorBody", false, data)
		res := Result{Check: name, Status: Pass, Detail: "status " + strconv.Itoa(status), Problems: problems}
		if err != nil {
			res.Status, res.Detail = Fail, "not JSON: "+errorMessage(data)
		} else if len(Failures(problems, r.cfg.Strict)) > 0 {
			res.Status = Fail
		}
		r.add(res)
		messages[lang] = errorMessage(data)
	}
	de, en := messages["de"], messages["en"]
	if de == "" || en == "" {
		r.add(Result{Check: "Accept-Language", Status: Skip, Detail: "no error messages to compare"})
		return
	}
	changes := de != en
	r.rep.LanguageChanges = &changes
	detail := fmt.Sprintf("errorMessage de %q, en %q", de, en)
	if !changes {
		r.add(Result{Check: "Accept-Language", Status: Note, Detail: "does not change errorMessage: " + detail})
		return
	}
	r.add(Result{Check: "Accept-Language", Status: Pass, Detail: "changes errorMessage: " + detail})
}
