package sprachmittlung

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
