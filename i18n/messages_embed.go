package i18n

// embedEN holds the messages of the portal inside a studio's website and
// of single sign-on links.
var embedEN = map[string]string{
	"error.nocookies.title": "Please open the add-ons in a new tab",
	"error.nocookies.body":  "Your browser keeps no cookies for the add-ons inside the studio's website, so you cannot log in here. In a new tab everything works as usual.",
	"error.newtab":          "Open in a new tab",
	"sso.invalid":           "This sign-in link is not valid. Please open the add-ons again from your studio's website or app, or log in with your member number.",
	"sso.expired":           "This sign-in link has expired (links work for 5 minutes). Please open the add-ons again from your studio's website or app, or log in with your member number.",
	"sso.used":              "This sign-in link has already been used. Please open the add-ons again from your studio's website or app, or log in with your member number.",
	"sso.notmember":         "We could not sign you in with this link: add-ons are for members of the studio. Please contact your studio.",
}
