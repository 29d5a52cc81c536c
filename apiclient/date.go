package apiclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Date is a civil date without time zone, sent as "YYYY-MM-DD". The zero
// Date means "absent" and is omitted with the `omitzero` tag.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// errInvalidDate is a date that is not a real YYYY-MM-DD. It does not
// repeat the value: a date may be a date of birth, and errors end up in
// logs.
var errInvalidDate = errors.New("apiclient: invalid date (want YYYY-MM-DD)")

// ParseDate parses "YYYY-MM-DD", rejecting impossible dates.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, errInvalidDate
	}
	return DateOf(t), nil
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// NewDate builds a Date, normalising overflow (Jan 32 → Feb 1).
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// IsZero reports whether d is the zero (absent) date.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC of d, for arithmetic and formatting.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays returns d shifted by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// AddMonths returns d shifted by n months, clamped to the end of the month
// (Jan 31 + 1 month = Feb 28/29), as contract terms are counted.
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, last)}
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(o Date) int { return d.Time().Compare(o.Time()) }

// String renders "YYYY-MM-DD" ("" for the zero date).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalJSON writes "YYYY-MM-DD", or null for the zero date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD"; null and "" leave the zero date.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("apiclient: date must be a string: %w", err)
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// MarshalText and UnmarshalText let Date be used in forms and query strings.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses "YYYY-MM-DD".
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
