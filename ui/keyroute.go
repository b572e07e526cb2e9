package ui

import (
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/history"
	"stabsstelle/ui/picker"
	"stabsstelle/ui/settings"
)

// handleKey gives a key to whoever has it: a question or a screen that
// covers everything first, then an open overlay, then the active tab and
// the keys that work everywhere.
func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := m.modalKey(k); ok {
		return cmd
	}
	if cmd, ok := m.overlayKey(k); ok {
		return cmd
	}
	tab := m.tabs[m.active]
	if tab.Capturing() {
		return tab.Update(k)
	}
	if cmd, ok := m.globalKey(k); ok {
		return cmd
	}
	return m.tabKey(tab, k)
}

// modalKey: ctrl+c, the open questions, the "Terminal zu klein", welcome,
// help and search screens take every key.
func (m *Model) modalKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	g := m.ctx.Global
	// ctrl+c always quits, asking first when a form holds input.
	if key.Matches(k, g.ForceQuit) {
		if m.askQuit != nil || !m.anyDirty() {
			return m.quit(), true
		}
		m.askQuitNow()
		return nil, true
	}
	switch {
	case m.askQuit != nil:
		cmd := m.askQuit.Update(k)
		if m.askQuit.Done() {
			m.askQuit = nil
		}
		return cmd, true
	case m.askDelete != nil:
		return m.askDelete.Update(k), true
	case m.tooSmall():
		if key.Matches(k, g.Quit) {
			return m.quit(), true
		}
		return nil, true
	case m.welcome:
		return m.welcomeKey(k), true
	case m.showHelp:
		return m.helpKey(k.String()), true
	case m.search != nil:
		return m.updateSearch(k), true
	}
	return nil, false
}

// welcomeKey: the welcome screen starts empty or on a tab, or quits.
func (m *Model) welcomeKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "q":
		return m.quit()
	case "enter", "esc", "space":
		m.welcome = false
	case "1", "2", "3", "4":
		m.welcome = false
		return m.switchTab(int(k.String()[0] - '1'))
	}
	return nil
}

// overlayKey gives the key to the open overlay.
func (m *Model) overlayKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	// ? on an overlay shows its keys; q closes it (the overlays bind q to
	// their "zurück"), it never quits from there.
	if m.overlayOpen() && !m.overlayTyping() && key.Matches(k, m.ctx.Global.Help) {
		m.showHelp = true
		return nil, true
	}
	switch {
	case m.history != nil:
		return m.history.Update(k), true
	case m.settings != nil:
		return m.settings.Update(k), true
	case m.abgleich != nil:
		return m.abgleich.Update(k), true
	case m.directory != nil:
		if !m.directory.Editing() && !m.directory.Filtering() && k.String() == "tab" {
			// tab switches between people and organisations.
			m.dirKind = 1 - m.dirKind
			return m.openDirectory(), true
		}
		return m.directory.Update(k), true
	}
	return nil, false
}

// globalKey: the keys that work on every tab – a dispatch table of the
// global bindings (keys.Global).
func (m *Model) globalKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	g := m.ctx.Global
	switch {
	case key.Matches(k, g.Quit):
		if m.anyDirty() {
			m.askQuitNow()
			return nil, true
		}
		return m.quit(), true
	case key.Matches(k, g.Help):
		m.showHelp = true
		return nil, true
	case key.Matches(k, g.Tab1):
		return m.switchTab(0), true
	case key.Matches(k, g.Tab2):
		return m.switchTab(1), true
	case key.Matches(k, g.Tab3):
		return m.switchTab(2), true
	case key.Matches(k, g.Tab4), key.Matches(k, g.Reports):
		return m.switchTab(3), true
	case key.Matches(k, g.NextTab):
		return m.switchTab((m.active + 1) % len(m.tabs)), true
	case key.Matches(k, g.PrevTab):
		return m.switchTab((m.active + len(m.tabs) - 1) % len(m.tabs)), true
	}
	return m.openKey(k)
}

// openKey: the global keys that open a screen over the tab.
func (m *Model) openKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	g := m.ctx.Global
	switch {
	case key.Matches(k, g.Search):
		m.search = newSearch(m.ctx)
		return m.search.init(), true
	case key.Matches(k, g.People):
		m.dirKind = picker.KindPerson
		return m.openDirectory(), true
	case key.Matches(k, g.Settings):
		m.settings = settings.New(m.ctx)
		cw, ch := m.contentSize()
		m.settings.SetSize(cw, ch)
		return m.settings.Init(), true
	case key.Matches(k, g.Undo):
		return undo(m.ctx.Store, m.ctx.User), true
	case key.Matches(k, g.Abgleich):
		return m.openAbgleich(), true
	}
	return nil, false
}

// tabKey: V opens the history of the tab's record; every other key is the
// tab's, unless the member's roles refuse it.
func (m *Model) tabKey(tab common.Tab, k tea.KeyPressMsg) tea.Cmd {
	g := m.ctx.Global
	if key.Matches(k, g.History) {
		cur, ok := tab.(interface{ Current() (string, string) })
		if !ok {
			return tab.Update(k)
		}
		kind, id := cur.Current()
		if id == "" {
			return common.Fail(errors.New("Hier ist kein Datensatz ausgewählt – erst einen Eintrag wählen, dann V für den Verlauf."))
		}
		m.history = history.New(m.ctx, kind, id)
		cw, ch := m.contentSize()
		m.history.SetSize(cw, ch)
		return m.history.Init()
	}
	if cmd := m.ctx.Refusal(k, append(tab.ShortHelp(), g.ShortHelp()...), append(tab.FullHelp(), g.FullHelp()...)); cmd != nil {
		return cmd
	}
	return tab.Update(k)
}

// askQuitNow opens the quit question (unsaved input would be lost).
func (m *Model) askQuitNow() {
	m.askQuit = form.Ask("Ungespeicherte Eingaben verwerfen und beenden?", m.quit)
}

// overlayOpen: the Verlauf, Regeln & Sätze or Personen & Einrichtungen
// cover the tab.
func (m *Model) overlayOpen() bool {
	return m.history != nil || m.settings != nil || m.directory != nil
}

// overlayTyping: a text field or dialog of the overlay has the keys.
func (m *Model) overlayTyping() bool {
	switch {
	case m.settings != nil:
		return m.settings.Capturing()
	case m.directory != nil:
		return m.directory.Editing() || m.directory.Filtering()
	}
	return false
}

func (m *Model) openDirectory() tea.Cmd {
	m.directory = picker.NewDirectory(m.ctx, "directory", m.dirKind)
	cw, ch := m.contentSize()
	m.directory.SetSize(cw, ch)
	return m.directory.Init()
}
