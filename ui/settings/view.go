package settings

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/ui/form"
)

// Marks in the first columns of the dated lists.
const (
	markToday  = "●" // the entry that applies today
	markFuture = "◦" // decided, not yet in force
	markCursor = "›"
)

// column is one column of a dated list.
type column struct {
	title string
	width int
	right bool
}

// listView is what a dated-list section draws: a heading, the table, and
// lines below it (legend, the selected entry in words, notes).
type listView struct {
	heading string
	cols    []column
	rows    [][]string
	marks   []string // markToday, markFuture or ""
	foot    []string // plain text, wrapped here; styled by footStyle
	warn    []string // notes about assumptions, in the warning colour
}

// View draws exactly the content box.
func (m *Model) View() string {
	st := m.ctx.Styles
	if m.frm != nil {
		return m.frm.View()
	}
	mouse := "an"
	if m.mouse.MouseOff {
		mouse = "aus"
	}
	out := []string{st.Title.Render("Regeln & Sätze") + st.Muted.Render("  – Stand "+m.today().String()+" · Maus "+mouse+" (M)"), m.sectionBar(), ""}
	body := m.bodyHeight()
	var lines []string
	switch {
	case !m.loaded:
		lines = []string{st.Muted.Render("lädt …")}
	case m.err != nil:
		lines = wrapStyled(st.Error, "Die Einstellungen sind nicht lesbar: "+m.err.Error(), m.w)
	default:
		if v, ok := m.list(m.sec); ok {
			lines = m.renderList(v, body)
		} else {
			lines = m.intakeView()
		}
	}
	content := strings.Join(append(out, lines...), "\n")
	if m.confirm != nil {
		dialog := m.confirm.View(m.ctx)
		content = strings.Join(out, "\n") + "\n" + lipgloss.Place(m.w, body, lipgloss.Center, lipgloss.Center, dialog)
	}
	return form.Clip(content, m.w, m.h)
}

// sectionBar names the four parts, grouped by area; the current one is
// highlighted like a tab.
func (m *Model) sectionBar() string {
	st := m.ctx.Styles
	item := func(s section) string {
		if s == m.sec {
			return st.TabActive.Render(sectionNames[s])
		}
		return st.TabInactive.Render(sectionNames[s])
	}
	bar := st.Bold.Render("Sprachmittlung:") + item(secTariffs) + item(secIntake) +
		st.Muted.Render(" │ ") + st.Bold.Render("Kosten:") + item(secKm) + item(secLimits) +
		st.Muted.Render(" │ ") + st.Bold.Render("Team:") + item(secRoles) + item(secAccess) + item(secRetention)
	if ansi.StringWidth(bar) > m.w {
		// 80 columns: the area names go, the parts stay.
		bar = item(secTariffs) + item(secIntake) + st.Muted.Render("│") + item(secKm) + item(secLimits) +
			st.Muted.Render("│") + item(secRoles) + item(secAccess) + item(secRetention)
	}
	return bar
}

// bodyHeight is the room below the title, the section bar and a blank line.
func (m *Model) bodyHeight() int { return max(1, m.h-3) }

// list is the dated list of section s (false for the rules section).
func (m *Model) list(s section) (listView, bool) {
	switch s {
	case secTariffs:
		return m.tariffView(), true
	case secKm:
		return m.kmView(), true
	case secLimits:
		return m.limitView(), true
	case secRoles:
		return m.roleView(), true
	case secAccess:
		return m.accessView(), true
	case secRetention:
		return m.retentionView(), true
	}
	return listView{}, false
}

// footLines are the lines below a list's table, wrapped and styled.
func (m *Model) footLines(v listView) []string {
	st := m.ctx.Styles
	var foot []string
	for _, f := range v.foot {
		foot = append(foot, wrapStyled(st.Muted, f, m.w)...)
	}
	for _, f := range v.warn {
		foot = append(foot, wrapStyled(st.Warning, f, m.w)...)
	}
	return foot
}

// window is the part of v's rows shown in h lines (heading, header, rows,
// a scroll line, the foot), moved from the stored offset just enough to
// show the cursor.
func (m *Model) window(v listView, h int) (top, end int) {
	room := max(1, h-2-len(m.footLines(v))-1)
	s := m.sec
	top = m.top[s]
	if m.cursor[s] < top {
		top = m.cursor[s]
	}
	if m.cursor[s] >= top+room {
		top = m.cursor[s] - room + 1
	}
	top = max(0, min(top, len(v.rows)-room))
	return top, min(len(v.rows), top+room)
}

// scroll keeps the cursor of the current list visible; Update calls it,
// so View only reads the offset.
func (m *Model) scroll() {
	if v, ok := m.list(m.sec); ok {
		m.top[m.sec], _ = m.window(v, m.bodyHeight())
	}
}

// renderList draws a dated list into at most h lines: the rows scroll so
// that the cursor stays visible, the lines below the table stay.
func (m *Model) renderList(v listView, h int) []string {
	st := m.ctx.Styles
	out := []string{st.Subtitle.Render(ansi.Truncate(v.heading, m.w, "…"))}
	header := "   "
	for i, c := range v.cols {
		if i > 0 {
			header += " "
		}
		header += pad(c.title, c.width, c.right)
	}
	out = append(out, st.Header.Render(strings.TrimRight(header, " ")))
	foot := m.footLines(v)
	s := m.sec
	top, end := m.window(v, h)
	for i := top; i < end; i++ {
		cur := " "
		if i == m.cursor[s] {
			cur = markCursor
		}
		mark := v.marks[i]
		if mark == "" {
			mark = " "
		}
		line := cur + mark + " "
		for j, c := range v.cols {
			if j > 0 {
				line += " "
			}
			line += pad(v.rows[i][j], c.width, c.right)
		}
		line = strings.TrimRight(line, " ")
		switch {
		case i == m.cursor[s]:
			line = st.Selected.Render(pad(line, min(m.w, tableWidth(v.cols)), false))
		case mark == " ":
			line = st.Muted.Render(line)
		}
		out = append(out, line)
	}
	if top > 0 || end < len(v.rows) {
		out = append(out, st.Muted.Render(ansi.Truncate(
			"  "+itoa(top+1)+"–"+itoa(end)+" von "+itoa(len(v.rows))+" · ↑↓ blättern", m.w, "…")))
	} else {
		out = append(out, "")
	}
	return append(out, foot...)
}

func tableWidth(cols []column) int {
	w := 3
	for i, c := range cols {
		if i > 0 {
			w++
		}
		w += c.width
	}
	return w
}

// pad fits s into w cells, left or right aligned, cutting with "…".
func pad(s string, w int, right bool) string {
	n := ansi.StringWidth(s)
	if n > w {
		return ansi.Truncate(s, w, "…")
	}
	if right {
		return strings.Repeat(" ", w-n) + s
	}
	return s + strings.Repeat(" ", w-n)
}

// wrapStyled wraps text to w cells and styles every line.
func wrapStyled(style lipgloss.Style, text string, w int) []string {
	lines := strings.Split(ansi.Wrap(text, max(10, w), ""), "\n")
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}

// yesNo is "ja" or "nein".
func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nein"
}
