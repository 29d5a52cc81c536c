// Package e2e holds the portal's whole-system tests: the sandbox upstream and
// the real portal wiring (app.NewHandler) on loopback ports, driven by a
// cookie-jar client that reads pages with goquery and posts forms the way a
// browser does, CSRF token included.
package e2e
