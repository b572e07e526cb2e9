package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"stabsstelle/model"
)

// Kinds of the Netzwerk area.
const (
	KindEvent        = "event"
	KindRegistration = "registration"
	KindTask         = "task"
)

// EventRow is the compact copy of an event kept in the "start" index, so the
// event list, the search and the calendar export need not decode records.
type EventRow struct {
	ID            string             `json:"id"`
	Number        string             `json:"n"`
	Title         string             `json:"t"`
	Type          model.EventType    `json:"ty"`
	Themen        []model.Themenfeld `json:"th,omitempty"`
	Gremium       string             `json:"g,omitempty"`
	Region        model.Region       `json:"r,omitempty"`
	Status        model.EventStatus  `json:"s"`
	Start         time.Time          `json:"a"`
	End           time.Time          `json:"e"`
	Place         string             `json:"p,omitempty"`
	Capacity      int                `json:"c,omitempty"`
	Grundschulung bool               `json:"gs,omitempty"`
	Erased        bool               `json:"x,omitempty"`
}

func eventRow(e *model.Event) EventRow {
	return EventRow{ID: e.ID, Number: e.Number, Title: e.Title, Type: e.Type, Themen: e.Themenfelder,
		Gremium: e.Gremium, Region: e.Region, Status: e.Status, Start: e.Start.UTC(), End: e.End.UTC(),
		Place: e.Place(), Capacity: e.Capacity, Grundschulung: e.Grundschulung, Erased: !e.Erased.IsZero()}
}

func eventStartKey(t time.Time) []byte { return []byte(t.UTC().Format(time.RFC3339)) }

// Events holds the Veranstaltungen (V-2026-003). Save them with SaveEvent so
// that the iCalendar SEQUENCE grows on every relevant change.
var Events = &Collection[model.Event, *model.Event]{
	Kind: KindEvent, Label: "Veranstaltung", Prefix: "V", Digits: 3,
	Indexes: func(e *model.Event) []Index {
		row, _ := json.Marshal(eventRow(e))
		return []Index{{Name: "start", Key: eventStartKey(e.Start), Value: row}}
	},
}

// Registrations holds the Anmeldungen, indexed by event (value: status and
// role, enough for the counts of every event without decoding) and by
// person (for erasing and for "is this person registered elsewhere").
var Registrations = &Collection[model.Registration, *model.Registration]{
	Kind: KindRegistration, Label: "Anmeldung",
	Indexes: func(r *model.Registration) []Index {
		ix := []Index{{Name: "event", Key: []byte(r.EventID), Value: []byte(string(r.Status) + "\x00" + string(r.Role))}}
		if r.PersonID != "" {
			ix = append(ix, Index{Name: "person", Key: []byte(r.PersonID), Value: []byte(r.EventID)})
		}
		return ix
	},
}

