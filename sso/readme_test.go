package sso

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// ssoLink is the README's example signer, word for word (TestReadmeSigner
// compares them), as a studio's website would write it without this
// package.
func ssoLink(portal, studio string, customer int64, secret string) string {
	exp := time.Now().Add(5 * time.Minute).Unix()
	b := make([]byte, 16)
	rand.Read(b)
	nonce := hex.EncodeToString(b)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "sso-v1|%s|%d||%d|%s", studio, customer, exp, nonce)
	return fmt.Sprintf("%s/%s/sso?customer=%d&exp=%d&nonce=%s&sig=%x",
		portal, studio, customer, exp, nonce, mac.Sum(nil))
}

// TestReadmeSigner: the README's signer makes links the portal takes, and
// the README shows it as it is here.
func TestReadmeSigner(t *testing.T) {
	link, err := url.Parse(ssoLink("https://portal.example", "demo", 1001, secret))
	if err != nil {
		t.Fatal(err)
	}
	l, err := Verify("demo", link.Query(), []string{secret}, time.Now())
	if err != nil || l.Customer != 1001 || link.Path != "/demo/sso" {
		t.Errorf("the README's link %s: %+v, %v", link, l, err)
	}
	src, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(src), "func ssoLink(")
	end := strings.Index(string(src)[start:], "\n}\n") + start + 3
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), string(src[start:end])) {
		t.Errorf("README.md does not show the signer as sso/readme_test.go has it:\n%s", src[start:end])
	}
}
