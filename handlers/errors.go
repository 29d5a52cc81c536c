package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/routenames"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/upstream"
	"github.com/studio-addons/portal/views"
)

// pageError is an error with the page a member should see for it.
type pageError struct {
	status   int
	titleKey string
	bodyKey  string
	cause    error
}

func (e *pageError) Error() string {
	if e.cause != nil {
		return http.StatusText(e.status) + ": " + e.cause.Error()
	}
	return http.StatusText(e.status)
}

func (e *pageError) Unwrap() error { return e.cause }

// Errors handlers return for what a member did.
var (
	errNotFound   = &pageError{status: http.StatusNotFound, titleKey: "error.notfound.title", bodyKey: "error.notfound.body"}
	errBadRequest = &pageError{status: http.StatusBadRequest, titleKey: "error.badrequest.title", bodyKey: "error.badrequest.body"}
)

// notFound is errNotFound with the cause kept for the log.
func notFound(cause error) error {
	e := *errNotFound
	e.cause = cause
	return &e
}

// badRequest is errBadRequest with the cause kept for the log.
func badRequest(cause error) error {
	e := *errBadRequest
	e.cause = cause
	return &e
}

// classify maps any error to the page a member sees.
func classify(err error) views.ErrorInfo {
	var pe *pageError
	var he *echo.HTTPError
	var ne net.Error
	info := func(status int, key string) views.ErrorInfo {
		return views.ErrorInfo{Status: status, TitleKey: "error." + key + ".title", BodyKey: "error." + key + ".body"}
	}
	switch {
	case errors.Is(err, state.ErrUnavailable):
		// The shared state (revocations, throttles, booking tokens) could
		// not be asked, whatever page was about to be shown: fail closed.
		return info(http.StatusServiceUnavailable, "unavailable")
	case errors.As(err, &pe):
		return views.ErrorInfo{Status: pe.status, TitleKey: pe.titleKey, BodyKey: pe.bodyKey}
	case errors.As(err, &he):
		switch he.Code {
		case http.StatusNotFound:
			return info(he.Code, "notfound")
		case http.StatusMethodNotAllowed:
			return info(he.Code, "methodnotallowed")
		case http.StatusRequestEntityTooLarge:
			return info(he.Code, "toolarge")
		case http.StatusForbidden:
			return info(he.Code, "forbidden")
		case http.StatusBadRequest, http.StatusUnsupportedMediaType:
			return info(http.StatusBadRequest, "badrequest")
		}
		return info(http.StatusInternalServerError, "internal")
	case errors.Is(err, upstream.ErrSlowDown):
		return info(http.StatusTooManyRequests, "slowdown")
	case errors.Is(err, upstream.ErrBusy), errors.Is(err, apiclient.ErrRateLimited):
		return info(http.StatusServiceUnavailable, "busy")
	case errors.Is(err, apiclient.ErrNotFound):
		return info(http.StatusNotFound, "notfound")
	case errors.Is(err, apiclient.ErrConflict):
		return info(http.StatusConflict, "conflict")
	case errors.Is(err, apiclient.ErrUnavailable), errors.Is(err, apiclient.ErrBadResponse),
		errors.Is(err, apiclient.ErrNoResponse),
		errors.Is(err, apiclient.ErrUnauthorized), errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &ne):
		return info(http.StatusServiceUnavailable, "unavailable")
	case errors.Is(err, apiclient.ErrBadRequest):
		return info(http.StatusBadGateway, "unavailable")
	}
	// Statuses no sentinel names (408, 410, 422, 501, a gateway's 520 or
	// 524, ...) are still the studio's system failing, not the member.
	var ae *apiclient.APIError
	if errors.As(err, &ae) {
		if ae.StatusCode >= 500 || ae.StatusCode == http.StatusRequestTimeout {
			return info(http.StatusServiceUnavailable, "unavailable")
		}
		return info(http.StatusBadGateway, "unavailable")
	}
	return info(http.StatusInternalServerError, "internal")
}

// errorStudio is the studio of the failed request, also for errors raised
// before the studio middleware ran (a CSRF refusal, an unknown route), so
// the error page still carries the studio's name and links.
func (h *Handler) errorStudio(c echo.Context) *Studio {
	if s := currentStudio(c); s != nil {
		return s
	}
	slug, _, _ := strings.Cut(strings.TrimPrefix(c.Request().URL.Path, "/"), "/")
	if s, ok := h.studios[slug]; ok {
		c.Set(ctxStudio, s)
		h.setLocale(c)
		return s
	}
	return nil
}

// handleError is Echo's one error handler: it logs (5xx at Error, 4xx at
// Warn, with the upstream traceId) and renders the member's page, or the
// error partial for htmx requests. Members never see Go error strings.
func (h *Handler) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	info := classify(err)
	info.Reference = apiclient.TraceID(err)
	if d, ok := upstream.RetryIn(err); ok && d > 0 {
		info.RetryIn = int((d + time.Second - 1) / time.Second)
	}
	info.HomeURL = "/"
	s := h.errorStudio(c)
	if s != nil {
		info.HomeURL = h.paths.In(s.Slug, routenames.StudioHome)
	}
	if errors.Is(err, errNoCookies) {
		login := "/login" // a form posted outside any studio, as before
		if s != nil {
			login = h.paths.In(s.Slug, routenames.Login)
		}
		info.NewTabURL = login + "?lang=" + string(i18n.LocaleFrom(c.Request().Context()))
	}
	// A page that failed because the studio's system was busy or away can
	// simply be asked for again; a failed POST cannot (it goes back a step).
	if c.Request().Method == http.MethodGet && (info.Status == http.StatusTooManyRequests || info.Status == http.StatusServiceUnavailable) {
		info.RetryURL = c.Request().URL.RequestURI()
	}
	attrs := []any{
		slog.Int("status", info.Status), slog.String("method", c.Request().Method),
		slog.String("route", c.Path()), slog.String("err", err.Error()),
	}
	if info.Reference != "" {
		attrs = append(attrs, slog.String("traceId", info.Reference))
	}
	if errors.Is(err, context.Canceled) {
		h.log.Info("request canceled by the client", attrs...)
	} else if info.Status >= 500 {
		h.log.Error("request failed", attrs...)
	} else {
		h.log.Warn("request refused", attrs...)
	}
	renderErr := renderEither(c, info.Status, views.ErrorPartial(info), func() templ.Component {
		return views.ErrorPage(h.page(c, i18n.T(c.Request().Context(), info.TitleKey), ""), info)
	})
	if renderErr != nil {
		h.log.Error("error page failed", slog.String("err", renderErr.Error()))
		_ = c.String(http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError))
	}
}
