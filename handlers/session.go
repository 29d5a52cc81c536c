package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/routenames"
	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/views"
)

// Cookie names (served over https, with the __Host- prefix: cookieName).
const (
	sessionCookie = "portal_session"
	flashCookie   = "portal_flash"
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

// member is the logged-in member, the one value of the session cookie
// (sessioncodec.go): the session id (for revocation), studio, customer,
// contract, first name, locale (and whether the member chose it), issued-at
// and last-seen (for idle expiry).
type member struct {
	SID string
	// Login is the login this session belongs to: a contract switch issues
	// a new session (SID) in the same login. What the login began, its
	// bookings and their outcome pages, stays the member's across a switch,
	// and the absolute lifetime (IssuedAt) counts from the login.
	Login      string
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
	useSessionCodec(st)
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
				m.SeenAt = h.now()
				sess.Values[keyMember] = *m
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
	stored, ok := sess.Values[keyMember].(member)
	if !ok {
		return nil, false, nil
	}
	m := &stored
	now := h.now()
	switch {
	case m.SID == "" || m.CustomerID == 0 || m.IssuedAt.Unix() <= 0:
		return nil, false, nil
	case now.Sub(m.IssuedAt) > h.deps.AbsoluteTimeout, now.Sub(m.SeenAt) > h.deps.IdleTimeout:
		return nil, false, nil
	}
	if revoked, err := h.deps.Revocations.IsRevoked(ctx, m.SID); err != nil || revoked {
		return nil, false, err
	}
	return m, true, nil
}

// login is the member's login id; a cookie issued before sessions knew
// their login is a login of its own.
func (m *member) login() string {
	if m.Login == "" {
		return m.SID
	}
	return m.Login
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
	if m.Login == "" { // a login, not a contract switch within one
		m.Login, m.IssuedAt = m.SID, h.now()
	}
	m.SeenAt = h.now()
	sess.Values[keyMember] = *m
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
		switch {
		case m == nil:
			// "Your session has ended" only for a browser that had one; a
			// first visit by a deep link just gets the login.
			if _, err := c.Cookie(h.cookieName(sessionCookie)); err == nil && c.Request().Method == http.MethodGet && !isHTMX(c) {
				h.setFlash(c, views.FlashInfo, i18n.T(c.Request().Context(), "login.expired"))
			}
			return redirect(c, h.path(c, routenames.Login))
		case m.ContractID == 0:
			return redirect(c, h.path(c, routenames.Contracts))
		}
		return next(c)
	}
}

// setFlash stores a one-time message for the next page, in the flash
// cookie, so it reaches the next page with or without a session.
func (h *Handler) setFlash(c echo.Context, kind views.FlashKind, text string) {
	sess := sessions.NewSession(h.sessions, h.cookieName(flashCookie))
	sess.Options = h.cookieOptions(c, 300)
	sess.AddFlash(views.Flash{Kind: kind, Text: text})
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
	// The newest flash wins: a page shows one message.
	flashes := sess.Flashes()
	if len(flashes) == 0 {
		return nil
	}
	f, ok := flashes[len(flashes)-1].(views.Flash)
	if !ok || f.Text == "" {
		return nil
	}
	return &f
}
