package netzwerk

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/form"
)

// registerPerson signs the picked person up; the role follows from whether
// the person belongs to an organisation (changeable with r).
func (t *Tab) registerPerson(personID, name string) tea.Cmd {
	evID, deadline, now := t.ev.ID, t.ev.Deadline, t.ctx.Now()
	var r *model.Registration
	return t.ctx.Write(func(tx *store.Tx) error {
		p, err := store.People.Get(tx, personID)
		if err != nil {
			return err
		}
		role := model.RoleEhrenamt
		if p.OrganisationID != "" {
			role = model.RoleHauptamt
		}
		r, err = store.Register(tx, evID, personID, store.RegisterOptions{Role: role})
		return err
	}, func(err error) tea.Msg {
		if err != nil {
			return regDoneMsg{err: err}
		}
		late := ""
		if !deadline.IsZero() && model.Today(now).After(deadline) {
			late = " (nach Anmeldeschluss " + deadline.String() + ")"
		}
		if r.Status == model.RegWarteliste {
			return regDoneMsg{text: name + " steht auf der Warteliste – alle Plätze sind belegt." + late}
		}
		return regDoneMsg{text: name + " ist angemeldet." + late}
	})
}

func (t *Tab) cancelReg(a store.Attendee) tea.Cmd {
	if a.Reg.Status == model.RegAbgemeldet {
		return t.fail(errors.New(a.Name + " ist schon abgemeldet."))
	}
	regID := a.Reg.ID
	var next *model.Registration
	var nextName string
	return t.ctx.Write(func(tx *store.Tx) (err error) {
		if next, err = store.Cancel(tx, regID); err != nil || next == nil {
			return err
		}
		if p, err := store.People.Get(tx, next.PersonID); err == nil {
			nextName = p.Name
		}
		return nil
	}, func(err error) tea.Msg {
		return regDoneMsg{text: a.Name + " ist abgemeldet.", next: next, nextName: nextName, err: err}
	})
}

func (t *Tab) regDone(msg regDoneMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	cmds := []tea.Cmd{t.say(msg.text)}
	if t.ev != nil {
		cmds = append(cmds, t.loadEvent(t.ev.ID))
	}
	if msg.next != nil {
		name := msg.nextName
		if name == "" {
			name = "Die erste Person"
		}
		id := msg.next.ID
		t.confirm = form.Ask("Ein Platz ist frei geworden.\n"+name+" von der Warteliste nachrücken lassen?", func() tea.Cmd { return t.promote(id, name) })
	}
	return tea.Batch(cmds...)
}

func (t *Tab) promote(regID, name string) tea.Cmd {
	return t.ctx.Write(func(tx *store.Tx) error {
		_, err := store.Promote(tx, regID)
		return err
	}, func(err error) tea.Msg { return regDoneMsg{text: name + " ist nachgerückt und angemeldet.", err: err} })
}

func (t *Tab) cycleRole(regID string) tea.Cmd {
	return t.ctx.Write(func(tx *store.Tx) error {
		r, err := store.Registrations.Get(tx, regID)
		if err != nil {
			return err
		}
		switch r.Role {
		case model.RoleHauptamt:
			r.Role = model.RoleEhrenamt
		case model.RoleEhrenamt:
			r.Role = model.RoleNone
		default:
			r.Role = model.RoleHauptamt
		}
		return store.Registrations.Put(tx, r)
	}, func(err error) tea.Msg { return regDoneMsg{text: "Rolle geändert.", err: err} })
}

// askNoShows asks before marking everyone still only „angemeldet“ as
// „nicht erschienen“.
func (t *Tab) askNoShows() tea.Cmd {
	id := t.ev.ID
	n := 0
	for _, a := range t.att {
		if a.Reg.Status == model.RegAngemeldet {
			n++
		}
	}
	if n == 0 {
		return t.fail(errors.New("Niemand ist mehr nur „angemeldet“ – es gibt nichts zu vermerken."))
	}
	t.confirm = form.Ask(fmt.Sprintf("Alle %d noch „angemeldet“en als „nicht erschienen“ vermerken?", n), func() tea.Cmd {
		return t.ctx.Write(func(tx *store.Tx) error {
			_, err := store.MarkNoShows(tx, id)
			return err
		}, func(err error) tea.Msg {
			return regDoneMsg{text: "Wer nicht da war, ist als „nicht erschienen“ vermerkt.", err: err}
		})
	})
	return nil
}

// askErase asks before erasing the contact data of a past (or cancelled)
// event; the numbers stay.
func (t *Tab) askErase() tea.Cmd {
	if !t.ev.Erased.IsZero() {
		return t.fail(errors.New("Die Kontaktdaten wurden bereits gelöscht."))
	}
	if !t.ev.Past(t.ctx.Now()) && t.ev.Status != model.EventAbgesagt {
		return t.fail(errors.New("Die Veranstaltung ist noch nicht vorbei – Kontaktdaten werden erst danach gelöscht."))
	}
	id := t.ev.ID
	t.confirm = form.Ask(fmt.Sprintf("Kontaktdaten aller %d Anmeldungen löschen?\nDie Zahlen (angemeldet, da, Haupt-/Ehrenamt) bleiben erhalten.\nAuch im Journal geschwärzt; Strg+Z holt nichts zurück.", len(t.att)), func() tea.Cmd {
		var res store.EraseResult
		return t.ctx.Write(func(tx *store.Tx) (err error) {
			res, err = store.EraseContactData(tx, id)
			return err
		}, func(err error) tea.Msg { return erasedMsg{res: res, err: err} })
	})
	return nil
}
