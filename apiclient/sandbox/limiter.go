package sandbox

import (
	"sync"
	"time"
)

// limiter is a fixed-window rate limiter keyed by string, like the
// upstream's "1000 requests per endpoint and minute": once a key used up its
// window, every request is refused until the window ends. It runs on real
// time, not on the sandbox's civil-date clock, because the upstream counts
// wall-clock minutes. It is safe for concurrent use.
type limiter struct {
	perWindow int
	window    time.Duration
	now       func() time.Time // the serve path's clock; tests replace it

	mu      sync.Mutex
	windows map[string]*fixedWindow
}

// fixedWindow counts the requests of one key since start.
type fixedWindow struct {
	start time.Time
	count int
}

// newLimiter allows perWindow requests per key and window.
func newLimiter(perWindow int, window time.Duration) *limiter {
	return &limiter{
		perWindow: perWindow,
		window:    window,
		now:       time.Now,
		windows:   map[string]*fixedWindow{},
	}
}

// allow counts a request for key at now. When the key's window is used up
// it refuses and says how long until the window ends.
func (l *limiter) allow(key string, now time.Time) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.windows[key]
	// A clock that went backwards also opens a new window rather than
	// refusing for longer than one window.
	if w == nil || !now.Before(w.start.Add(l.window)) || now.Before(w.start) {
		w = &fixedWindow{start: now}
		l.windows[key] = w
	}
	if w.count >= l.perWindow {
		return false, w.start.Add(l.window).Sub(now)
	}
	w.count++
	return true, 0
}

// reset forgets all counts.
func (l *limiter) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.windows = map[string]*fixedWindow{}
}
