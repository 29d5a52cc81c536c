package app

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeRefusesHugeRequestLines: a path of hundreds of kilobytes is
// refused by the server before any handler (or log line) sees it.
func TestServeRefusesHugeRequestLines(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	seen := make(chan string, 2)
	go func() {
		done <- Serve(ctx, ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen <- r.URL.Path }), ServeOptions{Grace: time.Second})
	}()
	base := "http://" + ln.Addr().String()
	for path, want := range map[string]int{"/" + strings.Repeat("a", 200<<10): http.StatusRequestHeaderFieldsTooLarge, "/demo/login": http.StatusOK} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET a %d-byte path: %d, want %d", len(path), resp.StatusCode, want)
		}
	}
	if len(seen) != 1 {
		t.Errorf("the handler saw %d requests, want only the ordinary one", len(seen))
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve after cancel: %v", err)
	}
}
