package table

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
)

// View draws the table as exactly SetSize's h lines, each exactly w cells
// wide: the header, the rows in the scroll window, the status line. Its cost
// depends on h, not on the number of rows.
func (m *Model[T]) View() string {
	w, h := m.width, m.height
	if h <= 0 {
		return ""
	}
	if w <= 0 {
		return strings.Repeat("\n", h-1)
	}
	var b strings.Builder
	b.Grow((w + 32) * h)
	if h >= 2 {
		b.WriteString(m.headerLine())
		b.WriteByte('\n')
		body := m.bodyHeight()
		for i := range body {
			idx := m.offset + i
			switch {
			case idx < len(m.visible):
				b.WriteString(m.rowLine(idx))
			case i == 0 && len(m.visible) == 0:
				b.WriteString(m.emptyLine())
			default:
				writeSpaces(&b, w)
			}
			b.WriteByte('\n')
		}
	}
	b.WriteString(m.statusLine())
	return b.String()
}

// measureRows is how many rows measure looks at: the widths of 100 000
// rows look like those of their first few thousand.
const measureRows = 4000

// maxNeed caps what one column asks for, so that one very long value does
// not take the room of the others.
const maxNeed = 64

// measure notes the widest value (and title) of each flexible column, so
// the layout can give the room to the columns whose values need it.
func (m *Model[T]) measure() {
	m.need = make([]int, len(m.cols))
	for i, c := range m.cols {
		if c.Width > 0 {
			continue
		}
		w := textWidth(c.Title) + 2 // room for the sort arrow
		if c.Value != nil {
			for _, r := range m.rows[:min(len(m.rows), measureRows)] {
				w = max(w, textWidth(c.Value(r)))
			}
		}
		m.need[i] = min(max(w, c.MinWidth), maxNeed)
	}
	m.colWidths = nil
	m.invalidate()
}

// layout returns the width of every column for the current table width.
// Fixed columns get their width. The flexible ones share the rest by what
// their values need: a column whose values are short gets just that, the
// others share what is left evenly (so no column is cut while another has
// room to spare); when every value fits, the spare room is shared out, so
// the table uses the width it has.
func (m *Model[T]) layout() []int {
	if m.colWidths != nil {
		return m.colWidths
	}
	widths := make([]int, len(m.cols))
	rest := m.width - max(len(m.cols)-1, 0) // one space between columns
	var flex []int
	for i, c := range m.cols {
		if c.Width > 0 {
			widths[i] = c.Width
			rest -= c.Width
		} else {
			flex = append(flex, i)
		}
	}
	rest = max(rest, 0)
	need := func(i int) int {
		if m.need == nil || m.need[i] == 0 {
			return max(m.cols[i].MinWidth, textWidth(m.cols[i].Title)+2)
		}
		return m.need[i]
	}
	// Smallest need first: each column takes its need or a fair share of
	// what is left, whichever is less.
	order := append([]int(nil), flex...)
	sort.SliceStable(order, func(a, b int) bool { return need(order[a]) < need(order[b]) })
	left := rest
	for k, i := range order {
		fair := left / (len(order) - k)
		widths[i] = max(min(need(i), fair), m.cols[i].MinWidth)
		left -= widths[i]
	}
	// Room to spare: to the flexible columns, evenly, in their order.
	for k := 0; left > 0 && len(flex) > 0; k++ {
		widths[flex[k%len(flex)]]++
		left--
	}
	m.colWidths = widths
	return widths
}

// joinCells lays cells out into exactly m.width cells. Columns that do not
// fit any more are cut; the one at the edge is truncated with an ellipsis.
func (m *Model[T]) joinCells(cell func(i int) string) string {
	widths := m.layout()
	var b strings.Builder
	b.Grow(m.width + 16)
	remaining := m.width
	first := true
	for i, c := range m.cols {
		cw := widths[i]
		if cw <= 0 {
			continue
		}
		if !first {
			if remaining < 2 {
				break
			}
			b.WriteByte(' ')
			remaining--
		}
		first = false
		cw = min(cw, remaining)
		writeCell(&b, cell(i), cw, c.Align)
		remaining -= cw
		if remaining <= 0 {
			break
		}
	}
	writeSpaces(&b, remaining)
	return b.String()
}

