package server

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// vt is a small terminal emulator for the tests: enough of ECMA-48 to
// follow what the Bubble Tea renderer writes (cursor movement, erase,
// insert/delete, scroll regions, repeat) and read the screen as text. It
// keeps the raw output and parses new bytes when the screen is asked for;
// a sequence cut off at the end of the data waits for the rest.
type vt struct {
	mu     sync.Mutex
	raw    []byte
	scr    *screen
	parsed int // bytes of raw already applied to scr
	parser *ansi.Parser
}

func newVT(w, h int) *vt { return &vt{scr: newScreen(w, h), parser: ansi.NewParser()} }

func (v *vt) Write(p []byte) (int, error) {
	v.mu.Lock()
	v.raw = append(v.raw, p...)
	v.mu.Unlock()
	return len(p), nil
}

// Raw is everything written so far.
func (v *vt) Raw() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return string(v.raw)
}

// Screen applies the new output and returns the visible lines.
func (v *vt) Screen() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.parsed += v.scr.feed(v.raw[v.parsed:], v.parser)
	return v.scr.text()
}

// complete tells whether seq, found at the very end of the data, is whole.
func complete(seq []byte) bool {
	switch {
	case len(seq) == 0:
		return false
	case ansi.HasCsiPrefix(seq):
		f := seq[len(seq)-1]
		return len(seq) > 2 && f >= 0x40 && f <= 0x7e
	case ansi.HasOscPrefix(seq), ansi.HasDcsPrefix(seq), ansi.HasApcPrefix(seq):
		return seq[len(seq)-1] == 0x07 || bytes.HasSuffix(seq, []byte("\x1b\\"))
	case seq[0] == 0x1b:
		return len(seq) >= 2
	case seq[0] >= 0x80:
		return utf8.FullRune(seq)
	}
	return true
}

type screen struct {
	w, h         int
	cells        [][]string
	x, y         int
	top, bottom  int
	wrap         bool
	pendingWrap  bool
	insert       bool
	last         string
	savedX, savY int
}

func newScreen(w, h int) *screen {
	s := &screen{w: w, h: h, top: 0, bottom: h - 1, wrap: true}
	s.cells = make([][]string, h)
	for i := range s.cells {
		s.cells[i] = s.blankLine()
	}
	return s
}

func (s *screen) blankLine() []string {
	l := make([]string, s.w)
	for i := range l {
		l[i] = " "
	}
	return l
}

