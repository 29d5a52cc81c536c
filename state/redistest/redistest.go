// Package redistest starts a throw-away redis-server for tests on a free
// loopback port. Without the binary on PATH a test is skipped with the
// reason, unless the environment variable CI is set: then it fails, so a
// CI run cannot pass by skipping what it was meant to run.
package redistest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a running redis-server.
type Server struct {
	URL  string // redis://127.0.0.1:port/0
	stop func()
}

// Stop ends the server now (an outage); it is also stopped when the test
// ends. Stop may be called more than once.
func (s *Server) Stop() { s.stop() }

// Start runs a redis-server for t (without persistence, in a temporary
// directory) and stops it when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("redis-server is not on PATH and CI is set: install it (Debian package redis-server)")
		}
		t.Skipf("skipped: redis-server is not on PATH (install the Debian package redis-server to run this test)")
	}
	var lastErr error
	for range 5 { // another process may take the free port before the server binds it
		s, err := start(t, bin)
		if err == nil {
			return s
		}
		lastErr = err
	}
	t.Fatalf("redistest: %v", lastErr)
	return nil
}

func start(t testing.TB, bin string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin,
		"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", t.TempDir(),
		"--daemonize", "no", "--loglevel", "notice", "--logfile", "")
	log := &readyWatch{ready: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := sync.OnceFunc(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	select {
	case <-log.ready:
	case <-exited:
		return nil, fmt.Errorf("redis-server on port %d did not start: %s", port, log.tail())
	case <-time.After(10 * time.Second):
		stop()
		return nil, fmt.Errorf("redis-server on port %d not ready after 10 s", port)
	}
	t.Cleanup(stop)
	return &Server{URL: "redis://127.0.0.1:" + strconv.Itoa(port) + "/0", stop: stop}, nil
}

// readyWatch is the server's output: it keeps the last lines, which
// explain a failed start (the port taken, a bad option), and closes ready
// once the server says it accepts connections.
type readyWatch struct {
	mu    sync.Mutex
	buf   []byte
	ready chan struct{}
	seen  bool
}

func (w *readyWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	if !w.seen && bytes.Contains(w.buf, []byte("Ready to accept connections")) {
		w.seen = true
		close(w.ready)
	}
	if len(w.buf) > 4096 {
		w.buf = w.buf[len(w.buf)-2048:]
	}
	return len(p), nil
}

func (w *readyWatch) tail() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.TrimSpace(string(w.buf))
}

// freePort asks the kernel for a loopback port nobody listens on.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
