package views

import (
	"context"

	"github.com/studio-addons/portal/i18n"
)

type formErrorsKey struct{}

// WithFormErrors marks a page as the answer to a form with errors (the
// handlers' render does so for every 422): its title then says so first,
// so a screen reader announces the error with the page.
func WithFormErrors(ctx context.Context) context.Context {
	return context.WithValue(ctx, formErrorsKey{}, true)
}

// HasFormErrors reports whether ctx belongs to a page whose form has errors.
func HasFormErrors(ctx context.Context) bool {
	v, _ := ctx.Value(formErrorsKey{}).(bool)
	return v
}

// DisplayName is the studio's name, or the portal's where no studio is known.
func (s Studio) DisplayName(ctx context.Context) string {
	if s.Name != "" {
		return s.Name
	}
	return i18n.T(ctx, "app.name")
}

// DocumentTitle is the page's <title>: the page, then the studio, prefixed
// with "Error:" when the page answers a form with errors.
func DocumentTitle(ctx context.Context, p Page) string {
	if HasFormErrors(ctx) {
		return errorTitle(ctx, p)
	}
	return plainTitle(ctx, p)
}

func plainTitle(ctx context.Context, p Page) string {
	return p.Title + " · " + p.Studio.DisplayName(ctx)
}

// errorTitle is the title with the error prefix; the layout also hands it
// to portal.js, which switches the title when an htmx answer brings field
// errors in or takes them away.
func errorTitle(ctx context.Context, p Page) string {
	return i18n.T(ctx, "title.error", plainTitle(ctx, p))
}
