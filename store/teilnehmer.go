package store

import (
	"errors"
	"fmt"
	"time"

	"stabsstelle/model"
)

// TeilnehmerResult says what ImportTeilnehmer did.
type TeilnehmerResult struct {
	New       int `json:"new"`       // registrations added (waiting list included)
	Updated   int `json:"updated"`   // existing registrations whose status changed
	Unchanged int `json:"unchanged"` // rows that matched a registration as it is
	Waiting   int `json:"waiting"`   // of New and Updated: put on the waiting list
	Refused   int `json:"refused"`   // rows not taken (reasons in Problems)
	People    int `json:"people"`    // persons created
	Orgs      int `json:"orgs"`      // institutions created
	Problems  []model.CSVProblem
}

// ImportTeilnehmer takes a participant list into an event, in the caller's
// transaction (one write: all rows or none). Each row is matched to a
// person of the office (same e-mail, else same name and institution; a
// new person is created otherwise) and to that person's registration for
// the event, which is updated, never duplicated. Capacity and the waiting
// list apply as at the desk; "anwesend" is a check-in (not held to the
// capacity: the person is there). Institutions are found by name or
// created.
func ImportTeilnehmer(tx *Tx, eventID string, rows []model.TeilnehmerRow) (TeilnehmerResult, error) {
	var res TeilnehmerResult
	ev, err := Events.Get(tx, eventID)
	if err != nil {
		return res, err
	}
	if ev.Status == model.EventAbgesagt {
		return res, ErrEventCancelled
	}
	if !ev.Erased.IsZero() {
		return res, ErrErased
	}
	f, err := newPersonFinder(tx)
	if err != nil {
		return res, err
	}
	regs, err := RegistrationsOf(tx, eventID)
	if err != nil {
		return res, err
	}
	occupied := 0
	byPerson := map[string]*model.Registration{}
	for _, r := range regs {
		if r.Status.HoldsPlace() {
			occupied++
		}
		if r.PersonID != "" {
			byPerson[r.PersonID] = r
		}
	}
	refuse := func(line int, msg string) {
		res.Refused++
		res.Problems = append(res.Problems, model.CSVProblem{Line: line, Msg: msg})
	}
	// place decides between a place and the waiting list.
	place := func() model.RegStatus {
		if ev.Capacity > 0 && occupied >= ev.Capacity {
			return model.RegWarteliste
		}
		return model.RegAngemeldet
	}
	for _, row := range rows {
		orgID := ""
		if row.Organisation != "" {
			if orgID = f.org(row.Organisation); orgID == "" {
				o := &model.Organisation{Name: row.Organisation, Kind: model.OrgSonstige}
				if err := Organisations.Put(tx, o); err != nil {
					return res, fmt.Errorf("Zeile %d: %w", row.Line, err)
				}
				f.addOrg(o.ID, o.Name)
				orgID = o.ID
				res.Orgs++
			}
		}
		pid, _ := f.person(row.Email, row.Name, orgID)
		r := byPerson[pid]
		created := false
		if pid == "" {
			if row.Status == model.RegAbgemeldet {
				refuse(row.Line, row.Name+" ist nicht angemeldet – die Abmeldung wurde übersprungen.")
				continue
			}
			p := &model.Person{Name: row.Name, Email: row.Email, OrganisationID: orgID}
			if err := People.Put(tx, p); err != nil {
				var ve model.ValidationError
				if errors.As(err, &ve) {
					refuse(row.Line, ve.Error())
					continue
				}
				return res, err
			}
			f.addPerson(p.ID, p.Email, p.Name, orgID)
			pid, created = p.ID, true
			res.People++
		}
		if r == nil && row.Status == model.RegAbgemeldet {
			refuse(row.Line, row.Name+" ist für diese Veranstaltung nicht angemeldet – die Abmeldung wurde übersprungen.")
			continue
		}
		was := model.RegStatus("")
		if r == nil {
			r = &model.Registration{EventID: eventID, PersonID: pid, OrganisationID: orgID, RegisteredAt: tx.Now(), CreatedPerson: created}
			byPerson[pid] = r
		} else {
			was = r.Status
		}
		want := row.Status
		// "angemeldet" in a list does not undo a check-in, nor does it move
		// anybody past the waiting list.
		if want == r.Status || want == model.RegAngemeldet && (r.Status.HoldsPlace() || r.Status == model.RegWarteliste) {
			res.Unchanged++
			continue
		}
		switch want {
		case model.RegAngemeldet:
			r.Status = place()
			r.RegisteredAt = tx.Now()
		case model.RegTeilgenommen:
			r.Status, r.CheckedInAt = model.RegTeilgenommen, tx.Now()
		case model.RegAbgemeldet:
			r.Status, r.CheckedInAt = model.RegAbgemeldet, time.Time{}
		}
		if was.HoldsPlace() {
			occupied--
		}
		if r.Status.HoldsPlace() {
			occupied++
		}
		if err := Registrations.Put(tx, r); err != nil {
			return res, fmt.Errorf("Zeile %d: %w", row.Line, err)
		}
		if r.Status == model.RegTeilgenommen && ev.Grundschulung {
			if err := markGrundschulung(tx, ev, r); err != nil {
				return res, err
			}
		}
		if r.Status == model.RegWarteliste {
			res.Waiting++
		}
		if was == "" {
			res.New++
		} else {
			res.Updated++
		}
	}
	return res, nil
}
