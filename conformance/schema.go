// Package conformance proves the portal's reading of the upstream contract:
// the documented response shapes, written once in schema.json from
// shared/spec/open-api-contract.md, a checker that holds any JSON answer
// against them field by field, and a suite (Run) that calls a tenant's
// endpoints and reports what it found: each answer's shape, each scope the
// key lacks, whether the add-on ids of a contract open with the add-on
// contract endpoint, and whether Accept-Language changes errorMessage.
//
// The sandbox's schema test and this package's tests run it against the
// sandbox in every `go test ./...`; a studio runs it against its tenant
// before go-live (see README).
package conformance

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

//go:embed schema.json
var schemaJSON []byte

// Schema is the contract's response shapes and which endpoint answers which.
type Schema struct {
	Shapes    map[string]Shape        `json:"shapes"`
	Endpoints map[string]EndpointSpec `json:"endpoints"`
}

// Shape is one documented object. Open: the contract lists only some of its
// fields.
type Shape struct {
	Open   bool             `json:"open"`
	Fields map[string]Field `json:"fields"`
}

// Field is one documented field. Type is integer, number, string, boolean,
// date (YYYY-MM-DD), time (HH:MM:SS), object (of Shape), array (of Items)
// or any. Assumed: the contract does not spell the name or type out.
type Field struct {
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Enum     []string `json:"enum"`
	Shape    string   `json:"shape"`
	Items    *Field   `json:"items"`
	Assumed  bool     `json:"assumed"`
	Note     string   `json:"note"`
}

// EndpointSpec is an endpoint's success answer: its shape, an array of it,
// or no body at all.
type EndpointSpec struct {
	Response string `json:"response"`
	Array    bool   `json:"array"`
	Empty    bool   `json:"empty"`
}

var (
	loadOnce sync.Once
	loaded   *Schema
	loadErr  error
)

// LoadSchema returns the embedded schema, checked for dangling shape names.
func LoadSchema() (*Schema, error) {
	loadOnce.Do(func() {
		var s Schema
		dec := json.NewDecoder(bytes.NewReader(schemaJSON))
		if err := dec.Decode(&s); err != nil {
			loadErr = fmt.Errorf("conformance: schema.json: %w", err)
			return
		}
		loadErr = s.validate()
		loaded = &s
	})
	return loaded, loadErr
}

// validate reports a shape name or type the schema uses but does not define.
func (s *Schema) validate() error {
	var check func(where string, f Field) error
	check = func(where string, f Field) error {
		switch f.Type {
		case "integer", "number", "string", "boolean", "date", "time", "any":
		case "object":
			if _, ok := s.Shapes[f.Shape]; !ok {
				return fmt.Errorf("conformance: %s: unknown shape %q", where, f.Shape)
			}
		case "array":
			if f.Items == nil {
				return fmt.Errorf("conformance: %s: array without items", where)
			}
			return check(where+"[]", *f.Items)
		default:
			return fmt.Errorf("conformance: %s: unknown type %q", where, f.Type)
		}
		return nil
	}
	for name, sh := range s.Shapes {
		for fname, f := range sh.Fields {
			if err := check(name+"."+fname, f); err != nil {
				return err
			}
		}
	}
	for ep, spec := range s.Endpoints {
		if _, ok := s.Shapes[spec.Response]; !ok && !spec.Empty {
			return fmt.Errorf("conformance: endpoint %s: unknown shape %q", ep, spec.Response)
		}
	}
	return nil
}

// Kind is what a Problem is.
type Kind string

// Kinds of problems, from worst to mildest. Unknown and AssumedMissing
// are what a tenant may legitimately do (add fields; name an assumed field
// otherwise); the sandbox may do neither of the first.
const (
	Missing        Kind = "missing"         // a required field is absent or null
	WrongType      Kind = "wrong type"      // the value is not of the documented type
	NotInEnum      Kind = "not in enum"     // a value outside the documented values
	Unknown        Kind = "not in contract" // a field the contract does not list
	AssumedMissing Kind = "assumed absent"  // a field the portal assumed is not there
)

// Problem is one difference between an answer and the contract.
type Problem struct {
	Path   string // e.g. "[3].moduleContracts[0].priceDetails.basePrice.amount"
	Kind   Kind
	Detail string
}

func (p Problem) String() string {
	if p.Detail == "" {
		return p.Path + ": " + string(p.Kind)
	}
	return p.Path + ": " + string(p.Kind) + " (" + p.Detail + ")"
}

