package store

import (
	"time"

	"stabsstelle/model"
)

// KindEinsatz is the kind of interpreter bookings in the journal and feed.
const KindEinsatz = "einsatz"

// Index names of Einsaetze. Every entry's value of the start index is an
// encoded EinsatzRow with the report's facts in front (rowFormat3,
// einsatz_facts.go).
const (
	IdxEinsatzStart       = "start"       // key: UTC RFC 3339 start
	IdxEinsatzInterpreter = "interpreter" // key: interpreter ID, start, ID (ownerKey)
	IdxEinsatzOrg         = "org"         // key: organisation ID, start, ID (ownerKey)
)

// Einsaetze holds the interpreter requests and bookings (E-2026-0042).
// Its indexes carry a compact row as value, so lists, the agenda, `today`
// and search never decode whole records.
var Einsaetze = &Collection[model.Einsatz, *model.Einsatz]{
	Kind:    KindEinsatz,
	Label:   "Einsatz",
	Prefix:  "E",
	Digits:  4,
	Indexes: einsatzIndexes,
}

// EinsatzRow is the compact copy of an Einsatz kept in the indexes: what
// lists, the agenda, conflict checks and `today` need.
type EinsatzRow struct {
	ID             string
	Number         string
	Start, End     time.Time // planned, UTC
	Status         model.Status
	Language       string
	Dialect        string
	InterpreterID  string
	OrganisationID string
	Place          string
	Setting        model.Setting
	Topic          model.Topic
	Urgent         bool
}

// Booking is the row as the matching code sees it.
func (r EinsatzRow) Booking() model.Booking {
	return model.Booking{EinsatzID: r.ID, Number: r.Number, InterpreterID: r.InterpreterID,
		Start: r.Start, End: r.End, OnSite: r.Setting == model.SettingOnSite || r.Setting == ""}
}

// LanguageLabel is "Arabisch (Syrisch)" or just "Tigrinya".
func (r EinsatzRow) LanguageLabel() string {
	if r.Dialect == "" {
		return r.Language
	}
	return r.Language + " (" + r.Dialect + ")"
}

// RowOf builds the index row of an Einsatz.
func RowOf(e *model.Einsatz) EinsatzRow {
	return EinsatzRow{ID: e.ID, Number: e.Number, Start: e.Start.UTC(), End: e.End().UTC(), Status: e.Status,
		Language: e.Language, Dialect: e.Dialect, InterpreterID: e.InterpreterID, OrganisationID: e.OrganisationID,
		Place: e.Place, Setting: e.Setting, Topic: e.Topic, Urgent: e.Urgent}
}

func startKey(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func einsatzIndexes(e *model.Einsatz) []Index {
	row := encodeRowWithFacts(RowOf(e), encodeFactExtra(factExtraOf(e)))
	out := []Index{{Name: IdxEinsatzStart, Key: []byte(startKey(e.Start)), Value: row}}
	// The owner indexes carry no row: it is read from the start index,
	// whose key their key ends with (rowsOfOwner). Three copies of every
	// row were a fifth of the file.
	if e.InterpreterID != "" {
		out = append(out, ownerIndex(IdxEinsatzInterpreter, e.InterpreterID, e.Start))
	}
	if e.OrganisationID != "" {
		out = append(out, ownerIndex(IdxEinsatzOrg, e.OrganisationID, e.Start))
	}
	return out
}

// NameMaps returns ID → name for people and organisations, to label rows.
func NameMaps(tx *Tx) (people, orgs map[string]string, err error) {
	people, orgs = map[string]string{}, map[string]string{}
	err = People.Each(tx, func(p *model.Person) error { people[p.ID] = p.Name; return nil })
	if err != nil {
		return nil, nil, err
	}
	err = Organisations.Each(tx, func(o *model.Organisation) error { orgs[o.ID] = o.Name; return nil })
	return people, orgs, err
}
