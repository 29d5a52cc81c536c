package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/views"
)

// Cookie names (served over https, with the __Host- prefix: cookieName).
const (
	sessionCookie = "portal_session"
	flashCookie   = "portal_flash"
)

// Session value keys. The cookie holds only these: the session id (for
// revocation), studio, customer, contract (and its name, and whether there
// are several), first name, locale (and whether the member chose it),
// issued-at and last-seen (for idle expiry).
const (
	keySID        = "sid"
	keyStudio     = "studio"
	keyCustomerID = "customer"
	keyContractID = "contract"
	keyFirstName  = "first"
	keyLocale     = "locale"
	keyIssuedAt   = "iat"
	keySeenAt     = "seen"
	keyFlashKind  = "kind"
	keyFlashText  = "text"
)

// keyLocaleChosen marks a locale the member chose with the language switch,
// which outranks the customer's preferredLanguage.
const keyLocaleChosen = "chosen"

// keyContractName is the bound contract's name (its rateName) and
// keySeveral marks a member with several active contracts: the header
// names the contract and offers to switch.
const (
	keyContractName = "cname"
	keySeveral      = "several"
)

// Context keys for what the middleware resolved.
const (
	ctxStudio = "portal.studio"
	ctxMember = "portal.member"
	// ctxBrowserSession is the valid session the browser carries, whatever
	// studio it is for, so a login or logout anywhere revokes it.
	ctxBrowserSession = "portal.browser-session"
)

// seenRefresh limits how often the idle timer is pushed forward (and so how
// often a request re-sends the cookie).
const seenRefresh = time.Minute

// member is the logged-in member, read from a valid session cookie.
type member struct {
	SID        string
	Studio     string
	CustomerID int64
	ContractID int64 // 0 until the member chose a contract
	FirstName  string
	Locale     i18n.Locale // the explicit choice, else preferredLanguage, else ""
	IssuedAt   time.Time
	SeenAt     time.Time
	// LocaleChosen says Locale is the member's explicit choice.
	LocaleChosen bool
	// ContractName names the bound contract; Several says the member has
	// more than one active contract to switch between.
	ContractName string
	Several      bool
}

// newCookieStore builds the one session store. Its options are defaults:
// every save sets the request's own (cookieOptions), which depend on
// whether a studio may be framed and on the request's host.
func newCookieStore(d Deps) *sessions.CookieStore {
	st := sessions.NewCookieStore(d.SessionHashKey, d.SessionBlockKey)
	st.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(d.AbsoluteTimeout.Seconds()),
		HttpOnly: true,
		Secure:   d.Secure,
		SameSite: http.SameSiteLaxMode,
	}
	st.MaxAge(st.Options.MaxAge)
	return st
}

// currentStudio returns the studio of the request's path.
func currentStudio(c echo.Context) *Studio {
	s, _ := c.Get(ctxStudio).(*Studio)
	return s
}

// currentMember returns the logged-in member, or nil.
func currentMember(c echo.Context) *member {
	m, _ := c.Get(ctxMember).(*member)
	return m
}

// studio resolves :studio; an unknown slug is the not-found page.
func (h *Handler) studio(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		s, ok := h.studios[c.Param("studio")]
		if !ok {
			return errNotFound
		}
		c.Set(ctxStudio, s)
		h.setLocale(c)
		return next(c)
	}
}

// loadSession reads the session cookie. A tampered, expired, revoked or
// foreign-studio cookie simply means nobody is logged in.
func (h *Handler) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess, err := h.sessions.Get(c.Request(), h.cookieName(sessionCookie))
		if err != nil {
			h.log.Info("session cookie rejected", slog.String("path", c.Path()))
		}
		m, ok, err := h.memberFrom(c.Request().Context(), sess)
		if err != nil {
			return err // revocations cannot be asked: neither in nor out
		}
		if ok {
			c.Set(ctxBrowserSession, m)
		}
		if ok && m.Studio == currentStudio(c).Slug {
			c.Set(ctxMember, m)
			h.setLocale(c)
			if h.now().Sub(m.SeenAt) > seenRefresh {
				sess.Values[keySeenAt] = h.now().Unix()
				sess.Options = h.cookieOptions(c, h.sessionMaxAge())
				if err := sess.Save(c.Request(), c.Response()); err != nil {
					return err
				}
			}
		}
		return next(c)
	}
}

// memberFrom validates a decoded session.
func (h *Handler) memberFrom(ctx context.Context, sess *sessions.Session) (*member, bool, error) {
	if sess == nil || sess.IsNew {
		return nil, false, nil
	}
	v := sess.Values
	m := &member{}
	var iat, seen int64
	var loc string
	m.SID, _ = v[keySID].(string)
	m.Studio, _ = v[keyStudio].(string)
	m.CustomerID, _ = v[keyCustomerID].(int64)
	m.ContractID, _ = v[keyContractID].(int64)
	m.FirstName, _ = v[keyFirstName].(string)
	loc, _ = v[keyLocale].(string)
	m.LocaleChosen, _ = v[keyLocaleChosen].(bool)
	m.ContractName, _ = v[keyContractName].(string)
	m.Several, _ = v[keySeveral].(bool)
	iat, _ = v[keyIssuedAt].(int64)
	seen, _ = v[keySeenAt].(int64)
	m.Locale = i18n.Locale(loc)
	m.IssuedAt, m.SeenAt = time.Unix(iat, 0), time.Unix(seen, 0)
	now := h.now()
	switch {
	case m.SID == "" || m.CustomerID == 0 || iat == 0:
		return nil, false, nil
	case now.Sub(m.IssuedAt) > h.deps.AbsoluteTimeout, now.Sub(m.SeenAt) > h.deps.IdleTimeout:
		return nil, false, nil
	}
	if revoked, err := h.deps.Revocations.IsRevoked(ctx, m.SID); err != nil || revoked {
		return nil, false, err
	}
	return m, true, nil
}

