package statetest

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// deliveryWait bounds how long a test waits for a message that should come.
const deliveryWait = 5 * time.Second

// TestBus runs the Bus contract. newBuses returns two instances' handles
// on one fresh bus (the same handle twice where there is only one process).
func TestBus(t *testing.T, newBuses func(t *testing.T) (Bus, Bus)) {
	ctx := context.Background()
	t.Run("every subscriber of the topic, none of another", func(t *testing.T) {
		one, two := newBuses(t)
		a1, a2, other := subscribe(t, one, "contracts"), subscribe(t, two, "contracts"), subscribe(t, two, "catalog")
		msg := []byte("demo\x00contract 1001 \xff") // any bytes
		must(t, one.Publish(ctx, "contracts", msg))
		for name, got := range map[string]chan []byte{"same instance": a1, "other instance": a2} {
			if m := receive(t, got); !bytes.Equal(m, msg) {
				t.Errorf("%s got %q, want %q", name, m, msg)
			}
		}
		// Messages arrive in order per subscriber: the next one on the
		// other topic is the first the other subscriber sees.
		must(t, two.Publish(ctx, "catalog", []byte("studio demo")))
		if m := receive(t, other); string(m) != "studio demo" {
			t.Errorf("catalog subscriber got %q first, want only its own topic", m)
		}
	})
	t.Run("no delivery after the subscription's context ends", func(t *testing.T) {
		one, two := newBuses(t)
		sctx, cancel := context.WithCancel(ctx)
		ended := make(chan []byte, 10)
		must(t, two.Subscribe(sctx, "t", func(m []byte) { ended <- m }))
		still := subscribe(t, two, "t")
		cancel()
		must(t, one.Publish(ctx, "t", []byte("after")))
		if m := receive(t, still); string(m) != "after" {
			t.Fatalf("live subscriber got %q", m)
		}
		select {
		case m := <-ended:
			t.Errorf("an ended subscription got %q", m)
		default:
		}
	})
	t.Run("publishing without subscribers", func(t *testing.T) {
		one, _ := newBuses(t)
		must(t, one.Publish(ctx, "nobody", []byte("x")))
	})
}

// subscribe subscribes to topic for the rest of the test.
func subscribe(t *testing.T, b Bus, topic string) chan []byte {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	got := make(chan []byte, 10)
	must(t, b.Subscribe(ctx, topic, func(m []byte) { got <- m }))
	return got
}

func receive(t *testing.T, got chan []byte) []byte {
	t.Helper()
	select {
	case m := <-got:
		return m
	case <-time.After(deliveryWait):
		t.Fatal("no message within", deliveryWait)
		return nil
	}
}
