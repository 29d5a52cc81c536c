package redistest

import (
	"fmt"
	"net"
	"net/url"
	"runtime"
	"testing"
)

// recorder is a testing.TB whose Skipf and Fatalf end the goroutine and
// remember why, so Start's answer to a missing binary can be checked.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func startWith(t *testing.T) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Start(r)
	}()
	<-done
	return r
}

func TestMissingBinarySkipsOrFailsInCI(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("CI", "")
	if r := startWith(t); r.skipped == "" || r.failed != "" {
		t.Errorf("without CI: skipped %q, failed %q; want a skip with its reason", r.skipped, r.failed)
	}
	t.Setenv("CI", "true")
	if r := startWith(t); r.failed == "" || r.skipped != "" {
		t.Errorf("with CI: skipped %q, failed %q; want a failure", r.skipped, r.failed)
	}
}

func TestStartAndStop(t *testing.T) {
	s := Start(t)
	u, err := url.Parse(s.URL)
	if err != nil || u.Scheme != "redis" {
		t.Fatalf("URL %q", s.URL)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatalf("dial the started server: %v", err)
	}
	conn.Close()
	s.Stop()
	if conn, err := net.Dial("tcp", u.Host); err == nil {
		conn.Close()
		t.Error("the server still listens after Stop")
	}
	s.Stop() // again: no panic, no wait
}
