package settings

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// Update handles loads, saves, change events, form messages and keys.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		m.loadedData(msg)
		return nil
	case savedMsg:
		return m.saved(msg)
	case common.ChangedMsg:
		if msg.Touches(store.KindSettings) {
			return m.load()
		}
		return nil
	case common.RolesMsg:
		m.gate()
		return m.load() // the access trail shows only for Verwaltung
	case form.SubmittedMsg:
		if m.frm == nil || msg.ID != m.frm.ID() {
			return nil
		}
		return m.submit()
	case form.CancelledMsg:
		if m.frm != nil && msg.ID == m.frm.ID() {
			m.closeForm()
		}
		return nil
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
		return nil
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	if m.frm != nil {
		return m.frm.Update(msg)
	}
	return nil
}

// loadedData shows what was read; the first time the cursor goes to
// what applies today, after a save to what was saved.
func (m *Model) loadedData(msg loadedMsg) {
	first := !m.loaded
	m.loaded, m.err = true, msg.err
	if msg.err == nil {
		m.sm, m.ks, m.roles, m.access, m.mouse = msg.sm, msg.ks, msg.roles, msg.access, msg.mouse
		m.retention, m.due = msg.rules, msg.due
		model.SortTariffs(m.sm.Tariffs)
		if first {
			m.focusToday()
		}
		if m.focus != nil {
			m.focus(m)
			m.focus = nil
		}
	}
	m.clamp()
}

// saved closes the form that was saved and reads again; a form that
// could not be saved stays open with the reason.
func (m *Model) saved(msg savedMsg) tea.Cmd {
	open := m.frm != nil && msg.formID != "" && m.frm.ID() == msg.formID
	if msg.err != nil {
		if open {
			// The form stays with everything typed; the reason shows
			// above the fields.
			m.frm.SetError(msg.err)
			return nil
		}
		return common.Fail(msg.err)
	}
	if open {
		m.closeForm()
	}
	m.focus = msg.focus
	return tea.Batch(common.Status(msg.text), m.load())
}

func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if m.confirm != nil {
		cmd := m.confirm.Update(k)
		if m.confirm.Done() {
			m.confirm = nil
		}
		return cmd
	}
	if m.frm != nil {
		return m.frm.Update(k)
	}
	return m.listKey(k)
}

// listKey: the keys of the list – a dispatch table of the screen's
// bindings; changing needs the rules loaded.
func (m *Model) listKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.Keys.Close):
		return func() tea.Msg { return ClosedMsg{} }
	case key.Matches(k, m.Keys.NextSection):
		m.sec = (m.sec + 1) % numSections
		m.gate()
		m.scroll()
	case key.Matches(k, m.Keys.PrevSection):
		m.sec = (m.sec + numSections - 1) % numSections
		m.gate()
		m.scroll()
	case key.Matches(k, m.Keys.Up):
		m.cursor[m.sec]--
		m.clamp()
	case key.Matches(k, m.Keys.Down):
		m.cursor[m.sec]++
		m.clamp()
	case !m.loaded || m.err != nil:
		return nil
	case key.Matches(k, m.Keys.Mouse):
		return m.toggleMouse()
	case key.Matches(k, m.Keys.New):
		return m.openNew()
	case key.Matches(k, m.Keys.Edit):
		return m.openEdit()
	case key.Matches(k, m.Keys.Delete):
		return m.askDelete()
	case key.Matches(k, m.Keys.Run):
		return m.askRetention()
	}
	return m.ctx.Refusal(k, m.ShortHelp(), m.FullHelp())
}

func (m *Model) openNew() tea.Cmd {
	switch m.sec {
	case secTariffs:
		return m.newTariff()
	case secIntake:
		return m.editIntake()
	case secKm:
		return m.newKm()
	case secLimits:
		return m.newLimit()
	case secRoles:
		return m.newMember()
	}
	return nil
}

func (m *Model) openEdit() tea.Cmd {
	switch m.sec {
	case secTariffs:
		return m.editTariff()
	case secIntake:
		return m.editIntake()
	case secKm:
		return m.editKm()
	case secLimits:
		return m.editLimit()
	case secRoles:
		return m.editMember()
	case secRetention:
		return m.editRule()
	}
	return nil
}

func (m *Model) askDelete() tea.Cmd {
	switch m.sec {
	case secTariffs:
		return m.deleteTariff()
	case secKm:
		return m.deleteKm()
	case secLimits:
		return m.deleteLimit()
	case secRoles:
		return m.deleteMember()
	case secAccess, secRetention:
		return nil
	}
	return common.Status("Die Annahmeregeln lassen sich nur bearbeiten (e), nicht löschen.")
}

func (m *Model) submit() tea.Cmd {
	switch m.frm.ID() {
	case formTariff:
		return m.submitTariff()
	case formIntake:
		return m.submitIntake()
	case formKm:
		return m.submitKm()
	case formLimit:
		return m.submitLimit()
	case formMember:
		return m.submitMember()
	case formRule:
		return m.submitRule()
	}
	return nil
}

// openForm shows f over the screen.
func (m *Model) openForm(f *form.Form) tea.Cmd {
	m.frm = f
	f.SetSize(m.w, m.h)
	return f.Init()
}

func (m *Model) closeForm() {
	m.frm, m.tariff, m.intake, m.km, m.limit, m.member, m.rule = nil, nil, nil, nil, nil, nil, nil
}

// ask opens the yes/no dialog; yes runs on "Ja".
func (m *Model) ask(question string, yes func() tea.Cmd) tea.Cmd {
	m.confirm = form.Ask(question, yes)
	return nil
}
