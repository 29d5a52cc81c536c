package handlers

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/upstream"
)

// ctxUpstream is where a request keeps its view of the studio's upstream.
const ctxUpstream = "portal.upstream"

// up returns the studio's upstream as this request sees it: its calls count
// against the member's share (the client address before login), and it
// remembers whether any answer came stale from the cache. Handlers choose
// per read: up(c).Cached() for pages, up(c).Fresh() where a stale answer
// could move money or decide a write.
func (h *Handler) up(c echo.Context) *upstream.View {
	if v, ok := c.Get(ctxUpstream).(*upstream.View); ok {
		return v
	}
	caller := upstream.Caller{Address: c.RealIP()}
	if m := currentMember(c); m != nil {
		caller.Session, caller.Customer = m.login(), m.CustomerID
	}
	v := currentStudio(c).up.For(caller)
	c.Set(ctxUpstream, v)
	return v
}

// prepareWrite readies a request that writes upstream (cancelation,
// withdrawal): the member leaving the page no longer cancels the calls, so
// once a write may be on its way its outcome is always read.
func prepareWrite(c echo.Context) {
	c.SetRequest(c.Request().WithContext(context.WithoutCancel(c.Request().Context())))
}