// writeCell writes text into exactly cw cells.
func writeCell(b *strings.Builder, text string, cw int, align Align) {
	tw := textWidth(text)
	if tw > cw {
		text = ansi.Truncate(text, cw, "…")
		// A wide rune at the edge may leave one cell free.
		tw = ansi.StringWidth(text)
	}
	if align == AlignRight {
		writeSpaces(b, cw-tw)
		b.WriteString(text)
		return
	}
	b.WriteString(text)
	writeSpaces(b, cw-tw)
}

// textWidth is ansi.StringWidth with a shortcut for printable ASCII, which
// most cells are.
func textWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// sanitize shows control characters as spaces: a newline or an escape
// sequence in imported data must not break the layout or drive the terminal.
func sanitize(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c == 0xc2 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

func (m *Model[T]) headerLine() string {
	if m.header != "" {
		return m.header
	}
	widths := m.layout()
	plain := m.joinCells(func(i int) string {
		title := sanitize(m.cols[i].Title)
		if i != m.sortCol {
			return title
		}
		arrow := "▲"
		if m.sortReverse {
			arrow = "▼"
		}
		if widths[i] < 3 {
			return arrow
		}
		// The arrow must survive truncation of a long title.
		return ansi.Truncate(title, widths[i]-2, "…") + " " + arrow
	})
	m.header = fitStyled(m.styles.Header, plain, m.width)
	return m.header
}

// rowLine draws the row at position idx of visible, from the cache when it
// can.
func (m *Model[T]) rowLine(idx int) string {
	r := m.visible[idx]
	cr, ok := m.cache[r]
	if !ok {
		row := m.rows[r]
		cr.plain = m.joinCells(func(i int) string {
			if v := m.cols[i].Value; v != nil {
				return sanitize(v(row))
			}
			return ""
		})
		cr.gen = m.styleGen - 1
		if len(m.cache) >= maxCachedRows {
			clear(m.cache)
		}
	}
	if idx == m.cursor {
		// The selected row changes with every cursor move: styling one line
		// per frame is cheaper than caching it twice.
		m.cache[r] = cr
		return m.styleLine(cr.plain, m.styles.Selected, m.derived.selectedMatch)
	}
	if cr.gen != m.styleGen {
		cr.styled = m.styleLine(cr.plain, m.styles.Cell, m.derived.cellMatch)
		cr.gen = m.styleGen
	}
	m.cache[r] = cr
	return cr.styled
}

// styleLine styles a plain line, marking the parts that match a filter word.
// Matching works on runes lowered one by one, as the haystack was, so a
// match maps back to the shown text rune for rune.
func (m *Model[T]) styleLine(plain string, base, match lipgloss.Style) string {
	if len(m.words) == 0 {
		return fitStyled(base, plain, m.width)
	}
	runes := []rune(plain)
	lower := make([]rune, len(runes))
	for i, r := range runes {
		lower[i] = unicode.ToLower(r)
	}
	marked := make([]bool, len(runes))
	found := false
	for _, w := range m.words {
		word := []rune(string(w))
		for i := 0; i+len(word) <= len(lower); i++ {
			if runesEqual(lower[i:i+len(word)], word) {
				for j := i; j < i+len(word); j++ {
					marked[j] = true
				}
				found = true
			}
		}
	}
	if !found {
		return fitStyled(base, plain, m.width)
	}
	var b strings.Builder
	start := 0
	for i := 1; i <= len(runes); i++ {
		if i < len(runes) && marked[i] == marked[start] {
			continue
		}
		st := base
		if marked[start] {
			st = match
		}
		b.WriteString(st.Render(string(runes[start:i])))
		start = i
	}
	return cut(b.String(), m.width)
}

func runesEqual(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// fitStyled renders s with st and cuts the result to w cells, in case a
// style brings padding or a border along.
func fitStyled(st lipgloss.Style, s string, w int) string {
	return cut(st.Render(s), w)
}

// cut cuts an already styled line to w cells.
func cut(s string, w int) string {
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w, "")
	}
	return s
}

func (m *Model[T]) emptyLine() string {
	text := m.emptyText
	if len(m.rows) > 0 {
		text = "Keine Treffer."
	}
	text = ansi.Truncate(sanitize(text), m.width, "…")
	tw := ansi.StringWidth(text)
	left := (m.width - tw) / 2
	var b strings.Builder
	writeSpaces(&b, left)
	b.WriteString(m.styles.Muted.Render(text))
	writeSpaces(&b, m.width-left-tw)
	return cut(b.String(), m.width)
}

