package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/studio-addons/portal/apiclient"
)

// webhookTimeout is how long a delivery may take: the upstream expects the
// partner to answer within 5 s.
const webhookTimeout = 5 * time.Second

// SetWebhook sets where the studio's events are POSTed; an empty URL stops
// delivery.
func (s *Server) SetWebhook(studio string, t WebhookTarget) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.URL == "" {
		delete(s.webhooks, studio)
		return
	}
	s.webhooks[studio] = t
}

// emitLocked sends one event of the studio to its webhook target, if any,
// in the background: a slow partner must not hold up the write (nor s.mu)
// that caused the event. Call with s.mu held.
func (s *Server) emitLocked(studio, eventType string, customerID, contractID, moduleContractID int64) {
	target, ok := s.webhooks[studio]
	if !ok || target.URL == "" {
		return
	}
	content, _ := json.Marshal(apiclient.ModuleEventContent{
		ContractID:       contractID,
		ModuleContractID: moduleContractID,
	})
	ev := apiclient.WebhookEvent{
		EntityID: customerID,
		UUID:     newUUID(),
		Payload: []apiclient.WebhookPayload{{
			Timestamp: time.Now().UnixMilli(),
			Type:      eventType,
			Content:   content,
		}},
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.deliver(studio, target, ev, webhookTimeout)
	}()
}

// deliver POSTs one event once, like the upstream's documented "no retry"
// variant, and logs a failure without the webhook key.
func (s *Server) deliver(studio string, target WebhookTarget, ev apiclient.WebhookEvent, timeout time.Duration) {
	err := postEvent(target, ev, timeout)
	if err != nil {
		s.logger.Warn("sandbox webhook delivery failed", "studio", studio,
			"url", redactURL(target.URL), "type", ev.Payload[0].Type, "uuid", ev.UUID, "err", err)
		return
	}
	s.logger.Debug("sandbox webhook delivered", "studio", studio,
		"type", ev.Payload[0].Type, "uuid", ev.UUID)
}

// postEvent sends ev to the target and wants a 2xx answer.
func postEvent(target WebhookTarget, ev apiclient.WebhookEvent, timeout time.Duration) error {
	body, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("bad webhook URL")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", target.Key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // without the URL and its query
		}
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook answered %s", resp.Status)
	}
	return nil
}

// redactURL keeps scheme, host and path: a query may carry a token.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return u.Scheme + "://" + u.Host + u.Path
}

// newUUID returns a random (version 4) UUID, as the upstream's event ids.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
