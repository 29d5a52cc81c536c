package handlers

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/views"
)

var (
	testHashKey  = bytes.Repeat([]byte("h"), 64)
	testBlockKey = bytes.Repeat([]byte("b"), 32)
)

// sessionHandler is a handler with fixed session keys and a fixed clock.
func sessionHandler(t *testing.T, now time.Time) *Handler {
	t.Helper()
	h, err := newHandler(Deps{
		Studios:        []Studio{{Slug: "demo", Client: &scopedUpstream{}}},
		SessionHashKey: testHashKey, SessionBlockKey: testBlockKey, CSRFKey: testHashKey,
		Now: func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// request is one request of a browser carrying cookies, as an Echo context.
func request(cookies []*http.Cookie) (echo.Context, *httptest.ResponseRecorder) {
	req := httptest.NewRequest(http.MethodGet, "/demo/modules", nil)
	for _, ck := range cookies {
		if ck.MaxAge >= 0 {
			req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
		}
	}
	rec := httptest.NewRecorder()
	return echo.New().NewContext(req, rec), rec
}

// readMember decodes the session cookie the way loadSession does.
func readMember(t *testing.T, h *Handler, cookies []*http.Cookie) (*member, bool) {
	t.Helper()
	c, _ := request(cookies)
	sess, _ := h.sessions.Get(c.Request(), sessionCookie)
	m, ok, err := h.memberFrom(context.Background(), sess)
	if err != nil {
		t.Fatal(err)
	}
	return m, ok
}

func TestSessionCookieRoundTrip(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	h := sessionHandler(t, now)
	c, rec := request(nil)
	in := &member{Studio: "demo", CustomerID: 1001, ContractID: 2001, FirstName: "Jana", Locale: i18n.German, LocaleChosen: true}
	if err := h.startSession(c, in); err != nil {
		t.Fatal(err)
	}
	got, ok := readMember(t, h, rec.Result().Cookies())
	if !ok {
		t.Fatal("the session just issued is not accepted")
	}
	if !got.IssuedAt.Equal(now) || !got.SeenAt.Equal(now) {
		t.Errorf("issued %v seen %v, want both %v", got.IssuedAt, got.SeenAt, now)
	}
	want := *in
	want.IssuedAt, want.SeenAt = got.IssuedAt, got.SeenAt // compared above, zones aside
	if *got != want {
		t.Errorf("member after the round trip = %+v, want %+v", *got, want)
	}
}

// TestSessionCookieRefused: a cookie that is not this portal's current
// format, or was changed, means nobody is logged in; never an error page.
func TestSessionCookieRefused(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	h := sessionHandler(t, now)
	c, rec := request(nil)
	if err := h.startSession(c, &member{Studio: "demo", CustomerID: 1001, ContractID: 2001}); err != nil {
		t.Fatal(err)
	}
	good := rec.Result().Cookies()[0].Value
	tampered := []byte(good)
	tampered[len(tampered)/2] ^= 1

	// The format before this codec: gob of loose keys, with the same keys
	// (authentic and decryptable, so only the codec can refuse it).
	old := securecookie.New(testHashKey, testBlockKey)
	gobValue, err := old.Encode(sessionCookie, map[any]any{
		"sid": "0123456789abcdef", "studio": "demo", "customer": int64(1001), "contract": int64(2001),
		"first": "Jana", "locale": "en", "chosen": false, "iat": now.Unix(), "seen": now.Unix(),
	})
	if err != nil {
		t.Fatal(err)
	}
	// Authentic and decryptable JSON, but not of the session's shape.
	foreign := securecookie.New(testHashKey, testBlockKey).SetSerializer(securecookie.JSONEncoder{})
	jsonValue, err := foreign.Encode(sessionCookie, []string{"demo", "1001"})
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range map[string]string{
		"old gob format": gobValue, "tampered": string(tampered), "foreign JSON": jsonValue, "garbage": "garbage",
	} {
		if m, ok := readMember(t, h, []*http.Cookie{{Name: sessionCookie, Value: value}}); ok {
			t.Errorf("%s cookie accepted as %+v", name, m)
		}
	}
}

func TestFlashThroughTheSessionLibrary(t *testing.T) {
	h := sessionHandler(t, time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC))
	c, rec := request(nil)
	h.setFlash(c, views.FlashOK, "Booked.")
	set := rec.Result().Cookies()
	if len(set) != 1 || set[0].Name != flashCookie {
		t.Fatalf("cookies set = %v, want the flash cookie", set)
	}

	c, rec = request(set)
	got := h.takeFlash(c)
	if got == nil || *got != (views.Flash{Kind: views.FlashOK, Text: "Booked."}) {
		t.Fatalf("flash = %+v, want the one set", got)
	}
	cleared := rec.Result().Cookies()
	if len(cleared) != 1 || cleared[0].Name != flashCookie || cleared[0].MaxAge >= 0 {
		t.Fatalf("after reading, cookies set = %v, want the flash cookie deleted", cleared)
	}
	c, _ = request(cleared)
	if again := h.takeFlash(c); again != nil {
		t.Errorf("flash shown twice: %+v", again)
	}
}

func TestSessionCodecRefusesUnknownValues(t *testing.T) {
	for name, values := range map[string]map[any]any{
		"unknown key":      {"customer": int64(1)},
		"member by value":  {keyMember: &member{}},
		"flash not a text": {keyFlashes: []any{"plain string"}},
	} {
		if _, err := (sessionCodec{}).Serialize(values); err == nil || !strings.Contains(err.Error(), "session") {
			t.Errorf("%s: Serialize error = %v, want a refusal", name, err)
		}
	}
}
