package sso

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

const (
	secret   = "current-secret-of-at-least-32-chars!"
	previous = "previous-secret-of-at-least-32-chars"
)

var now = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// TestMessage pins the signed line: signers outside this repository (the
// README's Go and openssl examples, studios' own code) build it by hand.
func TestMessage(t *testing.T) {
	l := Link{Studio: "demo", Customer: 1001, Expires: time.Unix(1795000000, 0), Nonce: "0123456789abcdef"}
	if got, want := l.Message(), "sso-v1|demo|1001||1795000000|0123456789abcdef"; got != want {
		t.Errorf("Message = %q, want %q", got, want)
	}
	l.Contract = 2001
	if got, want := l.Message(), "sso-v1|demo|1001|2001|1795000000|0123456789abcdef"; got != want {
		t.Errorf("Message = %q, want %q", got, want)
	}
	// HMAC-SHA256 of the line with the key "key", as
	// `printf '%s' LINE | openssl dgst -sha256 -hmac key` prints it.
	l.Contract = 0
	if got, want := l.Sign("key"), "aa902929db58153a9825a0ebef4b2762d1877692a844e0c34d45f56a87d1233f"; got != want {
		t.Errorf("Sign = %q, want %q", got, want)
	}
}

func TestVerify(t *testing.T) {
	good := New("demo", 1001, 2001, now, MaxLifetime)
	q := good.Query(secret)
	tests := []struct {
		name    string
		query   func() url.Values
		studio  string
		secrets []string
		at      time.Time
		want    error
	}{
		{"genuine", func() url.Values { return q }, "demo", []string{secret}, now, nil},
		{"signed with the previous secret during a rotation", func() url.Values { return good.Query(previous) }, "demo", []string{secret, previous}, now, nil},
		{"upper-case hex", func() url.Values { v := clone(q); v.Set("sig", strings.ToUpper(v.Get("sig"))); return v }, "demo", []string{secret}, now, nil},
		{"just before expiry (clock skew)", func() url.Values { return q }, "demo", []string{secret}, good.Expires.Add(ClockSkew - time.Second), nil},
		{"expired", func() url.Values { return q }, "demo", []string{secret}, good.Expires.Add(ClockSkew), ErrExpired},
		{"another studio", func() url.Values { return q }, "berlin", []string{secret}, now, ErrInvalid},
		{"an unknown secret", func() url.Values { return q }, "demo", []string{"some-other-secret-of-32-characters!!"}, now, ErrInvalid},
		{"a studio without single sign-on", func() url.Values { return q }, "demo", nil, now, ErrInvalid},
		{"customer changed", func() url.Values { v := clone(q); v.Set("customer", "1002"); return v }, "demo", []string{secret}, now, ErrInvalid},
		{"contract changed", func() url.Values { v := clone(q); v.Set("contract", "2002"); return v }, "demo", []string{secret}, now, ErrInvalid},
		{"contract dropped", func() url.Values { v := clone(q); v.Del("contract"); return v }, "demo", []string{secret}, now, ErrInvalid},
		{"expiry moved", func() url.Values { v := clone(q); v.Set("exp", "1795000001"); return v }, "demo", []string{secret}, now, ErrInvalid},
		{"nonce changed", func() url.Values { v := clone(q); v.Set("nonce", "ffffffffffffffffffffffffffffffff"); return v }, "demo", []string{secret}, now, ErrInvalid},
		{"signature missing", func() url.Values { v := clone(q); v.Del("sig"); return v }, "demo", []string{secret}, now, ErrInvalid},
		{"a parameter twice", func() url.Values { v := clone(q); v.Add("customer", "1001"); return v }, "demo", []string{secret}, now, ErrInvalid},
		{"customer not a number", func() url.Values { v := clone(q); v.Set("customer", "1001 OR 1=1"); return v }, "demo", []string{secret}, now, ErrInvalid},
		{"nonce too short", func() url.Values {
			l := good
			l.Nonce = "short"
			return l.Query(secret)
		}, "demo", []string{secret}, now, ErrInvalid},
		{"valid for longer than five minutes", func() url.Values {
			l := good
			l.Expires = now.Add(MaxLifetime + ClockSkew + time.Second)
			return l.Query(secret)
		}, "demo", []string{secret}, now, ErrInvalid},
	}
	for _, tt := range tests {
		l, err := Verify(tt.studio, tt.query(), tt.secrets, tt.at)
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
			continue
		}
		if err == nil && (l.Customer != 1001 || l.Contract != 2001 || l.Nonce != good.Nonce || !l.Expires.Equal(good.Expires)) {
			t.Errorf("%s: link = %+v, want %+v", tt.name, l, good)
		}
	}
}

func TestNewCapsTheLifetime(t *testing.T) {
	l := New("demo", 1001, 0, now, time.Hour)
	if got := l.Expires.Sub(now); got != MaxLifetime {
		t.Errorf("lifetime = %v, want %v", got, MaxLifetime)
	}
	if len(l.Nonce) != 32 || New("demo", 1001, 0, now, time.Minute).Nonce == l.Nonce {
		t.Errorf("nonce %q: want 32 fresh hex characters", l.Nonce)
	}
	if u := l.URL("https://portal.example/", secret); !strings.HasPrefix(u, "https://portal.example/demo/sso?customer=1001&exp=") {
		t.Errorf("URL = %s", u)
	}
}

func clone(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
