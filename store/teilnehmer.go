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
	imp, err := startTeilnehmerImport(tx, eventID)
	if err != nil {
		return TeilnehmerResult{}, err
	}
	for _, row := range rows {
		if err := imp.row(row); err != nil {
			return imp.res, err
		}
	}
	return imp.res, nil
}

// teilnehmerImport is one ImportTeilnehmer under way: the event, the
// office's people and institutions, the event's registrations by person and
// how many places they hold, which every row changes.
type teilnehmerImport struct {
	tx       *Tx
	eventID  string
	ev       *model.Event
	f        *personFinder
	byPerson map[string]*model.Registration
	occupied int
	res      TeilnehmerResult
}

// startTeilnehmerImport loads what the rows are matched against; a
// cancelled or erased event takes no list.
func startTeilnehmerImport(tx *Tx, eventID string) (*teilnehmerImport, error) {
	ev, err := Events.Get(tx, eventID)
	if err != nil {
		return nil, err
	}
	if ev.Status == model.EventAbgesagt {
		return nil, ErrEventCancelled
	}
	if !ev.Erased.IsZero() {
		return nil, ErrErased
	}
	f, err := newPersonFinder(tx)
	if err != nil {
		return nil, err
	}
	regs, err := RegistrationsOf(tx, eventID)
	if err != nil {
		return nil, err
	}
	imp := &teilnehmerImport{tx: tx, eventID: eventID, ev: ev, f: f, byPerson: map[string]*model.Registration{}}
	for _, r := range regs {
		if r.Status.HoldsPlace() {
			imp.occupied++
		}
		if r.PersonID != "" {
			imp.byPerson[r.PersonID] = r
		}
	}
	return imp, nil
}

// refuse counts a row not taken, with the German reason.
func (imp *teilnehmerImport) refuse(line int, msg string) {
	imp.res.Refused++
	imp.res.Problems = append(imp.res.Problems, model.CSVProblem{Line: line, Msg: msg})
}

// place decides between a place and the waiting list.
func (imp *teilnehmerImport) place() model.RegStatus {
	if imp.ev.Capacity > 0 && imp.occupied >= imp.ev.Capacity {
		return model.RegWarteliste
	}
	return model.RegAngemeldet
}

// row takes one row: its institution, its person, then its registration.
// A refused row is counted and the import goes on; an error ends it.
func (imp *teilnehmerImport) row(row model.TeilnehmerRow) error {
	orgID, err := imp.orgOf(row)
	if err != nil {
		return err
	}
	pid, _ := imp.f.person(row.Email, row.Name, orgID)
	r := imp.byPerson[pid]
	created := false
	if pid == "" {
		if row.Status == model.RegAbgemeldet {
			imp.refuse(row.Line, row.Name+" ist nicht angemeldet – die Abmeldung wurde übersprungen.")
			return nil
		}
		if pid, err = imp.newPerson(row, orgID); err != nil || pid == "" {
			return err
		}
		created = true
	}
	if r == nil && row.Status == model.RegAbgemeldet {
		imp.refuse(row.Line, row.Name+" ist für diese Veranstaltung nicht angemeldet – die Abmeldung wurde übersprungen.")
		return nil
	}
	was := model.RegStatus("")
	if r == nil {
		r = &model.Registration{EventID: imp.eventID, PersonID: pid, OrganisationID: orgID, RegisteredAt: imp.tx.Now(), CreatedPerson: created}
		imp.byPerson[pid] = r
	} else {
		was = r.Status
	}
	want := row.Status
	// "angemeldet" in a list does not undo a check-in, nor does it move
	// anybody past the waiting list.
	if want == r.Status || want == model.RegAngemeldet && (r.Status.HoldsPlace() || r.Status == model.RegWarteliste) {
		imp.res.Unchanged++
		return nil
	}
	return imp.setStatus(row, r, was)
}

// orgOf finds the row's institution by name or creates it ("" for a row
// without one).
func (imp *teilnehmerImport) orgOf(row model.TeilnehmerRow) (string, error) {
	if row.Organisation == "" {
		return "", nil
	}
	if orgID := imp.f.org(row.Organisation); orgID != "" {
		return orgID, nil
	}
	o := &model.Organisation{Name: row.Organisation, Kind: model.OrgSonstige}
	if err := Organisations.Put(imp.tx, o); err != nil {
		return "", fmt.Errorf("Zeile %d: %w", row.Line, err)
	}
	imp.f.addOrg(o.ID, o.Name)
	imp.res.Orgs++
	return o.ID, nil
}

// newPerson creates the row's person and gives its ID. A row whose person
// is not valid is refused and gives "" without an error.
func (imp *teilnehmerImport) newPerson(row model.TeilnehmerRow, orgID string) (string, error) {
	p := &model.Person{Name: row.Name, Email: row.Email, OrganisationID: orgID}
	if err := People.Put(imp.tx, p); err != nil {
		var ve model.ValidationError
		if errors.As(err, &ve) {
			imp.refuse(row.Line, ve.Error())
			return "", nil
		}
		return "", err
	}
	imp.f.addPerson(p.ID, p.Email, p.Name, orgID)
	imp.res.People++
	return p.ID, nil
}

// setStatus gives the registration the row's status (was is its status
// before the row, "" for a new one) as the desk would: a place or the
// waiting list, a check-in, a cancellation.
func (imp *teilnehmerImport) setStatus(row model.TeilnehmerRow, r *model.Registration, was model.RegStatus) error {
	tx := imp.tx
	switch row.Status {
	case model.RegAngemeldet:
		r.Status = imp.place()
		r.RegisteredAt = tx.Now()
	case model.RegTeilgenommen:
		r.Status, r.CheckedInAt = model.RegTeilgenommen, tx.Now()
	case model.RegAbgemeldet:
		r.Status, r.CheckedInAt = model.RegAbgemeldet, time.Time{}
	}
	if was.HoldsPlace() {
		imp.occupied--
	}
	if r.Status.HoldsPlace() {
		imp.occupied++
	}
	if err := Registrations.Put(tx, r); err != nil {
		return fmt.Errorf("Zeile %d: %w", row.Line, err)
	}
	if r.Status == model.RegTeilgenommen && imp.ev.Grundschulung {
		if err := markGrundschulung(tx, imp.ev, r); err != nil {
			return err
		}
	}
	if r.Status == model.RegWarteliste {
		imp.res.Waiting++
	}
	if was == "" {
		imp.res.New++
	} else {
		imp.res.Updated++
	}
	return nil
}
