package i18n

// modulesEN holds the messages of the modules pages.
var modulesEN = map[string]string{}
