package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Fit pads or cuts s to exactly w×h cells, so the bars around a screen
// never move. A line that is too wide ends in tail ("…" marks what a
// screen failed to fit; the walk test looks for it).
func Fit(s string, w, h int, tail string) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, tail)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
