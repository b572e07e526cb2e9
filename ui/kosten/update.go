package kosten

import (
	tea "charm.land/bubbletea/v2"

	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/picker"
	"stabsstelle/ui/table"
)

// Update routes a message: first the tab's own concerns (size, roles, the
// change feed), then the answers of its commands, then the messages of the
// forms and pickers; whatever is left goes to the open overlay or, as a
// key, to the active screen.
func (t *Tab) Update(msg tea.Msg) tea.Cmd {
	for _, route := range []func(tea.Msg) (tea.Cmd, bool){t.updateTab, t.updateClaimData, t.updateOtherData, t.updateDialogs} {
		if cmd, ok := route(msg); ok {
			return cmd
		}
	}
	if cmd, ok := t.updateOverlay(msg); ok {
		return cmd
	}
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if s, ok := screens[t.screen]; ok {
		return s.update(t, kp)
	}
	return nil
}

// updateTab handles what concerns the whole tab: size, colours, roles, the
// change feed and a request from elsewhere to open a claim.
func (t *Tab) updateTab(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		t.setSize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		// The root has rebuilt ctx.Styles for the terminal's background;
		// the tables were made with the start-up guess (dark).
		ts := table.DefaultStyles(msg.IsDark())
		t.claims.SetStyles(ts)
		t.people.SetStyles(ts)
		t.runs.SetStyles(ts)
		t.payable.SetStyles(ts)
	case common.RolesMsg:
		t.gate()
	case common.ChangedMsg:
		if msg.Touches(store.KindClaim, store.KindFund, store.KindPayout, store.KindPerson, store.KindReclaim, "settings") {
			return t.reload(), true
		}
	case OpenClaimMsg:
		return t.openClaim(msg.ID), true
	default:
		return nil, false
	}
	return nil, true
}

// openClaim shows a claim asked for from search or another tab, unless
// unsaved input would be lost.
func (t *Tab) openClaim(id string) tea.Cmd {
	if t.Dirty() {
		t.setFlash("Bitte zuerst den offenen Antrag speichern (ctrl+s) oder verwerfen (esc).", true)
		return nil
	}
	t.frm, t.pick, t.confirm, t.ed = nil, nil, nil, nil
	t.screen = scrDetail
	t.det = nil
	t.flash = ""
	return t.openDetail(id)
}

// updateClaimData handles the answers about claims: the list, one claim,
// the editor and the checklist of Einsätze.
func (t *Tab) updateClaimData(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case claimsLoadedMsg:
		t.claimsLoaded(msg)
		return nil, true
	case table.FilterMsg:
		return t.claims.Update(msg), true // the claims list builds its filter text lazily
	case editorLoadedMsg:
		return t.handleEditorLoaded(msg), true
	case checklistLoadedMsg:
		return t.checklistLoaded(msg), true
	case detailLoadedMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return nil, true
		}
		if msg.d.c.ID == t.detID { // else a late answer for a claim no longer wanted
			t.det = msg.d
		}
		return nil, true
	case claimSavedMsg:
		return t.claimSaved(msg), true
	case actionDoneMsg:
		return t.actionDone(msg), true
	}
	return nil, false
}

// updateOtherData handles the answers about Engagierte, payout runs and
// files written.
func (t *Tab) updateOtherData(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case personLoadedMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return nil, true
		}
		return t.showProfileForm(msg.p, msg.reclaims), true
	case profileSavedMsg:
		return t.profileSaved(msg), true
	case accountLoadedMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return nil, true
		}
		return t.showAccountForm(msg.a), true
	case peopleLoadedMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return nil, true
		}
		t.people.SetRows(msg.rows, func(r volRow) string { return r.p.ID })
		return nil, true
	case runsLoadedMsg:
		t.runsLoaded(msg)
		return nil, true
	case runDoneMsg:
		return t.runDone(msg), true
	case fileWrittenMsg:
		return t.fileWritten(msg), true
	case common.FilesCheckedMsg:
		if msg.ID == "kosten:certfile" {
			return t.certificateChecked(msg), true
		}
		return nil, true
	}
	return nil, false
}

// updateDialogs handles the end of a form or a picker.
func (t *Tab) updateDialogs(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case form.SubmittedMsg:
		if t.pick != nil && (t.frm == nil || msg.ID != t.frm.ID()) {
			return t.pick.Update(msg), true // the picker's "neue Person" form
		}
		return t.formSubmitted(msg.ID), true
	case form.CancelledMsg:
		if t.pick != nil && (t.frm == nil || msg.ID != t.frm.ID()) {
			return t.pick.Update(msg), true
		}
		t.formCancelled(msg.ID)
		return nil, true
	case picker.PickedMsg:
		return t.picked(msg), true
	case picker.CancelledMsg:
		t.pick = nil
		return nil, true
	}
	return nil, false
}

// formCancelled closes the form; a new claim whose person was never
// chosen is dropped with it.
func (t *Tab) formCancelled(id string) {
	if t.frm == nil || id != t.frm.ID() {
		return
	}
	t.frm = nil
	if t.ed != nil {
		t.ed.cancelled(id)
		if t.ed.c.PersonID == "" {
			t.ed = nil
			t.screen = scrClaims
		}
	}
}

// picked goes on with the person the picker chose: a profile, a new
// claim, or the checklist of an interpreter's Einsätze.
func (t *Tab) picked(msg picker.PickedMsg) tea.Cmd {
	if t.pick == nil {
		return nil
	}
	switch msg.ID {
	case pickVolunteerID:
		t.pick = nil
		return t.loadProfile(msg.RecordID)
	case pickPersonID:
		t.pick = nil
		return t.newClaimFor(msg.RecordID, msg.Name)
	case pickInterpID:
		t.pick = nil
		return t.openChecklist(msg.RecordID, msg.Name)
	}
	return nil
}

// updateOverlay gives everything else to the open dialog, form or picker,
// in that order.
func (t *Tab) updateOverlay(msg tea.Msg) (tea.Cmd, bool) {
	switch {
	case t.confirm != nil:
		cmd := t.confirm.Update(msg)
		if t.confirm.Done() {
			t.confirm = nil
		}
		return cmd, true
	case t.frm != nil:
		return t.frm.Update(msg), true
	case t.pick != nil:
		return t.pick.Update(msg), true
	}
	return nil, false
}