// statusLine is the filter input (or the active filter and the sort) on the
// left and the count on the right.
func (m *Model[T]) statusLine() string {
	w := m.width
	right := m.countText()
	rw := ansi.StringWidth(right)
	if rw+1 > w {
		return cut(m.styles.Muted.Render(ansi.Truncate(right, w, "…"))+spaces(w), w)
	}

	var left string
	if m.filtering {
		left = m.input.View()
	} else {
		var parts []string
		if m.query != "" {
			parts = append(parts, m.styles.Filter.Render("/ "+sanitize(m.query)))
		}
		if full := m.shortened(w - ansi.StringWidth(strings.Join(parts, " · ")) - 3); full != "" {
			// What the selected row had to shorten, whole: a name is
			// readable at any width. The count gives way to it.
			parts = append(parts, m.styles.Muted.Render("▸ "+full))
			if ansi.StringWidth(strings.Join(parts, " · "))+rw+1 > w {
				right, rw = "", 0
			}
		} else if m.sortCol >= 0 && m.sortCol < len(m.cols) {
			arrow := "▲"
			if m.sortReverse {
				arrow = "▼"
			}
			parts = append(parts, m.styles.Muted.Render("sortiert: "+sanitize(m.cols[m.sortCol].Title)+" "+arrow))
		}
		left = strings.Join(parts, m.styles.Muted.Render(" · "))
	}
	maxLeft := w - rw - 1
	if ansi.StringWidth(left) > maxLeft {
		left = ansi.Truncate(left, maxLeft, "…")
	}
	var b strings.Builder
	b.WriteString(left)
	writeSpaces(&b, w-ansi.StringWidth(left)-rw)
	b.WriteString(m.styles.Muted.Render(right))
	return b.String()
}

// shortened lists the values of the selected row that its columns had to
// cut, whole ("Oberschule Meinersen · storniert (rechtzeitig)"), the most
// shortened first and as many as fit into room cells: a value is never cut
// here.
func (m *Model[T]) shortened(room int) string {
	if m.cursor < 0 || m.cursor >= len(m.visible) {
		return ""
	}
	row := m.rows[m.visible[m.cursor]]
	widths := m.layout()
	type cutValue struct {
		v    string
		lost int
	}
	var cuts []cutValue
	used := 0
	for i, c := range m.cols {
		if c.Value == nil {
			continue
		}
		v := sanitize(c.Value(row))
		shown := min(widths[i], max(0, m.width-used))
		if lost := textWidth(v) - shown; lost > 0 && v != "" {
			cuts = append(cuts, cutValue{v, lost})
		}
		used += widths[i] + 1
	}
	sort.SliceStable(cuts, func(a, b int) bool { return cuts[a].lost > cuts[b].lost })
	var b strings.Builder
	for _, c := range cuts {
		add := c.v
		if b.Len() > 0 {
			add = " · " + c.v
		}
		if textWidth(b.String())+textWidth(add) <= room {
			b.WriteString(add)
		}
	}
	return b.String()
}

// countText is "100.000 Einträge", or "123 von 100.000" while a filter is
// active.
func (m *Model[T]) countText() string {
	total := len(m.rows)
	if m.waiting() || m.job != nil {
		return "sucht … von " + FormatCount(total)
	}
	if len(m.words) > 0 {
		return FormatCount(len(m.visible)) + " von " + FormatCount(total)
	}
	if total == 1 {
		return "1 Eintrag"
	}
	return FormatCount(total) + " Einträge"
}

// resizeInput gives the filter input what the status line leaves beside the
// widest possible count, so the line never has to move while typing.
func (m *Model[T]) resizeInput() {
	total := FormatCount(len(m.rows))
	widest := max(ansi.StringWidth(total+" von "+total), ansi.StringWidth(total+" Einträge"))
	prompt := ansi.StringWidth(m.input.Prompt)
	// One cell for the cursor, one between input and count.
	m.input.SetWidth(max(1, m.width-prompt-widest-2))
}

// FormatCount writes n with German thousands points: 100.000.
func FormatCount(n int) string { return model.Thousands(int64(n)) }

const spaceRun = "                                                                                "

func writeSpaces(b *strings.Builder, n int) {
	for n > 0 {
		k := min(n, len(spaceRun))
		b.WriteString(spaceRun[:k])
		n -= k
	}
}

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(" ", n)
}
