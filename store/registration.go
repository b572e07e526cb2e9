package store

import (
	"errors"
	"fmt"
	"time"

	"stabsstelle/model"
)

// Registration errors a user can cause.
var (
	ErrEventCancelled = errors.New("Die Veranstaltung ist abgesagt – Anmeldungen sind nicht mehr möglich.")
	ErrErased         = errors.New("Die Kontaktdaten dieser Veranstaltung wurden bereits gelöscht – Anmeldungen können nicht mehr geändert werden.")
)

// ErrAlreadyRegistered: the person is already on the list.
type ErrAlreadyRegistered struct {
	Name   string
	Status model.RegStatus
}

func (e *ErrAlreadyRegistered) Error() string {
	return fmt.Sprintf("%s ist schon eingetragen (%s).", e.Name, e.Status)
}

// RegisterOptions are the less common choices of a registration.
type RegisterOptions struct {
	OrganisationID string
	Role           model.Role
	// WalkIn: registered at the door; checked in at once and not held to
	// the capacity (the person is already in the room).
	WalkIn bool
	// CreatedPerson: the caller created the person just for this
	// registration.
	CreatedPerson bool
}

// Register signs a person up for an event. Within the transaction the
// capacity is checked: when every place is taken the registration goes on
// the waiting list. A person who had cancelled is signed up again on the
// same record.
func Register(tx *Tx, eventID, personID string, opt RegisterOptions) (*model.Registration, error) {
	if err := tx.act(model.PermNetwork); err != nil {
		return nil, err
	}
	defer tx.endAct()
	ev, err := Events.Get(tx, eventID)
	if err != nil {
		return nil, err
	}
	if err := checkOpenForRegistration(ev); err != nil {
		return nil, err
	}
	p, err := People.Get(tx, personID)
	if err != nil {
		return nil, err
	}
	regs, err := RegistrationsOf(tx, eventID)
	if err != nil {
		return nil, err
	}
	counts, existing := countAndFind(regs, personID)
	if existing != nil && existing.Status != model.RegAbgemeldet {
		return nil, &ErrAlreadyRegistered{Name: p.Name, Status: existing.Status}
	}
	r := existing
	if r == nil {
		r = &model.Registration{EventID: eventID, PersonID: personID}
	}
	fillRegistration(tx, r, p, opt)
	r.Status = initialStatus(ev, counts, opt.WalkIn)
	if err := Registrations.Put(tx, r); err != nil {
		return nil, err
	}
	if r.Status == model.RegTeilgenommen && ev.Grundschulung {
		if err := markGrundschulung(tx, ev, r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// checkOpenForRegistration refuses a cancelled event and one whose contact
// data are erased.
func checkOpenForRegistration(ev *model.Event) error {
	if ev.Status == model.EventAbgesagt {
		return ErrEventCancelled
	}
	if !ev.Erased.IsZero() {
		return ErrErased
	}
	return nil
}

// countAndFind counts the registrations of an event and finds the one of
// personID (nil if they never registered).
func countAndFind(regs []*model.Registration, personID string) (model.AttendanceCounts, *model.Registration) {
	var counts model.AttendanceCounts
	var existing *model.Registration
	for _, r := range regs {
		counts.Add(r.Status, r.Role)
		if r.PersonID == personID {
			existing = r
		}
	}
	return counts, existing
}

// fillRegistration sets what a new registration says of person p; a
// registration signed up again starts afresh (checked in only at the door).
func fillRegistration(tx *Tx, r *model.Registration, p *model.Person, opt RegisterOptions) {
	r.OrganisationID = opt.OrganisationID
	if r.OrganisationID == "" {
		r.OrganisationID = p.OrganisationID
	}
	r.Role = opt.Role
	r.WalkIn = opt.WalkIn
	r.CreatedPerson = r.CreatedPerson || opt.CreatedPerson
	r.RegisteredAt = tx.Now()
	r.CheckedInAt = time.Time{}
	if opt.WalkIn {
		r.CheckedInAt = tx.Now()
	}
}

// initialStatus is where a registration starts: a walk-in is in the room
// already, else it waits when every place is taken.
func initialStatus(ev *model.Event, counts model.AttendanceCounts, walkIn bool) model.RegStatus {
	switch {
	case walkIn:
		return model.RegTeilgenommen
	case ev.Capacity > 0 && counts.Occupied() >= ev.Capacity:
		return model.RegWarteliste
	default:
		return model.RegAngemeldet
	}
}

// RegisterNewPerson creates the person and registers them in one step (also
// for walk-ins at the door).
func RegisterNewPerson(tx *Tx, eventID string, p *model.Person, opt RegisterOptions) (*model.Registration, error) {
	if err := tx.act(model.PermNetwork); err != nil {
		return nil, err
	}
	defer tx.endAct()
	if p.OrganisationID == "" {
		p.OrganisationID = opt.OrganisationID
	}
	if err := People.Put(tx, p); err != nil {
		return nil, err
	}
	opt.CreatedPerson = true
	return Register(tx, eventID, p.ID, opt)
}

func loadRegistration(tx *Tx, regID string) (*model.Registration, *model.Event, error) {
	r, err := Registrations.Get(tx, regID)
	if err != nil {
		return nil, nil, err
	}
	ev, err := Events.Get(tx, r.EventID)
	if err != nil {
		return nil, nil, err
	}
	if r.Erased || !ev.Erased.IsZero() {
		return nil, nil, ErrErased
	}
	return r, ev, nil
}

// Cancel ("abmelden") frees the place of a registration. If that leaves a
// place free and someone waits, the first in line is returned so the UI can
// offer the promotion (Promote); nobody is moved up without being asked.
func Cancel(tx *Tx, regID string) (next *model.Registration, err error) {
	if err := tx.act(model.PermNetwork); err != nil {
		return nil, err
	}
	defer tx.endAct()
	r, ev, err := loadRegistration(tx, regID)
	if err != nil {
		return nil, err
	}
	if r.Status == model.RegAbgemeldet {
		return nil, nil
	}
	r.Status = model.RegAbgemeldet
	r.CheckedInAt = time.Time{}
	if err := Registrations.Put(tx, r); err != nil {
		return nil, err
	}
	return promotable(tx, ev)
}

// promotable returns the first registration on the waiting list if a place
// is free.
func promotable(tx *Tx, ev *model.Event) (*model.Registration, error) {
	regs, err := RegistrationsOf(tx, ev.ID)
	if err != nil {
		return nil, err
	}
	var c model.AttendanceCounts
	var first *model.Registration
	for _, x := range regs {
		c.Add(x.Status, x.Role)
		if first == nil && x.Status == model.RegWarteliste {
			first = x
		}
	}
	if first == nil || (ev.Capacity > 0 && c.Occupied() >= ev.Capacity) {
		return nil, nil
	}
	return first, nil
}

// FirstWaiting returns the first in line if a place is free, else nil.
func FirstWaiting(tx *Tx, eventID string) (*model.Registration, error) {
	ev, err := Events.Get(tx, eventID)
	if err != nil {
		return nil, err
	}
	return promotable(tx, ev)
}

// Promote moves a registration from the waiting list to "angemeldet". It is
// refused when no place is free (someone else took it meanwhile).
func Promote(tx *Tx, regID string) (*model.Registration, error) {
	if err := tx.act(model.PermNetwork); err != nil {
		return nil, err
	}
	defer tx.endAct()
	r, ev, err := loadRegistration(tx, regID)
	if err != nil {
		return nil, err
	}
	if r.Status != model.RegWarteliste {
		return nil, errors.New("Die Anmeldung steht nicht (mehr) auf der Warteliste.")
	}
	if free, err := placeFree(tx, ev); err != nil {
		return nil, err
	} else if !free {
		return nil, fmt.Errorf("Alle %d Plätze sind belegt – bitte erst jemanden abmelden oder die Platzzahl erhöhen.", ev.Capacity)
	}
	r.Status = model.RegAngemeldet
	if err := Registrations.Put(tx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// placeFree says whether the event has a place left (no capacity: always).
func placeFree(tx *Tx, ev *model.Event) (bool, error) {
	c, err := EventCounts(tx, ev.ID)
	if err != nil {
		return false, err
	}
	return !(ev.Capacity > 0 && c.Occupied() >= ev.Capacity), nil
}

// SetRegistrationStatus sets a status by hand (e.g. "nicht erschienen" after
// the event). Check-in and promotion have their own functions with their
// rules; this one refuses to overbook.
func SetRegistrationStatus(tx *Tx, regID string, st model.RegStatus) (*model.Registration, error) {
	if err := tx.act(model.PermNetwork); err != nil {
		return nil, err
	}
	defer tx.endAct()
	switch st {
	case model.RegTeilgenommen:
		return CheckIn(tx, regID)
	case model.RegAbgemeldet:
		if _, err := Cancel(tx, regID); err != nil {
			return nil, err
		}
		return Registrations.Get(tx, regID)
	}
	r, ev, err := loadRegistration(tx, regID)
	if err != nil {
		return nil, err
	}
	if r.Status == model.RegTeilgenommen && ev.Grundschulung {
		if err := unmarkGrundschulung(tx, ev, r); err != nil {
			return nil, err
		}
	}
	if st == model.RegAngemeldet && !r.Status.HoldsPlace() {
		if free, err := placeFree(tx, ev); err != nil {
			return nil, err
		} else if !free {
			return nil, fmt.Errorf("Alle %d Plätze sind belegt – die Anmeldung bleibt auf der Warteliste.", ev.Capacity)
		}
	}
	r.Status = st
	if st != model.RegTeilgenommen {
		r.CheckedInAt = time.Time{}
	}
	if err := Registrations.Put(tx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// MarkNoShows sets every still "angemeldet" registration of a past event to
// "nicht erschienen"; it returns how many.
func MarkNoShows(tx *Tx, eventID string) (int, error) {
	if err := tx.act(model.PermNetwork); err != nil {
		return 0, err
	}
	defer tx.endAct()
	ev, err := Events.Get(tx, eventID)
	if err != nil {
		return 0, err
	}
	if !ev.Past(tx.Now()) {
		return 0, errors.New("Die Veranstaltung ist noch nicht vorbei.")
	}
	regs, err := RegistrationsOf(tx, eventID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range regs {
		if r.Status == model.RegAngemeldet && !r.Erased {
			r.Status = model.RegNichtErschienen
			if err := Registrations.Put(tx, r); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
