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

	"booking.expired.title":  "This booking form has expired",
	"booking.expired.body":   "A booking form can only be sent once and only for a while. Nothing was booked. Please check the add-on again.",
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
	"booking.uncertain.unmatched":   "We could not match the studio's records to this booking. Please ask the studio.",
	"booking.uncertain.check":       "Check again",
	"booking.uncertain.restart":     "If it still does not appear after checking again, it was not booked and you can book it again from the add-on's page.",

	"booking.processing.title": "Your booking is being processed",
	"booking.processing.body":  "We are sending your booking to the studio. This usually takes a few seconds.",

	"booking.failed.title":    "Not booked",
	"booking.outcome.busy":    "The studio's system is busy right now. Nothing was booked. Please check the add-on again in a minute.",
	"booking.outcome.refused": "The studio's system did not accept this booking. Nothing was booked.",

	"booking.issued.title": "Not booked yet",
	"booking.issued.body":  "This booking has not been sent to the studio. Go back to the add-on to book it.",

	"booking.restart":   "Back to the add-on",
	"booking.reference": "Support reference:",
}
