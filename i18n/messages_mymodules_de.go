package i18n

// myModulesDE holds the messages of the myModules pages in German. A
// cancelation is a "Kündigung"; withdrawing it is "Kündigung zurücknehmen",
// the noun "Rücknahme der Kündigung".
var myModulesDE = map[string]string{
	// My modules list.
	"mymodules.title":            "Meine Zusatzleistungen",
	"mymodules.empty":            "Sie haben noch keine Zusatzleistungen gebucht.",
	"mymodules.empty.browse":     "Buchbare Zusatzleistungen ansehen",
	"mymodules.current":          "Aktuelle Zusatzleistungen",
	"mymodules.current.none":     "Sie haben keine aktuellen Zusatzleistungen.",
	"mymodules.past":             "Beendete Zusatzleistungen",
	"mymodules.price":            "Preis",
	"mymodules.price.free":       "Kostenlos",
	"mymodules.price.once":       "%s einmalig",
	"mymodules.price.perpayment": "%s je Zahlung",
	"mymodules.price.unknown":    "Im System des Studios nicht angegeben",
	"mymodules.next":             "Nächste Zahlung",
	"mymodules.next.value":       "%s am %s",
	"mymodules.startdate":        "Beginn",
	"mymodules.endson":           "Endet am",
	"mymodules.requestedend":     "Gewünschtes Ende",
	"mymodules.renews":           "Verlängert sich nach dem",
	"mymodules.termend":          "Aktuelle Laufzeit bis",
	"mymodules.timeline.renews":  "Laufzeitende, danach Verlängerung",
	"mymodules.timeline.termend": "Ende der aktuellen Laufzeit",
	"mymodules.trial":            "Testphase",
	"mymodules.trial.until":      "bis %s",
	"mymodules.reason":           "Kündigungsgrund",
	"mymodules.receipts":         "Ihre Belege",
	"mymodules.unavailable":      "Details sind im Moment nicht abrufbar. Die Angaben stammen aus Ihrem Vertrag; bitte versuchen Sie es gleich noch einmal.",
	"mymodules.backtolist":       "← Alle meine Zusatzleistungen",
	"mymodules.backtodetail":     "← Zurück zu „%s“",
	"mymodules.action.cancel":    "Diese Zusatzleistung kündigen",
	"mymodules.action.withdraw":  "Kündigung zurücknehmen",

	// Die monatliche Summe der aktuellen Zusatzleistungen.
	"mymodules.total.title":  "Monatliche Summe",
	"mymodules.total.none":   "Keine Ihrer aktuellen Zusatzleistungen wird monatlich abgerechnet.",
	"mymodules.total.others": "Nicht enthalten, da in anderen Abständen abgerechnet:",

	// Statuses, always in words.
	"mymodules.status.active":            "Aktiv",
	"mymodules.status.upcoming":          "Beginnt am %s",
	"mymodules.status.trial":             "In der Testphase bis %s",
	"mymodules.status.cancelpending":     "Kündigung wartet auf Bestätigung durch das Studio",
	"mymodules.status.canceled":          "Gekündigt, endet am %s",
	"mymodules.status.withdrawalpending": "Rücknahme der Kündigung wartet auf Bestätigung durch das Studio",
	"mymodules.status.ended":             "Beendet am %s",

	// Detail timeline.
	"mymodules.timeline":                     "Verlauf",
	"mymodules.timeline.started":             "Begonnen",
	"mymodules.timeline.starts":              "Beginnt",
	"mymodules.timeline.trial":               "Letzter Tag der Testphase",
	"mymodules.timeline.lastcancel":          "Letzter Tag für eine Kündigung zum %s",
	"mymodules.timeline.cancelrequested":     "Kündigung zu diesem Datum eingereicht, Bestätigung durch das Studio steht aus",
	"mymodules.timeline.canceledwithdrawing": "Zu diesem Datum gekündigt; Rücknahme der Kündigung eingereicht",
	"mymodules.timeline.canceled":            "Zu diesem Datum gekündigt",
	"mymodules.timeline.ended":               "Beendet",
	"mymodules.timeline.ends":                "Endet",

	// Cancel form.
	"mymodules.cancel.title":               "„%s“ kündigen",
	"mymodules.cancel.date.legend":         "Wann soll die Zusatzleistung enden?",
	"mymodules.cancel.date.deadline":       "Damit Ihre Kündigung zum %s wirkt, muss sie bis zum %s beim Studio eingehen.",
	"mymodules.cancel.date.hint":           "Sie können zu einem dieser Termine kündigen.",
	"mymodules.cancel.reason.legend":       "Warum kündigen Sie?",
	"mymodules.cancel.review":              "Kündigung prüfen",
	"mymodules.cancel.keep":                "Nicht kündigen",
	"mymodules.cancel.fix":                 "Bitte prüfen Sie die markierten Felder.",
	"mymodules.cancel.date.missing":        "Bitte wählen Sie das Datum, zu dem Ihre Zusatzleistung enden soll.",
	"mymodules.cancel.date.invalid":        "Bitte wählen Sie eines der aufgeführten Daten.",
	"mymodules.cancel.date.unavailable":    "Dieses Datum ist nicht mehr verfügbar. Bitte wählen Sie eines der aufgeführten Daten.",
	"mymodules.cancel.reason.missing":      "Bitte wählen Sie einen Grund.",
	"mymodules.cancel.reason.invalid":      "Bitte wählen Sie einen der aufgeführten Gründe.",
	"mymodules.cancel.blocked.ended":       "Diese Zusatzleistung ist beendet, es gibt nichts zu kündigen.",
	"mymodules.cancel.blocked.pending":     "Sie haben diese Zusatzleistung bereits zum %s gekündigt. Das Studio hat die Kündigung noch nicht bestätigt.",
	"mymodules.cancel.blocked.canceled":    "Diese Zusatzleistung ist bereits zum %s gekündigt.",
	"mymodules.cancel.blocked.withdrawing": "Sie haben die Rücknahme der Kündigung dieser Zusatzleistung beantragt. Sobald das Studio sie bestätigt hat, können Sie erneut kündigen.",
	"mymodules.cancel.blocked.nodates":     "Das Studio bietet im Moment kein Datum an, zu dem Sie diese Zusatzleistung kündigen können. Bitte wenden Sie sich an das Studio.",

	// Review.
	"mymodules.review.title":      "Ihre Kündigung prüfen",
	"mymodules.review.addon":      "Zusatzleistung",
	"mymodules.review.date":       "Endet am",
	"mymodules.review.reason":     "Grund",
	"mymodules.review.next.title": "So geht es weiter",
	"mymodules.review.next":       "Wir senden Ihre Kündigung an das Studio. Je nach Studio wird sie sofort wirksam oder erst, wenn das Studio sie bestätigt hat; unter „Meine Zusatzleistungen“ sehen Sie, was zutrifft. Bis zum %s läuft die Zusatzleistung wie gewohnt weiter.",
	"mymodules.review.confirm":    "Zusatzleistung zum %s kündigen",
	"mymodules.review.change":     "Ändern",

	// Withdraw.
	"mymodules.withdraw.title":           "Kündigung von „%s“ zurücknehmen",
	"mymodules.withdraw.explain":         "Ihre Kündigung wird zurückgenommen und die Zusatzleistung läuft weiter wie bisher. Je nach Studio wird das sofort wirksam oder erst, wenn das Studio es bestätigt hat.",
	"mymodules.withdraw.confirm":         "Kündigung zurücknehmen",
	"mymodules.withdraw.blocked.pending": "Sie haben die Rücknahme dieser Kündigung bereits beantragt. Sie wartet auf die Bestätigung des Studios.",
	"mymodules.withdraw.blocked.none":    "Diese Zusatzleistung ist nicht gekündigt, es gibt keine Kündigung zurückzunehmen: Sie läuft weiter.",
	"mymodules.withdraw.blocked.ended":   "Diese Zusatzleistung ist beendet; ihre Kündigung kann nicht mehr zurückgenommen werden.",
	"mymodules.withdraw.blocked.late":    "Diese Kündigung kann online nicht mehr zurückgenommen werden. Bitte wenden Sie sich an das Studio.",

	// Outcomes (flash messages after a redirect).
	"mymodules.flash.refused":          "Das System des Studios hat Ihre Anfrage nicht angenommen, es wurde nichts geändert. Hier sehen Sie den aktuellen Stand der Zusatzleistung; wenn Sie Hilfe brauchen, wenden Sie sich bitte an Ihr Studio.",
	"mymodules.flash.refused.said":     "Das System des Studios hat Ihre Anfrage nicht angenommen, es wurde nichts geändert. Die Meldung lautete: „%s“",
	"mymodules.flash.cancel.pending":   "Ihre Kündigung zum %s wurde gesendet; sie wartet auf die Bestätigung des Studios.",
	"mymodules.flash.cancel.canceled":  "Ihre Zusatzleistung ist zum %s gekündigt.",
	"mymodules.flash.cancel.sent":      "Ihre Kündigung zum %s wurde gesendet.",
	"mymodules.flash.withdraw.pending": "Die Rücknahme Ihrer Kündigung wurde gesendet; sie wartet auf die Bestätigung des Studios.",
	"mymodules.flash.withdraw.done":    "Ihre Kündigung ist zurückgenommen. Ihre Zusatzleistung läuft weiter.",
	"mymodules.flash.withdraw.sent":    "Die Rücknahme Ihrer Kündigung wurde gesendet.",
	"mymodules.flash.changed":          "Diese Zusatzleistung hat sich inzwischen geändert, deshalb wurde Ihre Anfrage nicht ausgeführt. Hier sehen Sie den aktuellen Stand.",

	// A cancelation or withdrawal without a clear answer: it may have reached
	// the studio, so never "es wurde nichts geändert".
	"mymodules.unconfirmed.cancel.title":       "Kündigung nicht bestätigt",
	"mymodules.unconfirmed.withdraw.title":     "Rücknahme der Kündigung nicht bestätigt",
	"mymodules.unconfirmed.cancel.checked":     "Wir konnten Ihre Kündigung nicht bestätigen. Sie kann das Studio trotzdem noch erreichen: Prüfen Sie den Status der Zusatzleistung, bevor Sie es erneut versuchen.",
	"mymodules.unconfirmed.withdraw.checked":   "Wir konnten die Rücknahme Ihrer Kündigung nicht bestätigen. Sie kann das Studio trotzdem noch erreichen: Prüfen Sie den Status der Zusatzleistung, bevor Sie es erneut versuchen.",
	"mymodules.unconfirmed.cancel.unchecked":   "Wir konnten nicht bestätigen, ob Ihre Kündigung beim Studio angekommen ist: Sein System hat nicht eindeutig geantwortet, und wir konnten Ihre Zusatzleistung danach nicht abrufen. Bitte prüfen Sie den Status der Zusatzleistung, bevor Sie es erneut versuchen.",
	"mymodules.unconfirmed.withdraw.unchecked": "Wir konnten nicht bestätigen, ob die Rücknahme Ihrer Kündigung beim Studio angekommen ist: Sein System hat nicht eindeutig geantwortet, und wir konnten Ihre Zusatzleistung danach nicht abrufen. Bitte prüfen Sie den Status der Zusatzleistung, bevor Sie es erneut versuchen.",
	"mymodules.unconfirmed.notresent":          "Wir haben sie nicht ein zweites Mal gesendet.",
	"mymodules.unconfirmed.status":             "Status der Zusatzleistung bei unserer Prüfung eben: %s.",
	"mymodules.unconfirmed.check":              "Status der Zusatzleistung prüfen",
}

