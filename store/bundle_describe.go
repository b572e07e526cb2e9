package store

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"stabsstelle/model"
)

// Names and values of merged records as people read them in the report
// and on the conflict screen.

// describe names a record state: "Anmeldung Anna Muster (V-2026-003)".
func (mg *merger) describe(kind string, state []byte) string {
	return describeState(mg.tx, kind, state)
}

func describeState(tx *Tx, kind string, state []byte) string {
	if isNull(state) {
		return kindLabel(kind)
	}
	switch kind {
	case KindRegistration:
		name := PersonName(tx, stringAt(state, "personId"))
		if name == "" {
			name = "(Person unbekannt)"
		}
		ev := ""
		if e, err := Events.Get(tx, stringAt(state, "eventId")); err == nil {
			ev = " (" + e.Number + ")"
		}
		return "Anmeldung " + name + ev
	case KindPerson, KindOrganisation:
		return kindLabel(kind) + " " + stringAt(state, "name")
	case KindEvent:
		return "Veranstaltung " + strings.TrimSpace(stringAt(state, "number")+" "+stringAt(state, "title"))
	case KindTask:
		return "Aufgabe „" + shorten(stringAt(state, "text"), 40) + "“"
	}
	if k, ok := KindOf(kind); ok {
		if d := k.Describe(state); d != "" {
			return d
		}
	}
	return kindLabel(kind)
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// fieldLabels are the German names of the fields a merge talks about; a
// field not listed is shown by its path.
var fieldLabels = map[string]string{
	"status": "Status", "checkedInAt": "Einlass", "name": "Name", "email": "E-Mail", "phone": "Telefon",
	"function": "Funktion", "organisationId": "Einrichtung", "personId": "Person", "role": "Rolle",
	"title": "Titel", "protokoll": "Protokoll", "decisions": "Beschlüsse", "text": "Aufgabe", "owner": "zuständig",
	"ownerPersonId": "zuständige Person", "due": "fällig", "start": "Beginn", "end": "Ende", "venue": "Ort",
	"room": "Raum", "capacity": "Plätze", "description": "Beschreibung", "deadline": "Anmeldeschluss",
	"walkIn": "spontan dabei", "registeredAt": "angemeldet am", "doneAt": "erledigt am", "network": "Netzwerk",
	"interpreterId": "Sprachmittler:in", "language": "Sprache", "type": "Art", "themenfelder": "Themenfelder",
	"online": "Online-Link", "access": "Barrierefreiheit", "organiser": "Veranstalter", "gremium": "Gremium",
}

// FieldLabel names a field of a record kind in German; an empty path is
// the whole record.
func FieldLabel(kind string, path []string) string {
	if len(path) == 0 {
		return "ganzer Datensatz"
	}
	if l, ok := fieldLabels[path[0]]; ok && len(path) == 1 {
		return l
	}
	parts := make([]string, len(path))
	for i, p := range path {
		if l, ok := fieldLabels[p]; ok {
			parts[i] = l
		} else {
			parts[i] = p
		}
	}
	return strings.Join(parts, " › ")
}

// FormatValue shows a field's JSON value to people: text as it is, times
// in Berlin, yes/no, lists joined, nothing as "—". A whole record (whole)
// is described by kind.
func FormatValue(tx *Tx, kind string, whole bool, raw json.RawMessage) string {
	if isNull(raw) {
		if whole {
			return "gelöscht"
		}
		return "—"
	}
	if whole {
		return describeState(tx, kind, raw)
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	return formatAny(v)
}

func formatAny(v any) string {
	switch x := v.(type) {
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			if t.IsZero() {
				return "—"
			}
			return model.FormatDateTime(t)
		}
		if x == "" {
			return "—"
		}
		return x
	case bool:
		if x {
			return "ja"
		}
		return "nein"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatAny(e)
		}
		if len(parts) == 0 {
			return "—"
		}
		return strings.Join(parts, "; ")
	case nil:
		return "—"
	}
	raw, _ := json.Marshal(v)
	return string(raw)
}

// personFinder finds the office's person (or institution) that a new
// record stands for: a walk-in from the laptop, a row of a list.
type personFinder struct {
	byEmail   map[string]string
	byNameOrg map[string]finderEntry
	orgByName map[string]string
}

type finderEntry struct{ id, email string }

func normName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// newPersonFinder reads every person and institution once.
func newPersonFinder(tx *Tx) (*personFinder, error) {
	f := &personFinder{byEmail: map[string]string{}, byNameOrg: map[string]finderEntry{}, orgByName: map[string]string{}}
	if err := People.Each(tx, func(p *model.Person) error {
		f.addPerson(p.ID, p.Email, p.Name, p.OrganisationID)
		return nil
	}); err != nil {
		return nil, err
	}
	err := Organisations.Each(tx, func(o *model.Organisation) error {
		f.addOrg(o.ID, o.Name)
		return nil
	})
	return f, err
}

func (mg *merger) finder() (*personFinder, error) {
	if mg.people == nil {
		f, err := newPersonFinder(mg.tx)
		if err != nil {
			return nil, err
		}
		mg.people = f
	}
	return mg.people, nil
}

func (f *personFinder) addPerson(id, email, name, org string) {
	if e := normEmail(email); e != "" {
		if _, dup := f.byEmail[e]; !dup {
			f.byEmail[e] = id
		}
	}
	if n := normName(name); n != "" {
		k := n + "\x00" + org
		if _, dup := f.byNameOrg[k]; !dup {
			f.byNameOrg[k] = finderEntry{id, normEmail(email)}
		}
	}
}

func (f *personFinder) addOrg(id, name string) {
	if n := normName(name); n != "" {
		if _, dup := f.orgByName[n]; !dup {
			f.orgByName[n] = id
		}
	}
}

// person finds the same person: the same e-mail address, else the same
// name at the same institution (unless both have different addresses:
// then they are two people of the same name).
func (f *personFinder) person(email, name, org string) (id, why string) {
	e := normEmail(email)
	if id, ok := f.byEmail[e]; ok && e != "" {
		return id, "gleiche E-Mail-Adresse"
	}
	if x, ok := f.byNameOrg[normName(name)+"\x00"+org]; ok && (e == "" || x.email == "") {
		return x.id, "gleicher Name und gleiche Einrichtung"
	}
	return "", ""
}

// org finds an institution of the same name.
func (f *personFinder) org(name string) string { return f.orgByName[normName(name)] }

// findSame returns the office record the laptop's new person or
// institution stands for, and why.
func (mg *merger) findSame(kind string, state []byte) (string, string, error) {
	f, err := mg.finder()
	if err != nil {
		return "", "", err
	}
	if kind == KindOrganisation {
		if id := f.org(stringAt(state, "name")); id != "" {
			return id, "gleicher Name wie eine Einrichtung im Büro", nil
		}
		return "", "", nil
	}
	id, why := f.person(stringAt(state, "email"), stringAt(state, "name"), stringAt(state, "organisationId"))
	if id == "" {
		return "", "", nil
	}
	return id, why + " wie eine Person im Büro", nil
}
