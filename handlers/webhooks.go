package handlers

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/upstream"
)

// Webhook limits. The upstream waits 5 s for an answer; the portal answers
// once the event is queued. A delivery is small: an entity id, a uuid and a
// few events.
const (
	maxWebhookBody  = 64 << 10
	webhookDedupTTL = 24 * time.Hour // the upstream redelivers for at most half an hour
	webhookWorkers  = 2
)

// webhookJob is one accepted delivery waiting to be applied.
type webhookJob struct {
	studio *Studio
	event  apiclient.WebhookEvent
}

// Webhook handles POST /webhooks, one endpoint for every studio: the
// X-API-KEY header is a studio's webhook key and picks the studio. The event
// is queued and applied in the background; the answer does not wait for it.
// An unknown key is 401, a malformed body 400, a full queue 503 (the
// upstream delivers again later), all without detail.
func (h *Handler) Webhook(c echo.Context) error {
	s := h.webhookStudio(c.Request().Header.Get("X-API-KEY"))
	if s == nil {
		h.log.Warn("webhook refused: unknown key")
		return c.NoContent(http.StatusUnauthorized)
	}
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, maxWebhookBody+1))
	if err != nil || len(body) > maxWebhookBody {
		return c.NoContent(http.StatusBadRequest)
	}
	var ev apiclient.WebhookEvent
	if err := json.Unmarshal(body, &ev); err != nil || ev.UUID == "" || len(ev.UUID) > 128 {
		h.log.Warn("webhook refused: malformed body", slog.String("studio", s.Slug))
		return c.NoContent(http.StatusBadRequest)
	}
	select {
	case h.webhooks <- webhookJob{studio: s, event: ev}:
		return c.NoContent(http.StatusOK)
	default:
		h.log.Warn("webhook queue full", slog.String("studio", s.Slug))
		h.deps.Metrics.Webhook(s.Slug, "", "dropped")
		return c.NoContent(http.StatusServiceUnavailable)
	}
}

// webhookStudio finds the studio whose webhook key is key. Every studio's
// key is compared, in constant time over digests of equal length, so the
// answer's timing tells nothing about which key or how much of it matched.
func (h *Handler) webhookStudio(key string) *Studio {
	if key == "" {
		return nil
	}
	got := sha256.Sum256([]byte(key))
	var found *Studio
	for _, s := range h.order {
		if s.WebhookKey == "" {
			continue
		}
		want := sha256.Sum256([]byte(s.WebhookKey))
		if subtle.ConstantTimeCompare(got[:], want[:]) == 1 {
			found = s
		}
	}
	return found
}

// runWebhooks applies queued deliveries until ctx ends.
func (h *Handler) runWebhooks(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case job := <-h.webhooks:
			h.applyWebhook(ctx, job)
		}
	}
}

// applyWebhook drops from the read cache (of every instance) what the
// delivery's events changed. A delivery seen before is skipped; when the
// shared store cannot tell, it is applied anyway: dropping cached reads
// twice costs a read, never correctness. Webhooks only make changes show
// sooner; without them the cache still expires.
func (h *Handler) applyWebhook(ctx context.Context, job webhookJob) {
	slug := job.studio.Slug
	first, err := h.deps.Once.First(ctx, "webhook:"+slug+":"+job.event.UUID, webhookDedupTTL)
	if err != nil {
		h.log.Warn("webhook dedupe unavailable, applying anyway", slog.String("studio", slug), slog.String("err", err.Error()))
		first = true
	}
	if !first {
		h.deps.Metrics.Webhook(slug, "", "duplicate")
		return
	}
	for _, p := range job.event.Payload {
		inv, ok := invalidationFor(job.event.EntityID, p)
		if !ok {
			h.deps.Metrics.Webhook(slug, eventLabel(p.Type), "ignored")
			continue
		}
		job.studio.up.Invalidate(inv)
		h.deps.Metrics.Webhook(slug, eventLabel(p.Type), "applied")
		h.log.Info("webhook applied", slog.String("studio", slug), slog.String("type", p.Type),
			slog.Int64("contractId", inv.Contract), slog.Int64("moduleContractId", inv.ModuleContract))
	}
}

// Customer events the portal reacts to besides the contract ones.
const (
	eventCustomerAccessDisabled = "CUSTOMER_ACCESS_DISABLED"
	eventCustomerDeleted        = "CUSTOMER_DELETED"
)

// invalidationFor names what one event changed: an add-on event its add-on
// contract (and the contract lists, purchasable and validation answers it
// affects), CONTRACT_UPDATED the whole main contract, a customer event the
// customer's data. Unknown types change nothing the portal keeps.
func invalidationFor(customerID int64, p apiclient.WebhookPayload) (upstream.Invalidation, bool) {
	var content apiclient.ModuleEventContent
	if len(p.Content) > 0 {
		// Unknown properties are ignored; a content that is not an object
		// leaves the ids zero, and the event then drops what it can name.
		_ = json.Unmarshal(p.Content, &content)
	}
	switch p.Type {
	case apiclient.EventModuleCreated, apiclient.EventModuleUpdated, apiclient.EventModuleCancelled, apiclient.EventModuleDeleted:
		if content.ContractID == 0 {
			return upstream.Invalidation{Customer: customerID}, customerID != 0
		}
		return upstream.Invalidation{Customer: customerID, Contract: content.ContractID, ModuleContract: content.ModuleContractID}, true
	case apiclient.EventContractUpdated:
		return upstream.Invalidation{Customer: customerID, Contract: content.ContractID}, customerID != 0 || content.ContractID != 0
	case eventCustomerAccessDisabled, eventCustomerDeleted:
		return upstream.Invalidation{Customer: customerID}, customerID != 0
	}
	return upstream.Invalidation{}, false
}

// eventLabel keeps the metric's label set bounded: the type list can grow.
func eventLabel(t string) string {
	switch t {
	case apiclient.EventModuleCreated, apiclient.EventModuleUpdated, apiclient.EventModuleCancelled,
		apiclient.EventModuleDeleted, apiclient.EventContractUpdated, eventCustomerAccessDisabled, eventCustomerDeleted:
		return t
	}
	return "other"
}
