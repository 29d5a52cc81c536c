// Package routenames names the portal's studio pages and actions, so links,
// form actions and redirects are built from a route's name (Paths) instead
// of being spelled out where they are used. The route table
// (handlers/routes.go) gives each route its name; the patterns are read
// back from it once, when the routes are registered.
package routenames

// The named routes; every one's first parameter is the studio (:studio).
const (
	StudioHome       = "studio.home"       // the studio's start: add-ons or the login
	Login            = "login"             // the login form and its post
	SSO              = "sso"               // a single sign-on link
	Contracts        = "contracts"         // the choice among several contracts
	Logout           = "logout"            // end the session
	Language         = "language"          // the language switch
	Modules          = "modules"           // the add-ons of the contract
	Module           = "module"            // one add-on (:module)
	ModuleCommitment = "module.commitment" // its commitment for a choice (htmx)
	ModuleContinue   = "module.continue"   // validate a choice, on to the summary
	ModulePending    = "module.pending"    // check a pending booking again
	ModuleBook       = "module.book"       // book (:module)
	BookingSummary   = "booking.summary"   // the summary of a booking (:token)
	Booking          = "booking"           // the outcome of a booking (:token)
	BookingCheck     = "booking.check"     // reconcile a booking again (:token)
	Receipt          = "receipt"           // one receipt (:receipt)
	MyModules        = "mymodules"         // the member's add-on contracts
	ModuleContract   = "mymodule"          // one add-on contract (:mc)
	Cancel           = "mymodule.cancel"   // its cancelation form and the cancelation
	CancelReview     = "mymodule.review"   // the cancelation's review
	Withdraw         = "mymodule.withdraw" // withdrawing its cancelation
)

// All is every name above, for the table's check (NewPaths) and its tests.
func All() []string {
	return []string{
		StudioHome, Login, SSO, Contracts, Logout, Language,
		Modules, Module, ModuleCommitment, ModuleContinue, ModulePending, ModuleBook,
		BookingSummary, Booking, BookingCheck, Receipt,
		MyModules, ModuleContract, Cancel, CancelReview, Withdraw,
	}
}
