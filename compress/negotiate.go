package compress

import (
	"strconv"
	"strings"
)

// Content codings the portal produces.
const (
	Brotli = "br"
	Gzip   = "gzip"
)

// Negotiate returns the coding among offers that the Accept-Encoding header
// value accepts with the highest q-value; among equal q-values the earlier
// offer (the server's preference) wins. "" means none is acceptable: send
// the body as it is. Codings are matched case-insensitively; "*" stands for
// every coding the header does not name; q=0 refuses a coding.
func Negotiate(acceptEncoding string, offers ...string) string {
	if acceptEncoding == "" {
		return ""
	}
	best, bestQ := "", 0.0
	for _, offer := range offers {
		q, named := 0.0, false
		star := -1.0
		for part := range strings.SplitSeq(acceptEncoding, ",") {
			coding, pq, ok := parseCoding(part)
			if !ok {
				continue
			}
			switch {
			case strings.EqualFold(coding, offer):
				q, named = max(q, pq), true
			case coding == "*":
				star = max(star, pq)
			}
		}
		if !named && star >= 0 {
			q = star
		}
		if q > bestQ {
			best, bestQ = offer, q
		}
	}
	return best
}

// parseCoding reads one element of Accept-Encoding ("br", "gzip;q=0.8").
// An element whose q-value does not parse is ignored.
func parseCoding(s string) (coding string, q float64, ok bool) {
	coding, params, _ := strings.Cut(s, ";")
	coding = strings.TrimSpace(coding)
	if coding == "" {
		return "", 0, false
	}
	q = 1
	for p := range strings.SplitSeq(params, ";") {
		name, value, found := strings.Cut(strings.TrimSpace(p), "=")
		if !found || !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || v < 0 || v > 1 {
			return "", 0, false
		}
		q = v
	}
	return coding, q, true
}
