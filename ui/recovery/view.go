package recovery

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
)

// Column widths of the backup list.
const (
	colWhen = 16 // 05.03.2026 08:00
	colSize = 8  // 1.023,4 MB
	gap     = "   "
	margin  = " "
	// maxText keeps sentences readable on a wide terminal.
	maxText = 100
)

// View draws the whole screen.
func (m *Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = "stabsstelle – Datenbank beschädigt"
	if m.done {
		return v
	}
	v.SetContent(m.render())
	return v
}

func (m *Model) textWidth() int { return max(20, min(m.w-2*len(margin), maxText)) }

func (m *Model) render() string {
	if m.confirm != nil {
		return common.Fit(lipgloss.Place(m.w, m.h, lipgloss.Center, lipgloss.Center, m.confirm.View(m.ctx)), m.w, m.h, "")
	}
	top := m.header()
	detail := m.detail()
	bottom := m.bottom()
	room := m.h - len(top) - len(detail) - len(bottom)
	lines := append(append(top, m.backups(room)...), detail...)
	// On a very small terminal the body gives way: the keys stay visible.
	lines = lines[:min(len(lines), max(0, m.h-len(bottom)))]
	for len(lines) < m.h-len(bottom) {
		lines = append(lines, "")
	}
	lines = append(lines, bottom...)
	for i, l := range lines {
		lines[i] = margin + l
	}
	return common.Fit(strings.Join(lines, "\n"), m.w, m.h, "")
}

// header: which file, that nothing has changed, the technical detail small.
func (m *Model) header() []string {
	st := m.ctx.Styles
	tw := m.textWidth()
	out := []string{st.Title.Render("Die Datenbank ist beschädigt"), ""}
	why := fmt.Sprintf("Die Datei %s kann nicht gelesen werden (Stromausfall, defekte Platte oder eine halb synchronisierte Kopie).", m.opts.Path)
	if m.opts.Empty {
		out[0] = st.Title.Render("Die Datenbank ist leer")
		why = fmt.Sprintf("Die Datei %s ist leer (0 Byte): die Daten fehlen (eine abgebrochene Kopie, eine volle Platte oder eine Synchronisierung). Eine leere Datei wird nie stillschweigend als neue Datenbank begonnen.", m.opts.Path)
	}
	out = append(out, wrap(why, tw)...)
	if m.aside == "" {
		out = append(out, st.Bold.Render("Bisher wurde nichts verändert."))
	} else {
		out = append(out, wrap(st.Warning.Render("Die beschädigte Datei liegt jetzt unter "+m.aside+"."), tw)...)
	}
	if m.opts.Damaged != nil && m.opts.Damaged.Detail != "" {
		out = append(out, st.Muted.Render(oneLine("Technische Angabe: "+m.opts.Damaged.Detail, tw)))
	}
	return append(out, "")
}

// backups is the list (or why there is none) in at most room lines.
func (m *Model) backups(room int) []string {
	st := m.ctx.Styles
	tw := m.textWidth()
	dir := store.BackupDir(m.opts.Path)
	switch {
	case !m.listed:
		return []string{m.spin.View() + " Sicherungen werden gesucht …"}
	case m.listErr != nil:
		return append(wrap(st.Error.Render(m.listErr.Error()), tw),
			wrap("Sie können die beschädigte Datei beiseitelegen (sie bleibt erhalten) und mit einer leeren Datenbank beginnen, oder beenden und eine Sicherung von anderswo zurückspielen: stabsstelle restore DATEI.", tw)...)
	case len(m.rows) == 0:
		what := fmt.Sprintf("Im Ordner %s liegen keine Sicherungen.", dir)
		if m.dirMissing {
			what = fmt.Sprintf("Es gibt keine Sicherungen: der Ordner %s fehlt.", dir)
		}
		return append(wrap(st.Warning.Render(what), tw),
			wrap("Sie können die beschädigte Datei beiseitelegen (sie bleibt erhalten) und mit einer leeren Datenbank beginnen (l), oder beenden (q) und eine Sicherung von anderswo, z. B. einem USB-Stick, zurückspielen: stabsstelle restore DATEI.", tw)...)
	}
	title := wrap(st.Subtitle.Render(fmt.Sprintf("Sicherungen in %s, neueste zuerst:", dir)), tw)
	head := st.Muted.Render("  " + pad("Datum und Zeit", colWhen) + gap + padLeft("Größe", colSize) + gap + "Zustand")
	rows := max(1, room-len(title)-1)
	from := 0
	if len(m.rows) > rows {
		from = min(max(0, m.cursor-rows/2), len(m.rows)-rows)
		title[len(title)-1] += st.Muted.Render(fmt.Sprintf(" (%d–%d von %d)", from+1, from+rows, len(m.rows)))
	}
	out := append(title, head)
	bi, final := best(m.rows)
	for i := from; i < min(len(m.rows), from+rows); i++ {
		out = append(out, m.row(i, final && i == bi))
	}
	return out
}

