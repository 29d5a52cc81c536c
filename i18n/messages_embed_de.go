package i18n

// embedDE holds the messages of the portal inside a studio's website and
// of single sign-on links in German.
var embedDE = map[string]string{
	"error.nocookies.title": "Bitte öffnen Sie die Zusatzleistungen in einem neuen Tab",
	"error.nocookies.body":  "Ihr Browser speichert innerhalb der Website Ihres Studios keine Cookies für die Zusatzleistungen, daher ist eine Anmeldung hier nicht möglich. In einem neuen Tab funktioniert alles wie gewohnt.",
	"error.newtab":          "In neuem Tab öffnen",
	"sso.invalid":           "Dieser Anmeldelink ist ungültig. Bitte öffnen Sie die Zusatzleistungen erneut über die Website oder App Ihres Studios, oder melden Sie sich mit Ihrer Mitgliedsnummer an.",
	"sso.expired":           "Dieser Anmeldelink ist abgelaufen (Links gelten 5 Minuten). Bitte öffnen Sie die Zusatzleistungen erneut über die Website oder App Ihres Studios, oder melden Sie sich mit Ihrer Mitgliedsnummer an.",
	"sso.used":              "Dieser Anmeldelink wurde bereits verwendet. Bitte öffnen Sie die Zusatzleistungen erneut über die Website oder App Ihres Studios, oder melden Sie sich mit Ihrer Mitgliedsnummer an.",
	"sso.notmember":         "Mit diesem Link konnten wir Sie nicht anmelden: Zusatzleistungen sind Mitgliedern des Studios vorbehalten. Bitte wenden Sie sich an Ihr Studio.",
}
