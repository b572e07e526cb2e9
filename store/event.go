package store

import (
	"encoding/json"
	"errors"
	"fmt"
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
