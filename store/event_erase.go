package store

import (
	"errors"

	"stabsstelle/model"
)

// EraseResult says what EraseContactData did.
type EraseResult struct {
	Registrations int // registrations made anonymous
	PeopleDeleted int // person records created only for this event and removed
	Counts        model.AttendanceCounts
}

// EraseContactData removes the personal data of an event's registrations
// once the event is over (docs/DOMAIN.md §3.2, §4.4: "delete contact data after
// the event is wrapped up; keep counts"). What happens:
//
//   - every registration loses its link to the person (PersonID) and is
//     marked Erased; status, role, organisation and check-in time stay, so
//     the counts (angemeldet, da, Haupt-/Ehrenamt, which institutions came)
//     can still be reported;
//   - the counts are also kept on the event (CountsAfterErase);
//   - a person record is deleted only if it was created just for a
//     registration of this event ("neu in einem Schritt", walk-ins) and
//     nothing else needs it: no registration for another event, no
//     interpreter, volunteer or network role (Gremium membership or a
//     Grundschulung date), no task assigned to it. Everyone else is a
//     person the office knows anyway and stays.
//
// The journal's old values of those fields are redacted too and the
// erasure is recorded in the ledger (erase.go): undo cannot bring the
// contact data back, and restore of an older backup erases them again.
func EraseContactData(tx *Tx, eventID string) (EraseResult, error) {
	if err := tx.act(model.PermErase); err != nil {
		return EraseResult{}, err
	}
	defer tx.endAct()
	var res EraseResult
	ev, err := Events.Get(tx, eventID)
	if err != nil {
		return res, err
	}
	if !ev.Erased.IsZero() {
		return res, errors.New("Die Kontaktdaten dieser Veranstaltung wurden bereits gelöscht.")
	}
	if !ev.Past(tx.Now()) && ev.Status != model.EventAbgesagt {
		return res, errors.New("Die Veranstaltung ist noch nicht vorbei – Kontaktdaten werden erst danach gelöscht.")
	}
	regs, err := RegistrationsOf(tx, eventID)
	if err != nil {
		return res, err
	}
	taskOwners := map[string]bool{}
	if err := Tasks.Each(tx, func(t *model.Task) error {
		if t.OwnerPersonID != "" {
			taskOwners[t.OwnerPersonID] = true
		}
		return nil
	}); err != nil {
		return res, err
	}
	var candidates []string
	journaled := 0
	for _, r := range regs {
		res.Counts.Add(r.Status, r.Role)
		if r.CreatedPerson && r.PersonID != "" {
			candidates = append(candidates, r.PersonID)
		}
		r.PersonID = ""
		r.Erased = true
		r.CreatedPerson = false
		r.GrundschulungBefore, r.GrundschulungNetBefore = model.Date{}, model.Date{}
		if err := Registrations.Put(tx, r); err != nil {
			return res, err
		}
		if err := tx.eraseFields(KindRegistration, r.ID, eventErasure, regErasedFields, setTrue, &journaled); err != nil {
			return res, err
		}
		res.Registrations++
	}
	for _, pid := range candidates {
		if taskOwners[pid] {
			continue
		}
		p, err := People.Get(tx, pid)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return res, err
		}
		if p.Interpreter != nil || p.Volunteer != nil ||
			(p.Network != nil && (len(p.Network.Arbeitskreise) > 0 || !p.Network.Grundschulung.IsZero())) {
			continue
		}
		elsewhere := false
		if err := Registrations.Scan(tx, "person", netKeyFrom(pid), netKeyTo(pid), func(string, []byte, []byte) error {
			elsewhere = true
			return nil
		}); err != nil {
			return res, err
		}
		if elsewhere {
			continue
		}
		if err := People.Delete(tx, pid); err != nil {
			return res, err
		}
		if err := tx.eraseWhole(KindPerson, pid, eventErasure, &journaled); err != nil {
			return res, err
		}
		res.PeopleDeleted++
	}
	c := res.Counts
	ev.CountsAfterErase = &c
	ev.Erased = tx.Now()
	if err := SaveEvent(tx, ev); err != nil {
		return res, err
	}
	if res.Registrations > 0 {
		return res, tx.markScrub()
	}
	return res, nil
}

// eventErasure is why the ledger says an event's contact data went.
const eventErasure = "Kontaktdaten der Veranstaltung gelöscht (Art. 17)"