// row is one backup: date and time, size, state.
func (m *Model) row(i int, recommended bool) string {
	st := m.ctx.Styles
	c := m.rows[i]
	state, style := stateText(c)
	if recommended {
		state += " – empfohlen"
	}
	text := pad(model.FormatDateTime(c.Time), colWhen) + gap + padLeft(model.FormatSize(c.Size), colSize) + gap
	if i == m.cursor {
		line := "▸ " + text + state
		width := max(ansi.StringWidth(line), 2+colWhen+colSize+2*len(gap)+28)
		return st.Selected.Render(pad(line, width))
	}
	switch style {
	case Clean:
		state = st.Success.Render(state)
	case Problems:
		state = st.Warning.Render(state)
	case Unusable:
		state = st.Error.Render(state)
	default:
		state = st.Muted.Render(state)
	}
	return "  " + text + state
}

func stateText(c Candidate) (string, State) {
	switch c.State {
	case Clean:
		return "fehlerfrei", Clean
	case Problems:
		return "lesbar, " + problemCount(len(c.Problems)), Problems
	case Unusable:
		return "unbrauchbar", Unusable
	}
	return "wird geprüft …", Pending
}

// detail says what choosing the selected backup means.
func (m *Model) detail() []string {
	if len(m.rows) == 0 {
		return nil
	}
	st := m.ctx.Styles
	tw := m.textWidth()
	c := m.rows[m.cursor]
	out := []string{""}
	switch c.State {
	case Clean, Problems:
		out = append(out, st.Warning.Render(fmt.Sprintf("Änderungen seit %s gehen verloren.", model.FormatDateTime(c.Time))))
		if c.State == Problems {
			out = append(out, st.Muted.Render(oneLine(fmt.Sprintf("%s, z. B.: %s", problemCount(len(c.Problems)), c.Problems[0]), tw)))
		}
	case Unusable:
		out = append(out, st.Error.Render("Diese Sicherung ist unbrauchbar."), st.Muted.Render(oneLine(c.Reason, tw)))
	default:
		out = append(out, st.Muted.Render("Diese Sicherung wird noch geprüft."))
	}
	if i, _ := best(m.rows); i < 0 && m.pending() == 0 {
		out = append(out, wrap(st.Error.Render("Keine der Sicherungen ist brauchbar.")+" Sie können mit einer leeren Datenbank beginnen (l) oder beenden (q).", tw)...)
	}
	return out
}

// bottom: progress, the last error or hint, and the keys.
func (m *Model) bottom() []string {
	st := m.ctx.Styles
	tw := m.textWidth()
	var status []string
	switch {
	case m.working != "":
		status = []string{m.spin.View() + " " + m.working}
	case m.failure != nil:
		status = wrap(st.Error.Render("✗ "+m.failure.Error()), tw)
	case m.flash != "":
		status = wrap(st.Warning.Render(m.flash), tw)
	case m.listed && m.pending() > 0:
		done := len(m.rows) - m.pending()
		status = []string{m.spin.View() + fmt.Sprintf(" Sicherungen werden geprüft … (%d von %d fertig)", done, len(m.rows))}
	}
	out := append([]string{""}, status...)
	return append(out, "", ansi.Truncate(m.help.ShortHelpView(m.keys.ShortHelp()), max(1, m.w-len(margin)), "…"))
}

// wrap breaks s into lines of at most w cells; long paths break at "/".
func wrap(s string, w int) []string {
	return strings.Split(ansi.Wrap(s, w, "/"), "\n")
}

// oneLine cuts s to one line of at most w cells.
func oneLine(s string, w int) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return ansi.Truncate(s, w, "…")
}

// wrapQuestion fits a confirm question into the dialog on this screen.
func (m *Model) wrapQuestion(q string) string {
	w := min(64, max(30, m.w-10))
	return ansi.Wrap(q, w, "/")
}

func pad(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

func padLeft(s string, w int) string {
	return strings.Repeat(" ", max(0, w-ansi.StringWidth(s))) + s
}