// startSession issues a brand-new session (new id) for m, revoking any
// session the browser had before, for this studio or another.
func (h *Handler) startSession(c echo.Context, m *member) error {
	if err := h.revokeBrowserSession(c); err != nil {
		return err
	}
	sess := sessions.NewSession(h.sessions, h.cookieName(sessionCookie))
	sess.Options = h.cookieOptions(c, h.sessionMaxAge())
	m.SID = state.NewID()
	m.IssuedAt, m.SeenAt = h.now(), h.now()
	sess.Values = map[any]any{
		keySID: m.SID, keyStudio: m.Studio, keyCustomerID: m.CustomerID,
		keyContractID: m.ContractID, keyFirstName: m.FirstName, keyLocale: string(m.Locale),
		keyLocaleChosen: m.LocaleChosen, keyIssuedAt: m.IssuedAt.Unix(), keySeenAt: m.SeenAt.Unix(),
		keyContractName: m.ContractName, keySeveral: m.Several,
	}
	c.Set(ctxMember, m)
	return sess.Save(c.Request(), c.Response())
}

// sessionMaxAge is the session cookie's Max-Age: the absolute timeout.
func (h *Handler) sessionMaxAge() int { return int(h.deps.AbsoluteTimeout.Seconds()) }

// endSession revokes the current session and deletes the cookie. When the
// revocation cannot be recorded the cookie is still deleted, and the error
// (the 'unavailable' page) tells the member the logout is not complete.
func (h *Handler) endSession(c echo.Context) error {
	revokeErr := h.revokeBrowserSession(c)
	c.Set(ctxMember, nil)
	sess := sessions.NewSession(h.sessions, h.cookieName(sessionCookie))
	sess.Options = h.cookieOptions(c, -1)
	if err := sess.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	return revokeErr
}

// revokeBrowserSession revokes the session the browser carried, so a copy
// of its cookie no longer works anywhere.
func (h *Handler) revokeBrowserSession(c echo.Context) error {
	if old, _ := c.Get(ctxBrowserSession).(*member); old != nil {
		return h.deps.Revocations.Revoke(c.Request().Context(), old.SID, old.IssuedAt.Add(h.deps.AbsoluteTimeout))
	}
	return nil
}

// requireContract lets only members with a contract-bound session through;
// others go to the login (or the contract choice).
func (h *Handler) requireContract(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		m := currentMember(c)
		base := "/" + currentStudio(c).Slug
		switch {
		case m == nil:
			// "Your session has ended" only for a browser that had one; a
			// first visit by a deep link just gets the login.
			if _, err := c.Cookie(h.cookieName(sessionCookie)); err == nil && c.Request().Method == http.MethodGet && !isHTMX(c) {
				h.setFlash(c, views.FlashInfo, i18n.T(c.Request().Context(), "login.expired"))
			}
			return redirect(c, base+"/login")
		case m.ContractID == 0:
			return redirect(c, base+"/contracts")
		}
		return next(c)
	}
}

// setFlash stores a one-time message for the next page.
func (h *Handler) setFlash(c echo.Context, kind views.FlashKind, text string) {
	sess := sessions.NewSession(h.sessions, h.cookieName(flashCookie))
	sess.Options = h.cookieOptions(c, 300)
	sess.Values[keyFlashKind] = string(kind)
	sess.Values[keyFlashText] = text
	if err := sess.Save(c.Request(), c.Response()); err != nil {
		h.log.Warn("flash not saved", slog.Any("err", err))
	}
}

// takeFlash returns and clears the pending flash message.
func (h *Handler) takeFlash(c echo.Context) *views.Flash {
	ck, err := c.Cookie(h.cookieName(flashCookie))
	if err != nil || ck.Value == "" {
		return nil
	}
	sess, err := h.sessions.Get(c.Request(), h.cookieName(flashCookie))
	del := sessions.NewSession(h.sessions, h.cookieName(flashCookie))
	del.Options = h.cookieOptions(c, -1)
	if saveErr := del.Save(c.Request(), c.Response()); saveErr != nil {
		h.log.Warn("flash not cleared", slog.Any("err", saveErr))
	}
	if err != nil {
		return nil
	}
	text, _ := sess.Values[keyFlashText].(string)
	kind, _ := sess.Values[keyFlashKind].(string)
	if text == "" {
		return nil
	}
	return &views.Flash{Kind: views.FlashKind(kind), Text: text}
}
