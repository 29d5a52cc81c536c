package i18n

// myModulesEN holds the messages of the myModules pages.
var myModulesEN = map[string]string{
	// My modules list.
	"mymodules.title":         "My add-ons",
	"mymodules.empty":         "You have not booked any add-ons yet.",
	"mymodules.empty.browse":  "See the add-ons you can book",
	"mymodules.current":       "Current add-ons",
	"mymodules.current.none":  "You have no current add-ons.",
	"mymodules.past":          "Past add-ons",
	"mymodules.price":         "Price per payment", // the add-on contract names no period, so none is invented
	"mymodules.price.free":    "Free",
	"mymodules.startdate":     "Start",
	"mymodules.enddate":       "End",
	"mymodules.canceldate":    "Cancelation date",
	"mymodules.renews":        "Renews on",          // the end of a current term is no end: it renews then
	"mymodules.termend":       "Current term until", // ... unless its module ends after its term (then "mymodules.enddate")
	"mymodules.trial":         "Trial",
	"mymodules.trial.until":   "until %s",
	"mymodules.reason":        "Reason for the cancelation",
	"mymodules.ratecodes":     "Rate codes",
	"mymodules.backtolist":    "← All my add-ons",
	"mymodules.backtodetail":  "← Back to %s",
	"mymodules.action.cancel": "Cancel this add-on",
	// The action is a verb; the status texts below say "withdrawal" as a noun.
	"mymodules.action.withdraw": "Withdraw cancelation",

	// Statuses, always in words.
	"mymodules.status.active":            "Active",
	"mymodules.status.upcoming":          "Starts on %s",
	"mymodules.status.trial":             "In trial until %s",
	"mymodules.status.cancelpending":     "Cancelation requested, waiting for the studio",
	"mymodules.status.canceled":          "Canceled to %s",
	"mymodules.status.withdrawalpending": "Withdrawal requested, waiting for the studio",
	"mymodules.status.ended":             "Ended on %s",

	// Detail timeline.
	"mymodules.timeline":                     "Timeline",
	"mymodules.timeline.started":             "Started",
	"mymodules.timeline.starts":              "Starts",
	"mymodules.timeline.trial":               "Last day of the trial",
	"mymodules.timeline.lastcancel":          "Last day to give notice to end on %s",
	"mymodules.timeline.cancelrequested":     "Cancelation requested to this date, waiting for the studio",
	"mymodules.timeline.canceledwithdrawing": "Canceled to this date; withdrawal requested",
	"mymodules.timeline.canceled":            "Canceled to this date",
	"mymodules.timeline.ended":               "Ended",
	"mymodules.timeline.ends":                "Ends",
	"mymodules.timeline.renews":              "Renews",
	"mymodules.timeline.termend":             "End of the current term",

	// Cancel form.
	"mymodules.cancel.title":               "Cancel %s",
	"mymodules.cancel.date.legend":         "When should the add-on end?",
	"mymodules.cancel.date.deadline":       "To cancel to %s, your notice must reach the studio by %s.",
	"mymodules.cancel.date.hint":           "You can cancel to one of these dates.",
	"mymodules.cancel.reason.legend":       "Why do you cancel?",
	"mymodules.cancel.review":              "Review cancelation",
	"mymodules.cancel.keep":                "Keep the add-on",
	"mymodules.cancel.fix":                 "Please check the marked fields.",
	"mymodules.cancel.date.missing":        "Please choose the date your add-on should end.",
	"mymodules.cancel.date.invalid":        "Please choose one of the dates listed.",
	"mymodules.cancel.date.unavailable":    "This date is no longer available. Please choose one of the dates listed.",
	"mymodules.cancel.reason.missing":      "Please choose a reason.",
	"mymodules.cancel.reason.invalid":      "Please choose one of the reasons listed.",
	"mymodules.cancel.blocked.ended":       "This add-on has ended, so there is nothing to cancel.",
	"mymodules.cancel.blocked.pending":     "You already asked to cancel this add-on to %s. The studio has not confirmed it yet.",
	"mymodules.cancel.blocked.canceled":    "This add-on is already canceled to %s.",
	"mymodules.cancel.blocked.withdrawing": "You asked to withdraw the cancelation of this add-on. Once the studio has confirmed that, you can cancel again.",
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

	// Withdraw.
	"mymodules.withdraw.title":           "Withdraw the cancelation of %s",
	"mymodules.withdraw.explain":         "If you withdraw the cancelation, the add-on continues as before. Depending on the studio this takes effect right away or once the studio has confirmed it.",
	"mymodules.withdraw.confirm":         "Withdraw the cancelation",
	"mymodules.withdraw.blocked.pending": "You already asked to withdraw this cancelation. It waits for the studio's confirmation.",
	"mymodules.withdraw.blocked.none":    "This add-on has no cancelation to withdraw.",
	"mymodules.withdraw.blocked.ended":   "This add-on has ended; its cancelation can no longer be withdrawn.",
	"mymodules.withdraw.blocked.late":    "This cancelation can no longer be withdrawn online. Please contact the studio.",

	// Outcomes (flash messages after a redirect).
	"mymodules.flash.cancel.pending":   "Your cancelation to %s was sent; it waits for the studio's confirmation.",
	"mymodules.flash.cancel.canceled":  "Your add-on is canceled to %s.",
	"mymodules.flash.cancel.sent":      "Your cancelation to %s was sent.",
	"mymodules.flash.withdraw.pending": "Your withdrawal was sent; it waits for the studio's confirmation.",
	"mymodules.flash.withdraw.done":    "Your cancelation is withdrawn. Your add-on continues.",
	"mymodules.flash.withdraw.sent":    "Your withdrawal was sent.",
	"mymodules.flash.changed":          "This add-on changed in the meantime, so your request was not carried out. Here is its current state.",
	"mymodules.flash.refused":          "The studio's system did not accept your request, so nothing was changed. Here is the add-on's current state; if you need help, please ask the studio.",
	// %s is the studio system's own message, in the member's language where it speaks it.
	"mymodules.flash.refused.said": "The studio's system did not accept your request, so nothing was changed. It said: “%s”",

	// A cancelation or withdrawal without a clear answer: it may have reached
	// the studio, so never "nothing was changed".
	"mymodules.unconfirmed.cancel.title":       "Cancelation not confirmed",
	"mymodules.unconfirmed.withdraw.title":     "Withdrawal not confirmed",
	"mymodules.unconfirmed.cancel.checked":     "We could not confirm your cancelation. It may still reach the studio: check the add-on's status before trying again.",
	"mymodules.unconfirmed.withdraw.checked":   "We could not confirm your withdrawal. It may still reach the studio: check the add-on's status before trying again.",
	"mymodules.unconfirmed.cancel.unchecked":   "We could not confirm whether your cancelation reached the studio: its system did not answer clearly, and we could not look at your add-on afterwards. Please check the add-on's status before trying again.",
	"mymodules.unconfirmed.withdraw.unchecked": "We could not confirm whether your withdrawal reached the studio: its system did not answer clearly, and we could not look at your add-on afterwards. Please check the add-on's status before trying again.",
	"mymodules.unconfirmed.notresent":          "We did not send it a second time.",
	"mymodules.unconfirmed.status":             "Its status when we checked just now: %s.",
	"mymodules.unconfirmed.check":              "Check the add-on's status",
}
