// Package metrics is the portal's Prometheus instrumentation: request
// latency by route and status, upstream calls by studio, endpoint and
// outcome, the studios' budgets left, cache answers, booking outcomes,
// webhook events and shared-store errors. It is served, with pprof, on its
// own listen address (never the public port): see Handler.
package metrics

import (
	"context"
	"net/http"
	"net/http/pprof"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/studio-addons/portal/upstream"
)

// Metrics holds the portal's collectors in a registry of its own (no
// global state: tests and several portals in one process stay apart).
type Metrics struct {
	reg              *prometheus.Registry
	requests         *prometheus.HistogramVec
	upstreamCalls    *prometheus.CounterVec
	upstreamDuration *prometheus.HistogramVec
	cache            *prometheus.CounterVec
	refused          *prometheus.CounterVec
	bookings         *prometheus.CounterVec
	webhooks         *prometheus.CounterVec
	storeErrors      *prometheus.CounterVec
}

// New returns the portal's metrics with the Go runtime and process
// collectors registered.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "portal_http_request_duration_seconds", Help: "Portal requests by route pattern, method and status.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method", "status"}),
		upstreamCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portal_upstream_calls_total", Help: "Calls to the studios' Open API by studio, endpoint and outcome (ok, an HTTP status, no-response, bad-response).",
		}, []string{"studio", "endpoint", "outcome"}),
		upstreamDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "portal_upstream_call_duration_seconds", Help: "Duration of calls to the studios' Open API.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"studio", "endpoint"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portal_cache_reads_total", Help: "Cached reads by studio, endpoint and result (hit, miss, stale).",
		}, []string{"studio", "endpoint", "result"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portal_upstream_budget_refusals_total", Help: "Calls held back by a budget (studio or member).",
		}, []string{"studio", "endpoint", "budget"}),
		bookings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portal_bookings_total", Help: "Booking outcomes (booked, refused, unknown).",
		}, []string{"studio", "outcome"}),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portal_webhook_events_total", Help: "Webhook events by studio, type and result (applied, duplicate, ignored, dropped).",
		}, []string{"studio", "type", "result"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portal_store_errors_total", Help: "Errors of the shared state store (Redis) by operation.",
		}, []string{"op"}),
	}
	m.reg.MustRegister(m.requests, m.upstreamCalls, m.upstreamDuration, m.cache, m.refused,
		m.bookings, m.webhooks, m.storeErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Request records one portal request; route is the route pattern, never
// the path (a path holds ids and would make the label set unbounded).
func (m *Metrics) Request(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Observe(d.Seconds())
}

// Call implements upstream.Observer.
func (m *Metrics) Call(studio, endpoint, outcome string, d time.Duration) {
	m.upstreamCalls.WithLabelValues(studio, endpoint, outcome).Inc()
	m.upstreamDuration.WithLabelValues(studio, endpoint).Observe(d.Seconds())
}

// Cache implements upstream.Observer.
func (m *Metrics) Cache(studio, endpoint, result string) {
	m.cache.WithLabelValues(studio, endpoint, result).Inc()
}

// Refused implements upstream.Observer.
func (m *Metrics) Refused(studio, endpoint, budget string) {
	m.refused.WithLabelValues(studio, endpoint, budget).Inc()
}

// Booking records a booking's outcome: booked, refused or unknown.
func (m *Metrics) Booking(studio, outcome string) {
	m.bookings.WithLabelValues(studio, outcome).Inc()
}

// Webhook records one webhook event.
func (m *Metrics) Webhook(studio, eventType, result string) {
	m.webhooks.WithLabelValues(studio, eventType, result).Inc()
}

// StoreError records a failed operation of the shared state store.
func (m *Metrics) StoreError(op string) {
	m.storeErrors.WithLabelValues(op).Inc()
}

// WatchBudgets reports each studio's budget left per endpoint at every
// scrape (where the budget store can tell).
func (m *Metrics) WatchBudgets(studios ...*upstream.Studio) {
	m.reg.MustRegister(&budgetCollector{studios: studios, desc: prometheus.NewDesc(
		"portal_upstream_budget_left", "Calls left in the studio's budget for this minute, per endpoint.",
		[]string{"studio", "endpoint"}, nil)})
}

type budgetCollector struct {
	studios []*upstream.Studio
	desc    *prometheus.Desc
}

func (b *budgetCollector) Describe(ch chan<- *prometheus.Desc) { ch <- b.desc }

func (b *budgetCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, s := range b.studios {
		left, ok := s.BudgetLeft(ctx)
		if !ok {
			continue
		}
		for _, ep := range upstream.Endpoints() {
			ch <- prometheus.MustNewConstMetric(b.desc, prometheus.GaugeValue, float64(left[ep]), s.Slug(), ep)
		}
	}
}

// Handler serves /metrics and pprof under /debug/pprof/; mount it only on
// the separate metrics address.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}
