package store

import (
	"errors"
	"time"

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
	if err := checkErasable(ev, tx.Now()); err != nil {
		return res, err
	}
	regs, err := RegistrationsOf(tx, eventID)
	if err != nil {
		return res, err
	}
	taskOwners, err := taskOwnerIDs(tx)
	if err != nil {
		return res, err
	}
	journaled := 0
	candidates, err := anonymiseRegistrations(tx, regs, &res, &journaled)
	if err != nil {
		return res, err
	}
	for _, pid := range candidates {
		if taskOwners[pid] {
			continue
		}
		deleted, err := deleteEventOnlyPerson(tx, pid, &journaled)
		if err != nil {
			return res, err
		}
		if deleted {
			res.PeopleDeleted++
		}
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

// checkErasable refuses an event whose contact data are gone already or
// that is not over yet (a cancelled event may be erased at once).
func checkErasable(ev *model.Event, now time.Time) error {
	if !ev.Erased.IsZero() {
		return errors.New("Die Kontaktdaten dieser Veranstaltung wurden bereits gelöscht.")
	}
	if !ev.Past(now) && ev.Status != model.EventAbgesagt {
		return errors.New("Die Veranstaltung ist noch nicht vorbei – Kontaktdaten werden erst danach gelöscht.")
	}
	return nil
}

// taskOwnerIDs are the persons a task is assigned to: they stay.
func taskOwnerIDs(tx *Tx) (map[string]bool, error) {
	owners := map[string]bool{}
	err := Tasks.Each(tx, func(t *model.Task) error {
		if t.OwnerPersonID != "" {
			owners[t.OwnerPersonID] = true
		}
		return nil
	})
	return owners, err
}

// anonymiseRegistrations unlinks every registration from its person,
// counts it in res and redacts its journal; it returns the persons created
// just for a registration, who may go too.
func anonymiseRegistrations(tx *Tx, regs []*model.Registration, res *EraseResult, journaled *int) ([]string, error) {
	var candidates []string
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
			return candidates, err
		}
		if err := tx.eraseFields(KindRegistration, r.ID, eventErasure, regErasedFields, setTrue, journaled); err != nil {
			return candidates, err
		}
		res.Registrations++
	}
	return candidates, nil
}

// deleteEventOnlyPerson deletes a person created for a registration of the
// erased event, unless something else needs them: an interpreter,
// volunteer or network role, or a registration for another event. It
// reports whether the person was deleted.
func deleteEventOnlyPerson(tx *Tx, pid string, journaled *int) (bool, error) {
	p, err := People.Get(tx, pid)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if p.Interpreter != nil || p.Volunteer != nil ||
		(p.Network != nil && (len(p.Network.Arbeitskreise) > 0 || !p.Network.Grundschulung.IsZero())) {
		return false, nil
	}
	elsewhere := false
	if err := Registrations.Scan(tx, "person", netKeyFrom(pid), netKeyTo(pid), func(string, []byte, []byte) error {
		elsewhere = true
		return nil
	}); err != nil {
		return false, err
	}
	if elsewhere {
		return false, nil
	}
	if err := People.Delete(tx, pid); err != nil {
		return false, err
	}
	if err := tx.eraseWhole(KindPerson, pid, eventErasure, journaled); err != nil {
		return false, err
	}
	return true, nil
}
