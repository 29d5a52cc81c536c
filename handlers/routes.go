package handlers

import (
	"log/slog"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/studio-addons/portal/compress"
	"github.com/studio-addons/portal/routenames"
	"github.com/studio-addons/portal/static"
)

// maxBody bounds every request body; the portal's forms are tiny.
const maxBody = "32K"

// routes is the portal's one route table. The studio's pages and actions
// are named (package routenames): links and redirects are built from the
// names (Handler.path, views.Page.Path), never spelled out.
func (h *Handler) routes(e *echo.Echo) {
	e.Use(compress.Middleware(compress.Config{})) // outermost: error pages are compressed too
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisablePrintStack: true,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			h.log.Error("panic", slog.String("path", c.Path()), slog.Any("err", err), slog.String("stack", string(stack)))
			return err
		},
	}))
	e.Use(h.observe, h.securityHeaders)

	// Machine to machine: no session, no CSRF token; the webhook key decides.
	e.POST("/webhooks", h.Webhook, middleware.BodyLimit("64K")) // the studios' events: drop what changed from the cache

	site := e.Group("", middleware.BodyLimit(maxBody), h.csrf, h.locale)
	site.GET("/healthz", h.Healthz)                                              // liveness: the process answers
	site.GET("/readyz", h.Readyz)                                                // readiness: every studio's API key works (cached)
	site.GET(static.Prefix+"*", echo.WrapHandler(static.Handler(h.deps.Assets))) // fingerprinted CSS, JS, images, studio stylesheets and logos
	site.GET("/", h.Home)                                                        // one studio: its login; several: the list
	site.GET("/embed.js", h.EmbedScript)                                         // the script a studio's website frames the portal with

	s := site.Group("/:studio", h.studio, h.loadSession)
	s.GET("", h.StudioHome)                                            // → modules when logged in, else login
	s.GET("/", h.StudioHome).Name = routenames.StudioHome              // same, with the trailing slash
	s.GET("/login", h.LoginPage).Name = routenames.Login               // login form
	s.POST("/login", h.Login).Name = routenames.Login                  // member number + date of birth
	s.GET("/sso", h.SSO).Name = routenames.SSO                         // a link signed by the studio's website or app: logged in without the form
	s.GET("/contracts", h.ContractsPage).Name = routenames.Contracts   // choose among several active contracts
	s.POST("/contracts", h.ChooseContract).Name = routenames.Contracts // bind the session to the chosen contract
	s.POST("/logout", h.Logout).Name = routenames.Logout               // end and revoke the session
	s.POST("/language", h.SetLanguage).Name = routenames.Language      // the footer's language switch, then back to the page

	// A contract bound to the session; trackWrites keeps the writes a
	// shutdown must record (inflight.go).
	m := s.Group("", h.requireContract, h.trackWrites)
	m.GET("/modules", h.ModulesPage).Name = routenames.Modules                                // add-ons purchasable for the contract, booked ones marked
	m.GET("/modules/:module", h.ModulePage).Name = routenames.Module                          // one add-on: frequency, trial, commitment, Continue
	m.GET("/modules/:module/commitment", h.CommitmentPart).Name = routenames.ModuleCommitment // the commitment of a changed choice (htmx; else the page)
	m.POST("/modules/:module/continue", h.Continue).Name = routenames.ModuleContinue          // validate, issue a booking token, on to its summary
	m.POST("/modules/:module/pending", h.CheckPending).Name = routenames.ModulePending        // check a pending booking of the add-on again (reads only)
	m.POST("/modules/:module/book", h.Book).Name = routenames.ModuleBook                      // claim the token, check the price, purchase
	m.GET("/bookings/:token/summary", h.SummaryPage).Name = routenames.BookingSummary         // the summary before money moves; a used token → its outcome
	m.GET("/bookings/:token", h.BookingPage).Name = routenames.Booking                        // outcome of a booking (PRG target)
	m.POST("/bookings/:token/check", h.CheckBooking).Name = routenames.BookingCheck           // reconcile an unconfirmed booking again
	m.GET("/receipts/:receipt", h.ReceiptPage).Name = routenames.Receipt                      // a booking's, cancelation's or withdrawal's receipt
	m.GET("/my-modules", h.MyModulesPage).Name = routenames.MyModules                         // every add-on contract on the contract
	m.GET("/my-modules/:mc", h.ModuleContractPage).Name = routenames.ModuleContract           // one add-on contract with its timeline
	m.GET("/my-modules/:mc/cancel", h.CancelPage).Name = routenames.Cancel                    // choose date and reason
	m.POST("/my-modules/:mc/cancel/review", h.CancelReview).Name = routenames.CancelReview    // summary of the cancelation (no write)
	m.POST("/my-modules/:mc/cancel", h.Cancel).Name = routenames.Cancel                       // cancel upstream
	m.GET("/my-modules/:mc/withdraw", h.WithdrawPage).Name = routenames.Withdraw              // confirm withdrawing a cancelation
	m.POST("/my-modules/:mc/withdraw", h.Withdraw).Name = routenames.Withdraw                 // withdraw upstream
}

// routePaths reads the named routes' patterns back from e's table, once,
// after routes registered them.
func routePaths(e *echo.Echo) (*routenames.Paths, error) {
	var table []routenames.Route
	for _, r := range e.Routes() {
		table = append(table, routenames.Route{Name: r.Name, Path: r.Path})
	}
	return routenames.NewPaths(table)
}

// path is the path of the route name in the request's studio: the studio
// fills the route's first parameter, params the others.
func (h *Handler) path(c echo.Context, name string, params ...any) string {
	return h.paths.In(currentStudio(c).Slug, name, params...)
}
