package handlers

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/routenames"
	"github.com/studio-addons/portal/sso"
	"github.com/studio-addons/portal/views"
)

// SSO handles GET /:studio/sso: a link the studio's website or app signed
// (package sso has the format) logs the member in without the login form.
// The link must be genuine, for this studio, unexpired and unused; the
// member must still be a MEMBER with an active contract, and the contract
// is bound as after a login (the link's own, when it is one of them).
// Anything else lands on the login page with a message saying why, and
// no session.
func (h *Handler) SSO(c echo.Context) error {
	ctx := c.Request().Context()
	s := currentStudio(c)
	// A link is followed by a person: a page or a frame, never an image or
	// a script another site embeds to log a browser in unasked.
	if dest := c.Request().Header.Get("Sec-Fetch-Dest"); dest != "" && dest != "document" && dest != "iframe" {
		return h.ssoRefused(c, "sso.invalid", "fetched as "+dest)
	}
	link, err := sso.Verify(s.Slug, c.QueryParams(), s.SSOSecrets, h.now())
	switch {
	case errors.Is(err, sso.ErrExpired):
		return h.ssoRefused(c, "sso.expired", "expired")
	case err != nil:
		return h.ssoRefused(c, "sso.invalid", "not signed for this studio, or malformed")
	}
	cust, err := h.up(c).GetCustomer(ctx, link.Customer)
	switch {
	case errors.Is(err, apiclient.ErrNotFound):
		return h.ssoRefused(c, "sso.invalid", "no such customer")
	case err != nil:
		return err
	case cust.Status != apiclient.CustomerMember:
		return h.ssoRefused(c, "sso.notmember", "not a member")
	}
	contracts, err := activeContracts(ctx, h.up(c).Cached(), cust.ID)
	if err != nil {
		return err
	}
	// The nonce is spent only now, so a link that met a studio outage can
	// be followed again; two tabs racing with one link get one session.
	first, err := h.deps.Once.First(ctx, "sso:"+s.Slug+":"+link.Nonce, link.Expires.Sub(h.now())+2*sso.ClockSkew)
	if err != nil {
		return err // the nonce store cannot be asked: no session
	}
	if !first {
		return h.ssoRefused(c, "sso.used", "used before")
	}
	if len(contracts) == 0 {
		return renderOK(c, views.NoContractPage(h.page(c, i18n.T(ctx, "nocontract.title"), "")))
	}
	m := h.loginMember(c, cust, contracts, link.Contract)
	if link.Contract != 0 && m.ContractID != link.Contract {
		h.log.Info("single sign-on: the link's contract is not an active contract of the customer", slog.String("studio", s.Slug))
	}
	if err := h.startSession(c, m); err != nil {
		return err
	}
	h.rotateCSRF(c)
	h.log.Info("login", slog.String("studio", s.Slug), slog.Int64("customerId", cust.ID), slog.String("via", "sso"))
	if m.ContractID == 0 {
		return c.Redirect(http.StatusSeeOther, withEmbedParams(c, h.path(c, routenames.Contracts)))
	}
	return c.Redirect(http.StatusSeeOther, withEmbedParams(c, h.path(c, routenames.Modules)))
}

// ssoRefused shows the login page with the reason a link was refused (the
// key's message); the log says why in words of its own.
func (h *Handler) ssoRefused(c echo.Context, key, why string) error {
	h.log.Warn("single sign-on refused", slog.String("studio", currentStudio(c).Slug), slog.String("why", why))
	p := h.page(c, i18n.T(c.Request().Context(), "login.title"), "")
	p.Member = nil
	// The language switch leads to the login, not back to the spent link.
	p.Return = h.path(c, routenames.Login)
	f := views.LoginForm{Failure: i18n.T(c.Request().Context(), key), Lang: string(queryLanguage(c))}
	return render(c, http.StatusForbidden, views.LoginPage(p, f))
}
