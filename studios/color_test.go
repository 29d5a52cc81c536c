package studios

import (
	"math"
	"testing"
)

// TestContrastKnownPairs checks the WCAG formula against published ratios.
func TestContrastKnownPairs(t *testing.T) {
	tests := []struct {
		a, b Color
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#767676", "#ffffff", 4.54}, // the lightest grey that passes AA on white
		{"#777777", "#ffffff", 4.48},
		{"#0000ff", "#ffffff", 8.59},
		{"#ff0000", "#ffffff", 3.99},
		{"#ffffff", "#ff0000", 3.99}, // order does not matter
		{"#00ff00", "#000000", 15.3},
	}
	for _, tt := range tests {
		if got := Contrast(tt.a, tt.b); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestRatioNeverRoundsAFailureUp(t *testing.T) {
	if got := ratio(4.4999); got != "4.49:1" {
		t.Errorf("ratio(4.4999) = %q, want 4.49:1", got)
	}
	if got := ratio(MinTextContrast); got != "4.50:1" {
		t.Errorf("ratio(4.5) = %q", got)
	}
}

func TestParseColor(t *testing.T) {
	for _, ok := range []string{"#0B6E4F", "#000000", "#abcdef"} {
		if _, err := ParseColor(ok); err != nil {
			t.Errorf("ParseColor(%q) = %v", ok, err)
		}
	}
	if c, _ := ParseColor("#0B6E4F"); c != "#0b6e4f" {
		t.Errorf("ParseColor lower-cases: got %q", c)
	}
	for _, bad := range []string{"", "0b6e4f", "#fff", "#0b6e4g", "#0b6e4f00", "green", "rgb(1,2,3)"} {
		if _, err := ParseColor(bad); err == nil {
			t.Errorf("ParseColor(%q) accepted", bad)
		}
	}
}

// TestDefaultColoursPass: the portal's own colours meet the rules it sets.
func TestDefaultColoursPass(t *testing.T) {
	if r := Contrast(DefaultPrimary, White); r < MinTextContrast {
		t.Errorf("default primary on white = %s", ratio(r))
	}
	if r := Contrast(DefaultPrimary, PageBackground); r < MinUIContrast {
		t.Errorf("default primary (accent) on the page = %s", ratio(r))
	}
}
