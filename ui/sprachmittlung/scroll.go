package sprachmittlung

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"stabsstelle/ui/keys"
)

// scroller shows a window of pre-built lines; j/k and page keys move it.
type scroller struct {
	lines  []string
	offset int
	w, h   int
}

func (s *scroller) setSize(w, h int) {
	s.w, s.h = w, h
	s.clamp()
}

func (s *scroller) set(lines []string) {
	s.lines = lines
	s.clamp()
}

func (s *scroller) by(n int) {
	s.offset += n
	s.clamp()
}

func (s *scroller) clamp() {
	s.offset = min(s.offset, max(0, len(s.lines)-s.h))
	s.offset = max(s.offset, 0)
}

// view returns exactly h lines of at most w cells.
func (s *scroller) view() string {
	end := min(len(s.lines), s.offset+s.h)
	return frame(s.lines[s.offset:end], s.w, s.h)
}

// viewMore is view with the last line saying how much is below, so a page
// taller than the screen (an Einsatz with its Verlauf at 80×24) does not
// look complete.
func (s *scroller) viewMore(muted lipgloss.Style) string {
	below := len(s.lines) - (s.offset + s.h)
	if below <= 0 || s.h < 3 {
		return s.view()
	}
	end := s.offset + s.h - 1
	lines := append(append([]string(nil), s.lines[s.offset:end]...),
		muted.Render(fmt.Sprintf("▼ noch %d Zeilen – ↓ / Bild↓", below+1)))
	return frame(lines, s.w, s.h)
}

// key scrolls by a line (up, down) or a page (pgup, pgdown, space); false
// when msg is none of these.
func (s *scroller) key(msg tea.KeyPressMsg, l keys.List) bool {
	switch {
	case key.Matches(msg, l.Up):
		s.by(-1)
	case key.Matches(msg, l.Down):
		s.by(1)
	case msg.String() == "pgdown" || msg.String() == "space":
		s.by(s.h - 1)
	case msg.String() == "pgup":
		s.by(-(s.h - 1))
	default:
		return false
	}
	return true
}
