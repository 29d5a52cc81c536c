package handlers

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestCookieOptions: Lax without a framed studio; for a framed studio
// SameSite=None; Secure; Partitioned over https and on the machine itself,
// Lax where Secure cannot work; __Host- names over https.
func TestCookieOptions(t *testing.T) {
	tests := []struct {
		name          string
		secure        bool
		framed        bool
		host          string
		wantSameSite  http.SameSite
		wantSecure    bool
		wantPartition bool
		wantName      string
	}{
		{"plain", false, false, "127.0.0.1:8080", http.SameSiteLaxMode, false, false, "portal_session"},
		{"https", true, false, "portal.example", http.SameSiteLaxMode, true, false, "__Host-portal_session"},
		{"framed over https", true, true, "portal.example", http.SameSiteNoneMode, true, true, "__Host-portal_session"},
		{"framed on 127.0.0.1", false, true, "127.0.0.1:8080", http.SameSiteNoneMode, true, true, "portal_session"},
		{"framed on localhost", false, true, "localhost:8080", http.SameSiteNoneMode, true, true, "portal_session"},
		{"framed on [::1]", false, true, "[::1]:8080", http.SameSiteNoneMode, true, true, "portal_session"},
		{"framed over plain http elsewhere", false, true, "192.0.2.7:8080", http.SameSiteLaxMode, false, false, "portal_session"},
	}
	for _, tt := range tests {
		h := &Handler{deps: Deps{Secure: tt.secure}, framed: tt.framed}
		req := httptest.NewRequest(http.MethodGet, "http://"+tt.host+"/demo/login", nil)
		o := h.cookieOptions(echo.New().NewContext(req, httptest.NewRecorder()), 60)
		if o.SameSite != tt.wantSameSite || o.Secure != tt.wantSecure || o.Partitioned != tt.wantPartition || !o.HttpOnly || o.Path != "/" || o.Domain != "" {
			t.Errorf("%s: %+v", tt.name, o)
		}
		if got := h.cookieName(sessionCookie); got != tt.wantName {
			t.Errorf("%s: name %q, want %q", tt.name, got, tt.wantName)
		}
	}
}
