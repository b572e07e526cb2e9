package sprachmittlung

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// View draws the current screen into exactly the content box; an open
// dialog over it.
func (t *Tab) View() string {
	if t.dlg != nil {
		return frame(splitLines(lipgloss.Place(t.width, t.height, lipgloss.Center, lipgloss.Center, t.dlg.View(t.ctx))), t.width, t.height)
	}
	if v := t.active().view; v != nil {
		return v(t)
	}
	return t.blank()
}

// blank is the empty content box, for a screen whose page is gone.
func (t *Tab) blank() string { return frame(nil, t.width, t.height) }

func (t *Tab) errFlash() string {
	if t.flashErr {
		return t.flash
	}
	return ""
}

// withFlash replaces the last line(s) of a screen with the last message,
// so an error (a refused booking) stays visible where one looks.
func (t *Tab) withFlash(view string, w, h int) string {
	if t.flash == "" {
		return view
	}
	st := t.ctx.Styles
	s := st.Success
	if t.flashErr {
		s = st.Error
	}
	msg := wrap(t.flash, w)
	if len(msg) > 3 {
		msg = msg[:3]
	}
	lines := strings.Split(view, "\n")
	// the "▼ noch N Zeilen" marker stays the last line
	var marker []string
	if n := len(lines); n > 0 && strings.Contains(lines[n-1], "▼ noch") {
		marker, lines = lines[n-1:], lines[:n-1]
	}
	keep := max(0, h-len(msg)-len(marker))
	if len(lines) > keep {
		lines = lines[:keep]
	}
	for _, m := range msg {
		lines = append(lines, s.Render(m))
	}
	return frame(append(lines, marker...), w, h)
}
