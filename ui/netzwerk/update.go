package netzwerk

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/picker"
	"stabsstelle/ui/table"
)

// Update routes a message: first the tab's own concerns (size, roles, the
// change feed), then the answers of its commands, then the messages of the
// overlays and sub-screens; whatever is left (keys, mouse) goes to the open
// overlay or, without one, to the active screen.
func (t *Tab) Update(msg tea.Msg) tea.Cmd {
	for _, route := range []func(tea.Msg) (tea.Cmd, bool){t.updateTab, t.updateData, t.updateDialogs, t.updateSubScreens} {
		if cmd, ok := route(msg); ok {
			return cmd
		}
	}
	if cmd, ok := t.updateOverlay(msg); ok {
		return cmd
	}
	return t.updateScreen(msg)
}

// updateTab handles what concerns the whole tab: size, colours, roles, the
// change feed and a request from another tab to open an event.
func (t *Tab) updateTab(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		t.setSize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		t.setStyles(table.DefaultStyles(msg.IsDark()))
	case common.RolesMsg:
		t.gate()
	case common.ChangedMsg:
		return t.changed(msg), true
	case OpenEventMsg:
		if t.Capturing() {
			return t.fail(errors.New("Bitte erst die offene Eingabe speichern oder mit esc verlassen.")), true
		}
		return t.openEvent(msg.ID), true
	default:
		return nil, false
	}
	return nil, true
}

// setStyles gives every table the styles for the terminal's background
// (the root has already rebuilt ctx.Styles).
func (t *Tab) setStyles(ts table.Styles) {
	t.list.SetStyles(ts)
	t.regs.SetStyles(ts)
	if t.tl != nil {
		t.tl.table.SetStyles(ts)
	}
	if t.mail != nil {
		t.mail.table.SetStyles(ts)
		t.mail.members.SetStyles(ts)
	}
}

// changed reloads what a change by anyone (this member, a colleague, the
// CLI) may have made stale.
func (t *Tab) changed(msg common.ChangedMsg) tea.Cmd {
	if !msg.Touches(store.KindEvent, store.KindRegistration, store.KindTask, store.KindPerson, store.KindOrganisation) {
		return nil
	}
	cmds := []tea.Cmd{t.loadEvents()}
	if t.ev != nil && t.screen != scrList {
		cmds = append(cmds, t.loadEvent(t.ev.ID))
	}
	if t.screen == scrTasks && t.tl != nil {
		cmds = append(cmds, t.tl.load())
	}
	return tea.Batch(cmds...)
}

// updateData handles the answers of the tab's reads and writes.
func (t *Tab) updateData(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case eventsLoadedMsg:
		t.loading = false
		if msg.err != nil {
			return t.fail(msg.err), true
		}
		t.list.SetRows(msg.items, func(e eventItem) string { return e.ID })
		return nil, true
	case eventLoadedMsg:
		return t.eventLoaded(msg), true
	case eventSavedMsg:
		return t.eventSaved(msg), true
	case regDoneMsg:
		return t.regDone(msg), true
	case takenOutMsg:
		return t.takenOut(msg), true
	case takeOutTargetMsg:
		return t.takeOutTarget(msg), true
	case taskSavedMsg:
		return t.taskSaved(msg), true
	case erasedMsg:
		return t.erased(msg), true
	}
	return nil, false
}

func (t *Tab) eventLoaded(msg eventLoadedMsg) tea.Cmd {
	if msg.err != nil {
		if errors.Is(msg.err, store.ErrNotFound) && t.screen != scrList {
			t.screen, t.ev = scrList, nil
		}
		return t.fail(msg.err)
	}
	if t.ev != nil && t.ev.ID != msg.ev.ID && t.screen != scrDetail {
		return nil // a late answer for an event no longer shown
	}
	t.ev, t.att, t.tasks, t.orgs = msg.ev, msg.att, msg.tasks, msg.orgs
	t.sizeRegs()
	t.regs.SetRows(msg.att, func(a store.Attendee) string { return a.Reg.ID })
	if t.ci != nil && t.ci.ev.ID == msg.ev.ID {
		t.ci.merge(msg.ev, msg.att, msg.orgs)
	}
	if t.editOnLoad {
		t.editOnLoad = false
		return t.openEventForm(t.ev)
	}
	return nil
}

func (t *Tab) eventSaved(msg eventSavedMsg) tea.Cmd {
	if msg.err != nil {
		// The form or the Protokoll keeps its input and shows why.
		if t.frm != nil {
			t.frm.SetError(msg.err)
		}
		if t.pe != nil {
			t.pe.err = msg.err.Error()
		}
		return common.Fail(msg.err)
	}
	t.frm, t.draft, t.pe = nil, nil, nil
	t.screen = scrDetail
	text := msg.text
	if text == "" {
		text = "Veranstaltung gespeichert."
	}
	return tea.Batch(t.say(text), t.loadEvent(msg.id), t.loadEvents())
}

