package i18n

// modulesEN holds the messages of the modules pages: the catalog, one
// add-on with its check, the price sentences and the check results.
var modulesEN = map[string]string{
	"modules.title":            "Add-ons",
	"modules.lead":             "Extras you can add to your membership.",
	"modules.empty.title":      "No add-ons yet",
	"modules.empty.body":       "Your studio does not offer any add-ons online at the moment. Please ask at the front desk.",
	"modules.prices":           "Prices",
	"modules.trial":            "Trial available",
	"modules.booked":           "Booked",
	"modules.booked.link":      "View in My add-ons",
	"modules.notbookable":      "Not bookable online right now",
	"modules.notbookable.hint": "Open it to see why",
	"modules.choose":           "Choose",
	"modules.back":             "Back to add-ons",

	"module.frequency.legend":  "How do you want to pay?",
	"module.trial.label":       "Start with the free trial",
	"module.continue":          "Continue",
	"module.showterms":         "Show the terms of this choice",
	"module.result":            "Why it cannot be booked",
	"module.frequency.invalid": "Please choose one of the payment options shown.",
	"module.trial.invalid":     "This add-on has no trial. Please book it without one.",
	"module.trial.malformed":   "Please use the trial checkbox.",
	"module.form.invalid":      "Please correct the marked fields.",

	"check.purchasable":             "You can book this add-on.",
	"check.alreadypurchased":        "You already have this add-on.",
	"check.alreadypurchased.action": "Go to My add-ons",
	"check.invalidstatus":           "Your membership contract cannot get add-ons at the moment, for example because it is ending. Please contact the studio.",
	"check.notfound":                "The studio no longer offers this add-on.",
	"check.notonline":               "This add-on can only be booked at the studio's front desk.",
	"check.trialnotbookable":        "The free trial is not available for you, for example because you have already used it. You can book the add-on without the trial.",
	"check.trialnotbookable.action": "Continue without the trial",
	"check.trialnotbookable.title":  "The free trial is not available to you",
	"check.unknown":                 "We could not tell whether this add-on can be booked. Please try again later or ask the studio.",
	"check.back.action":             "Back to add-ons",

	"price.free":            "Free",
	"price.onetime":         "One-time %s",
	"price.onetime.short":   "%s one-time",
	"price.recurring":       "%s %s",
	"price.peryear":         "%s per year",
	"price.monthday.part":   "%s on %s",
	"price.monthday":        "%s, every year",
	"price.list.sep":        ", ",
	"price.termbased.first": "%s for the first %s",
	"price.termbased.then":  ", then %s",
	"price.termbased.after": ", then %s after %s",
	// A step's price starts once its term has passed: after 3 months, so
	// from month 4 (the argument is the term plus one).
	"price.termbased.from.day":   "%s from day %d of the contract",
	"price.termbased.from.week":  "%s from week %d of the contract",
	"price.termbased.from.month": "%s from month %d of the contract",
	"price.termbased.from.year":  "%s from year %d of the contract",
	"price.unknown":              "Price on request at the studio",
}

// modulesPluralsEN holds the price words that depend on a number.
var modulesPluralsEN = map[string]Plural{
	// A single unit has its own words ("every month", not "every 1 month"):
	// "=1" is the exact value, not a plural category.
	"price.every.day":   {Arg: 1, Cases: map[string]string{"=1": "every day", "other": "every %d days"}},
	"price.every.week":  {Arg: 1, Cases: map[string]string{"=1": "every week", "other": "every %d weeks"}},
	"price.every.month": {Arg: 1, Cases: map[string]string{"=1": "every month", "other": "every %d months"}},
	"price.every.year":  {Arg: 1, Cases: map[string]string{"=1": "every year", "other": "every %d years"}},
	// The button and step wording: "per month", but "every 12 months".
	"price.per.day":   {Arg: 1, Cases: map[string]string{"=1": "per day", "other": "every %d days"}},
	"price.per.week":  {Arg: 1, Cases: map[string]string{"=1": "per week", "other": "every %d weeks"}},
	"price.per.month": {Arg: 1, Cases: map[string]string{"=1": "per month", "other": "every %d months"}},
	"price.per.year":  {Arg: 1, Cases: map[string]string{"=1": "per year", "other": "every %d years"}},
}
