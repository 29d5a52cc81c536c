package studios

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Color is a colour written as #rrggbb (lower case once parsed).
type Color string

// Colours the portal's own stylesheet (static/css/app.css) puts next to a
// studio's colours.
const (
	White          Color = "#ffffff"
	PageBackground Color = "#f6f7f9" // --bg: the page behind the cards
	DefaultPrimary Color = "#0b6e4f" // the portal's green, when a studio sets none
)

// WCAG 2.1 AA minimum contrast ratios.
const (
	MinTextContrast = 4.5 // normal-size text (1.4.3)
	MinUIContrast   = 3.0 // user interface components and focus indicators (1.4.11)
)

var hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// ParseColor reads a #rrggbb colour.
func ParseColor(s string) (Color, error) {
	if !hexColor.MatchString(s) {
		return "", fmt.Errorf("%q is not a colour; write it as #rrggbb", s)
	}
	return Color(strings.ToLower(s)), nil
}

// rgb returns the colour's channels (0-255); a malformed colour is black.
func (c Color) rgb() (r, g, b uint8) {
	v, err := strconv.ParseUint(strings.TrimPrefix(string(c), "#"), 16, 32)
	if err != nil || len(c) != 7 {
		return 0, 0, 0
	}
	return uint8(v >> 16), uint8(v >> 8), uint8(v)
}

// Luminance is the colour's relative luminance as WCAG 2.1 defines it.
func (c Color) Luminance() float64 {
	r, g, b := c.rgb()
	return 0.2126*linear(r) + 0.7152*linear(g) + 0.0722*linear(b)
}

// linear turns an sRGB channel into linear light.
func linear(v uint8) float64 {
	s := float64(v) / 255
	if s <= 0.04045 {
		return s / 12.92
	}
	return math.Pow((s+0.055)/1.055, 2.4)
}

// Contrast is the WCAG 2.1 contrast ratio of two colours, from 1 to 21.
func Contrast(a, b Color) float64 {
	la, lb := a.Luminance(), b.Luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// ratio formats a contrast ratio as WCAG writes it ("4.48:1"), rounded down
// so that a failing ratio never reads as passing.
func ratio(r float64) string {
	return strconv.FormatFloat(math.Floor(r*100)/100, 'f', 2, 64) + ":1"
}
