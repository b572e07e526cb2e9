package ui

import (
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/theme"
)

// View draws the whole screen.
func (m *Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = "stabsstelle"
	if m.quitting {
		return v
	}
	v.SetContent(m.render())
	if m.mouseOn() {
		// clicks and the wheel only (no motion events to wake the program)
		v.MouseMode = tea.MouseModeCellMotion
	}
	return v
}

func (m *Model) render() string {
	st := m.ctx.Styles
	if m.tooSmall() {
		msg := st.Title.Render("Terminal zu klein") + "\n\n" +
			fmt.Sprintf("Bitte das Fenster auf mindestens %d×%d Zeichen vergrößern\n(jetzt %d×%d).", MinWidth, MinHeight, m.w, m.h) +
			"\n\n" + st.Muted.Render("q beendet")
		return lipgloss.Place(m.w, m.h, lipgloss.Center, lipgloss.Center, msg)
	}
	cw, ch := m.contentSize()
	var body string
	switch {
	case m.welcome:
		body = m.welcomeView(cw, ch)
	case m.showHelp:
		body = m.helpView(cw, ch)
	case m.search != nil:
		body = m.search.view()
	case m.history != nil:
		body = m.history.View()
	case m.settings != nil:
		body = m.settings.View()
	case m.abgleich != nil:
		body = m.abgleich.View()
	case m.directory != nil:
		body = m.directory.View()
	default:
		body = m.tabs[m.active].View()
	}
	if m.askDelete != nil {
		body = lipgloss.Place(cw, ch, lipgloss.Center, lipgloss.Center, m.askDelete.View(m.ctx))
	}
	if m.askQuit != nil {
		body = lipgloss.Place(cw, ch, lipgloss.Center, lipgloss.Center, m.askQuit.View(m.ctx))
	}
	body = common.Fit(body, cw, ch, "…")
	return m.tabBar() + "\n" + body + "\n" + m.helpLine() + "\n" + m.statusBar()
}

func (m *Model) tabBar() string {
	st := m.ctx.Styles
	var parts []string
	for i, t := range m.tabs {
		label := tabLabel(i, t)
		if i == m.active && !m.welcome {
			parts = append(parts, st.TabActive.Render(label))
		} else {
			parts = append(parts, st.TabInactive.Render(label))
		}
	}
	bar := strings.Join(parts, " ")
	right := st.Muted.Render("stabsstelle")
	gap := m.w - ansi.StringWidth(bar) - ansi.StringWidth(right)
	if gap < 1 {
		return ansi.Truncate(bar, m.w, "")
	}
	return bar + strings.Repeat(" ", gap) + right
}

func (m *Model) statusBar() string {
	st := m.ctx.Styles
	right := ""
	if m.status != "" {
		// Messages name records; their text is made harmless here too.
		if m.statusErr {
			right = st.StatusErr.Render("✗ " + model.SafeLine(m.status))
		} else {
			right = st.StatusOK.Render("✓ " + model.SafeLine(m.status))
		}
	}
	rw := ansi.StringWidth(right)
	user := st.StatusKey.Render(model.SafeLine(m.ctx.User))
	if m.ctx.RolesFrom != store.FromNoList {
		// With a role list or in team mode the bar says what the member
		// may do (the single local user holds every role: nothing to say).
		user += st.Muted.Render(" · " + m.ctx.Roles.Label())
	}
	// The user always shows; then the Außenkopie marker (it must never be
	// missed); the message comes next (the path of the file gives way to
	// it); only a message longer than the rest of the line is cut.
	corner := m.corner()
	if corner != "" {
		user += st.Muted.Render(" · ") + st.BadgeWarn.Render(ansi.Truncate(corner, max(10, m.w-ansi.StringWidth(user)-4), "…"))
	}
	room := m.w - ansi.StringWidth(user) - 1
	if rw > room {
		right = ansi.Truncate(right, max(0, room), "…")
		rw = ansi.StringWidth(right)
	}
	left := user
	if pathRoom := room - rw - 3; pathRoom >= 8 && corner == "" {
		db := m.ctx.Store.Path()
		if abs, err := filepath.Abs(db); err == nil {
			db = abs
		}
		left += st.Muted.Render(" · ") + st.StatusValue.Render(shortenPath(db, min(40, pathRoom)))
	}
	lw := ansi.StringWidth(left)
	return left + strings.Repeat(" ", max(1, m.w-lw-rw)) + right
}

func shortenPath(p string, n int) string {
	r := []rune(p)
	if len(r) <= n {
		return p
	}
	return "…" + string(r[len(r)-n+1:])
}

func helpStyles(st *theme.Styles) help.Styles {
	h := help.New().Styles
	h.ShortKey, h.FullKey = st.HelpKey, st.HelpKey
	h.ShortDesc, h.FullDesc = st.HelpDesc, st.HelpDesc
	h.ShortSeparator, h.FullSeparator = st.Muted, st.Muted
	return h
}

func (m *Model) welcomeView(w, h int) string {
	st := m.ctx.Styles
	text := st.Title.Render("Willkommen bei stabsstelle") + "\n\n" +
		"Die Datenbank ist noch leer. Es gibt drei Bereiche:\n\n" +
		st.Bold.Render("1 Sprachmittlung") + "      Anfragen annehmen, Sprachmittler:innen\n" +
		"                      finden, Einsätze abrechnen.\n" +
		st.Bold.Render("2 Kostenerstattungen") + "  Erstattungen prüfen (vier Augen),\n" +
		"                      Freibeträge, Fördertöpfe, SEPA-Datei.\n" +
		st.Bold.Render("3 Netzwerk") + "            Veranstaltungen, Anmeldungen,\n" +
		"                      Einlass, Protokoll und Aufgaben.\n\n" +
		"Ausprobieren mit Beispieldaten:\n" +
		"  " + st.Accent.Render("make demo") + "  oder\n" +
		"  " + st.Accent.Render("stabsstelle demo --db /tmp/demo.db") + "\n" +
		"  " + st.Accent.Render("stabsstelle --db /tmp/demo.db") + "\n\n" +
		st.Muted.Render("enter: leer beginnen · 1 2 3 Reiter · q beenden")
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, st.Box.Render(text))
}
