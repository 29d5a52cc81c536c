package views

import (
	"slices"
	"strconv"
	"strings"
)

// intText renders a number for an attribute (a status, a maxlength).
func intText(n int) string { return strconv.Itoa(n) }

func int64Text(n int64) string { return strconv.FormatInt(n, 10) }

// DescribedBy is the value of aria-describedby: the non-empty element ids,
// space-separated. An empty result means the attribute must be left out
// (aria-describedby="" names nothing), so callers render it only when set.
func DescribedBy(ids ...string) string {
	return strings.Join(slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == "" }), " ")
}

// HintID returns the id of a field's hint element (for aria-describedby).
func HintID(field string) string { return field + "-hint" }

// idIf returns id when the element it names is rendered (shown is true) and
// "" otherwise, so DescribedBy never points at a missing element.
func idIf(shown bool, id string) string {
	if !shown {
		return ""
	}
	return id
}
