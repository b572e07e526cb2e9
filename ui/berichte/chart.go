package berichte

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
)

// The charts are text: every bar has its number (and share) written next
// to it, so a screen reader, a grey printer and a colour-blind reader get
// the same information as the colours give; the colour is only an accent.

// eighths draws the last partial cell of a bar in eighths of a cell.
var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// barCells draws value against max in width cells: full blocks, then one
// partial block; a non-zero value gets at least a sliver.
func barCells(value, maxv int64, width int) string {
	if width <= 0 || maxv <= 0 || value <= 0 {
		return ""
	}
	if value > maxv {
		value = maxv
	}
	e := value * int64(width) * 8 / maxv
	if e == 0 {
		e = 1
	}
	return strings.Repeat("█", int(e/8)) + eighths[e%8]
}

// sparkChars are the eight heights of a sparkline.
var sparkChars = []rune("▁▂▃▄▅▆▇█")

// sparkline draws one character per value, scaled between 0 and the
// largest value.
func sparkline(values []int64) string {
	var maxv int64
	for _, v := range values {
		maxv = max(maxv, v)
	}
	var b strings.Builder
	for _, v := range values {
		switch {
		case maxv <= 0 || v <= 0:
			b.WriteRune(' ')
		default:
			i := int(v * int64(len(sparkChars)-1) / maxv)
			b.WriteRune(sparkChars[i])
		}
	}
	return b.String()
}

// fitLeft pads or cuts s (which may be styled) to exactly w cells.
func fitLeft(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := ansi.StringWidth(s)
	if n > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-n)
}

// fitRight right-aligns s in w cells.
func fitRight(s string, w int) string {
	n := ansi.StringWidth(s)
	if n >= w {
		return s
	}
	return strings.Repeat(" ", w-n) + s
}

// percent is "49,7 %" with a German decimal comma.
func percent(part, whole int64) string {
	if whole <= 0 {
		return ""
	}
	p := float64(part) * 100 / float64(whole)
	return strings.Replace(fmt.Sprintf("%.1f %%", p), ".", ",", 1)
}

// decimal writes x with one decimal and a German comma.
func decimal(x float64) string { return model.Decimal1(x) }

// thousands groups an integer with points: 33 528 → "33.528".
func thousands(n int64) string { return model.Thousands(n) }
