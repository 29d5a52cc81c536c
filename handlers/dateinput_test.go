package handlers

import "testing"

func TestParseDateInput(t *testing.T) {
	for _, tt := range []struct {
		in, want string // want "" for refused
	}{
		{"1990-01-15", "1990-01-15"},
		{"15.01.1990", "1990-01-15"},
		{"1.1.1990", "1990-01-01"},
		{"01.1.1990", "1990-01-01"},
		{"29.02.2024", "2024-02-29"},
		{"29.02.2023", ""},
		{"1990-02-30", ""},
		{"15.13.1990", ""},
		{"15/01/1990", ""},
		{"1.1.90", ""},
		{"15.01.1990x", ""},
		{"", ""},
	} {
		d, err := parseDateInput(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("parseDateInput(%q) = %s, want refused", tt.in, d)
			}
			continue
		}
		if err != nil || d.String() != tt.want {
			t.Errorf("parseDateInput(%q) = %s, %v; want %s", tt.in, d, err, tt.want)
		}
	}
}
