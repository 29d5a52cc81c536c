package i18n

// myModulesEN holds the messages of the myModules pages.
var myModulesEN = map[string]string{}
