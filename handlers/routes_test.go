package handlers

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/routenames"
)

// routeTable is the portal's route table on an Echo of its own, with the
// paths read back from it as New does.
func routeTable(t *testing.T) (*echo.Echo, *routenames.Paths) {
	t.Helper()
	e := echo.New()
	(&Handler{}).routes(e)
	paths, err := routePaths(e)
	if err != nil {
		t.Fatal(err)
	}
	return e, paths
}

// testPaths are the paths of the portal's route table.
func testPaths(t *testing.T) *routenames.Paths {
	_, paths := routeTable(t)
	return paths
}

// TestEveryRouteNameBuildsItsRoute: every name is registered, and the path
// built from it with one value per parameter is routed by the router to
// that very route, for each method it is registered with; so a name used
// anywhere in the portal never panics and never builds a path that leads
// elsewhere.
func TestEveryRouteNameBuildsItsRoute(t *testing.T) {
	e, paths := routeTable(t)
	byName := map[string][]*echo.Route{}
	for _, r := range e.Routes() {
		byName[r.Name] = append(byName[r.Name], r)
	}
	for _, name := range routenames.All() {
		routes := byName[name]
		if len(routes) == 0 {
			t.Errorf("%q: no route has the name", name)
			continue
		}
		pattern, _ := paths.Pattern(name)
		n := strings.Count(pattern, ":")
		params := []any{int64(101), "tok_en-1", int64(103)}[:n-1]
		got := paths.In("demo", name, params...)
		for _, r := range routes {
			c := e.NewContext(httptest.NewRequest(r.Method, got, nil), httptest.NewRecorder())
			e.Router().Find(r.Method, got, c)
			if c.Path() != r.Path {
				t.Errorf("%s %s (built for %q) routes to %q, want %q", r.Method, got, name, c.Path(), r.Path)
			}
			if s := c.Param("studio"); s != "demo" {
				t.Errorf("%s %s: studio %q, want demo", r.Method, got, s)
			}
		}
	}
}

// TestStudioPagesAreNamed: every page and action under a studio has a name
// (the studio's bare address aside, which only leads on), so no link to it
// has to be written by hand.
func TestStudioPagesAreNamed(t *testing.T) {
	e, _ := routeTable(t)
	named := map[string]bool{}
	for _, n := range routenames.All() {
		named[n] = true
	}
	for _, r := range e.Routes() {
		if !strings.HasPrefix(r.Path, "/:studio/") || r.Method == echo.RouteNotFound {
			continue
		}
		if !named[r.Name] {
			t.Errorf("%s %s has no route name (it is %q)", r.Method, r.Path, r.Name)
		}
	}
}

func TestPathsOfTheRouteTable(t *testing.T) {
	paths := testPaths(t)
	tests := []struct {
		name   string
		params []any
		want   string
	}{
		{routenames.StudioHome, nil, "/demo/"},
		{routenames.Login, nil, "/demo/login"},
		{routenames.Modules, nil, "/demo/modules"},
		{routenames.ModuleContinue, []any{int64(301)}, "/demo/modules/301/continue"},
		{routenames.BookingSummary, []any{"abc"}, "/demo/bookings/abc/summary"},
		{routenames.CancelReview, []any{int64(5001)}, "/demo/my-modules/5001/cancel/review"},
	}
	for _, tt := range tests {
		if got := paths.In("demo", tt.name, tt.params...); got != tt.want {
			t.Errorf("%q %v: %q, want %q", tt.name, tt.params, got, tt.want)
		}
	}
}
