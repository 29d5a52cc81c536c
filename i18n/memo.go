package i18n

import (
	"sync"
	"sync/atomic"
)

// memo keeps formatted texts. Formatting through the CLDR libraries is
// exact but costs about a microsecond per call (a catalog context per
// message, decimal arithmetic per amount), while a studio's pages show few
// distinct amounts and counts. Past max entries it stops remembering and
// formats afresh, so it stays bounded.
type memo[K comparable] struct {
	m    sync.Map // K → string
	size atomic.Int64
	max  int64
}

// get returns the text for k, formatting it on the first call.
func (c *memo[K]) get(k K, format func() string) string {
	if s, ok := c.m.Load(k); ok {
		return s.(string)
	}
	s := format()
	if c.size.Load() < c.max {
		if _, loaded := c.m.LoadOrStore(k, s); !loaded {
			c.size.Add(1)
		}
	}
	return s
}
