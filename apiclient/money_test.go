package apiclient

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestParseMinor(t *testing.T) {
	tests := []struct {
		text    string
		digits  int
		want    int64
		inexact bool
	}{
		{"19.9", 2, 1990, false},
		{"19.90", 2, 1990, false},
		{"20", 2, 2000, false},
		{"20.0", 2, 2000, false},
		{"0.1", 2, 10, false},
		{"0", 2, 0, false},
		{"-0.05", 2, -5, false},
		{"1.999", 2, 0, true},
		{"1.990", 2, 199, false},
		{"1.9e1", 2, 1900, false},
		{"1.99e1", 2, 1990, false},
		{"199E-2", 2, 199, false},
		{"1995e-3", 2, 0, true},
		{"500", 0, 500, false},
		{"500.5", 0, 0, true},
		{"1.234", 3, 1234, false},
		{"92233720368547758.07", 2, 9223372036854775807, false},
		{"92233720368547758.08", 2, 0, true},
		{"1e30", 2, 0, true},
		{"0.000", 2, 0, false},
	}
	for _, tt := range tests {
		got, err := ParseMinor(tt.text, tt.digits)
		if tt.inexact {
			if !errors.Is(err, ErrInexactAmount) {
				t.Errorf("ParseMinor(%q, %d) err = %v, want ErrInexactAmount", tt.text, tt.digits, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseMinor(%q, %d) = %d, %v; want %d", tt.text, tt.digits, got, err, tt.want)
		}
	}
}

func TestMoneyJSONRoundTrip(t *testing.T) {
	tests := []struct {
		in   string
		want Money
		out  string
	}{
		{`{"amount": 19.9, "currency": "EUR"}`, Money{1990, "EUR"}, `{"amount":19.90,"currency":"EUR"}`},
		{`{"amount": 20, "currency": "EUR", "extra": true}`, Money{2000, "EUR"}, `{"amount":20.00,"currency":"EUR"}`},
		{`{"amount": 1500, "currency": "JPY"}`, Money{1500, "JPY"}, `{"amount":1500,"currency":"JPY"}`},
		{`{"amount": 0.005, "currency": "KWD"}`, Money{5, "KWD"}, `{"amount":0.005,"currency":"KWD"}`},
	}
	for _, tt := range tests {
		var got Money
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.in, err)
		}
		if got != tt.want {
			t.Errorf("Unmarshal(%s) = %+v, want %+v", tt.in, got, tt.want)
		}
		b, err := json.Marshal(got)
		if err != nil || string(b) != tt.out {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", got, b, err, tt.out)
		}
	}
}

func TestMoneyUnmarshalRejects(t *testing.T) {
	for _, in := range []string{
		`{"amount": 19.999, "currency": "EUR"}`,
		`{"amount": "19.90", "currency": "EUR"}`,
		`{"currency": "EUR"}`,
		`{"amount": 1}`,
	} {
		var m Money
		if err := json.Unmarshal([]byte(in), &m); err == nil {
			t.Errorf("Unmarshal(%s) = %+v, want error", in, m)
		}
	}
}
