package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"stabsstelle/model"
)

// create makes a record the laptop made – or links it with the office's
// record of the same person, institution or registration.
func (mg *merger) create(c *change) error {
	if isNull(c.laptop) {
		return nil
	}
	if done, err := mg.linkToOffice(c); done || err != nil {
		return err
	}
	if err := mg.checkBooking(c.line.Kind, c.laptop); err != nil {
		var clash *errClash
		if errors.As(err, &clash) {
			c.office = nil
			return mg.conflict(c, nil, clash.rule)
		}
		return err
	}
	old := stringAt(c.laptop, "number")
	meta, err := c.kind.putState(mg.tx, c.laptop, 0)
	if err = asClash(err); err != nil {
		var clash *errClash
		if errors.As(err, &clash) {
			return mg.conflict(c, nil, clash.rule)
		}
		return err
	}
	mg.made[c.line.ID] = true
	mg.rep.Created++
	if old != "" && meta.Number != "" && old != meta.Number {
		mg.rep.Renumbered = append(mg.rep.Renumbered, Renumber{Kind: c.line.Kind, From: old, To: meta.Number})
	}
	return mg.noteCreated(c)
}

// linkToOffice links a person or institution the laptop made to the
// office's record of the same one, or joins a registration with the
// office's (joinRegistration); done says the record needs no creating.
func (mg *merger) linkToOffice(c *change) (done bool, err error) {
	switch c.line.Kind {
	case KindPerson, KindOrganisation:
		if to, why, err := mg.findSame(c.line.Kind, c.laptop); err != nil {
			return false, err
		} else if to != "" {
			mg.links[c.line.ID] = to
			mg.rep.Linked = append(mg.rep.Linked, Link{Kind: c.line.Kind, What: mg.describe(c.line.Kind, c.laptop), Why: why})
			return true, nil
		}
	case KindRegistration:
		return mg.joinRegistration(c)
	}
	return false, nil
}

// noteCreated makes a created record known to the rest of the merge: a
// person or institution to the finder of the same, a registration to the
// event's list (and its check-in to the Grundschulung marks).
func (mg *merger) noteCreated(c *change) error {
	switch c.line.Kind {
	case KindPerson, KindOrganisation:
		f, err := mg.finder()
		if err != nil {
			return err
		}
		if c.line.Kind == KindPerson {
			f.addPerson(c.line.ID, stringAt(c.laptop, "email"), stringAt(c.laptop, "name"), stringAt(c.laptop, "organisationId"))
		} else {
			f.addOrg(c.line.ID, stringAt(c.laptop, "name"))
		}
	case KindRegistration:
		if stringAt(c.laptop, "status") == string(model.RegTeilgenommen) {
			mg.checkedIn = append(mg.checkedIn, c.line.ID)
		}
		mg.regsOf(stringAt(c.laptop, "eventId"))[stringAt(c.laptop, "personId")] = c.line.ID
	}
	return nil
}

// joinRegistration: the laptop registered a person whom the office has
// registered for the same event meanwhile (a linked walk-in). No second
// registration: the door's attendance goes onto the office's.
func (mg *merger) joinRegistration(c *change) (bool, error) {
	eventID, personID := stringAt(c.laptop, "eventId"), stringAt(c.laptop, "personId")
	if ev, err := eventOrNil(mg.tx, eventID); err != nil {
		return false, err
	} else if ev == nil {
		return true, mg.conflict(c, nil, "die Veranstaltung wurde im Büro gelöscht")
	}
	if personID == "" {
		return false, nil
	}
	regID, ok := mg.regsOf(eventID)[personID]
	if !ok {
		return false, nil
	}
	mg.links[c.line.ID] = regID
	r, err := Registrations.Get(mg.tx, regID)
	if err != nil {
		return false, err
	}
	who := mg.describe(KindRegistration, c.laptop)
	if stringAt(c.laptop, "status") != string(model.RegTeilgenommen) || r.Status == model.RegTeilgenommen {
		mg.rep.Linked = append(mg.rep.Linked, Link{Kind: KindRegistration, What: who, Why: "war im Büro schon angemeldet"})
		return true, nil
	}
	if r.Erased {
		return true, mg.conflict(c, nil, "die Kontaktdaten der Veranstaltung wurden im Büro gelöscht")
	}
	was := r.Status
	var in time.Time
	_ = json.Unmarshal(valueAt(c.laptop, []string{"checkedInAt"}), &in)
	r.Status, r.CheckedInAt = model.RegTeilgenommen, in
	if err := Registrations.Put(mg.tx, r); err != nil {
		return false, err
	}
	mg.rep.Applied++
	mg.checkedIn = append(mg.checkedIn, regID)
	mg.rep.Linked = append(mg.rep.Linked, Link{Kind: KindRegistration, What: who,
		Why: fmt.Sprintf("war im Büro schon angemeldet (%s); die Anwesenheit an der Tür wurde dort eingetragen", was)})
	return true, nil
}

func eventOrNil(tx *Tx, id string) (*model.Event, error) {
	ev, err := Events.Get(tx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return ev, err
}

// regsOf maps the persons registered for an event to their registration.
func (mg *merger) regsOf(eventID string) map[string]string {
	if m, ok := mg.regs[eventID]; ok {
		return m
	}
	m := map[string]string{}
	_ = Registrations.Scan(mg.tx, "event", netKeyFrom(eventID), netKeyTo(eventID), func(id string, _, _ []byte) error {
		r, err := Registrations.Get(mg.tx, id)
		if err == nil && r.PersonID != "" {
			m[r.PersonID] = r.ID
		}
		return nil
	})
	mg.regs[eventID] = m
	return m
}
