package i18n

// authDE holds the messages of login, contract choice and logout in German.
var authDE = map[string]string{
	"login.title":          "Anmelden",
	"login.lead":           "Melden Sie sich mit Ihrer Mitgliedsnummer und Ihrem Geburtsdatum an, um Zusatzleistungen zu buchen und zu verwalten.",
	"login.number":         "Mitgliedsnummer",
	"login.number.hint":    "Sie finden sie auf Ihrer Mitgliedskarte oder Ihrem Vertrag, z.\u00a0B. 1-1001.",
	"login.dob":            "Geburtsdatum",
	"login.dob.hint":       "Zum Beispiel 15.01.1990.",
	"login.submit":         "Anmelden",
	"login.number.missing": "Bitte geben Sie Ihre Mitgliedsnummer ein.",
	"login.number.invalid": "Eine Mitgliedsnummer besteht aus höchstens 32 Buchstaben, Ziffern und Bindestrichen.",
	"login.dob.missing":    "Bitte geben Sie Ihr Geburtsdatum ein.",
	"login.dob.invalid":    "Bitte geben Sie ein gültiges Datum ein, z.\u00a0B. 15.01.1990.",
	"login.failed":         "Mit diesen Angaben konnten wir Sie nicht anmelden. Bitte prüfen Sie Ihre Mitgliedsnummer und Ihr Geburtsdatum.",
	"login.expired":        "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
	"logout.done":          "Sie sind abgemeldet.",
	"contracts.title":      "Vertrag wählen",
	"contracts.lead":       "Sie haben mehr als eine aktive Mitgliedschaft. Zusatzleistungen werden zu einer davon gebucht.",
	"contracts.lead.one":   "Zusatzleistungen werden zu Ihrer aktiven Mitgliedschaft gebucht.",
	"contracts.legend":     "Ihre aktiven Verträge",
	"contracts.since":      "seit %s",
	"contracts.submit":     "Weiter",
	"contracts.invalid":    "Bitte wählen Sie einen Ihrer Verträge.",
	"nocontract.title":     "Keine aktive Mitgliedschaft",
	"nocontract.body":      "Zusatzleistungen können nur zu einer aktiven Mitgliedschaft gebucht werden, und wir haben keine für Sie gefunden. Bitte wenden Sie sich an Ihr Studio.",
}

// authPluralsDE holds the login messages that depend on a number.
var authPluralsDE = map[string]Plural{
	"login.throttled.hours": {Arg: 1, Cases: map[string]string{
		"one":   "Zu viele Versuche. Bitte versuchen Sie es in %d\u00a0Stunde erneut.",
		"other": "Zu viele Versuche. Bitte versuchen Sie es in %d\u00a0Stunden erneut.",
	}},
	"login.throttled": {Arg: 1, Cases: map[string]string{
		"one":   "Zu viele Versuche. Bitte versuchen Sie es in %d\u00a0Minute erneut.",
		"other": "Zu viele Versuche. Bitte versuchen Sie es in %d\u00a0Minuten erneut.",
	}},
}
