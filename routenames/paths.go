package routenames

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Route is a registered route as the router lists it: its name and its
// pattern ("/:studio/modules/:module").
type Route struct {
	Name, Path string
}

// Paths builds the paths of the named routes. It is made once from the
// registered routes (NewPaths) and only read afterwards, so it is safe for
// concurrent use. Building a path looks its pattern up and fills in the
// parameters: no scan of the route table, one allocation for the result
// (and one per int64 parameter of 256 or more, boxed by the caller).
type Paths struct {
	routes map[string]pattern
}

// pattern is a route's path split at its parameters: the path is lits[0],
// the first parameter, lits[1], ... lits[n].
type pattern struct {
	path string
	lits []string
}

// NewPaths reads the patterns of the names in All from routes (other routes
// are ignored). Every name must be registered, and one name may stand for
// one pattern only (a GET and a POST of the same path share it).
func NewPaths(routes []Route) (*Paths, error) {
	known := make(map[string]bool, len(All()))
	for _, n := range All() {
		known[n] = true
	}
	ps := &Paths{routes: make(map[string]pattern, len(known))}
	for _, r := range routes {
		if !known[r.Name] {
			continue
		}
		if pt, ok := ps.routes[r.Name]; ok && pt.path != r.Path {
			return nil, fmt.Errorf("routenames: %q names both %s and %s", r.Name, pt.path, r.Path)
		}
		ps.routes[r.Name] = parse(r.Path)
	}
	for _, n := range All() {
		if _, ok := ps.routes[n]; !ok {
			return nil, fmt.Errorf("routenames: no route is named %q", n)
		}
	}
	return ps, nil
}

// parse splits an Echo pattern at its parameters (":name" or "*", up to the
// next slash).
func parse(path string) pattern {
	pt := pattern{path: path}
	rest := path
	for {
		i := strings.IndexAny(rest, ":*")
		if i < 0 {
			break
		}
		pt.lits = append(pt.lits, rest[:i])
		rest = rest[i:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			rest = rest[j:]
		} else {
			rest = ""
		}
	}
	pt.lits = append(pt.lits, rest)
	return pt
}

// Pattern is the registered pattern of name ("/:studio/modules/:module"),
// false when no route has that name.
func (ps *Paths) Pattern(name string) (string, bool) {
	pt, ok := ps.routes[name]
	return pt.path, ok
}

// Path is the path of the route name with its parameters filled by params
// in order: strings (path-escaped), ints and int64s. An unknown name, a
// wrong number of parameters or another type is a programming error and
// panics; the route table's test builds every name.
func (ps *Paths) Path(name string, params ...any) string {
	return ps.build(name, nil, params)
}

// In is the path of a studio's route name: slug fills its first parameter
// (:studio), params the others.
func (ps *Paths) In(slug, name string, params ...any) string {
	return ps.build(name, &slug, params)
}

func (ps *Paths) build(name string, slug *string, params []any) string {
	pt, ok := ps.routes[name]
	if !ok {
		panic("routenames: no route is named " + strconv.Quote(name))
	}
	n := len(params)
	if slug != nil {
		n++
	}
	if n != len(pt.lits)-1 {
		panic(fmt.Sprintf("routenames: %q (%s) takes %d parameters, not %d", name, pt.path, len(pt.lits)-1, n))
	}
	var buf [128]byte
	b := append(buf[:0], pt.lits[0]...)
	i := 1
	if slug != nil {
		b = append(b, url.PathEscape(*slug)...)
		b = append(b, pt.lits[1]...)
		i++
	}
	for _, p := range params {
		switch v := p.(type) {
		case string:
			b = append(b, url.PathEscape(v)...)
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		default:
			panic(fmt.Sprintf("routenames: %q: a parameter of type %T", name, p))
		}
		b = append(b, pt.lits[i]...)
		i++
	}
	return string(b)
}