// SaveEvent creates or updates an event. On an update that changes title,
// time, place or status the iCalendar SEQUENCE is raised (RFC 5545 §3.8.7.4),
// so calendar programs replace their copy.
func SaveEvent(tx *Tx, e *model.Event) error {
	if err := tx.act(model.PermNetwork); err != nil {
		return err
	}
	defer tx.endAct()
	e.Start, e.End = e.Start.UTC(), e.End.UTC()
	if e.ID != "" && e.Version > 0 {
		old, err := Events.Get(tx, e.ID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if old != nil {
			if e.ICalSequence < old.ICalSequence {
				e.ICalSequence = old.ICalSequence
			}
			if e.ICalChanged(old) {
				e.ICalSequence = old.ICalSequence + 1
			}
		}
	}
	return Events.Put(tx, e)
}

// EventRows returns the events starting in [from, to) in time order from
// the index; zero times mean open ends.
func EventRows(tx *Tx, from, to time.Time) ([]EventRow, error) {
	var f, t []byte
	if !from.IsZero() {
		f = eventStartKey(from)
	}
	if !to.IsZero() {
		t = eventStartKey(to)
	}
	var out []EventRow
	err := Events.Scan(tx, "start", f, t, func(id string, _, val []byte) error {
		var r EventRow
		if err := json.Unmarshal(val, &r); err != nil {
			return fmt.Errorf("Der Index der Veranstaltungen ist nicht lesbar: %w. Bitte „stabsstelle check“ ausführen.", err)
		}
		r.ID = id
		out = append(out, r)
		return nil
	})
	return out, err
}

// AllEventCounts returns the registration counts of every event from the
// index, without decoding registrations.
func AllEventCounts(tx *Tx) (map[string]model.AttendanceCounts, error) {
	out := map[string]model.AttendanceCounts{}
	err := Registrations.Scan(tx, "event", nil, nil, func(_ string, key, val []byte) error {
		st, role, _ := strings.Cut(string(val), "\x00")
		c := out[string(key)]
		c.Add(model.RegStatus(st), model.Role(role))
		out[string(key)] = c
		return nil
	})
	return out, err
}

// EventCounts returns the registration counts of one event.
func EventCounts(tx *Tx, eventID string) (model.AttendanceCounts, error) {
	var c model.AttendanceCounts
	err := Registrations.Scan(tx, "event", netKeyFrom(eventID), netKeyTo(eventID), func(_ string, _, val []byte) error {
		st, role, _ := strings.Cut(string(val), "\x00")
		c.Add(model.RegStatus(st), model.Role(role))
		return nil
	})
	return c, err
}

// The store appends "\x00"+ID to every index key, so all entries of one key
// lie in [key+"\x00", key+"\x01").
func netKeyFrom(key string) []byte { return []byte(key + "\x00") }
func netKeyTo(key string) []byte   { return []byte(key + "\x01") }

// RegistrationsOf loads the registrations of an event in the order they
// came in.
func RegistrationsOf(tx *Tx, eventID string) ([]*model.Registration, error) {
	var out []*model.Registration
	err := Registrations.Scan(tx, "event", netKeyFrom(eventID), netKeyTo(eventID), func(id string, _, _ []byte) error {
		r, err := Registrations.Get(tx, id)
		if err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].RegisteredAt.Equal(out[j].RegisteredAt) {
			return out[i].RegisteredAt.Before(out[j].RegisteredAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, err
}

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
	if ev.Status == model.EventAbgesagt {
		return nil, ErrEventCancelled
	}
	if !ev.Erased.IsZero() {
		return nil, ErrErased
	}
	p, err := People.Get(tx, personID)
	if err != nil {
		return nil, err
	}
	regs, err := RegistrationsOf(tx, eventID)
	if err != nil {
		return nil, err
	}
	var counts model.AttendanceCounts
	var existing *model.Registration
	for _, r := range regs {
		counts.Add(r.Status, r.Role)
		if r.PersonID == personID {
			existing = r
		}
	}
	if existing != nil && existing.Status != model.RegAbgemeldet {
		return nil, &ErrAlreadyRegistered{Name: p.Name, Status: existing.Status}
	}
	r := existing
	if r == nil {
		r = &model.Registration{EventID: eventID, PersonID: personID}
	}
	r.OrganisationID = opt.OrganisationID
	if r.OrganisationID == "" {
		r.OrganisationID = p.OrganisationID
	}
	r.Role = opt.Role
	r.WalkIn = opt.WalkIn
	r.CreatedPerson = r.CreatedPerson || opt.CreatedPerson
	r.RegisteredAt = tx.Now()
	r.CheckedInAt = time.Time{}
	switch {
	case opt.WalkIn:
		r.Status = model.RegTeilgenommen
		r.CheckedInAt = tx.Now()
	case ev.Capacity > 0 && counts.Occupied() >= ev.Capacity:
		r.Status = model.RegWarteliste
	default:
		r.Status = model.RegAngemeldet
	}
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

// CheckIn marks a registration as present ("da"). Someone from the waiting
// list who comes anyway is let in: at the door the team decides. At a
// Grundschulung Sprachmittlung the person is recorded as trained.
func CheckIn(tx *Tx, regID string) (*model.Registration, error) {
	if err := tx.act(model.PermNetwork); err != nil {
		return nil, err
	}
	defer tx.endAct()
	r, ev, err := loadRegistration(tx, regID)
	if err != nil {
		return nil, err
	}
	if r.Status == model.RegTeilgenommen {
		return r, nil
	}
	r.Status = model.RegTeilgenommen
	r.CheckedInAt = tx.Now()
	if err := Registrations.Put(tx, r); err != nil {
		return nil, err
	}
	if ev.Grundschulung {
		if err := markGrundschulung(tx, ev, r); err != nil {
			return nil, err
		}
		// markGrundschulung stored the previous dates on r.
	}
	return r, nil
}

// UndoCheckIn takes a check-in back (wrong person ticked): the registration
// is "angemeldet" again (a walk-in too; abmelden removes it from the list)
// and Grundschulung dates set by the check-in are restored.
func UndoCheckIn(tx *Tx, regID string) (*model.Registration, error) {
	if err := tx.act(model.PermNetwork); err != nil {
		return nil, err
	}
	defer tx.endAct()
	r, ev, err := loadRegistration(tx, regID)
	if err != nil {
		return nil, err
	}
	if r.Status != model.RegTeilgenommen {
		return r, nil
	}
	if ev.Grundschulung {
		if err := unmarkGrundschulung(tx, ev, r); err != nil {
			return nil, err
		}
	}
	r.Status = model.RegAngemeldet
	r.CheckedInAt = time.Time{}
	if err := Registrations.Put(tx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// markGrundschulung records the event day as Grundschulung on the person:
// in the interpreter profile if there is one, and always in the network
// profile (an interpreter profile cannot be created here: it needs at least
// one language, which only the Sprachmittlung tab asks for).
func markGrundschulung(tx *Tx, ev *model.Event, r *model.Registration) error {
	p, err := People.Get(tx, r.PersonID)
	if err != nil {
		return err
	}
	day := model.DateOf(ev.Start)
	if p.Network == nil {
		p.Network = &model.NetworkProfile{}
	}
	r.GrundschulungNetBefore = p.Network.Grundschulung
	p.Network.Grundschulung = day
	if p.Interpreter != nil {
		r.GrundschulungBefore = p.Interpreter.Grundschulung
		p.Interpreter.Grundschulung = day
	}
	if err := People.Put(tx, p); err != nil {
		return err
	}
	return Registrations.Put(tx, r)
}

func unmarkGrundschulung(tx *Tx, ev *model.Event, r *model.Registration) error {
	p, err := People.Get(tx, r.PersonID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	day := model.DateOf(ev.Start)
	changed := false
	if p.Network != nil && p.Network.Grundschulung == day {
		p.Network.Grundschulung = r.GrundschulungNetBefore
		changed = true
	}
	if p.Interpreter != nil && p.Interpreter.Grundschulung == day {
		p.Interpreter.Grundschulung = r.GrundschulungBefore
		changed = true
	}
	r.GrundschulungBefore, r.GrundschulungNetBefore = model.Date{}, model.Date{}
	if !changed {
		return nil
	}
	return People.Put(tx, p)
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
	c, err := EventCounts(tx, ev.ID)
	if err != nil {
		return nil, err
	}
	if ev.Capacity > 0 && c.Occupied() >= ev.Capacity {
		return nil, fmt.Errorf("Alle %d Plätze sind belegt – bitte erst jemanden abmelden oder die Platzzahl erhöhen.", ev.Capacity)
	}
	r.Status = model.RegAngemeldet
	if err := Registrations.Put(tx, r); err != nil {
		return nil, err
	}
	return r, nil
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
		c, err := EventCounts(tx, ev.ID)
		if err != nil {
			return nil, err
		}
		if ev.Capacity > 0 && c.Occupied() >= ev.Capacity {
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

// GremiumMembers returns the e-mail addresses of everyone in a Gremium: the
// persons with it in their network profile and the member organisations'
// general addresses, as "a@b.de; c@d.de".
func GremiumMembers(tx *Tx, gremium string) (list string, people int, err error) {
	if !slices.Contains(model.Gremien, gremium) {
		return "", 0, fmt.Errorf("Unbekanntes Gremium „%s“. Bekannt sind: %s.", gremium, strings.Join(model.Gremien, ", "))
	}
	var addrs []string
	err = People.Each(tx, func(p *model.Person) error {
		if p.Network.MemberOf(gremium) && !p.IsRestricted() { // Art. 18: no mail
			people++
			addrs = append(addrs, p.Email)
		}
		return nil
	})
	if err != nil {
		return "", 0, err
	}
	err = Organisations.Each(tx, func(o *model.Organisation) error {
		if o.Network.MemberOf(gremium) {
			addrs = append(addrs, o.Email)
		}
		return nil
	})
	return model.MailingList(addrs), people, err
}

// Attendee is a registration with the names a list shows.
type Attendee struct {
	Reg          *model.Registration
	Name         string // "" after erasing
	Email        string
	Organisation string
}

// Attendees loads an event's registrations with person and organisation
// names, in registration order (UI lists, check-in, exports).
func Attendees(tx *Tx, eventID string) ([]Attendee, error) {
	regs, err := RegistrationsOf(tx, eventID)
	if err != nil {
		return nil, err
	}
	orgs := map[string]string{}
	orgName := func(id string) string {
		if id == "" {
			return ""
		}
		if n, ok := orgs[id]; ok {
			return n
		}
		n := ""
		if o, err := Organisations.Get(tx, id); err == nil {
			n = o.Name
		}
		orgs[id] = n
		return n
	}
	out := make([]Attendee, 0, len(regs))
	for _, r := range regs {
		a := Attendee{Reg: r, Organisation: orgName(r.OrganisationID)}
		if r.PersonID != "" {
			p, err := People.Get(tx, r.PersonID)
			switch {
			case err == nil:
				a.Name, a.Email = p.Name, p.Email
			case errors.Is(err, ErrNotFound):
				a.Name = "(gelöschte Person)"
			default:
				return nil, err
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// GremiumPeople returns the persons who belong to a Gremium, by name.
func GremiumPeople(tx *Tx, gremium string) ([]*model.Person, error) {
	var out []*model.Person
	err := People.Each(tx, func(p *model.Person) error {
		if p.Network.MemberOf(gremium) && !p.IsRestricted() { // Art. 18: no mail
			out = append(out, p)
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, err
}

// SetGremiumMember adds a person to a Gremium or removes them; the network
// profile is created when needed.
func SetGremiumMember(tx *Tx, personID, gremium string, member bool) error {
	if err := tx.act(model.PermNetwork); err != nil {
		return err
	}
	defer tx.endAct()
	if !slices.Contains(model.Gremien, gremium) {
		return fmt.Errorf("Unbekanntes Gremium „%s“.", gremium)
	}
	p, err := People.Get(tx, personID)
	if err != nil {
		return err
	}
	if p.Network.MemberOf(gremium) == member {
		return nil
	}
	if p.Network == nil {
		p.Network = &model.NetworkProfile{}
	}
	if member {
		p.Network.Arbeitskreise = append(p.Network.Arbeitskreise, gremium)
	} else {
		p.Network.Arbeitskreise = slices.DeleteFunc(p.Network.Arbeitskreise, func(s string) bool { return s == gremium })
	}
	return People.Put(tx, p)
}
