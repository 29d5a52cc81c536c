package handlers

import (
	"context"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
)

// languageCookie keeps a browser's explicit language choice before login
// (and after logout). It holds only a locale code, checked on every read.
const languageCookie = "portal_lang"

// languageCookieAge keeps the choice for a year.
const languageCookieAge = 365 * 24 * 60 * 60

// Form fields of the language switch.
const (
	fieldLanguage = "lang"
	fieldReturn   = "return"
)

// localeSources is what the language choice is made from, strongest first.
type localeSources struct {
	// Chosen is the member's explicit choice: the session's when they chose
	// while logged in, else the browser's language cookie.
	Chosen i18n.Locale
	// Preferred is the customer's preferredLanguage, read at login.
	Preferred i18n.Locale
	// AcceptLanguage is the browser's header.
	AcceptLanguage string
	// StudioDefault is the studio's configured language.
	StudioDefault i18n.Locale
}

// chooseLocale applies the order: the member's explicit choice, then the
// customer's preferredLanguage, then Accept-Language, then the studio's
// default, among the locales the catalog has.
func chooseLocale(s localeSources) i18n.Locale {
	for _, loc := range []i18n.Locale{s.Chosen, s.Preferred} {
		if i18n.Available(loc) {
			return loc
		}
	}
	if loc, ok := i18n.MatchAcceptLanguage(s.AcceptLanguage); ok {
		return loc
	}
	if i18n.Available(s.StudioDefault) {
		return s.StudioDefault
	}
	return i18n.Default
}

// setLocale is the one place the member's language is decided: it gathers
// the sources (session, language cookie, Accept-Language, studio) and puts
// the locale into the request context. It runs for every request and again
// once the studio and the member are known.
func (h *Handler) setLocale(c echo.Context) {
	r := c.Request()
	src := localeSources{AcceptLanguage: r.Header.Get("Accept-Language"), Chosen: h.chosenLanguage(c)}
	if m := currentMember(c); m != nil {
		if m.LocaleChosen {
			src.Chosen = m.Locale
		} else {
			src.Preferred = m.Locale
		}
	}
	if s := currentStudio(c); s != nil {
		src.StudioDefault = s.Locale
	}
	c.SetRequest(r.WithContext(withLanguage(r.Context(), chooseLocale(src))))
}

// withLanguage carries the member's language in ctx for the catalog and the
// formatting, and asks the studio's system for it on every upstream call
// made with ctx, so its errorMessages match the page.
func withLanguage(ctx context.Context, loc i18n.Locale) context.Context {
	return apiclient.WithLanguage(i18n.WithLocale(ctx, loc), string(loc))
}

// locale is the middleware that chooses a language for every request, so
// pages outside a studio (the studio list, an unknown path) have one too.
func (h *Handler) locale(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h.setLocale(c)
		return next(c)
	}
}

// chosenLanguage is the language the address asks for (?lang=de: the
// studio's website passes the language it shows, the new-tab link and the
// login form keep it), else the browser's language cookie, when it names a
// locale the portal speaks. The address's choice is for that request only:
// a GET never changes the language; a login made with it keeps it in the
// session.
func (h *Handler) chosenLanguage(c echo.Context) i18n.Locale {
	if loc := queryLanguage(c); loc != "" {
		return loc
	}
	ck, err := c.Cookie(h.cookieName(languageCookie))
	if err != nil {
		return ""
	}
	loc := i18n.Locale(ck.Value)
	if !i18n.Available(loc) {
		return ""
	}
	return loc
}

// queryLanguage is the locale the address's lang parameter names, if the
// portal speaks it.
func queryLanguage(c echo.Context) i18n.Locale {
	loc := i18n.Locale(c.QueryParam(fieldLanguage))
	if !i18n.Available(loc) {
		return ""
	}
	return loc
}

// loginLocale is the language a new session starts with: the browser's
// explicit choice if there is one, else the customer's preferredLanguage
// (which later requests prefer to Accept-Language), else none.
func (h *Handler) loginLocale(c echo.Context, cust *apiclient.Customer) (loc i18n.Locale, chosen bool) {
	if loc := h.chosenLanguage(c); loc != "" {
		return loc, true
	}
	if cust.PreferredLanguage != nil {
		if loc, ok := i18n.Parse(cust.PreferredLanguage.LanguageCode); ok {
			return loc, false
		}
	}
	return "", false
}

// SetLanguage handles POST /:studio/language: the footer's language switch.
// The choice is kept in a cookie for the browser and, for a logged-in
// member, in the session (where it outranks the customer's
// preferredLanguage); then the member goes back to the page they were on.
func (h *Handler) SetLanguage(c echo.Context) error {
	loc := i18n.Locale(c.FormValue(fieldLanguage))
	if !i18n.Available(loc) {
		return errBadRequest
	}
	h.setCookie(c, languageCookie, string(loc), languageCookieAge)
	if m := currentMember(c); m != nil {
		if err := h.saveChosenLocale(c, m, loc); err != nil {
			return err
		}
	}
	return redirect(c, returnPath(currentStudio(c).Slug, c.FormValue(fieldReturn)))
}

// saveChosenLocale writes the explicit choice into the member's session
// cookie, keeping its id and expiry.
func (h *Handler) saveChosenLocale(c echo.Context, m *member, loc i18n.Locale) error {
	sess, err := h.sessions.Get(c.Request(), h.cookieName(sessionCookie))
	if err != nil {
		return err
	}
	cur, ok, err := h.memberFrom(c.Request().Context(), sess)
	if err != nil {
		return err
	}
	if !ok || cur.SID != m.SID {
		return nil
	}
	cur.Locale, cur.LocaleChosen = loc, true
	sess.Values[keyMember] = *cur
	m.Locale, m.LocaleChosen = loc, true
	sess.Options = h.cookieOptions(c, h.sessionMaxAge())
	return sess.Save(c.Request(), c.Response())
}

// returnPath is where the language switch sends the member back: the page
// the form names when it is a path of this studio, else the studio's start.
// Anything else (another host, a scheme, "//host", a backslash, a path that
// climbs out of the studio) could make the portal an open redirect.
func returnPath(slug, raw string) string {
	home := "/" + slug + "/"
	if raw == "" || strings.ContainsAny(raw, "\\\x00\r\n\t") || strings.HasPrefix(raw, "//") {
		return home
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return home
	}
	clean := path.Clean(u.Path)
	if clean != "/"+slug && !strings.HasPrefix(clean, home) {
		return home
	}
	out := (&url.URL{Path: clean, RawQuery: u.RawQuery}).String()
	if strings.HasPrefix(out, "//") {
		return home
	}
	return out
}

// pageReturnPath is the address the language switch on this page returns
// to: the page itself when it was a GET; after a POST (a form shown again
// with its errors) the page the form was on, which the same-origin
// Referer names, because the POST's own address has no page to GET.
func pageReturnPath(c echo.Context, slug string) string {
	r := c.Request()
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return returnPath(slug, r.URL.RequestURI())
	}
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host {
		return returnPath(slug, "")
	}
	return returnPath(slug, ref.RequestURI())
}
