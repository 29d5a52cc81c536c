package i18n

// authEN holds the messages of login, contract choice and logout.
var authEN = map[string]string{
	"login.title":          "Log in",
	"login.lead":           "Log in with your member number and date of birth to book and manage your add-ons.",
	"login.number":         "Member number",
	"login.number.hint":    "You find it on your membership card or contract, e.g. 1-1001.",
	"login.dob":            "Date of birth",
	"login.dob.hint":       "For example 1990-01-15.",
	"login.submit":         "Log in",
	"login.number.missing": "Please enter your member number.",
	"login.number.invalid": "A member number has up to 32 letters, digits and dashes.",
	"login.dob.missing":    "Please enter your date of birth.",
	"login.dob.invalid":    "Please enter a real date, e.g. 1990-01-15.",
	"login.failed":         "We could not log you in with these details. Please check your member number and date of birth.",
	"login.expired":        "Your session has ended. Please log in again.",
	"logout.done":          "You are logged out.",
	"contracts.title":      "Choose your contract",
	"contracts.lead":       "You have more than one active membership. Add-ons are booked onto one of them.",
	"contracts.lead.one":   "Add-ons are booked onto your active membership.",
	"contracts.legend":     "Your active contracts",
	"contracts.since":      "since %s",
	"contracts.submit":     "Continue",
	"contracts.invalid":    "Please choose one of your contracts.",
	"nocontract.title":     "No active membership",
	"nocontract.body":      "Add-ons can only be booked onto an active membership, and we found none for you. Please contact your studio.",
}

// authPluralsEN holds the login messages that depend on a number.
var authPluralsEN = map[string]Plural{
	"login.throttled.hours": {Arg: 1, Cases: map[string]string{
		"one":   "Too many attempts. Please try again in %d hour.",
		"other": "Too many attempts. Please try again in %d hours.",
	}},
	"login.throttled": {Arg: 1, Cases: map[string]string{
		"one":   "Too many attempts. Please try again in %d minute.",
		"other": "Too many attempts. Please try again in %d minutes.",
	}},
}
