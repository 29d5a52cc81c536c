package i18n

// commonEN holds the layout, errors and shared words.
var commonEN = map[string]string{
	"app.name":                     "Add-ons",
	"nav.modules":                  "Add-ons",
	"nav.mymodules":                "My add-ons",
	"nav.logout":                   "Log out",
	"nav.skip":                     "Skip to content",
	"title.error":                  "Error: %s", // the title of a page whose form has errors
	"meta.description":             "Book and manage your add-ons at %s: prices, terms and cancelations at a glance.",
	"home.title":                   "Choose your studio",
	"home.lead":                    "Pick the studio where you are a member.",
	"footer.website":               "Studio website",
	"footer.legal":                 "Legal",
	"footer.imprint":               "Imprint",
	"footer.privacy":               "Privacy policy",
	"footer.terms":                 "Terms and conditions",
	"footer.product":               "Bookings go straight into the studio's membership system, %s.",
	"busy":                         "Please wait…",
	"back":                         "Back",
	"language.name":                "English", // the language's own name, for the language switch
	"language.label":               "Language",
	"date.monthday":                "%[1]d %[2]s", // day and CLDR month name of a yearly date: "1 May"
	"error.reference":              "Support reference:",
	"error.home":                   "Back to the start page",
	"page.asof":                    "The studio's system is busy: this page shows what it said at %s.",
	"error.retry":                  "Try again",
	"error.notfound.title":         "Not found",
	"error.notfound.body":          "We could not find that page. It may have moved, or it belongs to someone else.",
	"error.badrequest.title":       "That did not work",
	"error.badrequest.body":        "Something in the request was not right. Please go back and try again.",
	"error.csrf.title":             "Please try again",
	"error.csrf.body":              "For your security this form expired. Please reload the page and send it again.",
	"error.busy.title":             "Busy right now",
	"error.busy.body":              "The studio's system is busy right now. Nothing was changed. Please try again shortly.",
	"error.slowdown.title":         "Please slow down",
	"error.slowdown.body":          "You have opened a lot of pages in a short time. Nothing was changed. Please wait a moment before you continue.",
	"error.unavailable.title":      "Temporarily unavailable",
	"error.unavailable.body":       "The studio's system is not reachable at the moment. Nothing was changed. Please try again in a few minutes.",
	"error.conflict.title":         "That changed in the meantime",
	"error.conflict.body":          "Your add-ons changed while you were on this page. Please look at the current state and try again.",
	"error.internal.title":         "Something went wrong",
	"error.internal.body":          "We could not complete this. Nothing was changed. Please try again later.",
	"error.forbidden.title":        "Not allowed",
	"error.forbidden.body":         "You are not allowed to do that.",
	"error.toolarge.title":         "Too much data",
	"error.toolarge.body":          "The form contained more data than we accept.",
	"error.methodnotallowed.title": "Not possible",
	"error.methodnotallowed.body":  "This page cannot be used that way.",
}

// commonPluralsEN holds the shared messages whose words depend on a number
// (CLDR plural categories; English has "one" and "other").
var commonPluralsEN = map[string]Plural{
	"error.retryin": {Arg: 1, Cases: map[string]string{
		"one":   "You can try again in %d second.",
		"other": "You can try again in %d seconds.",
	}},
	"term.day":   {Arg: 1, Cases: map[string]string{"one": "%d day", "other": "%d days"}},
	"term.week":  {Arg: 1, Cases: map[string]string{"one": "%d week", "other": "%d weeks"}},
	"term.month": {Arg: 1, Cases: map[string]string{"one": "%d month", "other": "%d months"}},
	"term.year":  {Arg: 1, Cases: map[string]string{"one": "%d year", "other": "%d years"}},
}
