// Package sso is the portal's single sign-on link: a studio's website or
// app, where the member is logged in already, sends the member to
//
//	/{studio}/sso?customer=1001&contract=2001&exp=1795000000&nonce=…&sig=…
//
// customer is the member's customer id, contract (optional) the main
// contract to bind, exp the link's expiry in Unix seconds (at most
// MaxLifetime ahead), nonce a random string (16-128 of A-Z a-z 0-9 _ -)
// that makes the link single-use, and sig the lower-case hex HMAC-SHA256,
// keyed with the studio's SSO secret, of the line
//
//	sso-v1|{studio}|{customer}|{contract}|{exp}|{nonce}
//
// with an empty contract when there is none. The studio's slug is part of
// what is signed, so a link made for one studio is worth nothing at
// another, even where two studios share a secret. README.md shows a
// signer in a few lines of Go and as an openssl one-liner.
package sso

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// MaxLifetime is the longest a link may be valid for.
const MaxLifetime = 5 * time.Minute

// ClockSkew is how far the studio's clock may be off the portal's.
const ClockSkew = 30 * time.Second

// Version opens the signed line; a future format would change it.
const Version = "sso-v1"

// Link is what a single sign-on link says.
type Link struct {
	Studio   string
	Customer int64
	Contract int64 // 0: none; the member's contracts decide, as after a login
	Expires  time.Time
	Nonce    string
}

// Errors of Verify.
var (
	// ErrInvalid is a link that is malformed, signed with no secret of the
	// studio, made for another studio, or valid for longer than
	// MaxLifetime.
	ErrInvalid = errors.New("sso: the link is not valid")
	// ErrExpired is a genuine link past its expiry.
	ErrExpired = errors.New("sso: the link has expired")
)

// Message is the line the signature is made over.
func (l Link) Message() string {
	contract := ""
	if l.Contract != 0 {
		contract = strconv.FormatInt(l.Contract, 10)
	}
	return strings.Join([]string{Version, l.Studio, strconv.FormatInt(l.Customer, 10), contract,
		strconv.FormatInt(l.Expires.Unix(), 10), l.Nonce}, "|")
}

// Sign is the link's signature with secret: lower-case hex HMAC-SHA256.
func (l Link) Sign(secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(l.Message()))
	return hex.EncodeToString(mac.Sum(nil))
}

// Query is the link's query string, signed with secret.
func (l Link) Query(secret string) url.Values {
	q := url.Values{}
	q.Set("customer", strconv.FormatInt(l.Customer, 10))
	if l.Contract != 0 {
		q.Set("contract", strconv.FormatInt(l.Contract, 10))
	}
	q.Set("exp", strconv.FormatInt(l.Expires.Unix(), 10))
	q.Set("nonce", l.Nonce)
	q.Set("sig", l.Sign(secret))
	return q
}

// URL is the link on the portal at base (https://portal.example), signed
// with secret.
func (l Link) URL(base, secret string) string {
	return strings.TrimRight(base, "/") + "/" + l.Studio + "/sso?" + l.Query(secret).Encode()
}

// New is a link for a customer (and optionally a contract) at a studio,
// valid for lifetime (at most MaxLifetime) from now, with a fresh nonce.
func New(studio string, customer, contract int64, now time.Time, lifetime time.Duration) Link {
	return Link{Studio: studio, Customer: customer, Contract: contract,
		Expires: now.Add(min(lifetime, MaxLifetime)), Nonce: NewNonce()}
}

// NewNonce is 128 random bits, hex.
func NewNonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

var (
	idPattern    = regexp.MustCompile(`^[1-9][0-9]{0,17}$`)
	expPattern   = regexp.MustCompile(`^[1-9][0-9]{0,11}$`)
	noncePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,128}$`)
	sigPattern   = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)
)

// Verify reads a link made for studio from its query, checks its signature
// against each of the studio's secrets (the current one and, while
// rotating, the previous one) and its expiry against now. It does not
// know whether the nonce was used before: the caller records it.
func Verify(studio string, q url.Values, secrets []string, now time.Time) (Link, error) {
	get := func(k string, p *regexp.Regexp, optional bool) (string, bool) {
		vs := q[k]
		if len(vs) == 0 && optional {
			return "", true
		}
		if len(vs) != 1 || !p.MatchString(vs[0]) {
			return "", false
		}
		return vs[0], true
	}
	customer, ok1 := get("customer", idPattern, false)
	contract, ok2 := get("contract", idPattern, true)
	exp, ok3 := get("exp", expPattern, false)
	nonce, ok4 := get("nonce", noncePattern, false)
	sig, ok5 := get("sig", sigPattern, false)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || len(secrets) == 0 {
		return Link{}, ErrInvalid
	}
	l := Link{Studio: studio, Nonce: nonce}
	l.Customer, _ = strconv.ParseInt(customer, 10, 64)
	if contract != "" {
		l.Contract, _ = strconv.ParseInt(contract, 10, 64)
	}
	unix, _ := strconv.ParseInt(exp, 10, 64)
	l.Expires = time.Unix(unix, 0)
	got, _ := hex.DecodeString(sig)
	signed := false
	for _, secret := range secrets {
		want, _ := hex.DecodeString(l.Sign(secret))
		if hmac.Equal(got, want) {
			signed = true
		}
	}
	switch {
	case !signed:
		return Link{}, ErrInvalid
	case l.Expires.After(now.Add(MaxLifetime + ClockSkew)):
		return Link{}, ErrInvalid // a signer that promises too much is wrong
	case !now.Before(l.Expires.Add(ClockSkew)):
		return Link{}, ErrExpired
	}
	return l, nil
}
