package handlers

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/studio-addons/portal/upstream"
)

// invalidationTopic is the Bus topic on which instances tell each other
// what they dropped from their read caches (their own writes, webhooks).
const invalidationTopic = "cache-invalidation"

// invalidationMessage is one instance's invalidation, as broadcast.
type invalidationMessage struct {
	From   string                `json:"from"` // the sending instance, which has applied it already
	Studio string                `json:"studio"`
	Inv    upstream.Invalidation `json:"inv"`
}

// publishInvalidations returns the studio's OnInvalidate: it tells the
// other instances what this one dropped. The broadcast is best effort: a
// lost message leaves another instance's cache to expire on its own (15 s
// for a member's data), never a wrong write, because every write and money
// decision reads fresh.
func (h *Handler) publishInvalidations(studio string) func(upstream.Invalidation) {
	return func(inv upstream.Invalidation) {
		msg, _ := json.Marshal(invalidationMessage{From: h.instance, Studio: studio, Inv: inv})
		ctx, cancel := context.WithTimeout(context.WithoutCancel(h.deps.Context), time.Second)
		defer cancel()
		if err := h.deps.Bus.Publish(ctx, invalidationTopic, msg); err != nil {
			h.log.Warn("cache invalidation not broadcast", slog.String("studio", studio), slog.String("err", err.Error()))
		}
	}
}

// subscribeInvalidations applies the other instances' invalidations here.
// Call it once every studio is in h.studios.
func (h *Handler) subscribeInvalidations() {
	err := h.deps.Bus.Subscribe(h.deps.Context, invalidationTopic, func(msg []byte) {
		var m invalidationMessage
		if err := json.Unmarshal(msg, &m); err != nil || m.From == h.instance {
			return
		}
		if s, ok := h.studios[m.Studio]; ok {
			s.up.ApplyInvalidation(m.Inv)
		}
	})
	if err != nil {
		h.log.Warn("cache invalidations from other instances unavailable", slog.String("err", err.Error()))
	}
}
