package i18n

import (
	"strconv"
	"testing"
)

func TestMemoIsBounded(t *testing.T) {
	c := memo[int]{max: 2}
	calls := 0
	format := func(n int) func() string {
		return func() string { calls++; return strconv.Itoa(n) }
	}
	for _, n := range []int{1, 2, 3, 1, 2, 3} {
		if got := c.get(n, format(n)); got != strconv.Itoa(n) {
			t.Errorf("get(%d) = %q", n, got)
		}
	}
	// 1 and 2 are remembered; 3 came after the limit and is formatted each time.
	if calls != 4 {
		t.Errorf("formatted %d times, want 4", calls)
	}
	if got := c.size.Load(); got != 2 {
		t.Errorf("size = %d, want 2", got)
	}
}