func (s *screen) text() string {
	lines := make([]string, s.h)
	for i, row := range s.cells {
		lines[i] = strings.TrimRight(strings.Join(row, ""), " ")
	}
	return strings.Join(lines, "\n")
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// feed applies b and returns how many bytes it used (all but an
// unfinished sequence at the end).
func (s *screen) feed(b []byte, p *ansi.Parser) int {
	used := 0
	for len(b) > 0 {
		seq, width, n, _ := ansi.DecodeSequence(b, 0, p)
		if n <= 0 || n == len(b) && !complete(seq) {
			break
		}
		b = b[n:]
		used += n
		switch {
		case width > 0:
			s.print(string(seq), width)
		case len(seq) == 1 && seq[0] < 0x20 || len(seq) == 1 && seq[0] == 0x7f:
			s.control(seq[0])
		case ansi.HasCsiPrefix(seq):
			s.csi(p)
		case ansi.HasOscPrefix(seq), ansi.HasDcsPrefix(seq), ansi.HasApcPrefix(seq):
		case ansi.HasEscPrefix(seq) && len(seq) == 2:
			s.esc(seq[1])
		}
	}
	return used
}

func (s *screen) print(g string, w int) {
	if s.pendingWrap && s.wrap {
		s.x = 0
		s.lineFeed()
	}
	s.pendingWrap = false
	if s.x+w > s.w {
		if !s.wrap {
			s.x = s.w - w
		} else {
			s.x = 0
			s.lineFeed()
		}
	}
	row := s.cells[s.y]
	if s.insert {
		copy(row[s.x+w:], row[s.x:])
	}
	row[s.x] = g
	for i := 1; i < w && s.x+i < s.w; i++ {
		row[s.x+i] = ""
	}
	s.last = g
	if s.x+w >= s.w {
		s.x = s.w - 1
		s.pendingWrap = true
	} else {
		s.x += w
	}
}

func (s *screen) control(c byte) {
	switch c {
	case '\r':
		s.x, s.pendingWrap = 0, false
	case '\n', '\v', '\f':
		s.lineFeed()
		s.pendingWrap = false
	case '\b':
		s.x, s.pendingWrap = max(0, s.x-1), false
	case '\t':
		s.x = min(s.w-1, (s.x/8+1)*8)
	}
}

func (s *screen) lineFeed() {
	if s.y == s.bottom {
		s.scrollUp(1)
	} else if s.y < s.h-1 {
		s.y++
	}
}

func (s *screen) reverseIndex() {
	if s.y == s.top {
		s.scrollDown(1)
	} else if s.y > 0 {
		s.y--
	}
}

func (s *screen) scrollUp(n int) {
	for range n {
		copy(s.cells[s.top:s.bottom], s.cells[s.top+1:s.bottom+1])
		s.cells[s.bottom] = s.blankLine()
	}
}

func (s *screen) scrollDown(n int) {
	for range n {
		copy(s.cells[s.top+1:s.bottom+1], s.cells[s.top:s.bottom])
		s.cells[s.top] = s.blankLine()
	}
}

func (s *screen) esc(c byte) {
	switch c {
	case 'M':
		s.reverseIndex()
	case 'D':
		s.lineFeed()
	case 'E':
		s.x = 0
		s.lineFeed()
	case '7':
		s.savedX, s.savY = s.x, s.y
	case '8':
		s.x, s.y = s.savedX, s.savY
	case 'c':
		*s = *newScreen(s.w, s.h)
	}
}

func (s *screen) csi(p *ansi.Parser) {
	cmd := ansi.Cmd(p.Command())
	n := func(i, def int) int {
		v, _ := p.Param(i, def)
		if v == 0 && def == 1 {
			return 1
		}
		return v
	}
	if cmd.Prefix() == '?' {
		if cmd.Final() == 'h' || cmd.Final() == 'l' {
			on := cmd.Final() == 'h'
			for _, prm := range p.Params() {
				switch prm.Param(0) {
				case 7:
					s.wrap = on
				case 1049, 47, 1047:
					for i := range s.cells {
						s.cells[i] = s.blankLine()
					}
				}
			}
		}
		return
	}
	if cmd.Prefix() != 0 || cmd.Intermediate() != 0 {
		return
	}
	s.pendingWrap = false
	row := s.cells[s.y]
	switch cmd.Final() {
	case 'A':
		s.y = clamp(s.y-n(0, 1), 0, s.h-1)
	case 'B', 'e':
		s.y = clamp(s.y+n(0, 1), 0, s.h-1)
	case 'C', 'a':
		s.x = clamp(s.x+n(0, 1), 0, s.w-1)
	case 'D':
		s.x = clamp(s.x-n(0, 1), 0, s.w-1)
	case 'E':
		s.x, s.y = 0, clamp(s.y+n(0, 1), 0, s.h-1)
	case 'F':
		s.x, s.y = 0, clamp(s.y-n(0, 1), 0, s.h-1)
	case 'G', '`':
		s.x = clamp(n(0, 1)-1, 0, s.w-1)
	case 'd':
		s.y = clamp(n(0, 1)-1, 0, s.h-1)
	case 'H', 'f':
		s.y = clamp(n(0, 1)-1, 0, s.h-1)
		s.x = clamp(n(1, 1)-1, 0, s.w-1)
	case 'J':
		switch n(0, 0) {
		case 0:
			for i := s.x; i < s.w; i++ {
				row[i] = " "
			}
			for y := s.y + 1; y < s.h; y++ {
				s.cells[y] = s.blankLine()
			}
		case 1:
			for i := 0; i <= s.x; i++ {
				row[i] = " "
			}
			for y := 0; y < s.y; y++ {
				s.cells[y] = s.blankLine()
			}
		default:
			for y := range s.cells {
				s.cells[y] = s.blankLine()
			}
		}
	case 'K':
		lo, hi := s.x, s.w
		switch n(0, 0) {
		case 1:
			lo, hi = 0, s.x+1
		case 2:
			lo, hi = 0, s.w
		}
		for i := lo; i < hi; i++ {
			row[i] = " "
		}
	case 'X':
		for i := s.x; i < min(s.w, s.x+n(0, 1)); i++ {
			row[i] = " "
		}
	case '@':
		k := min(n(0, 1), s.w-s.x)
		copy(row[s.x+k:], row[s.x:])
		for i := s.x; i < s.x+k; i++ {
			row[i] = " "
		}
	case 'P':
		k := min(n(0, 1), s.w-s.x)
		copy(row[s.x:], row[s.x+k:])
		for i := s.w - k; i < s.w; i++ {
			row[i] = " "
		}
	case 'L', 'M':
		if s.y < s.top || s.y > s.bottom {
			return
		}
		top := s.top
		s.top = s.y
		if cmd.Final() == 'L' {
			s.scrollDown(min(n(0, 1), s.bottom-s.y+1))
		} else {
			s.scrollUp(min(n(0, 1), s.bottom-s.y+1))
		}
		s.top = top
		s.x = 0
	case 'S':
		s.scrollUp(n(0, 1))
	case 'T':
		s.scrollDown(n(0, 1))
	case 'r':
		top, bottom := n(0, 1)-1, n(1, s.h)-1
		if bottom <= 0 || bottom >= s.h {
			bottom = s.h - 1
		}
		if top < bottom {
			s.top, s.bottom = top, bottom
		}
		s.x, s.y = 0, 0
	case 'b':
		for range n(0, 1) {
			s.print(s.last, max(1, ansi.StringWidth(s.last)))
		}
	case 'h', 'l':
		if n(0, 0) == 4 {
			s.insert = cmd.Final() == 'h'
		}
	}
}

func TestVTSplitSequences(t *testing.T) {
	v := newVT(20, 3)
	for _, part := range []string{"ab\x1b[2", ";5Hx\xc3", "\xa4y\x1b]11;?", "\x07z\x1b[1;1H\x1b[2Xc"} {
		v.Write([]byte(part))
		_ = v.Screen()
	}
	want := "c\n    xäyz\n"
	if got := v.Screen(); got != want {
		t.Errorf("screen %q, want %q", got, want)
	}
}
