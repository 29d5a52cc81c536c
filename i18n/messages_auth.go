package i18n

// authEN holds the messages of the auth pages.
var authEN = map[string]string{}
