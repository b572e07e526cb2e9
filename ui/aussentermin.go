package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/abgleich"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// The root's part of the Außentermin round trip: a laptop copy shows its
// marker in the status bar all the time ("Außenkopie: V-2026-003, Stand
// 05.03. 14:30") and, once given back and not changed since, offers at
// start to delete itself; the office shows its open merge conflicts
// ("Abgleich: 3 Konflikte") and opens the conflict screen with B.

// copiesMsg carries the copy state read at start and after changes.
type copiesMsg struct {
	state store.CopyState
	err   error
	start bool
}

// deleteCopyID is the id of the "delete this copy?" question.
const deleteCopyID = "deletecopy"

func loadCopies(st *store.Store) tea.Cmd { return readCopies(st, true) }

func readCopies(st *store.Store, start bool) tea.Cmd {
	return func() tea.Msg {
		var m copiesMsg
		m.start = start
		m.err = st.View(func(tx *store.Tx) (err error) {
			m.state, err = store.StateOfCopies(tx)
			return err
		})
		return m
	}
}

// copiesChanged rereads the conflict count when conflicts changed.
func (m *Model) copiesChanged(msg common.ChangedMsg) tea.Cmd {
	if msg.Touches(store.KindConflict) {
		return readCopies(m.ctx.Store, false)
	}
	return nil
}

// updateCopies handles the copy state, the answer to the delete question
// and the closing of the conflict screen.
func (m *Model) updateCopies(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case copiesMsg:
		if msg.err != nil {
			return common.Fail(msg.err)
		}
		m.copies = msg.state
		var cmd tea.Cmd
		if c := msg.state.Copy; msg.start && c != nil && !c.All {
			// An event copy holds the Netzwerk only: start there.
			for i, t := range m.tabs {
				if t.Title() == "Netzwerk" {
					// The other tabs start now, not after the first screen
					// of a tab nobody looks at.
					cmd = tea.Batch(m.switchTab(i), m.initRest())
				}
			}
		}
		if c := msg.state.Copy; msg.start && msg.state.Returned && c != nil {
			ret, _ := c.LastReturn()
			m.askDelete = form.NewConfirm(deleteCopyID, fmt.Sprintf(
				"Diese Außenkopie (%s) wurde am %s zurückgegeben (%s) und seitdem nicht mehr geändert.\n\n"+
					"Hat das Büro das Paket eingespielt, wird sie nicht mehr gebraucht – sie enthält personenbezogene Daten.\n\nAußenkopie jetzt löschen und das Programm beenden?",
				c.Label, model.FormatDateTime(ret.At), ret.File))
		}
		return cmd
	case form.ConfirmedMsg:
		m.askDelete = nil
		if msg.Yes {
			m.deleteCopy = true
			return m.quit()
		}
		return common.Status("Die Außenkopie bleibt.")
	case abgleich.ClosedMsg:
		m.abgleich = nil
		return readCopies(m.ctx.Store, false)
	}
	return nil
}

// DeleteCopyRequested reports whether the user chose to delete the laptop
// copy; the caller deletes it after the store is closed
// (store.DeleteLaptopCopy).
func (m *Model) DeleteCopyRequested() bool { return m.deleteCopy }

func (m *Model) openAbgleich() tea.Cmd {
	if m.copies.Copy != nil {
		return common.Fail(fmt.Errorf("Dies ist eine Außenkopie – abgeglichen wird in der Datenbank des Büros. Zurückgeben: stabsstelle --db %s export bundle --changes --out zurueck.stb --to SCHLÜSSELDATEI", m.ctx.Store.Path()))
	}
	m.abgleich = abgleich.New(m.ctx)
	cw, ch := m.contentSize()
	m.abgleich.SetSize(cw, ch)
	return m.abgleich.Init()
}

// corner is what the status bar shows beside the user: the marker of a
// laptop copy, or the office's open conflicts.
func (m *Model) corner() string {
	switch n := m.copies.Conflicts; {
	case m.copies.Copy != nil:
		return m.copies.Copy.Marker()
	case n == 1:
		return "Abgleich: 1 Konflikt (B)"
	case n > 1:
		return fmt.Sprintf("Abgleich: %d Konflikte (B)", n)
	}
	return ""
}
