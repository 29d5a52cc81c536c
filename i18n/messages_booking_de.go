package i18n

// bookingDE holds the messages of the booking pages in German. The book
// button says "zahlungspflichtig" wherever the booking costs money, as
// §312j BGB asks of an order button.
var bookingDE = map[string]string{
	"confirm.title":        "Prüfen und buchen",
	"confirm.lead":         "Bitte prüfen Sie die Angaben. Gebucht wird erst, wenn Sie auf die Schaltfläche klicken.",
	"confirm.notpossible":  "Diese Zusatzleistung kann nicht gebucht werden",
	"confirm.addon":        "Zusatzleistung",
	"confirm.price":        "Preis",
	"confirm.trial":        "Kostenlose Testphase",
	"confirm.trial.none":   "Ohne Testphase",
	"confirm.trial.paying": "Mit Ende der Testphase. Das genaue Datum sehen Sie nach der Buchung unter „Meine Zusatzleistungen“.",
	"confirm.payment":      "Zahlungsbeginn",
	"confirm.start":        "Beginn",
	"confirm.start.today":  "Heute, %s",
	"confirm.terms":        "Laufzeit und Kündigung",
	"confirm.terms.none":   "Es gelten die Bedingungen des Studios.",
	"confirm.change":       "Auswahl ändern",

	"book.button":            "Zahlungspflichtig buchen: %s",
	"book.button.free":       "Kostenlos buchen",
	"book.button.trial":      "Zahlungspflichtig buchen: erst kostenlos testen, dann %s",
	"book.button.trial.free": "Kostenlose Testphase starten",

	"booking.expired.title":  "Dieses Buchungsformular ist abgelaufen",
	"booking.expired.body":   "Ein Buchungsformular gilt nur einmal und nur für kurze Zeit, deshalb wurde dieses nicht gesendet. Bitte prüfen Sie die Zusatzleistung erneut; falls Sie sie schon gebucht haben, zeigt die Prüfung das an.",
	"booking.expired.action": "Zusatzleistung erneut prüfen",

	"booking.booked.title":   "Gebucht",
	"booking.booked.body":    "Ihre Zusatzleistung „%s“ ist gebucht.",
	"booking.booked.generic": "Ihre Zusatzleistung ist gebucht.",
	"booking.booked.link":    "Unter „Meine Zusatzleistungen“ ansehen",
	"booking.booked.price":   "Preis",
	"booking.booked.start":   "Beginn",
	"booking.booked.paying":  "Zahlungsbeginn",

	"booking.uncertain.title":       "Wir konnten Ihre Buchung noch nicht bestätigen",
	"booking.uncertain.body":        "Vom System des Studios kam keine eindeutige Antwort. Ihre Zusatzleistung ist deshalb möglicherweise gebucht, möglicherweise aber auch nicht. Wir haben die Buchung nicht ein zweites Mal gesendet: Sie werden also weder doppelt gebucht noch doppelt belastet.",
	"booking.uncertain.notfound":    "Wir haben Ihren Vertrag geprüft: Die Zusatzleistung ist dort noch nicht zu sehen.",
	"booking.uncertain.unreachable": "Wir konnten das System des Studios nicht erreichen, um Ihren Vertrag zu prüfen.",
	"booking.uncertain.interrupted": "Das Portal wurde neu gestartet, während Ihre Buchung an das Studio unterwegs war, bevor uns die Antwort des Studios erreichte.",
	"booking.uncertain.unmatched":   "Ihr Vertrag zeigt eine neue Zusatzleistung, aber wir konnten nicht erkennen, ob es diese ist. Bitte sehen Sie unter „Meine Zusatzleistungen“ nach oder fragen Sie im Studio.",
	"booking.uncertain.check":       "Erneut prüfen",
	"booking.uncertain.next":        "Bitte buchen Sie sie nicht noch einmal, solange das unklar ist. Prüfen Sie in ein paar Minuten erneut oder sehen Sie unter „Meine Zusatzleistungen“ nach; erscheint sie dort bis morgen nicht, fragen Sie bitte im Studio nach.",
	"booking.mymodules":             "Zu „Meine Zusatzleistungen“",

	"booking.processing.title": "Ihre Buchung wird bearbeitet",
	"booking.processing.body":  "Wir senden Ihre Buchung an das Studio. Das dauert meist nur wenige Sekunden.",

	"booking.failed.title":         "Nicht gebucht",
	"booking.outcome.busy":         "Das System des Studios ist gerade ausgelastet. Es wurde nichts gebucht. Bitte prüfen Sie die Zusatzleistung in einer Minute erneut.",
	"booking.outcome.refused":      "Das System des Studios hat diese Buchung nicht angenommen. Es wurde nichts gebucht.",
	"booking.outcome.pricechanged": "Der Preis dieser Zusatzleistung hat sich seit Ihrer Prüfung geändert. Es wurde nichts gebucht. Bitte prüfen Sie sie erneut, um den aktuellen Preis zu sehen.",

	"booking.issued.title": "Noch nicht gebucht",
	"booking.issued.body":  "Diese Buchung wurde noch nicht an das Studio gesendet. Gehen Sie zurück zur Zusatzleistung, um sie zu buchen.",

	"booking.restart":   "Zurück zur Zusatzleistung",
	"booking.reference": "Referenz für Rückfragen:",
}
