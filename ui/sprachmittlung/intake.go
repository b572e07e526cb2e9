package sprachmittlung

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/picker"
)

// The steps of a request, new or edited: the institution is picked, the
// form filled in, the intake rules checked (with the override dialog when
// one is broken) and the Einsatz saved. The profile form shares huh's
// submitted and cancelled messages, so it is answered here too.

const pickOrg = "sprachmittlung:einrichtung"

// requestFlow takes the messages of the request's steps.
func (t *Tab) requestFlow(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case picker.PickedMsg:
		return t.orgPicked(msg), true
	case orgReadyMsg:
		return t.orgReady(msg), true
	case picker.CancelledMsg:
		return t.pickCancelled(msg), true
	case form.SubmittedMsg:
		return t.formSubmitted(msg), true
	case form.CancelledMsg:
		return t.formCancelled(msg), true
	case intakeMsg:
		return t.intakeChecked(msg), true
	case savedMsg:
		return t.einsatzSaved(msg), true
	}
	return nil, false
}

// newRequest starts a phone request with the choice of the institution.
func (t *Tab) newRequest() tea.Cmd {
	t.pick = picker.NewOrganisation(t.ctx, pickOrg)
	t.pick.SetSize(t.width, t.height)
	t.push(scrPicker)
	return t.pick.Init()
}

func (t *Tab) pickerKey(msg tea.KeyPressMsg) tea.Cmd {
	if t.pick == nil {
		return nil
	}
	return t.pick.Update(msg)
}

func (t *Tab) pickerView() string {
	if t.pick == nil {
		return t.blank()
	}
	return frame(splitLines(t.pick.View()), t.width, t.height)
}

func (t *Tab) pickerHelp() []key.Binding {
	if t.pick == nil {
		return t.backHelp()
	}
	return t.pick.ShortHelp()
}

func (t *Tab) orgPicked(msg picker.PickedMsg) tea.Cmd {
	if msg.ID != pickOrg {
		return nil
	}
	id := msg.RecordID
	return common.Read(t.ctx, func(tx *store.Tx) (*model.Organisation, error) {
		return store.Organisations.Get(tx, id)
	}, func(o *model.Organisation, err error) tea.Msg { return orgReadyMsg{org: o, err: err} })
}

// orgReady opens the request form for the institution picked.
func (t *Tab) orgReady(msg orgReadyMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	t.pick = nil
	t.screen = scrForm // replaces the picker on the stack
	t.req = newRequest(t.ctx, nil, msg.org.ID, msg.org.Name)
	// The venue is usually the institution itself.
	t.req.place = msg.org.City
	t.req.address = strings.Join(nonEmpty(msg.org.Street, msg.org.Place()), ", ")
	t.req.build()
	t.req.setSize(t.width, t.height)
	return t.req.form.Init()
}

func (t *Tab) pickCancelled(msg picker.CancelledMsg) tea.Cmd {
	if msg.ID != pickOrg {
		return nil
	}
	t.pick = nil
	t.pop()
	return nil
}

func (t *Tab) formSubmitted(msg form.SubmittedMsg) tea.Cmd {
	switch {
	case t.req != nil && msg.ID == formRequest:
		return t.submitRequest()
	case t.prof != nil && msg.ID == formProfile:
		return t.saveProfile()
	case t.pick != nil:
		return t.pick.Update(msg) // the picker's own form (a new institution)
	}
	return nil
}

func (t *Tab) formCancelled(msg form.CancelledMsg) tea.Cmd {
	switch {
	case t.req != nil && msg.ID == formRequest:
		t.req = nil
		t.pop()
	case t.prof != nil && msg.ID == formProfile:
		t.prof = nil
		t.pop()
	case t.pick != nil:
		return t.pick.Update(msg) // the picker's own form (a new institution)
	}
	return nil
}

// submitRequest checks the intake rules of the request typed, unless an
// edit left alone everything they look at.
func (t *Tab) submitRequest() tea.Cmd {
	e, err := t.req.toEinsatz()
	if err != nil {
		t.req.form.SetError(err)
		return nil
	}
	if b := t.req.base; b != nil && sameForIntake(b, e) {
		return t.saveEinsatz(e)
	}
	return t.checkIntake(e)
}

// sameForIntake is true when nothing the intake rules look at has changed.
func sameForIntake(b, e *model.Einsatz) bool {
	return b.Start.Equal(e.Start) && b.Duration == e.Duration &&
		b.Topic == e.Topic && b.OrganisationID == e.OrganisationID
}

func (t *Tab) checkIntake(e *model.Einsatz) tea.Cmd {
	now := t.ctx.Now()
	return common.Read(t.ctx, func(tx *store.Tx) ([]model.Warning, error) {
		set, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return nil, err
		}
		org, err := store.Organisations.Get(tx, e.OrganisationID)
		if err != nil {
			return nil, errors.New("Die gewählte Einrichtung wurde nicht gefunden – bitte neu auswählen.")
		}
		return model.CheckIntake(e, org, set.Intake, now), nil
	}, func(ws []model.Warning, err error) tea.Msg { return intakeMsg{e: e, warnings: ws, err: err} })
}

// intakeChecked saves the request, or shows the rules it breaks.
func (t *Tab) intakeChecked(msg intakeMsg) tea.Cmd {
	if msg.err != nil {
		if t.req != nil {
			t.req.form.SetError(msg.err)
		}
		return t.fail(msg.err)
	}
	open := model.OpenWarnings(msg.warnings)
	if len(open) == 0 {
		return t.saveEinsatz(msg.e)
	}
	t.ov = newOverride(t.ctx, msg.e, open)
	t.push(scrOverride)
	return nil
}

func (t *Tab) saveEinsatz(orig *model.Einsatz) tea.Cmd {
	// A copy: a failed write must not leave an ID or number behind on the
	// record the form or dialog still holds.
	cp := *orig
	e := &cp
	isNew := e.ID == ""
	return t.ctx.Write(func(tx *store.Tx) error {
		return store.SaveEinsatz(tx, e)
	}, func(err error) tea.Msg {
		return savedMsg{id: e.ID, number: e.Number, isNew: isNew, err: err}
	})
}

// einsatzSaved goes back to where the request was started, then shows the
// saved Einsatz.
func (t *Tab) einsatzSaved(msg savedMsg) tea.Cmd {
	if msg.err != nil {
		return t.saveFailed(msg.err)
	}
	t.req, t.ov = nil, nil
	for t.screen == scrForm || t.screen == scrOverride || t.screen == scrPicker {
		t.pop()
	}
	text := msg.number + " gespeichert"
	if msg.isNew {
		text = msg.number + " angelegt"
	}
	var cmd tea.Cmd
	if t.screen == scrDetail && t.det != nil && t.det.id == msg.id {
		cmd = t.det.reload() // edited: back on its page
	} else {
		cmd = t.openDetail(msg.id)
	}
	return tea.Batch(cmd, t.say(text))
}

// saveFailed shows why the request was not saved on its form, which keeps
// everything typed.
func (t *Tab) saveFailed(err error) tea.Cmd {
	if t.req != nil {
		if t.screen == scrOverride {
			t.ov = nil
			t.pop()
		}
		t.req.form.SetError(err)
	}
	return t.fail(err)
}
