package i18n

// bookingEN holds the messages of the booking pages: the summary before
// money moves, the book button and every outcome of a booking.
var bookingEN = map[string]string{
	"confirm.title":        "Check and book",
	"confirm.lead":         "Please check the details. Nothing is booked until you press the button.",
	"confirm.notpossible":  "This add-on cannot be booked",
	"confirm.addon":        "Add-on",
	"confirm.price":        "Price",
	"confirm.trial":        "Free trial",
	"confirm.trial.none":   "Without a trial",
	"confirm.trial.paying": "When the trial ends. My add-ons shows the exact date once it is booked.",
	"confirm.payment":      "Paying starts",
	"confirm.start":        "Starts",
	"confirm.start.today":  "Today, %s",
	"confirm.terms":        "Term and cancelation",
	"confirm.terms.none":   "The studio's terms apply.",
	"confirm.change":       "Change my choice",

	"book.button":            "Book for %s",
	"book.button.free":       "Book for free",
	"book.button.trial":      "Start free trial, then %s",
	"book.button.trial.free": "Start free trial",

	"booking.expired.title": "This booking form has expired",
	// Said of this form only: an earlier send of it may have booked.
	"booking.expired.body":   "A booking form works only once and only for a while, so this one was not sent. Please check the add-on again; if you have booked it already, the check says so.",
	"booking.expired.action": "Check the add-on again",

	"booking.booked.title":   "Booked",
	"booking.booked.body":    "Your add-on %s is booked.",
	"booking.booked.generic": "Your add-on is booked.",
	"booking.booked.link":    "View it in My add-ons",
	"booking.booked.price":   "Price",
	"booking.booked.start":   "Starts",
	"booking.booked.paying":  "Paying starts",

	"booking.uncertain.title":       "We could not confirm your booking yet",
	"booking.uncertain.body":        "We did not get a clear answer from the studio's system, so your add-on may or may not be booked. We did not send the booking a second time, so you will not be booked or charged twice.",
	"booking.uncertain.notfound":    "We checked your contract: the add-on does not appear on it yet.",
	"booking.uncertain.unreachable": "We could not reach the studio's system to check your contract.",
	"booking.uncertain.interrupted": "The portal was restarted while your booking was on its way to the studio, before the studio's answer reached us.",
	"booking.uncertain.unmatched":   "Your contract shows a new add-on, but we could not tell whether it is this one. Please look in My add-ons or ask the studio.",
	"booking.uncertain.check":       "Check again",
	"booking.uncertain.next":        "Please do not book it again while this is unclear. Check again in a few minutes or look in My add-ons; if it does not show there by tomorrow, please ask the studio.",
	"booking.mymodules":             "Go to My add-ons",

	"booking.processing.title": "Your booking is being processed",
	"booking.processing.body":  "We are sending your booking to the studio. This usually takes a few seconds.",

	"booking.failed.title":         "Not booked",
	"booking.outcome.busy":         "The studio's system is busy right now. Nothing was booked. Please check the add-on again in a minute.",
	"booking.outcome.refused":      "The studio's system did not accept this booking. Nothing was booked.",
	"booking.outcome.pricechanged": "The price of this add-on changed since you checked it. Nothing was booked. Please check it again to see the current price.",

	"booking.issued.title": "Not booked yet",
	"booking.issued.body":  "This booking has not been sent to the studio. Go back to the add-on to book it.",

	"booking.restart":   "Back to the add-on",
	"booking.reference": "Support reference:",
}
