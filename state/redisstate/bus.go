package redisstate

import (
	"context"
)

// Bus broadcasts messages to every instance through Redis pub/sub. Delivery
// is at most once: a message published while an instance is disconnected
// is lost to it, so what relies on the bus (cache invalidation) must stay
// correct without it, e.g. by expiring on its own.
type Bus struct{ s *Store }

// Bus returns the shared bus.
func (s *Store) Bus() *Bus { return &Bus{s: s} }

// Publish sends msg to every subscriber of topic in every instance,
// this one included.
func (b *Bus) Publish(ctx context.Context, topic string, msg []byte) error {
	if err := b.s.rdb.Publish(ctx, b.s.key("bus", topic), msg).Err(); err != nil {
		return b.s.unavailable("publish", err)
	}
	return nil
}

// Subscribe calls fn, one message at a time, with every message published
// on topic from now until ctx ends. It returns once Redis confirmed the
// subscription; the client resubscribes by itself after a lost connection.
func (b *Bus) Subscribe(ctx context.Context, topic string, fn func(msg []byte)) error {
	ps := b.s.rdb.Subscribe(ctx, b.s.key("bus", topic))
	if _, err := ps.Receive(ctx); err != nil {
		_ = ps.Close()
		return b.s.unavailable("subscribe", err)
	}
	msgs := ps.Channel()
	go func() {
		defer ps.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case m, ok := <-msgs:
				if !ok || ctx.Err() != nil {
					return
				}
				fn([]byte(m.Payload))
			}
		}
	}()
	return nil
}
