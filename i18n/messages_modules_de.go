package i18n

// modulesDE holds the messages of the modules pages in German.
var modulesDE = map[string]string{
	"modules.title":            "Zusatzleistungen",
	"modules.lead":             "Extras, die Sie zu Ihrer Mitgliedschaft hinzubuchen können.",
	"modules.empty.title":      "Noch keine Zusatzleistungen",
	"modules.empty.body":       "Ihr Studio bietet im Moment keine Zusatzleistungen online an. Bitte fragen Sie am Empfang.",
	"modules.prices":           "Preise",
	"modules.trial":            "Kostenlose Testphase",
	"modules.booked":           "Gebucht",
	"modules.booked.link":      "Unter „Meine Zusatzleistungen“ ansehen",
	"modules.notbookable":      "Derzeit nicht online buchbar",
	"modules.notbookable.hint": "Grund ansehen",
	"modules.choose":           "Auswählen",
	"modules.back":             "Zurück zu den Zusatzleistungen",

	"module.frequency.legend":  "Wie möchten Sie zahlen?",
	"module.trial.label":       "Mit der kostenlosen Testphase beginnen",
	"module.continue":          "Weiter",
	"module.showterms":         "Bedingungen für diese Auswahl anzeigen",
	"module.result":            "Warum die Buchung nicht möglich ist",
	"module.frequency.invalid": "Bitte wählen Sie eine der angezeigten Zahlungsoptionen.",
	"module.trial.invalid":     "Für diese Zusatzleistung gibt es keine Testphase. Bitte buchen Sie sie ohne Testphase.",
	"module.trial.malformed":   "Bitte verwenden Sie das Kästchen für die Testphase.",
	"module.form.invalid":      "Bitte korrigieren Sie die markierten Felder.",

	"check.purchasable":             "Sie können diese Zusatzleistung buchen.",
	"check.alreadypurchased":        "Sie haben diese Zusatzleistung bereits gebucht.",
	"check.alreadypurchased.action": "Zu „Meine Zusatzleistungen“",
	"check.invalidstatus":           "Zu Ihrem Mitgliedsvertrag können im Moment keine Zusatzleistungen gebucht werden, zum Beispiel weil er endet. Bitte wenden Sie sich an das Studio.",
	"check.notfound":                "Das Studio bietet diese Zusatzleistung nicht mehr an.",
	"check.notonline":               "Diese Zusatzleistung können Sie nur am Empfang des Studios buchen.",
	"check.trialnotbookable":        "Die kostenlose Testphase steht Ihnen nicht zur Verfügung, zum Beispiel weil Sie sie schon genutzt haben. Sie können die Zusatzleistung ohne Testphase buchen.",
	"check.trialnotbookable.action": "Ohne Testphase weiter",
	"check.trialnotbookable.title":  "Die kostenlose Testphase steht Ihnen nicht zur Verfügung",
	"check.unknown":                 "Wir konnten nicht feststellen, ob diese Zusatzleistung buchbar ist. Bitte versuchen Sie es später erneut oder fragen Sie im Studio.",
	"check.back.action":             "Zurück zu den Zusatzleistungen",

	"price.free":          "Kostenlos",
	"price.onetime":       "Einmalig %s",
	"price.onetime.short": "%s einmalig",
	"price.recurring":     "%s %s",
	"price.peryear":       "%s pro Jahr",
	"price.monthday.part": "%s am %s",
	"price.monthday":      "%s, jedes Jahr",
	"price.list.sep":      ", ",
	// "für die ersten 1 Monat" would be wrong German; "danach" already says
	// the first price holds first.
	"price.termbased.first": "%s für %s",
	"price.termbased.then":  ", danach %s",
	// "12 Monate nach Beginn": the accusative of the term, as the term
	// messages have it ("nach 12 Monaten" would need the dative).
	"price.termbased.after":      ", %[2]s nach Beginn %[1]s",
	"price.termbased.from.day":   "%s ab dem %d. Vertragstag",
	"price.termbased.from.week":  "%s ab der %d. Vertragswoche",
	"price.termbased.from.month": "%s ab dem %d. Vertragsmonat",
	"price.termbased.from.year":  "%s ab dem %d. Vertragsjahr",
	"price.unknown":              "Preis auf Anfrage im Studio",
}

// modulesPluralsDE holds the price words that depend on a number.
var modulesPluralsDE = map[string]Plural{
	"price.every.day":   {Arg: 1, Cases: map[string]string{"=1": "täglich", "other": "alle %d\u00a0Tage"}},
	"price.every.week":  {Arg: 1, Cases: map[string]string{"=1": "wöchentlich", "other": "alle %d\u00a0Wochen"}},
	"price.every.month": {Arg: 1, Cases: map[string]string{"=1": "monatlich", "other": "alle %d\u00a0Monate"}},
	"price.every.year":  {Arg: 1, Cases: map[string]string{"=1": "jährlich", "other": "alle %d\u00a0Jahre"}},
	"price.per.day":     {Arg: 1, Cases: map[string]string{"=1": "pro Tag", "other": "alle %d\u00a0Tage"}},
	"price.per.week":    {Arg: 1, Cases: map[string]string{"=1": "pro Woche", "other": "alle %d\u00a0Wochen"}},
	"price.per.month":   {Arg: 1, Cases: map[string]string{"=1": "pro Monat", "other": "alle %d\u00a0Monate"}},
	"price.per.year":    {Arg: 1, Cases: map[string]string{"=1": "pro Jahr", "other": "alle %d\u00a0Jahre"}},
}
