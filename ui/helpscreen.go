package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/ui/theme"
)

// helpView is the ? screen: the keys that work everywhere, then those of
// the screen that is open (the tab's current screen, or the overlay), each
// section laid out in as few lines as the width allows (bubbles' full help
// keeps one column per group and ran off the right edge). What does not fit
// the height scrolls with ↑/↓.
func (m *Model) helpView(w, h int) string {
	st := m.ctx.Styles
	body := m.helpLines(w)
	room := max(h-2, 1)
	title := st.Title.Render("Hilfe") + st.Muted.Render("  – esc, q oder eine andere Taste schließt")
	if len(body) > room {
		title = st.Title.Render("Hilfe") + st.Muted.Render("  – ↑↓ blättern · esc/q schließt")
		top := min(m.helpTop, len(body)-room+1)
		body = body[top:]
		if len(body) > room {
			more := len(body) - room + 1
			body = append(body[:room-1], st.Muted.Render(ansi.Truncate(fmt.Sprintf("▼ noch %d Zeilen – ↓ blättern", more), w, "…")))
		}
	}
	return strings.Join(append([]string{ansi.Truncate(title, w, "…"), ""}, body...), "\n")
}

// helpLines is the help below its title, laid out for width w.
func (m *Model) helpLines(w int) []string {
	st := m.ctx.Styles
	title, groups, global := m.helpSource()
	lines := strings.Split(st.Muted.Render(lipgloss.NewStyle().Width(w).Render(m.ctx.RolesLine())), "\n")
	lines = append(lines, "")
	if global {
		lines = append(lines, st.Subtitle.Render("Überall"))
		lines = append(lines, helpColumns(st, m.ctx.Global.FullHelp(), w)...)
		lines = append(lines, "")
	}
	lines = append(lines, st.Subtitle.Render(title))
	lines = append(lines, helpColumns(st, groups, w)...)
	note := lipgloss.NewStyle().Width(w).Render("In Textfeldern gelten die Buchstaben als Eingabe; ctrl+c beendet immer (fragt bei ungespeicherten Eingaben).")
	lines = append(lines, "")
	return append(lines, strings.Split(st.Muted.Render(note), "\n")...)
}

// helpSource is what the ? screen explains: the overlay that is open, or
// the active tab's current screen (with the keys that work everywhere).
func (m *Model) helpSource() (title string, groups [][]key.Binding, global bool) {
	switch {
	case m.history != nil:
		return "Verlauf", m.history.FullHelp(), false
	case m.settings != nil:
		return "Regeln & Sätze", m.settings.FullHelp(), false
	case m.directory != nil:
		return "Personen & Einrichtungen", append(m.directory.FullHelp(), []key.Binding{directoryToggle}), false
	}
	tab := m.tabs[m.active]
	return tab.Title(), tab.FullHelp(), true
}

// directoryToggle switches the directory between people and institutions.
var directoryToggle = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "Personen/Einrichtungen"))

// helpKey handles a key on the help screen: ↑/↓ (and the page keys)
// scroll, anything else – q and esc too – closes it (q never quits from
// the help: it is an overlay).
func (m *Model) helpKey(k string) tea.Cmd {
	w, h := m.contentSize()
	last := max(len(m.helpLines(w))-max(h-2, 1)+1, 0)
	switch k {
	case "down", "j":
		m.helpTop = min(m.helpTop+1, last)
	case "up", "k":
		m.helpTop = max(m.helpTop-1, 0)
	case "pgdown", "space":
		m.helpTop = min(m.helpTop+max(h-4, 1), last)
	case "pgup":
		m.helpTop = max(m.helpTop-max(h-4, 1), 0)
	default:
		m.showHelp, m.helpTop = false, 0
	}
	return nil
}

// helpGap is the room between two columns of keys.
const helpGap = 3

// helpColumns lays the enabled bindings of groups out column after column
// (the order of the groups kept, so related keys stay together) with the
// fewest lines whose columns fit into w; keys are aligned per column.
func helpColumns(st *theme.Styles, groups [][]key.Binding, w int) []string {
	var items []key.Help
	for _, g := range groups {
		for _, b := range g {
			if b.Enabled() && b.Help().Key != "" {
				items = append(items, b.Help())
			}
		}
	}
	if len(items) == 0 {
		return nil
	}
	for rows := 1; ; rows++ {
		cols, width := helpLayout(items, rows)
		if width <= w || rows >= len(items) {
			return renderHelpColumns(st, cols, rows, w)
		}
	}
}

// helpColumn is one column of the layout: its items and the widths of the
// key part and of the whole.
type helpColumn struct {
	items     []key.Help
	keyW, all int
}

func helpLayout(items []key.Help, rows int) ([]helpColumn, int) {
	var cols []helpColumn
	total := 0
	for i := 0; i < len(items); i += rows {
		c := helpColumn{items: items[i:min(i+rows, len(items))]}
		for _, it := range c.items {
			c.keyW = max(c.keyW, ansi.StringWidth(it.Key))
		}
		for _, it := range c.items {
			c.all = max(c.all, c.keyW+1+ansi.StringWidth(it.Desc))
		}
		if len(cols) > 0 {
			total += helpGap
		}
		total += c.all
		cols = append(cols, c)
	}
	return cols, total
}

func renderHelpColumns(st *theme.Styles, cols []helpColumn, rows, w int) []string {
	out := make([]string, 0, rows)
	for r := range rows {
		var b strings.Builder
		for ci, c := range cols {
			if r >= len(c.items) {
				continue
			}
			if ci > 0 {
				b.WriteString(strings.Repeat(" ", helpGap))
			}
			it := c.items[r]
			cell := st.HelpKey.Render(it.Key) + strings.Repeat(" ", c.keyW-ansi.StringWidth(it.Key)+1) + st.HelpDesc.Render(it.Desc)
			b.WriteString(cell)
			if ci < len(cols)-1 {
				b.WriteString(strings.Repeat(" ", c.all-ansi.StringWidth(cell)))
			}
		}
		out = append(out, ansi.Truncate(strings.TrimRight(b.String(), " "), w, "…"))
	}
	return out
}
