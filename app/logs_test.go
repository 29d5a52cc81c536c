package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestBoundLoggerClipsEveryString: whatever carries a request's data into
// a record (the message, an attribute, an error, a group, attributes
// given to With) is clipped; short values stay as they are.
func TestBoundLoggerClipsEveryString(t *testing.T) {
	var out bytes.Buffer
	l := BoundLogger(slog.New(slog.NewJSONHandler(&out, nil)))
	if BoundLogger(l) != l {
		t.Error("a bound logger is wrapped again")
	}
	long := strings.Repeat("ä", MaxLogValue) // two bytes each: a cut must not split one
	l.With(slog.String("with", long)).WithGroup("g").Info(long,
		slog.String("path", long), slog.Any("err", errors.New(long)),
		slog.Group("request", slog.String("query", long)), slog.String("short", "ok"), slog.Int("n", 7))

	var rec map[string]any
	if err := json.Unmarshal(out.Bytes(), &rec); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	g, _ := rec["g"].(map[string]any)
	req, _ := g["request"].(map[string]any)
	clipped := map[string]any{"msg": rec["msg"], "with": rec["with"], "path": g["path"], "err": g["err"], "query": req["query"]}
	for name, v := range clipped {
		s, _ := v.(string)
		if len(s) > MaxLogValue+40 || !strings.HasSuffix(s, "bytes clipped]") || !utf8.ValidString(s) {
			t.Errorf("%s: %d bytes, ends %q; want at most %d and the clip marker", name, len(s), s[max(0, len(s)-30):], MaxLogValue)
		}
	}
	if g["short"] != "ok" || g["n"] != float64(7) {
		t.Errorf("short values changed: %v %v", g["short"], g["n"])
	}
	if out.Len() > 6*(MaxLogValue+40)+200 {
		t.Errorf("the record is %d bytes", out.Len())
	}
}
