package sandbox

// PLACEHOLDER owned by the rules/state work: replace entirely.

// tenant is one studio's data. slug ("demo", "direct") and direct (cancelation
// and withdrawal take effect without an amendment) are used by the transport layer.
type tenant struct {
	slug   string
	key    string
	direct bool
}

func seedTenants(today any) map[string]*tenant {
	_ = today
	return map[string]*tenant{
		DemoKey:   {slug: "demo", key: DemoKey},
		DirectKey: {slug: "direct", key: DirectKey, direct: true},
	}
}

func (s *Server) routes() {}

// emitLocked is provided by webhooks.go: called with s.mu held after a committed write.
var _ = (*Server).emitLocked