// CheckEndpoint holds a success body of the endpoint (e.g. "GET
// /v1/customers/by") against its documented answer.
func (s *Schema) CheckEndpoint(endpoint string, body []byte) ([]Problem, error) {
	spec, ok := s.Endpoints[endpoint]
	if !ok {
		return nil, fmt.Errorf("conformance: no endpoint %q in the schema", endpoint)
	}
	if spec.Empty {
		if len(bytes.TrimSpace(body)) != 0 {
			return []Problem{{Path: "(body)", Kind: Unknown, Detail: "the contract documents no body"}}, nil
		}
		return nil, nil
	}
	return s.Check(spec.Response, spec.Array, body)
}

// Check holds body, a JSON document of the shape (an array of it when
// array), against the schema. Numbers are compared as text, never floats.
func (s *Schema) Check(shape string, array bool, body []byte) ([]Problem, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("conformance: not JSON: %w", err)
	}
	f := Field{Type: "object", Shape: shape, Required: true}
	if array {
		item := f
		f = Field{Type: "array", Items: &item, Required: true}
	}
	var out []Problem
	s.checkValue("", f, v, &out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

var (
	dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	timeRE = regexp.MustCompile(`^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$`)
)

func (s *Schema) checkValue(path string, f Field, v any, out *[]Problem) {
	add := func(k Kind, detail string) { *out = append(*out, Problem{Path: pathOr(path), Kind: k, Detail: detail}) }
	if v == nil {
		if f.Required {
			add(Missing, "null")
		}
		return
	}
	switch f.Type {
	case "any":
	case "string", "date", "time":
		str, ok := v.(string)
		if !ok {
			add(WrongType, "want "+f.Type+", got "+jsonType(v))
			return
		}
		switch {
		case f.Type == "date" && (!dateRE.MatchString(str) || !validDate(str)):
			add(WrongType, fmt.Sprintf("want a date YYYY-MM-DD, got %q", str))
		case f.Type == "time" && !timeRE.MatchString(str):
			add(WrongType, fmt.Sprintf("want a time HH:MM:SS, got %q", str))
		case len(f.Enum) > 0 && !slices.Contains(f.Enum, str):
			add(NotInEnum, fmt.Sprintf("%q", str))
		}
	case "integer", "number":
		n, ok := v.(json.Number)
		if !ok {
			add(WrongType, "want "+f.Type+", got "+jsonType(v))
			return
		}
		if f.Type == "integer" && strings.ContainsAny(n.String(), ".eE") {
			add(WrongType, "want an integer, got "+n.String())
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			add(WrongType, "want boolean, got "+jsonType(v))
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			add(WrongType, "want array, got "+jsonType(v))
			return
		}
		for i, el := range arr {
			s.checkValue(fmt.Sprintf("%s[%d]", path, i), *f.Items, el, out)
		}
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			add(WrongType, "want object "+f.Shape+", got "+jsonType(v))
			return
		}
		s.checkObject(path, s.Shapes[f.Shape], f.Shape, obj, out)
	}
}

func (s *Schema) checkObject(path string, sh Shape, name string, obj map[string]any, out *[]Problem) {
	for _, fname := range sortedKeys(sh.Fields) {
		f := sh.Fields[fname]
		v, present := obj[fname]
		switch {
		case !present && f.Required:
			*out = append(*out, Problem{Path: join(path, fname), Kind: Missing})
		case !present && f.Assumed:
			*out = append(*out, Problem{Path: join(path, fname), Kind: AssumedMissing})
		case present:
			s.checkValue(join(path, fname), f, v, out)
		}
	}
	for _, k := range sortedKeys(obj) {
		if _, ok := sh.Fields[k]; !ok {
			*out = append(*out, Problem{Path: join(path, k), Kind: Unknown, Detail: "not a field of " + name})
		}
	}
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func pathOr(path string) string {
	if path == "" {
		return "(body)"
	}
	return path
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "null"
}

// Failures returns the problems that break the contract: missing required
// fields, wrong types and values outside an enum; with strict, also fields
// the contract does not list (the sandbox's standard: a tenant may add
// fields at any time).
func Failures(problems []Problem, strict bool) []Problem {
	var out []Problem
	for _, p := range problems {
		switch p.Kind {
		case Missing, WrongType, NotInEnum:
			out = append(out, p)
		case Unknown:
			if strict {
				out = append(out, p)
			}
		}
	}
	return out
}
