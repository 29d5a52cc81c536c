package routenames

import (
	"strings"
	"testing"
)

// table is a route table with every name (the portal's own is checked
// against Echo's router in package handlers).
func table() []Route {
	var rs []Route
	for _, n := range All() {
		rs = append(rs, Route{Name: n, Path: "/:studio/" + strings.ReplaceAll(n, ".", "/")})
	}
	return rs
}

func newPaths(t testing.TB, extra ...Route) *Paths {
	t.Helper()
	rs := table()
	for _, r := range extra {
		for i := range rs {
			if rs[i].Name == r.Name {
				rs[i] = r
			}
		}
	}
	// Routes without one of the names (Echo names them after the handler)
	// are left out.
	rs = append(rs, Route{Name: "handlers.(*Handler).Healthz-fm", Path: "/healthz"})
	ps, err := NewPaths(rs)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestPath(t *testing.T) {
	ps := newPaths(t,
		Route{Name: Module, Path: "/:studio/modules/:module"},
		Route{Name: ModuleContinue, Path: "/:studio/modules/:module/continue"},
		Route{Name: Booking, Path: "/:studio/bookings/:token"},
		Route{Name: StudioHome, Path: "/:studio/"},
		Route{Name: Receipt, Path: "/:studio/receipts/*"},
	)
	tests := []struct {
		name   string
		params []any
		want   string
	}{
		{StudioHome, []any{"demo"}, "/demo/"},
		{Module, []any{"demo", int64(301)}, "/demo/modules/301"},
		{Module, []any{"demo", 7}, "/demo/modules/7"},
		{ModuleContinue, []any{"berlin", int64(-1)}, "/berlin/modules/-1/continue"},
		{Booking, []any{"demo", "a_b-C9"}, "/demo/bookings/a_b-C9"},
		{Booking, []any{"demo", "a/b?c"}, "/demo/bookings/a%2Fb%3Fc"}, // a parameter stays one segment
		{Receipt, []any{"demo", "R-1"}, "/demo/receipts/R-1"},
	}
	for _, tt := range tests {
		if got := ps.Path(tt.name, tt.params...); got != tt.want {
			t.Errorf("Path(%q, %v) = %q, want %q", tt.name, tt.params, got, tt.want)
		}
		slug := tt.params[0].(string)
		if got := ps.In(slug, tt.name, tt.params[1:]...); got != tt.want {
			t.Errorf("In(%q, %q, %v) = %q, want %q", slug, tt.name, tt.params[1:], got, tt.want)
		}
	}
}

func TestPathPanicsOnMistakes(t *testing.T) {
	ps := newPaths(t, Route{Name: Module, Path: "/:studio/modules/:module"})
	tests := []struct {
		what string
		call func()
	}{
		{"unknown name", func() { ps.In("demo", "nowhere") }},
		{"too few parameters", func() { ps.In("demo", Module) }},
		{"too many parameters", func() { ps.In("demo", Module, 1, 2) }},
		{"a parameter of another type", func() { ps.In("demo", Module, 1.5) }},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tt.what)
				}
			}()
			tt.call()
		}()
	}
}

func TestNewPathsRefusesAnIncompleteOrAmbiguousTable(t *testing.T) {
	if _, err := NewPaths(table()[1:]); err == nil || !strings.Contains(err.Error(), All()[0]) {
		t.Errorf("a table without %q: err = %v", All()[0], err)
	}
	same := append(table(), Route{Name: Login, Path: "/:studio/login"}) // a GET and a POST
	if _, err := NewPaths(same); err != nil {
		t.Errorf("one name for one path twice: %v", err)
	}
	two := append(table(), Route{Name: Login, Path: "/:studio/signin"})
	if _, err := NewPaths(two); err == nil {
		t.Error("one name for two paths: no error")
	}
}

// Links are built on every page (the catalog builds about fifteen): one
// allocation each, the path itself.
func TestPathAllocatesOnlyTheResult(t *testing.T) {
	ps := newPaths(t, Route{Name: Module, Path: "/:studio/modules/:module/continue"})
	id := int64(12345)
	if n := testing.AllocsPerRun(100, func() { _ = ps.In("demo", Module, id) }); n > 2 {
		t.Errorf("In allocates %v times, want at most 2 (the boxed id, the path)", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = ps.In("demo", MyModules) }); n > 1 {
		t.Errorf("In without parameters allocates %v times, want 1", n)
	}
}

func BenchmarkIn(b *testing.B) {
	ps := newPaths(b, Route{Name: Module, Path: "/:studio/modules/:module"})
	b.ReportAllocs()
	for b.Loop() {
		_ = ps.In("demo", Module, int64(3011))
	}
}