// myModulesPluralsDE are the myModules messages that depend on a number.
var myModulesPluralsDE = map[string]Plural{
	"mymodules.receipts.link": {Arg: 1, Cases: map[string]string{
		"one":   "%d\u00a0Beleg",
		"other": "%d\u00a0Belege",
	}},
	"mymodules.total.counted": {Arg: 1, Cases: map[string]string{
		"=1": "Für Ihre aktuelle Zusatzleistung mit monatlicher Zahlung.", "other": "Für Ihre %d aktuellen Zusatzleistungen mit monatlicher Zahlung."}},
	"mymodules.past.show": {Arg: 1, Cases: map[string]string{
		"=1": "Beendete Zusatzleistung anzeigen", "other": "Die %d beendeten Zusatzleistungen anzeigen"}},
}

// contractsDE are the words of the contract choice and of the header line
// naming the contract a member with several looks at.
var contractsDE = map[string]string{
	"contracts.state.renews":    "Aktiv, verlängert sich nach dem %s",
	"contracts.state.ends":      "Aktiv, endet am %s",
	"contracts.state.cancelled": "Gekündigt, endet am %s",
	"contracts.current":         "Aktuell",
	"contracts.active":          "Vertrag:",
	"contracts.switch":          "Vertrag wechseln",
	"contracts.switched":        "Sie sehen jetzt Ihren Vertrag „%s“.",
}
