package store

import (
	"bytes"
	"encoding/json"
	"sort"
	"sync"

	"stabsstelle/model"
)

// Kind is what maintenance code (check, undo, history) needs of a
// collection without knowing its record type.
type Kind interface {
	KindName() string
	KindLabel() string
	// Restore writes a journaled state of a record back (raw JSON from a
	// journal entry), rewriting its index entries; nil raw deletes it. It is
	// journaled like any other write.
	Restore(tx *Tx, id string, raw []byte) error
	// Frozen reports whether the stored record may no longer be changed
	// (claims from "angeordnet" on): undo must leave it alone.
	Frozen(tx *Tx, id string) bool
	// Verify checks every record decodes and that index buckets hold exactly
	// the entries the records imply; it returns German problem sentences.
	Verify(tx *Tx) []string
	// Describe is a one-line German description of a raw record state for
	// history views ("E-2026-0042 Tigrinya 05.03.2026").
	Describe(raw []byte) string
}

// Freezer is implemented by records that become read-only (money records
// after approval).
type Freezer interface{ Frozen() bool }

// Describer is implemented by records that can name themselves in one line.
type Describer interface{ Describe() string }

var (
	kindsMu sync.Mutex
	kinds   = map[string]Kind{}
)

// RegisterKind makes a collection known to check, undo and history.
func RegisterKind(k Kind) {
	kindsMu.Lock()
	kinds[k.KindName()] = k
	kindsMu.Unlock()
}

// KindOf returns the registered collection of a kind name.
func KindOf(name string) (Kind, bool) {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	k, ok := kinds[name]
	return k, ok
}

// Kinds lists every registered collection, sorted by name.
func Kinds() []Kind {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	out := make([]Kind, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].KindName() < out[j].KindName() })
	return out
}

func init() {
	for _, k := range []Kind{People, Organisations, Einsaetze, Claims, Funds, Payouts, Events, Registrations, Tasks} {
		RegisterKind(k)
	}
	// The order here is the order of equal hits of different kinds.
	for _, s := range []searchable{Einsaetze, People, Organisations, Claims, Events, Tasks} {
		registerSearchable(s)
	}
}

// KindName implements Kind.
func (c *Collection[T, P]) KindName() string { return c.Kind }

// KindLabel implements Kind.
func (c *Collection[T, P]) KindLabel() string { return c.Label }

// Restore implements Kind. The restored state keeps its own version number
// plus one above what is stored, so editors holding the old version get a
// conflict instead of silently overwriting the undo.
func (c *Collection[T, P]) Restore(tx *Tx, id string, raw []byte) error {
	b, err := tx.bucket(c.recBucket())
	if err != nil {
		return err
	}
	curRec, cur, err := c.stored(tx, b, id)
	if err != nil {
		return err
	}
	cur = bytes.Clone(cur)
	if raw == nil {
		if curRec == nil {
			return nil
		}
		return c.deleteStored(tx, b, id, curRec, cur)
	}
	rec, err := c.decode(raw)
	if err != nil {
		return err
	}
	m := rec.GetMeta()
	op := OpCreate
	if curRec != nil {
		op = OpUpdate
		if err := c.dropIndexes(tx, curRec); err != nil {
			return err
		}
		m.Version = curRec.GetMeta().Version + 1
	} else {
		m.Version++
	}
	m.Updated, m.UpdatedBy = tx.now, tx.who
	out, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := c.addIndexes(tx, rec); err != nil {
		return err
	}
	if err := c.reindex(tx, id, curRec, rec); err != nil {
		return err
	}
	if err := tx.put(b, []byte(id), encodeValue(c.Kind, out)); err != nil {
		return err
	}
	return tx.record(c.Kind, id, m.Number, op, cur, out)
}

// Frozen implements Kind.
func (c *Collection[T, P]) Frozen(tx *Tx, id string) bool {
	rec, err := c.Get(tx, id)
	if err != nil {
		return false
	}
	f, ok := any(rec).(Freezer)
	return ok && f.Frozen()
}

// Describe implements Kind.
func (c *Collection[T, P]) Describe(raw []byte) string {
	if raw == nil {
		return ""
	}
	rec, err := c.decode(raw)
	if err != nil {
		return c.Label + " (nicht lesbar)"
	}
	if d, ok := any(rec).(Describer); ok {
		return d.Describe()
	}
	if n := rec.GetMeta().Number; n != "" {
		return c.Label + " " + n
	}
	switch r := any(rec).(type) {
	case *model.Person:
		return r.Name
	case *model.Organisation:
		return r.Name
	}
	return c.Label
}

func label(l string, m *model.Meta) string {
	if m.Number != "" {
		return m.Number
	}
	return l + " " + m.ID
}