func (t *Tab) erased(msg erasedMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	return tea.Batch(t.say(fmt.Sprintf("Kontaktdaten gelöscht: %d Anmeldungen anonymisiert, %d nur hierfür angelegte Personen entfernt. Die Zahlen bleiben. "+store.CompactHint,
		msg.res.Registrations, msg.res.PeopleDeleted)), t.loadEvent(t.ev.ID))
}

// updateDialogs handles the messages of the overlays: a question asked by
// a sub-screen, the person picker and the forms.
func (t *Tab) updateDialogs(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case askMsg:
		t.confirm = form.Ask(msg.question, msg.yes)
		return nil, true
	case picker.PickedMsg:
		t.pick = nil
		if msg.ID == "register" && t.ev != nil {
			return t.registerPerson(msg.RecordID, msg.Name), true
		}
		if msg.ID == "member" && t.mail != nil {
			return t.mail.setMember(msg.RecordID, msg.Name, true), true
		}
		return nil, true
	case picker.CancelledMsg:
		t.pick = nil
		return nil, true
	case form.SubmittedMsg:
		return t.formDone(msg, msg.ID, func() tea.Cmd { return t.submitted(msg.ID) }), true
	case form.CancelledMsg:
		return t.formDone(msg, msg.ID, func() tea.Cmd {
			if t.frm != nil && msg.ID == t.frm.ID() {
				t.frm, t.draft, t.tdraft, t.odraft = nil, nil, nil, nil
			}
			return nil
		}), true
	}
	return nil, false
}

// formDone routes a form's submit or cancel: the picker's own "neu
// anlegen" form, the check-in's walk-in form, else the tab's form (own).
func (t *Tab) formDone(msg tea.Msg, id string, own func() tea.Cmd) tea.Cmd {
	if t.pick != nil && (t.frm == nil || id != t.frm.ID()) {
		return t.pick.Update(msg)
	}
	if t.screen == scrCheckIn && t.ci != nil && id == "walkin" {
		cmd, _ := t.ci.update(msg)
		return cmd
	}
	return own()
}

// updateSubScreens hands the check-in, task list and Verteiler their own
// messages, and opens what they ask the tab for.
func (t *Tab) updateSubScreens(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case checkInToggledMsg, walkInSavedMsg:
		if t.ci != nil {
			cmd, _ := t.ci.update(msg)
			return cmd, true
		}
	case openTaskFormMsg:
		return t.openTaskForm(msg.task), true
	case tasksLoadedMsg, taskDoneMsg:
		if t.tl != nil {
			return t.tl.update(msg), true
		}
	case openMemberPickerMsg:
		t.pick = picker.NewPerson(t.ctx, "member", nil)
		t.pick.SetSize(t.w, t.h)
		return t.pick.Init(), true
	case askMailFileMsg:
		return t.openMailFileForm(msg.item, msg.path), true
	case common.FilesCheckedMsg:
		if msg.ID == "mailfile" {
			return t.mailFileChecked(msg), true
		}
	case mailLoadedMsg, fileWrittenMsg, membersLoadedMsg, memberDoneMsg:
		if t.mail != nil {
			return t.mail.update(msg), true
		}
	default:
		return nil, false
	}
	return nil, true
}

// updateOverlay gives keys and mouse to the open dialog, picker, form or
// Protokoll editor, in that order.
func (t *Tab) updateOverlay(msg tea.Msg) (tea.Cmd, bool) {
	switch {
	case t.confirm != nil:
		cmd := t.confirm.Update(msg)
		if t.confirm.Done() {
			t.confirm = nil
		}
		return cmd, true
	case t.pick != nil:
		return t.pick.Update(msg), true
	case t.frm != nil:
		return t.frm.Update(msg), true
	case t.pe != nil:
		return t.protokollUpdate(msg), true
	}
	return nil, false
}

// updateScreen gives keys and mouse to the active screen.
func (t *Tab) updateScreen(msg tea.Msg) tea.Cmd {
	if s, ok := screens[t.screen]; ok {
		return s.update(t, msg)
	}
	return nil
}

// The list and the event screen take only keys; the sub-screens take
// everything (the check-in's text field also wants pastes and blinks) and say
// when they are done, which hands back to the screen they came from.

func (t *Tab) listUpdate(msg tea.Msg) tea.Cmd {
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		return t.listKey(kp)
	}
	return nil
}

func (t *Tab) detailUpdate(msg tea.Msg) tea.Cmd {
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		return t.detailKey(kp)
	}
	return nil
}

func (t *Tab) checkInUpdate(msg tea.Msg) tea.Cmd {
	cmd, done := t.ci.update(msg)
	if done {
		t.ci = nil
		t.screen = scrDetail
		return tea.Batch(cmd, t.loadEvent(t.ev.ID))
	}
	return cmd
}

func (t *Tab) tasksUpdate(msg tea.Msg) tea.Cmd {
	cmd, done := t.tl.updateKeys(msg)
	if done {
		t.screen = t.tl.back
		t.tl = nil
	}
	return cmd
}

func (t *Tab) mailUpdate(msg tea.Msg) tea.Cmd {
	cmd, done := t.mail.updateKeys(msg)
	if done {
		t.mail = nil
		t.screen = scrList
	}
	return cmd
}
