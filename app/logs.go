package app

import (
	"context"
	"fmt"
	"log/slog"
	"unicode/utf8"
)

// MaxLogValue bounds every string a log record carries (its message, each
// attribute, an error's text): a request's path, query or form values end
// up in log lines through errors and attributes, and one request must not
// write megabytes to the log. A clipped value ends in a marker with the
// bytes left out. A panic's stack keeps its first frames, where the panic
// is.
const MaxLogValue = 2 << 10

// BoundLogger returns l with every string in its records clipped to
// MaxLogValue bytes. NewHandler applies it to Config.Logger, so whatever
// the portal logs is bounded.
func BoundLogger(l *slog.Logger) *slog.Logger {
	if _, ok := l.Handler().(clipHandler); ok {
		return l
	}
	return slog.New(clipHandler{next: l.Handler()})
}

// clipHandler clips the strings of every record before next handles it.
type clipHandler struct{ next slog.Handler }

func (h clipHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

func (h clipHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, clip(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(clipAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h clipHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clipped := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clipped[i] = clipAttr(a)
	}
	return clipHandler{next: h.next.WithAttrs(clipped)}
}

func (h clipHandler) WithGroup(name string) slog.Handler {
	return clipHandler{next: h.next.WithGroup(name)}
}

// clipAttr clips a string, an error's text, a Stringer's text, and the
// same inside groups.
func clipAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		if len(v.String()) > MaxLogValue {
			return slog.String(a.Key, clip(v.String()))
		}
	case slog.KindGroup:
		group := v.Group()
		clipped := make([]slog.Attr, len(group))
		for i, g := range group {
			clipped[i] = clipAttr(g)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(clipped...)}
	case slog.KindAny:
		var s string
		switch x := v.Any().(type) {
		case error:
			s = x.Error()
		case fmt.Stringer:
			s = x.String()
		case []byte:
			s = string(x)
		default:
			return slog.Attr{Key: a.Key, Value: v}
		}
		if len(s) > MaxLogValue {
			return slog.String(a.Key, clip(s))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// clip cuts s to MaxLogValue bytes on a character boundary and says how
// much it left out.
func clip(s string) string {
	if len(s) <= MaxLogValue {
		return s
	}
	cut := MaxLogValue
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s…[%d bytes clipped]", s[:cut], len(s)-cut)
}
