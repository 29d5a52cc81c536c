package state

import (
	"context"
	"sync"
)

// Bus broadcasts messages by topic to the subscribers in this process; it
// stands in for the shared bus when there is only one instance.
type Bus struct {
	mu   sync.Mutex
	subs map[string]map[*busSub]struct{}
}

type busSub struct {
	ctx context.Context
	mu  sync.Mutex // one delivery at a time, in order
	fn  func([]byte)
}

// NewBus returns a bus with no subscribers.
func NewBus() *Bus {
	return &Bus{subs: map[string]map[*busSub]struct{}{}}
}

// Publish delivers msg to every current subscriber of topic before it
// returns; a subscriber's fn must not publish on its own topic in turn.
func (b *Bus) Publish(_ context.Context, topic string, msg []byte) error {
	b.mu.Lock()
	subs := make([]*busSub, 0, len(b.subs[topic]))
	for s := range b.subs[topic] {
		subs = append(subs, s)
	}
	b.mu.Unlock()
	for _, s := range subs {
		s.deliver(msg)
	}
	return nil
}

func (s *busSub) deliver(msg []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() != nil {
		return
	}
	s.fn(append([]byte(nil), msg...))
}

// Subscribe calls fn with every message published on topic from now until
// ctx ends; it returns at once.
func (b *Bus) Subscribe(ctx context.Context, topic string, fn func(msg []byte)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s := &busSub{ctx: ctx, fn: fn}
	b.mu.Lock()
	if b.subs[topic] == nil {
		b.subs[topic] = map[*busSub]struct{}{}
	}
	b.subs[topic][s] = struct{}{}
	b.mu.Unlock()
	context.AfterFunc(ctx, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs[topic], s)
		if len(b.subs[topic]) == 0 {
			delete(b.subs, topic)
		}
	})
	return nil
}
