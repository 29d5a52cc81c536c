package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// Studio API keys of the seeded tenants.
const (
	DemoKey   = "demo-key"   // studio "demo": cancelations create amendments the studio verifies
	DirectKey = "direct-key" // studio "direct": cancelation and withdrawal take effect directly
	BerlinKey = "berlin-key" // studio "berlin": German, PerfectGym Next, amendments as in "demo"
)

// DefaultControlKey guards /_sandbox/ when Config.ControlKey is empty.
const DefaultControlKey = "sandbox-control"

// Config configures a sandbox Server. The zero value is usable.
type Config struct {
	// RateLimit is the number of requests per endpoint and minute before 429
	// (default 1000, as upstream).
	RateLimit int
	// ControlKey guards the /_sandbox/ control endpoints (header X-SANDBOX-KEY).
	ControlKey string
	// Today fixes the sandbox's date; the zero value means the real date
	// (Europe/Berlin) at the time of each request.
	Today apiclient.Date
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Webhooks configures event delivery per studio slug ("demo", "direct", "berlin").
	Webhooks map[string]WebhookTarget
}

// WebhookTarget is where and with which key a studio's events are POSTed.
type WebhookTarget struct {
	URL string
	Key string
}

// Server is an in-memory stand-in for studios' Open API tenants. It is safe
// for concurrent use.
type Server struct {
	cfg    Config
	logger *slog.Logger
	mux    *http.ServeMux               // the /v1 API
	ctl    *http.ServeMux               // the /_sandbox control API
	scopes map[string][]apiclient.Scope // route pattern → the scopes granting it

	mu       sync.Mutex
	today    apiclient.Date     // zero: real date
	tenants  map[string]*tenant // by API key
	faults   []*Fault
	limiter  *limiter
	webhooks map[string]WebhookTarget
	writes   map[string]int64 // committed writes by studio, for tests
	calls    map[string]int64 // requests per studio and route, for tests
	inflight map[string]bool  // add-on contract writes under way, by studio and contract path
	wg       sync.WaitGroup   // in-flight webhook deliveries
}

// New builds a Server seeded with the demo tenants.
func New(cfg Config) *Server {
	if cfg.RateLimit <= 0 {
		cfg.RateLimit = 1000
	}
	if cfg.ControlKey == "" {
		cfg.ControlKey = DefaultControlKey
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		cfg:      cfg,
		logger:   logger,
		mux:      http.NewServeMux(),
		ctl:      http.NewServeMux(),
		scopes:   map[string][]apiclient.Scope{},
		today:    cfg.Today,
		limiter:  newLimiter(cfg.RateLimit, time.Minute),
		webhooks: map[string]WebhookTarget{},
		writes:   map[string]int64{},
		calls:    map[string]int64{},
		inflight: map[string]bool{},
	}
	for k, v := range cfg.Webhooks {
		s.webhooks[k] = v
	}
	s.tenants = seedTenants(s.Today())
	s.routes()
	s.controlRoutes()
	return s
}

// Today returns the sandbox's current civil date.
func (s *Server) Today() apiclient.Date {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.todayLocked()
}

func (s *Server) todayLocked() apiclient.Date {
	if !s.today.IsZero() {
		return s.today
	}
	return apiclient.DateOf(time.Now().In(berlin))
}

// berlin is the demo studios' zone, loaded once: "today" is asked on every
// request.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// SetToday fixes the sandbox's date (the zero Date returns to the real date).
func (s *Server) SetToday(d apiclient.Date) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.today = d
}

// Reset restores the seeded state (keeping the clock and webhook targets,
// clearing faults and rate-limit counters; every scope is granted again).
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tenants = seedTenants(s.todayLocked())
	s.faults = nil
	s.limiter.reset()
	s.writes = map[string]int64{}
	s.calls = map[string]int64{}
}

// WriteCount returns how many writes (purchase, cancelation, withdrawal,
// verification) were committed for the studio since the last reset.
func (s *Server) WriteCount(studio string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes[studio]
}

// Calls returns how many authenticated requests reached the route pattern
// (e.g. "POST /v1/memberships/{contractId}/self-service/additional-modules/purchase")
// for the studio since the last reset, whatever their answer: tests use it
// to prove the portal sent a request once, or not at all.
func (s *Server) Calls(studio, route string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[studio+" "+route]
}

func (s *Server) countCall(studio, pattern string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[studio+" "+pattern]++
}

// Close waits for in-flight webhook deliveries.
func (s *Server) Close() { s.wg.Wait() }

// ServeHTTP dispatches control requests, then authenticates, rate-limits and
// applies injected faults before the API itself.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r)
}

// writeJSON writes v as JSON with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes the upstream error body with a fresh traceId.
func writeError(w http.ResponseWriter, status int, code, message, reference string) {
	writeJSON(w, status, apiclient.ErrorBody{
		ErrorMessage: message,
		ErrorCode:    code,
		TraceID:      newTraceID(),
		Reference:    reference,
	})
}

func newTraceID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
