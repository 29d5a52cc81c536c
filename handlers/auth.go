package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/routenames"
	"github.com/studio-addons/portal/upstream"
	"github.com/studio-addons/portal/views"
)

// customerNumberRE is what a member number may look like; anything else is
// refused before it reaches the upstream.
var customerNumberRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,31}$`)

// StudioHome handles GET /:studio: members go to their add-ons, others to
// the login; the embed script's parameters (embed, lang) go along.
func (h *Handler) StudioHome(c echo.Context) error {
	if m := currentMember(c); m != nil && m.ContractID != 0 {
		return c.Redirect(http.StatusSeeOther, withEmbedParams(c, h.path(c, routenames.Modules)))
	}
	return c.Redirect(http.StatusSeeOther, withEmbedParams(c, h.path(c, routenames.Login)))
}

// LoginPage handles GET /:studio/login.
func (h *Handler) LoginPage(c echo.Context) error {
	if m := currentMember(c); m != nil && m.ContractID != 0 {
		return c.Redirect(http.StatusSeeOther, h.paths.In(m.Studio, routenames.Modules))
	}
	return h.renderLogin(c, http.StatusOK, views.LoginForm{})
}

func (h *Handler) renderLogin(c echo.Context, status int, f views.LoginForm) error {
	p := h.page(c, i18n.T(c.Request().Context(), "login.title"), "")
	p.Member = nil // the login form is for whoever sits at the browser now
	f.Lang = string(queryLanguage(c))
	return render(c, status, views.LoginPage(p, f))
}

// Login handles POST /:studio/login: member number + date of birth → customer
// (MEMBER, same birth date) → active contracts → a new session.
func (h *Handler) Login(c echo.Context) error {
	ctx := c.Request().Context()
	s := currentStudio(c)
	f := views.LoginForm{
		CustomerNumber: strings.TrimSpace(c.FormValue("customerNumber")),
		DateOfBirth:    strings.TrimSpace(c.FormValue("dateOfBirth")),
	}
	dob, ok := validateLogin(ctx, &f)
	if !ok {
		return h.renderLogin(c, http.StatusUnprocessableEntity, f)
	}
	keys := loginKeys{
		pair:    s.Slug + "|" + strings.ToUpper(f.CustomerNumber) + "|" + c.RealIP(),
		address: s.Slug + "|" + c.RealIP(),
		number:  s.Slug + "|" + strings.ToUpper(f.CustomerNumber),
	}
	if wait, err := h.throttled(ctx, keys); err != nil {
		return err
	} else if wait > 0 {
		f.Failure = throttleMessage(ctx, wait)
		return h.renderLogin(c, http.StatusTooManyRequests, f)
	}
	cust, err := h.up(c).GetCustomerByNumber(ctx, f.CustomerNumber)
	if err != nil && !errors.Is(err, apiclient.ErrNotFound) {
		return err
	}
	if err != nil || cust.Status != apiclient.CustomerMember || cust.DateOfBirth != dob {
		if err := errors.Join(h.deps.Throttle.Fail(ctx, keys.pair), h.deps.AddressThrottle.Fail(ctx, keys.address),
			h.deps.NumberThrottle.Fail(ctx, keys.number)); err != nil {
			return err // a failure the throttle did not count must not go unlimited
		}
		h.log.Info("login failed", slog.String("studio", s.Slug))
		f.Failure = i18n.T(ctx, "login.failed")
		f.DateOfBirth = ""
		return h.renderLogin(c, http.StatusUnauthorized, f)
	}
	// A success clears this address's failures for the number; the
	// long-window count per number stays: a guesser elsewhere must not be
	// reset by the member logging in.
	if err := h.deps.Throttle.Reset(ctx, keys.pair); err != nil {
		return err
	}
	contracts, err := activeContracts(ctx, h.up(c).Cached(), cust.ID)
	if err != nil {
		return err
	}
	if len(contracts) == 0 {
		return renderOK(c, views.NoContractPage(h.page(c, i18n.T(ctx, "nocontract.title"), "")))
	}
	m := h.loginMember(c, cust, contracts, 0)
	if err := h.startSession(c, m); err != nil {
		return err
	}
	h.rotateCSRF(c)
	h.log.Info("login", slog.String("studio", s.Slug), slog.Int64("customerId", cust.ID))
	if m.ContractID == 0 {
		return redirect(c, h.path(c, routenames.Contracts))
	}
	return redirect(c, h.path(c, routenames.Modules))
}

// loginMember is the member a login (the form or a single sign-on link)
// makes of cust with their active contracts: bound to the contract want
// when it is one of them, else to the only one; with several, the header
// names the bound one and offers the switch, and with none bound the
// member picks on the contracts page.
func (h *Handler) loginMember(c echo.Context, cust *apiclient.Customer, contracts []apiclient.Contract, want int64) *member {
	m := &member{Studio: currentStudio(c).Slug, CustomerID: cust.ID, FirstName: cust.FirstName, Several: len(contracts) > 1}
	m.Locale, m.LocaleChosen = h.loginLocale(c, cust)
	i := slices.IndexFunc(contracts, func(k apiclient.Contract) bool { return want != 0 && k.ID == want })
	if i < 0 && len(contracts) == 1 {
		i = 0
	}
	if i >= 0 {
		m.ContractID, m.ContractName = contracts[i].ID, contracts[i].RateName
	}
	return m
}

// validateLogin checks the form fields and parses the date of birth.
func validateLogin(ctx context.Context, f *views.LoginForm) (apiclient.Date, bool) {
	f.Errors = views.Errors{}
	switch {
	case f.CustomerNumber == "":
		f.Errors["customerNumber"] = i18n.T(ctx, "login.number.missing")
	case !customerNumberRE.MatchString(f.CustomerNumber):
		f.Errors["customerNumber"] = i18n.T(ctx, "login.number.invalid")
		f.CustomerNumber = ""
	}
	dob, err := parseDateInput(f.DateOfBirth)
	switch {
	case f.DateOfBirth == "":
		f.Errors["dateOfBirth"] = i18n.T(ctx, "login.dob.missing")
	case err != nil:
		f.Errors["dateOfBirth"] = i18n.T(ctx, "login.dob.invalid")
		if len(f.DateOfBirth) > 10 {
			f.DateOfBirth = ""
		}
	}
	return dob, len(f.Errors) == 0
}

// parseDateInput accepts the date input's YYYY-MM-DD and, for browsers
// without a date picker, the German D.M.YYYY with or without leading
// zeros (15.01.1990, 1.1.1990).
func parseDateInput(s string) (apiclient.Date, error) {
	if len(s) > 10 {
		return apiclient.Date{}, errors.New("date too long")
	}
	if d, err := apiclient.ParseDate(s); err == nil {
		return d, nil
	}
	t, err := time.Parse("2.1.2006", s)
	if err != nil {
		return apiclient.Date{}, err
	}
	return apiclient.DateOf(t), nil
}

// loginKeys are what failed logins are counted by (see Deps.Throttle).
type loginKeys struct{ pair, address, number string }

// throttled returns how long a login for this member number from this
// address must still wait (0: go ahead): the longest of the three blocks.
func (h *Handler) throttled(ctx context.Context, k loginKeys) (time.Duration, error) {
	var wait time.Duration
	for _, t := range []struct {
		throttle LoginThrottle
		key      string
	}{{h.deps.Throttle, k.pair}, {h.deps.AddressThrottle, k.address}, {h.deps.NumberThrottle, k.number}} {
		blocked, d, err := t.throttle.Blocked(ctx, t.key)
		if err != nil {
			return 0, err
		}
		if blocked {
			wait = max(wait, d)
		}
	}
	return wait, nil
}

func throttleMessage(ctx context.Context, wait time.Duration) string {
	if wait > 90*time.Minute {
		return i18n.T(ctx, "login.throttled.hours", int((wait+time.Hour-1)/time.Hour))
	}
	minutes := max(1, int((wait+time.Minute-1)/time.Minute))
	return i18n.T(ctx, "login.throttled", minutes)
}

// activeContracts lists the customer's ACTIVE main contracts.
func activeContracts(ctx context.Context, r upstream.Reads, customerID int64) ([]apiclient.Contract, error) {
	// All contracts, filtered here rather than by the upstream's status
	// filter: the same list (one cached read) then serves the pages after
	// the login, which look for the session's contract and its add-ons.
	all, err := r.ListContracts(ctx, customerID, "")
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(c apiclient.Contract) bool {
		return c.ContractStatus != apiclient.ContractActive
	}), nil
}

// ContractsPage handles GET /:studio/contracts: the member picks one of
// several active contracts. A member whose session is bound to their only
// contract has nothing to choose and goes to the add-ons.
func (h *Handler) ContractsPage(c echo.Context) error {
	m := currentMember(c)
	if m == nil {
		return c.Redirect(http.StatusSeeOther, h.path(c, routenames.Login))
	}
	if m.ContractID != 0 && !m.Several {
		return c.Redirect(http.StatusSeeOther, h.path(c, routenames.Modules))
	}
	return h.renderContracts(c, http.StatusOK, "")
}

func (h *Handler) renderContracts(c echo.Context, status int, errMsg string) error {
	ctx := c.Request().Context()
	contracts, err := activeContracts(ctx, h.up(c).Cached(), currentMember(c).CustomerID)
	if err != nil {
		return err
	}
	current := currentMember(c).ContractID
	choices := make([]views.ContractChoice, 0, len(contracts))
	for _, k := range contracts {
		choices = append(choices, contractChoice(k, current))
	}
	return render(c, status, views.ChooseContractPage(h.page(c, i18n.T(ctx, "contracts.title"), ""), choices, errMsg))
}

// contractChoice maps an active main contract to its choice: its name,
// since when, and its state and end date. endDate is the end of the
// current term or, once cancelled, the date of termination; an uncancelled
// contract with an extension term renews then.
func contractChoice(k apiclient.Contract, current int64) views.ContractChoice {
	ch := views.ContractChoice{ID: k.ID, RateName: k.RateName, Start: k.StartDate, End: k.EndDate,
		Current: k.ID == current, State: views.ContractEnds}
	switch {
	case k.Cancelled:
		ch.State = views.ContractCancelled
		if !k.CancellationDate.IsZero() {
			ch.End = k.CancellationDate
		}
	case !k.ExtensionTerm.IsZero():
		ch.State = views.ContractRenews
	}
	return ch
}

// ChooseContract handles POST /:studio/contracts: binds the session to one of
// the member's own active contracts (re-read upstream, never trusted from the
// form), at the login or later to switch without logging out. The session
// is issued anew for the chosen contract, so every later contractId comes
// from it.
func (h *Handler) ChooseContract(c echo.Context) error {
	m := currentMember(c)
	s := currentStudio(c)
	if m == nil {
		return redirect(c, h.path(c, routenames.Login))
	}
	ctx := c.Request().Context()
	id, err := strconv.ParseInt(c.FormValue("contract"), 10, 64)
	contracts, lerr := activeContracts(ctx, h.up(c).Cached(), m.CustomerID)
	if lerr != nil {
		return lerr
	}
	i := slices.IndexFunc(contracts, func(k apiclient.Contract) bool { return k.ID == id })
	if err != nil || i < 0 {
		return h.renderContracts(c, http.StatusUnprocessableEntity, i18n.T(ctx, "contracts.invalid"))
	}
	switching := m.ContractID != 0
	bound := *m // the same login: its bookings and lifetime stay
	bound.Login = m.login()
	bound.ContractID, bound.ContractName, bound.Several = id, contracts[i].RateName, len(contracts) > 1
	if err := h.startSession(c, &bound); err != nil {
		return err
	}
	if switching {
		h.log.Info("contract switched", slog.String("studio", s.Slug), slog.Int64("customerId", m.CustomerID))
		h.setFlash(c, views.FlashOK, i18n.T(ctx, "contracts.switched", contracts[i].RateName))
		return redirect(c, h.path(c, routenames.MyModules))
	}
	return redirect(c, h.path(c, routenames.Modules))
}

// Logout handles POST /:studio/logout: the session is revoked server-side, so
// a replayed cookie no longer works.
func (h *Handler) Logout(c echo.Context) error {
	if err := h.endSession(c); err != nil {
		return err
	}
	h.setFlash(c, views.FlashOK, i18n.T(c.Request().Context(), "logout.done"))
	return redirect(c, h.path(c, routenames.Login))
}
