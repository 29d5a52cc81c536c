package i18n

// bookingEN holds the messages of the booking pages.
var bookingEN = map[string]string{}
