package studios

import (
	"fmt"
	"strings"
)

// Stylesheet is a studio's stylesheet: its colours as the custom properties
// static/css/app.css uses, scoped to the elements marked
// data-studio="{slug}" (the page's body, or one entry of the studio list),
// so several studios' colours can share a page. White is the text colour on
// the primary colour: Validate holds every studio to that contrast.
func Stylesheet(slug string, b Branding) []byte {
	var w strings.Builder
	fmt.Fprintf(&w, "/* Studio %q: colours from the studio configuration. */\n", slug)
	fmt.Fprintf(&w, "[data-studio=%q] {\n", slug)
	fmt.Fprintf(&w, "  --brand: %s;\n", b.PrimaryOrDefault())
	fmt.Fprintf(&w, "  --brand-ink: %s;\n", White)
	fmt.Fprintf(&w, "  --accent: %s;\n", b.AccentOrDefault())
	w.WriteString("}\n")
	return []byte(w.String())
}
