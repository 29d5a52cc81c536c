package apiclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Money is an exact amount in integer minor units of its currency
// (19.90 EUR is Money{Minor: 1990, Currency: "EUR"}). The upstream sends the
// amount as a JSON number; it is decoded from the number's text, never through
// a float, and a value that has more fractional digits than the currency has
// minor units is a decode error rather than a rounding.
type Money struct {
	Minor    int64
	Currency string
}

// ErrInexactAmount reports an amount that cannot be represented exactly in
// minor units of its currency.
var ErrInexactAmount = errors.New("apiclient: amount not representable in minor units")

// minorDigits lists ISO 4217 currencies whose minor unit is not 2 digits.
var minorDigits = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
	"PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
}

// MinorDigits returns how many decimal digits the currency's minor unit has
// (2 for EUR, 0 for JPY, 3 for KWD); unknown codes use 2.
func MinorDigits(currency string) int {
	if d, ok := minorDigits[strings.ToUpper(currency)]; ok {
		return d
	}
	return 2
}

// NewMoney builds Money from minor units.
func NewMoney(minor int64, currency string) Money {
	return Money{Minor: minor, Currency: currency}
}

// IsZero reports whether m is the zero value (no currency, no amount).
func (m Money) IsZero() bool { return m.Minor == 0 && m.Currency == "" }

// Add returns m+o; both must share a currency.
func (m Money) Add(o Money) (Money, error) {
	if m.Currency != o.Currency {
		return Money{}, fmt.Errorf("apiclient: cannot add %s to %s", o.Currency, m.Currency)
	}
	if (o.Minor > 0 && m.Minor > math.MaxInt64-o.Minor) || (o.Minor < 0 && m.Minor < math.MinInt64-o.Minor) {
		return Money{}, ErrInexactAmount
	}
	return Money{Minor: m.Minor + o.Minor, Currency: m.Currency}, nil
}

// DecimalString renders the amount as a plain decimal ("19.90", "-0.05", "500").
func (m Money) DecimalString() string {
	digits := MinorDigits(m.Currency)
	neg := m.Minor < 0
	u := uint64(m.Minor)
	if neg {
		u = uint64(-(m.Minor + 1)) + 1 // safe for MinInt64
	}
	s := strconv.FormatUint(u, 10)
	if digits > 0 {
		if len(s) <= digits {
			s = strings.Repeat("0", digits-len(s)+1) + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// String renders "19.90 EUR" for logs and tests; member-facing formatting is
// the views' job.
func (m Money) String() string { return m.DecimalString() + " " + m.Currency }

type moneyJSON struct {
	Amount   json.RawMessage `json:"amount"`
	Currency string          `json:"currency"`
}

// MarshalJSON writes {"amount": <exact decimal>, "currency": "EUR"}.
func (m Money) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"amount":`)
	b.WriteString(m.DecimalString())
	b.WriteString(`,"currency":`)
	cur, err := json.Marshal(m.Currency)
	if err != nil {
		return nil, err
	}
	b.Write(cur)
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON decodes the amount exactly from its JSON number text.
func (m *Money) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	var raw moneyJSON
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("apiclient: decode money: %w", err)
	}
	if len(raw.Amount) == 0 || string(raw.Amount) == "null" {
		return errors.New("apiclient: decode money: amount missing")
	}
	if c := raw.Amount[0]; c != '-' && (c < '0' || c > '9') {
		return errors.New("apiclient: decode money: amount is not a number")
	}
	if raw.Currency == "" {
		return errors.New("apiclient: decode money: currency missing")
	}
	minor, err := ParseMinor(string(raw.Amount), MinorDigits(raw.Currency))
	if err != nil {
		return err
	}
	*m = Money{Minor: minor, Currency: raw.Currency}
	return nil
}

// ParseMinor converts a JSON number text ("19.9", "2e1", "-0.50") into integer
// minor units with the given number of fraction digits. It fails, rather than
// rounds, when the value has more significant fraction digits than that or
// does not fit in an int64.
func ParseMinor(text string, digits int) (int64, error) {
	s := text
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	exp := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 1000 || e < -1000 {
			return 0, fmt.Errorf("%w: %q", ErrInexactAmount, text)
		}
		exp, s = e, s[:i]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" || !allDigits(intPart) || !allDigits(frac) {
		return 0, fmt.Errorf("apiclient: invalid amount %q", text)
	}
	// The value is 0.<mantissa> shifted: mantissa digits with the decimal
	// point after len(intPart)+exp digits; we want it after +digits more.
	mant := strings.TrimLeft(intPart+frac, "0")
	point := len(intPart) + exp + digits - (len(intPart+frac) - len(mant)) // digits of mant left of the minor point
	if mant == "" {
		return 0, nil
	}
	if point < len(mant) {
		if strings.TrimRight(mant[max(point, 0):], "0") != "" {
			return 0, fmt.Errorf("%w: %q", ErrInexactAmount, text)
		}
		mant = mant[:max(point, 0)]
	} else {
		if point-len(mant) > 19 {
			return 0, fmt.Errorf("%w: %q", ErrInexactAmount, text)
		}
		mant += strings.Repeat("0", point-len(mant))
	}
	if mant == "" {
		return 0, nil
	}
	u, err := strconv.ParseUint(mant, 10, 64)
	if err != nil || u > math.MaxInt64+1 || (!neg && u > math.MaxInt64) {
		return 0, fmt.Errorf("%w: %q", ErrInexactAmount, text)
	}
	if neg {
		return -int64(u-1) - 1, nil
	}
	return int64(u), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
