package sprachmittlung

import (
	"strings"

	"charm.land/bubbles/v2/textinput"

	"github.com/charmbracelet/x/ansi"

	"stabsstelle/ui/form"
	"stabsstelle/ui/theme"
)

// fit cuts plain or styled s to w cells (with "…") and pads it to exactly w.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// cut cuts s to at most w cells without padding.
func cut(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w, "…")
	}
	return s
}

// frame makes lines exactly h lines of at most w cells: the contract of the
// content box (the root draws us into exactly that space).
func frame(lines []string, w, h int) string {
	if h <= 0 {
		return ""
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	out := make([]string, h)
	for i := range out {
		if i < len(lines) {
			out[i] = cut(lines[i], w)
		}
	}
	return strings.Join(out, "\n")
}

// splitLines splits a rendered block into lines.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimRight(s, "\n"), "\n")
}

// wrap breaks plain text at spaces so that no line exceeds w cells.
func wrap(s string, w int) []string {
	if w < 8 {
		w = 8
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if ansi.StringWidth(para) <= w {
			out = append(out, para)
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(para, w, ""), "\n")...)
	}
	for i, l := range out {
		if ansi.StringWidth(l) > w {
			out[i] = ansi.Truncate(l, w, "…")
		}
	}
	return out
}

// newInput is a text input with a steady cursor: a blinking one would need
// tick messages routed back for nothing but repaints.
func newInput(prompt string, limit int, isDark bool) textinput.Model {
	ti := textinput.New()
	ti.Prompt = prompt
	ti.CharLimit = limit
	ti.SetStyles(form.InputStyles(theme.New(isDark)))
	return ti
}
