package handlers

import (
	"time"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/upstream"
)

// Metrics is what the portal reports to its metrics (package metrics
// implements it): requests, the upstream traffic, bookings and webhooks.
type Metrics interface {
	upstream.Observer
	Request(route, method string, status int, d time.Duration)
	Booking(studio, outcome string)
	Webhook(studio, eventType, result string)
}

type noMetrics struct{}

func (noMetrics) Call(string, string, string, time.Duration) {}
func (noMetrics) Cache(string, string, string)               {}
func (noMetrics) Refused(string, string, string)             {}
func (noMetrics) Request(string, string, int, time.Duration) {}
func (noMetrics) Booking(string, string)                     {}
func (noMetrics) Webhook(string, string, string)             {}

// observe reports every request by its route pattern (never its path:
// paths hold ids) and the status the member got, error pages included.
func (h *Handler) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err) // render the error page now, so its status is known
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		h.deps.Metrics.Request(route, c.Request().Method, c.Response().Status, time.Since(start))
		return nil
	}
}
