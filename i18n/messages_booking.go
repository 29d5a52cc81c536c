package i18n

// bookingEN holds the messages of the booking pages: the summary before
// money moves, the book button and every outcome of a booking.
var bookingEN = map[string]string{
	"confirm.title":       "Check and book",
	"confirm.lead":        "Please check the details. Nothing is booked until you press the button.",
	"confirm.notpossible": "This add-on cannot be booked",
	"confirm.addon":       "Add-on",
	"confirm.price":       "Price",
	"confirm.trial":       "Free trial",
	"confirm.trial.none":  "Without a trial",
	"confirm.payment":     "Paying starts",
	"confirm.start":       "Starts",
	"confirm.start.today": "Today, %s",
	"confirm.change":      "Change my choice",

	"book.button":            "Book and pay %s",
	"book.button.free":       "Book for free",
	"book.button.trial":      "Book: free trial first, then pay %s",
	"book.button.trial.free": "Start free trial",

	"booking.expired.title": "This booking form has expired",
	// Said of this form only: an earlier send of it may have booked.
	"booking.expired.body":   "A booking form works only once and only for a while, so this one was not sent. Please open the add-on again; if you have booked it already, it says so there.",
	"booking.expired.action": "Open the add-on again",

	"booking.booked.title":      "Booked",
	"booking.booked.body":       "Your add-on %s is booked.",
	"booking.booked.generic":    "Your add-on is booked.",
	"booking.booked.link":       "View it in My add-ons",
	"booking.booked.price":      "Price",
	"booking.booked.commitment": "What you agreed to",

	"booking.uncertain.title":       "We could not confirm your booking yet",
	"booking.uncertain.body":        "We did not get a clear answer from the studio's system, so your add-on may or may not be booked. We did not send the booking a second time, so you will not be booked or charged twice.",
	"booking.uncertain.notfound":    "We checked your contract: the add-on does not appear on it yet.",
	"booking.uncertain.unreachable": "We could not reach the studio's system to check your contract.",
	"booking.uncertain.interrupted": "The portal was restarted while your booking was on its way to the studio, before the studio's answer reached us.",
	"booking.uncertain.unmatched":   "Your contract shows a new add-on, but we could not tell whether it is this one. Please look in My add-ons or ask the studio.",
	"booking.uncertain.check":       "Check again",
	"booking.uncertain.next":        "Please do not book it again while this is unclear. Check again in a few minutes or look in My add-ons; if it does not show there by tomorrow, please ask the studio.",
	"booking.mymodules":             "Go to My add-ons",
	// The studio's system took longer than the booking may take: the
	// purchase may still land.
	"booking.uncertain.timeout": "The studio's system did not answer in time, so we could not check your contract yet.",

	// A booking of the add-on is not settled: no new one is offered.
	"booking.pending.title": "Your booking is not confirmed yet",
	"booking.pending.body":  "You have just booked %s, and we do not know yet whether the studio's system took it. So that you are not booked twice, you cannot book it again until this is clear.",

	"booking.processing.title": "Your booking is being processed",
	"booking.processing.body":  "We are sending your booking to the studio. This usually takes a few seconds.",

	"booking.failed.title":         "Not booked",
	"booking.outcome.busy":         "The studio's system is busy right now. Nothing was booked. Please try again in a minute.",
	"booking.outcome.refused":      "The studio's system did not accept this booking. Nothing was booked.",
	"booking.outcome.pricechanged": "The price or terms of this add-on changed since you saw them. Nothing was booked. Please open it again to see the current ones.",

	"booking.issued.title": "Not booked yet",
	"booking.issued.body":  "This booking has not been sent to the studio. Go back to the add-on to book it.",

	"booking.restart":   "Back to the add-on",
	"booking.reference": "Support reference:",

	// What booking commits to (§312j BGB), on the add-on page, the summary
	// and the receipt. "Unknown" facts are said, never guessed.
	"commitment.heading":         "What you commit to",
	"commitment.term":            "Minimum term",
	"commitment.until":           "%[1]s, until %[2]s",
	"commitment.unknown":         "Not given in the studio's data",
	"commitment.trial.unknown":   "Yes; the studio's data does not give its length",
	"commitment.paying.unknown":  "When the trial ends; the studio's data does not give the date",
	"commitment.renewal":         "Afterwards",
	"commitment.renewal.extends": "It renews by %s at a time unless you cancel in time.",
	"commitment.renewal.ends":    "It ends by itself; you do not need to cancel.",
	"commitment.notice":          "Notice period",
	"commitment.notice.value":    "%s before the end of a term",
	"commitment.notice.both":     "%[1]s before the end of the minimum term, %[2]s before the end of a renewal",
	"commitment.notice.none":     "None needed",
	"commitment.earliest":        "If you cancel right away",
	"commitment.earliest.value":  "It ends on %[1]s at the earliest. Your notice must reach the studio by %[2]s.",
	"commitment.earliest.ends":   "It ends on %s.",
	"commitment.earliest.cost":   "Cost until then: %s",
	"commitment.total":           "Total for the minimum term",

	// A schedule of payments in words.
	"schedule.unknown": "cannot be worked out from the studio's data",
	"schedule.free":    "nothing to pay",
	"schedule.none":    "no payment falls due",
	"schedule.single":  "%[1]s, due on %[2]s",
	"schedule.on":      "%[1]s on %[2]s",
	"schedule.run":     "%[1]d payments of %[2]s, from %[3]s to %[4]s",
	"schedule.then":    ", then ",
	"schedule.total":   "%[1]s (%[2]s)",

	// Receipts of a booking, a cancelation and a kept add-on.
	"receipt.link":              "View and print the receipt",
	"receipt.title.booking":     "Receipt: %s booked",
	"receipt.title.cancelation": "Receipt: %s canceled",
	"receipt.title.withdrawal":  "Receipt: %s kept",
	"receipt.lead":              "Keep this page as your record of the change.",
	"receipt.studio":            "Studio",
	"receipt.received":          "Received by the studio's system",
	"receipt.received.at":       "%[1]s, %[2]s %[3]s",
	"receipt.reference":         "Support reference",
	"receipt.print":             "Print",
	"receipt.pdf":               "To keep it as a PDF, print it and choose “Save as PDF” in your browser's print dialog.",
	"receipt.back":              "View the add-on in My add-ons",
	"receipt.canceledto":        "Canceled to",
	"receipt.reason":            "Reason",
	"receipt.withdrawn":         "Your request",
	"receipt.withdrawn.value":   "Keep the add-on: withdraw the cancelation to %s.",
	"receipt.outcome":           "Status",
	"receipt.outcome.waiting":   "Waiting for the studio's confirmation",
	"receipt.outcome.canceled":  "Canceled",
	"receipt.outcome.kept":      "Kept: the cancelation is withdrawn",
	"receipt.outcome.sent":      "Sent to the studio",
}
