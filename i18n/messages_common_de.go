package i18n

// commonDE holds the layout, errors and shared words in German. The member
// is addressed with "Sie"; an add-on is a "Zusatzleistung".
var commonDE = map[string]string{
	"app.name":                     "Zusatzleistungen",
	"nav.modules":                  "Zusatzleistungen",
	"nav.mymodules":                "Meine Zusatzleistungen",
	"nav.logout":                   "Abmelden",
	"nav.skip":                     "Zum Inhalt springen",
	"title.error":                  "Fehler: %s",
	"meta.description":             "Zusatzleistungen bei %s buchen und verwalten: Preise, Laufzeiten und Kündigungen auf einen Blick.",
	"home.title":                   "Wählen Sie Ihr Studio",
	"home.lead":                    "Wählen Sie das Studio, in dem Sie Mitglied sind.",
	"busy":                         "Bitte warten…",
	"back":                         "Zurück",
	"language.name":                "Deutsch",
	"language.label":               "Sprache",
	"date.monthday":                "%[1]d.\u00a0%[2]s", // "1. Mai", not broken apart
	"error.reference":              "Referenz für Rückfragen:",
	"error.home":                   "Zur Startseite",
	"page.asof":                    "Das System des Studios ist ausgelastet: Diese Seite zeigt den Stand von %s\u00a0Uhr.",
	"error.retry":                  "Erneut versuchen",
	"error.notfound.title":         "Seite nicht gefunden",
	"error.notfound.body":          "Diese Seite gibt es nicht. Vielleicht wurde sie verschoben, oder sie gehört zu einem anderen Mitglied.",
	"error.badrequest.title":       "Das hat nicht geklappt",
	"error.badrequest.body":        "Mit der Anfrage stimmte etwas nicht. Bitte gehen Sie zurück und versuchen Sie es erneut.",
	"error.csrf.title":             "Bitte erneut versuchen",
	"error.csrf.body":              "Zu Ihrer Sicherheit ist dieses Formular abgelaufen. Bitte laden Sie die Seite neu und senden Sie es noch einmal.",
	"error.busy.title":             "Gerade viel los",
	"error.busy.body":              "Das System des Studios ist gerade ausgelastet. Es wurde nichts geändert. Bitte versuchen Sie es gleich noch einmal.",
	"error.slowdown.title":         "Bitte etwas langsamer",
	"error.slowdown.body":          "Sie haben in kurzer Zeit sehr viele Seiten aufgerufen. Es wurde nichts geändert. Bitte warten Sie einen Moment, bevor Sie weitermachen.",
	"footer.website":               "Website des Studios",
	"footer.legal":                 "Rechtliches",
	"footer.imprint":               "Impressum",
	"footer.privacy":               "Datenschutz",
	"footer.terms":                 "AGB",
	"footer.product":               "Buchungen gehen direkt in das Mitgliedersystem des Studios, %s.",
	"error.unavailable.title":      "Vorübergehend nicht erreichbar",
	"error.unavailable.body":       "Das System des Studios ist im Moment nicht erreichbar. Es wurde nichts geändert. Bitte versuchen Sie es in ein paar Minuten erneut.",
	"error.conflict.title":         "Inzwischen hat sich etwas geändert",
	"error.conflict.body":          "Ihre Zusatzleistungen haben sich geändert, während Sie auf dieser Seite waren. Bitte sehen Sie sich den aktuellen Stand an und versuchen Sie es erneut.",
	"error.internal.title":         "Etwas ist schiefgelaufen",
	"error.internal.body":          "Das konnten wir nicht abschließen. Es wurde nichts geändert. Bitte versuchen Sie es später erneut.",
	"error.forbidden.title":        "Nicht erlaubt",
	"error.forbidden.body":         "Dazu sind Sie nicht berechtigt.",
	"error.toolarge.title":         "Zu viele Daten",
	"error.toolarge.body":          "Das Formular enthielt mehr Daten, als wir annehmen.",
	"error.methodnotallowed.title": "Nicht möglich",
	"error.methodnotallowed.body":  "Diese Seite lässt sich so nicht verwenden.",
}

// commonPluralsDE holds the shared messages whose words depend on a number
// (German has "one" and "other"). Terms stand where German uses the
// accusative ("um 1 Monat", "3 Monate vor Ende", "für 14 Tage"). A
// no-break space keeps the number with its unit.
var commonPluralsDE = map[string]Plural{
	"error.retryin": {Arg: 1, Cases: map[string]string{
		"one":   "Sie können es in %d Sekunde erneut versuchen.",
		"other": "Sie können es in %d Sekunden erneut versuchen.",
	}},
	"term.day":   {Arg: 1, Cases: map[string]string{"one": "%d\u00a0Tag", "other": "%d\u00a0Tage"}},
	"term.week":  {Arg: 1, Cases: map[string]string{"one": "%d\u00a0Woche", "other": "%d\u00a0Wochen"}},
	"term.month": {Arg: 1, Cases: map[string]string{"one": "%d\u00a0Monat", "other": "%d\u00a0Monate"}},
	"term.year":  {Arg: 1, Cases: map[string]string{"one": "%d\u00a0Jahr", "other": "%d\u00a0Jahre"}},
}
