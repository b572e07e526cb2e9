package sprachmittlung

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/ui/form"
	"stabsstelle/ui/table"
)

// Messages of the tab's own commands.
type (
	intakeMsg struct {
		e        *model.Einsatz
		warnings []model.Warning
		err      error
	}
	savedMsg struct {
		id, number string
		isNew      bool
		err        error
	}
	statusSavedMsg struct {
		to  model.Status
		err error
	}
	textsMsg struct {
		id, num string
		status  model.Status
		letters []model.Letter
		dir     string // where w writes them
		err     error
	}
	filesMsg struct {
		dir     string
		files   []string
		renamed bool // a file existed: the new one has another name
		err     error
	}
	nachweisReadyMsg struct {
		e      *model.Einsatz
		tariff model.Tariff
		err    error
	}
	orgReadyMsg struct {
		org *model.Organisation
		err error
	}
	nachweisSavedMsg struct {
		amount model.Money
		err    error
	}
)

// key routes a key press: an open question or dialog takes it first, then
// the screen on display (screens.go).
func (t *Tab) key(msg tea.KeyPressMsg) tea.Cmd {
	if t.ask != nil {
		return t.askKey(msg)
	}
	if t.dlg != nil {
		cmd := t.dlg.Update(msg)
		if t.dlg.Done() {
			t.dlg = nil
		}
		return cmd
	}
	if k := t.active().key; k != nil {
		return k(t, msg)
	}
	return nil
}

// msgGroups are the handlers of the tab's own messages, each a type switch
// that only dispatches to one small handler per message type: what a load
// brought, the steps of a request, the results of the other writes.
var msgGroups = [...]func(*Tab, tea.Msg) (tea.Cmd, bool){(*Tab).loaded, (*Tab).requestFlow, (*Tab).results}

// data handles the tab's own messages and passes the rest to the open
// sub-component (form, picker), whose internal messages we cannot name.
func (t *Tab) data(msg tea.Msg) tea.Cmd {
	for _, handle := range msgGroups {
		if cmd, ok := handle(t, msg); ok {
			return cmd
		}
	}
	return t.toSubcomponent(msg)
}

// loaded takes what the screens' loads brought, and the root's requests
// to open a record.
func (t *Tab) loaded(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case OpenEinsatzMsg:
		return t.openFromOutside(func() tea.Cmd { return t.openDetail(msg.ID) }), true
	case OpenPersonMsg:
		return t.openFromOutside(func() tea.Cmd { return t.openPerson(msg.ID) }), true
	case listLoadedMsg, listPatchMsg, listGroupMsg:
		cmd, _ := t.list.update(msg)
		return cmd, true
	case table.FilterMsg:
		return t.list.table.Update(msg), true // the list builds its filter text lazily
	case agendaLoadedMsg:
		t.agenda.update(msg)
		return nil, true
	case poolLoadedMsg:
		t.pool.set(msg)
		return nil, true
	case personLoadedMsg, orgLoadedMsg, detailLoadedMsg:
		t.pageLoaded(msg)
		return nil, true
	case matchLoadedMsg:
		if t.match != nil {
			t.match.set(msg)
		}
		return nil, true
	}
	return nil, false
}

// results takes the answers of the tab's writes and of the texts and
// documents it builds.
func (t *Tab) results(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case assignedMsg:
		return t.assigned(msg), true
	case statusSavedMsg:
		return t.statusSaved(msg), true
	case textsMsg:
		return t.textsLoaded(msg), true
	case filesMsg:
		return t.filesWritten(msg), true
	case auskunftMsg:
		return t.auskunftWritten(msg), true
	case erasePlanMsg:
		return t.planned(msg), true
	case eraseAnsweredMsg:
		return t.answered(msg), true
	case erasedMsg:
		return t.erased(msg), true
	case absageReadyMsg:
		return t.absageReady(msg), true
	case absageSavedMsg:
		return t.absageSaved(msg), true
	case nachweisReadyMsg:
		return t.nachweisReady(msg), true
	case nachweisSavedMsg:
		return t.nachweisSaved(msg), true
	case profileSavedMsg:
		return t.profileSaved(msg), true
	}
	return nil, false
}

// openFromOutside opens a record the root asks for (a search hit), from
// the list as home – but never over a form with typed input.
func (t *Tab) openFromOutside(open func() tea.Cmd) tea.Cmd {
	if t.Dirty() {
		return t.fail(errors.New("Im Reiter Sprachmittlung ist noch ein Formular offen – bitte erst speichern oder mit esc verwerfen."))
	}
	t.home()
	return open()
}

// pageLoaded hands a loaded page to the page on screen and to any page
// waiting on the stack: each takes only its own record.
func (t *Tab) pageLoaded(msg tea.Msg) {
	pages := append([]saved{{det: t.det, person: t.person, org: t.org}}, t.stack...)
	for _, p := range pages {
		switch m := msg.(type) {
		case personLoadedMsg:
			if p.person != nil {
				p.person.set(m)
			}
		case orgLoadedMsg:
			if p.org != nil {
				p.org.set(m)
			}
		case detailLoadedMsg:
			if p.det != nil {
				p.det.set(m)
			}
		}
	}
}

// toSubcomponent passes what is not ours to the open sub-component (huh's
// own messages, the picker's loads and saves).
func (t *Tab) toSubcomponent(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	if t.pick != nil {
		cmds = append(cmds, t.pick.Update(msg))
	}
	if t.req != nil && t.screen == scrForm {
		cmds = append(cmds, t.req.form.Update(msg))
	}
	if t.prof != nil && t.screen == scrProfile {
		cmds = append(cmds, t.prof.form.Update(msg))
	}
	return tea.Batch(cmds...)
}

// leave goes back from a hand-made form; with typed input only after
// "Eingaben verwerfen?" is answered with yes.
func (t *Tab) leave(dirty bool, drop func()) {
	if !dirty {
		drop()
		t.pop()
		return
	}
	t.dlg = form.Ask("Eingaben verwerfen?", func() tea.Cmd {
		drop()
		t.pop()
		return nil
	})
}

// reloadShown refreshes the open detail or person page right after one of
// our own writes; the change feed refreshes the rest.
func (t *Tab) reloadShown() tea.Cmd {
	var cmds []tea.Cmd
	if t.det != nil {
		cmds = append(cmds, t.det.reload())
	}
	if t.person != nil {
		cmds = append(cmds, t.person.reload())
	}
	return tea.Batch(cmds...)
}

func orgName(o *model.Organisation) string {
	if o == nil {
		return ""
	}
	return o.Name
}
