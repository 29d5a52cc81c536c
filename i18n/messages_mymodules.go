package i18n

// myModulesEN holds the messages of the myModules pages.
var myModulesEN = map[string]string{
	// My modules list.
	"mymodules.title":        "My add-ons",
	"mymodules.empty":        "You have not booked any add-ons yet.",
	"mymodules.empty.browse": "See the add-ons you can book",
	"mymodules.current":      "Current add-ons",
	"mymodules.current.none": "You have no current add-ons.",
	"mymodules.past":         "Ended add-ons",
	"mymodules.price":        "Price",
	"mymodules.price.free":   "Free",
	"mymodules.price.once":   "%s once",
	// The studio's data gives the amount but not how often it is charged.
	"mymodules.price.perpayment": "%s per payment",
	"mymodules.price.unknown":    "Not shown by the studio's system",
	"mymodules.next":             "Next payment",
	"mymodules.next.value":       "%s on %s", // amount, date
	"mymodules.startdate":        "Start",
	"mymodules.endson":           "Ends on",
	"mymodules.requestedend":     "Requested end",      // a cancelation the studio has not confirmed yet
	"mymodules.renews":           "Renews after",       // the last day of the current term: it renews the day after
	"mymodules.termend":          "Current term until", // ... unless its module ends after its term (then "mymodules.endson")
	"mymodules.trial":            "Trial",
	"mymodules.trial.until":      "until %s",
	"mymodules.reason":           "Reason for the cancelation",
	"mymodules.receipts":         "Your receipts",
	"mymodules.unavailable":      "Details unavailable right now. What you see comes from your contract; please try again in a moment.",
	"mymodules.backtolist":       "← All my add-ons",
	"mymodules.backtodetail":     "← Back to %s",
	"mymodules.action.cancel":    "Cancel this add-on",
	// Withdrawing a cancelation, in the member's words.
	"mymodules.action.withdraw": "Keep add-on",

	// The monthly total of the current add-ons.
	"mymodules.total.title":  "Monthly total",
	"mymodules.total.none":   "None of your current add-ons is charged every month.",
	"mymodules.total.others": "Not included, as they are charged at other intervals:",

	// Statuses, always in words.
	"mymodules.status.active":            "Active",
	"mymodules.status.upcoming":          "Starts on %s",
	"mymodules.status.trial":             "In trial until %s",
	"mymodules.status.cancelpending":     "Cancelation waiting for the studio",
	"mymodules.status.canceled":          "Canceled, ends on %s",
	"mymodules.status.withdrawalpending": "Keep add-on requested, waiting for the studio",
	"mymodules.status.ended":             "Ended on %s",

	// Detail timeline.
	"mymodules.timeline":                     "Timeline",
	"mymodules.timeline.started":             "Started",
	"mymodules.timeline.starts":              "Starts",
	"mymodules.timeline.trial":               "Last day of the trial",
	"mymodules.timeline.lastcancel":          "Last day to give notice to end on %s",
	"mymodules.timeline.cancelrequested":     "Cancelation requested to this date, waiting for the studio",
	"mymodules.timeline.canceledwithdrawing": "Canceled to this date; you asked to keep the add-on",
	"mymodules.timeline.canceled":            "Canceled to this date",
	"mymodules.timeline.ended":               "Ended",
	"mymodules.timeline.ends":                "Ends",
	"mymodules.timeline.renews":              "Term ends, then renews",
	"mymodules.timeline.termend":             "End of the current term",

	// Cancel form.
	"mymodules.cancel.title":               "Cancel %s",
	"mymodules.cancel.date.legend":         "When should the add-on end?",
	"mymodules.cancel.date.deadline":       "To cancel to %s, your notice must reach the studio by %s.",
	"mymodules.cancel.date.hint":           "You can cancel to one of these dates.",
	"mymodules.cancel.reason.legend":       "Why do you cancel?",
	"mymodules.cancel.review":              "Review cancelation",
	"mymodules.cancel.keep":                "Don't cancel",
	"mymodules.cancel.fix":                 "Please check the marked fields.",
	"mymodules.cancel.date.missing":        "Please choose the date your add-on should end.",
	"mymodules.cancel.date.invalid":        "Please choose one of the dates listed.",
	"mymodules.cancel.date.unavailable":    "This date is no longer available. Please choose one of the dates listed.",
	"mymodules.cancel.reason.missing":      "Please choose a reason.",
	"mymodules.cancel.reason.invalid":      "Please choose one of the reasons listed.",
	"mymodules.cancel.blocked.ended":       "This add-on has ended, so there is nothing to cancel.",
	"mymodules.cancel.blocked.pending":     "You already asked to cancel this add-on to %s. The studio has not confirmed it yet.",
	"mymodules.cancel.blocked.canceled":    "This add-on is already canceled to %s.",
	"mymodules.cancel.blocked.withdrawing": "You asked to keep this add-on. Once the studio has confirmed that, you can cancel again.",
	"mymodules.cancel.blocked.nodates":     "The studio offers no date to cancel this add-on to at the moment. Please contact the studio.",

	// Review.
	"mymodules.review.title":      "Check your cancelation",
	"mymodules.review.addon":      "Add-on",
	"mymodules.review.date":       "Ends on",
	"mymodules.review.reason":     "Reason",
	"mymodules.review.next.title": "What happens next",
	"mymodules.review.next":       "We send your cancelation to the studio. Depending on the studio it takes effect right away or once the studio has confirmed it; My add-ons shows which. Until %s the add-on continues as usual.",
	"mymodules.review.confirm":    "Cancel the add-on to %s",
	"mymodules.review.change":     "Change",

	// Keep add-on (withdrawing a cancelation).
	"mymodules.withdraw.title":           "Keep %s",
	"mymodules.withdraw.explain":         "Keeping the add-on withdraws your cancelation, and the add-on continues as before. Depending on the studio this takes effect right away or once the studio has confirmed it.",
	"mymodules.withdraw.confirm":         "Keep add-on",
	"mymodules.withdraw.blocked.pending": "You already asked to keep this add-on. It waits for the studio's confirmation.",
	"mymodules.withdraw.blocked.none":    "This add-on is not canceled, so there is nothing to keep: it continues.",
	"mymodules.withdraw.blocked.ended":   "This add-on has ended; it can no longer be kept.",
	"mymodules.withdraw.blocked.late":    "This add-on can no longer be kept online. Please contact the studio.",

	// Outcomes (flash messages after a redirect).
	"mymodules.flash.cancel.pending":   "Your cancelation to %s was sent; it waits for the studio's confirmation.",
	"mymodules.flash.cancel.canceled":  "Your add-on is canceled to %s.",
	"mymodules.flash.cancel.sent":      "Your cancelation to %s was sent.",
	"mymodules.flash.withdraw.pending": "Your request to keep the add-on was sent; it waits for the studio's confirmation.",
	"mymodules.flash.withdraw.done":    "Your cancelation is withdrawn. Your add-on continues.",
	"mymodules.flash.withdraw.sent":    "Your request to keep the add-on was sent.",
	"mymodules.flash.changed":          "This add-on changed in the meantime, so your request was not carried out. Here is its current state.",
	"mymodules.flash.refused":          "The studio's system did not accept your request, so nothing was changed. Here is the add-on's current state; if you need help, please ask the studio.",
	// %s is the studio system's own message, in the member's language where it speaks it.
	"mymodules.flash.refused.said": "The studio's system did not accept your request, so nothing was changed. It said: “%s”",

	// A cancelation or withdrawal without a clear answer: it may have reached
	// the studio, so never "nothing was changed".
	"mymodules.unconfirmed.cancel.title":       "Cancelation not confirmed",
	"mymodules.unconfirmed.withdraw.title":     "Keeping the add-on not confirmed",
	"mymodules.unconfirmed.cancel.checked":     "We could not confirm your cancelation. It may still reach the studio: check the add-on's status before trying again.",
	"mymodules.unconfirmed.withdraw.checked":   "We could not confirm that your add-on is kept. Your request may still reach the studio: check the add-on's status before trying again.",
	"mymodules.unconfirmed.cancel.unchecked":   "We could not confirm whether your cancelation reached the studio: its system did not answer clearly, and we could not look at your add-on afterwards. Please check the add-on's status before trying again.",
	"mymodules.unconfirmed.withdraw.unchecked": "We could not confirm whether your request to keep the add-on reached the studio: its system did not answer clearly, and we could not look at your add-on afterwards. Please check the add-on's status before trying again.",
	"mymodules.unconfirmed.notresent":          "We did not send it a second time.",
	"mymodules.unconfirmed.status":             "Its status when we checked just now: %s.",
	"mymodules.unconfirmed.check":              "Check the add-on's status",
}

// myModulesPluralsEN are the myModules messages that depend on a number.
var myModulesPluralsEN = map[string]Plural{
	"mymodules.receipts.link": {Arg: 1, Cases: map[string]string{
		"one":   "%d receipt",
		"other": "%d receipts",
	}},
	"mymodules.total.counted": {Arg: 1, Cases: map[string]string{
		"=1": "For your current add-on charged every month.", "other": "For your %d current add-ons charged every month."}},
	"mymodules.past.show": {Arg: 1, Cases: map[string]string{
		"=1": "Show the ended add-on", "other": "Show the %d ended add-ons"}},
}

// contractsEN are the words of the contract choice and of the header line
// naming the contract a member with several looks at.
var contractsEN = map[string]string{
	"contracts.state.renews":    "Active, renews after %s",
	"contracts.state.ends":      "Active, ends on %s",
	"contracts.state.cancelled": "Canceled, ends on %s",
	"contracts.current":         "Current",
	"contracts.active":          "Contract:",
	"contracts.switch":          "Switch contract",
	"contracts.switched":        "You are now looking at your contract “%s”.",
}
