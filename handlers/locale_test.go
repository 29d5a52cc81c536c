package handlers

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
)

func TestChooseLocale(t *testing.T) {
	tests := []struct {
		name string
		src  localeSources
		want i18n.Locale
	}{
		{"nothing known: the portal's default", localeSources{}, i18n.English},
		{"the studio's default", localeSources{StudioDefault: i18n.German}, i18n.German},
		{"Accept-Language before the studio's default", localeSources{AcceptLanguage: "en-GB", StudioDefault: i18n.German}, i18n.English},
		{"Accept-Language of a region", localeSources{AcceptLanguage: "de-AT,en;q=0.5", StudioDefault: i18n.English}, i18n.German},
		{"Accept-Language nobody speaks: the studio's", localeSources{AcceptLanguage: "fr, it;q=0.8", StudioDefault: i18n.German}, i18n.German},
		{"preferredLanguage before Accept-Language", localeSources{Preferred: i18n.German, AcceptLanguage: "en", StudioDefault: i18n.English}, i18n.German},
		{"explicit choice before preferredLanguage", localeSources{Chosen: i18n.English, Preferred: i18n.German, AcceptLanguage: "de"}, i18n.English},
		{"a choice the catalog lacks is skipped", localeSources{Chosen: "fr", Preferred: "fr", AcceptLanguage: "de"}, i18n.German},
	}
	for _, tt := range tests {
		if got := chooseLocale(tt.src); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestReturnPath(t *testing.T) {
	tests := []struct {
		raw, want string
	}{
		{"/demo/modules", "/demo/modules"},
		{"/demo/my-modules/5001/cancel?cancelDate=2026-12-31&reason=3", "/demo/my-modules/5001/cancel?cancelDate=2026-12-31&reason=3"},
		{"/demo/login", "/demo/login"},
		{"/demo", "/demo"},
		{"/demo/modules#top", "/demo/modules"},
		{"", "/demo/"},
		{"https://evil.example/demo/modules", "/demo/"},
		{"//evil.example/demo/", "/demo/"},
		{"/\\evil.example", "/demo/"},
		{"/demo/\\evil", "/demo/"},
		{"javascript:alert(1)", "/demo/"},
		{"/direct/modules", "/demo/"},  // another studio's page
		{"/demo/../direct/", "/demo/"}, // climbing out
		{"/democracy", "/demo/"},       // only a prefix of the slug
		{"demo/modules", "/demo/"},     // not absolute
		{"/demo/x\r\nSet-Cookie: a=b", "/demo/"},
		{"/demo//evil.example", "/demo/evil.example"},
	}
	for _, tt := range tests {
		if got := returnPath("demo", tt.raw); got != tt.want {
			t.Errorf("returnPath(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestPageReturnPath(t *testing.T) {
	e := echo.New()
	tests := []struct {
		name, method, target, referer, want string
	}{
		{"a GET returns to itself", http.MethodGet, "/demo/modules/302?frequency=3021", "", "/demo/modules/302?frequency=3021"},
		{"a POST returns to the page of its form", http.MethodPost, "/demo/my-modules/5001/cancel/review", "http://portal.test/demo/my-modules/5001/cancel", "/demo/my-modules/5001/cancel"},
		{"a POST from elsewhere goes to the start", http.MethodPost, "/demo/login", "http://evil.example/demo/login", "/demo/"},
		{"a POST without a referer goes to the start", http.MethodPost, "/demo/login", "", "/demo/"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, "http://portal.test"+tt.target, nil)
		if tt.referer != "" {
			req.Header.Set("Referer", tt.referer)
		}
		c := e.NewContext(req, httptest.NewRecorder())
		if got := pageReturnPath(c, "demo"); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLoginLocale(t *testing.T) {
	e := echo.New()
	de := &apiclient.Customer{PreferredLanguage: &apiclient.Language{LanguageCode: "de", CountryCode: "AT"}}
	tests := []struct {
		name       string
		cookie     string
		cust       *apiclient.Customer
		want       i18n.Locale
		wantChosen bool
	}{
		{"preferredLanguage", "", de, i18n.German, false},
		{"the browser's choice wins", "en", de, i18n.English, true},
		{"a cookie naming no locale is ignored", "xx", de, i18n.German, false},
		{"no preferredLanguage", "", &apiclient.Customer{}, "", false},
		{"a preferredLanguage the portal does not speak", "", &apiclient.Customer{PreferredLanguage: &apiclient.Language{LanguageCode: "fr"}}, "", false},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodPost, "/demo/login", nil)
		if tt.cookie != "" {
			req.AddCookie(&http.Cookie{Name: languageCookie, Value: tt.cookie})
		}
		got, chosen := (&Handler{}).loginLocale(e.NewContext(req, httptest.NewRecorder()), tt.cust)
		if got != tt.want || chosen != tt.wantChosen {
			t.Errorf("%s: %q, %v; want %q, %v", tt.name, got, chosen, tt.want, tt.wantChosen)
		}
	}
}
