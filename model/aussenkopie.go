package model

import (
	"encoding/json"
	"time"
)

// Glossary of the Außentermin round trip:
//   Außenkopie – a copy of part of the database (one or more events, or
//                everything) taken to a laptop for work away from the
//                office, e.g. the check-in at a conference
//   Abgleich   – merging what changed on the laptop back into the office
//                database, with a report and a list of conflicts

// Aussenkopie is the office's record of a copy it handed out (kind
// "aussenkopie", no number): what it holds, when it was taken and which of
// its change bundles came back. Its ID is the copy's ID, which every bundle
// of the copy carries.
type Aussenkopie struct {
	Meta
	// Label names the copy for people: the event numbers or "alles".
	Label    string   `json:"label"`
	EventIDs []string `json:"events,omitempty"`
	All      bool     `json:"all,omitempty"`
	// Scope lists the IDs of the records in an event copy: a change
	// bundle of the copy may change these (and the records it created),
	// nothing else.
	Scope []string `json:"scope,omitempty"`
	// Taken is the moment of the snapshot ("Stand").
	Taken time.Time `json:"taken"`
	// HighWater is the laptop's journal position up to which changes have
	// been merged; a bundle that ends at or before it brings nothing new.
	HighWater uint64      `json:"highWater,omitempty"`
	Merges    []CopyMerge `json:"merges,omitempty"`
	// Links maps records the laptop created to the office records they
	// were linked with (a walk-in who was already known, a registration
	// that already existed), so a later bundle of the copy finds them.
	Links map[string]string `json:"links,omitempty"`
	// Made lists the records a merge created from this copy.
	Made []string `json:"made,omitempty"`
}

// CopyMerge is one change bundle that was merged.
type CopyMerge struct {
	Bundle    string    `json:"bundle"`
	At        time.Time `json:"at"`
	By        string    `json:"by"`
	LaptopBy  string    `json:"laptopBy,omitempty"`
	Upto      uint64    `json:"upto"`
	Applied   int       `json:"applied"`
	Created   int       `json:"created"`
	Conflicts int       `json:"conflicts"`
}

// Describe implements the store's one-line description.
func (a *Aussenkopie) Describe() string { return "Außenkopie " + a.Label }

// MergedAt returns when bundle was merged, zero if never.
func (a *Aussenkopie) MergedAt(bundle string) (CopyMerge, bool) {
	for _, m := range a.Merges {
		if m.Bundle == bundle {
			return m, true
		}
	}
	return CopyMerge{}, false
}

// ConflictStatus is where a merge conflict stands.
type ConflictStatus string

const (
	ConflictOpen   ConflictStatus = "offen"
	ConflictOffice ConflictStatus = "Büro-Wert behalten"
	ConflictLaptop ConflictStatus = "Laptop-Wert übernommen"
)

// MergeConflict is a value the office and the laptop both changed, or a
// record one side deleted and the other changed (kind "konflikt"). The
// office value stays until a person decides; the laptop's value is kept
// here so nothing is lost.
type MergeConflict struct {
	Meta
	CopyID    string `json:"copy"`
	CopyLabel string `json:"copyLabel"`
	Bundle    string `json:"bundle"`
	Kind      string `json:"kind"`
	RecordID  string `json:"record"`
	// What names the record for people ("Anmeldung Anna Muster, V-2026-003").
	What string `json:"what"`
	// Path is the field (JSON member names from the top of the record);
	// empty: the whole record (deleted on one side, a double booking).
	Path  []string `json:"path,omitempty"`
	Field string   `json:"field"` // German name of the field
	// Base is the value when the copy was made, Office the office's value
	// at the merge, Laptop the laptop's (null: deleted).
	Base   json.RawMessage `json:"base,omitempty"`
	Office json.RawMessage `json:"office,omitempty"`
	Laptop json.RawMessage `json:"laptop,omitempty"`
	// Rule says in German why this is a conflict.
	Rule      string         `json:"rule"`
	LaptopBy  string         `json:"laptopBy,omitempty"`
	LaptopAt  time.Time      `json:"laptopAt,omitzero"`
	Status    ConflictStatus `json:"status"`
	Decided   time.Time      `json:"decided,omitzero"`
	DecidedBy string         `json:"decidedBy,omitempty"`
}

// Open reports whether nobody has decided the conflict yet.
func (c *MergeConflict) Open() bool { return c.Status == ConflictOpen }

// Describe implements the store's one-line description.
func (c *MergeConflict) Describe() string { return "Konflikt " + c.What + ": " + c.Field }
