package store

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"stabsstelle/model"
)

// bundleKind is what the Außentermin bundles need of a collection besides
// Kind: records as JSON states in and out. Every Collection implements it;
// states go through Get and Put (validation, numbers, indexes, search,
// journal, checksums), except putAsIs, which fills a fresh laptop copy.
type bundleKind interface {
	Kind
	// stateOf is the record's JSON, nil if there is none.
	stateOf(tx *Tx, id string) ([]byte, error)
	// putState writes a state: version 0 creates the record under its ID
	// (with a new number if the kind has numbers), else it updates the
	// stored record, which must still be at version.
	putState(tx *Tx, js []byte, version uint64) (*model.Meta, error)
	remove(tx *Tx, id string) error
	// putAsIs stores a record exactly as the office had it (ID, number,
	// version, stamps), without a journal entry: the laptop copy starts as
	// a copy, not as a list of changes.
	putAsIs(tx *Tx, js []byte) error
	// numbered reports whether the kind has human numbers.
	numbered() bool
}

func bundleKindOf(name string) (bundleKind, bool) {
	k, ok := KindOf(name)
	if !ok {
		return nil, false
	}
	bk, ok := k.(bundleKind)
	return bk, ok
}

// validID: record IDs are UUIDs in their usual text form.
func validID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

func (c *Collection[T, P]) stateOf(tx *Tx, id string) ([]byte, error) {
	rec, err := c.Get(tx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(rec)
}

func (c *Collection[T, P]) decodeState(js []byte) (P, error) {
	var v T
	if err := json.Unmarshal(js, &v); err != nil {
		return nil, fmt.Errorf("%s ist nicht lesbar: %w", c.Label, err)
	}
	rec := P(&v)
	if !validID(rec.GetMeta().ID) {
		return nil, fmt.Errorf("%s hat keine gültige Kennung", c.Label)
	}
	return rec, nil
}

func (c *Collection[T, P]) putState(tx *Tx, js []byte, version uint64) (*model.Meta, error) {
	rec, err := c.decodeState(js)
	if err != nil {
		return nil, err
	}
	m := rec.GetMeta()
	m.Version = version
	if version == 0 {
		// A record made on a laptop brings its provisional number (or, in
		// a hostile file, any number): the office gives the final one.
		m.Number = ""
	}
	if err := c.Put(tx, rec); err != nil {
		return nil, err
	}
	return m, nil
}

func (c *Collection[T, P]) remove(tx *Tx, id string) error { return c.Delete(tx, id) }

func (c *Collection[T, P]) numbered() bool { return c.Prefix != "" }

func (c *Collection[T, P]) putAsIs(tx *Tx, js []byte) error {
	rec, err := c.decodeState(js)
	if err != nil {
		return err
	}
	if v, ok := any(rec).(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("%s %s: %v", c.Label, label(c.Label, rec.GetMeta()), err)
		}
	}
	m := rec.GetMeta()
	if _, err := c.Get(tx, m.ID); !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("%s %s steht zweimal im Paket", c.Label, m.ID)
	}
	if m.Number != "" {
		if kind, _ := LookupNumber(tx, m.Number); kind != "" {
			return fmt.Errorf("die Nummer %s steht zweimal im Paket", m.Number)
		}
	}
	raw, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := c.addIndexes(tx, rec); err != nil {
		return err
	}
	if err := c.reindex(tx, m.ID, nil, rec); err != nil {
		return err
	}
	if err := c.storeValue(tx, m.ID, raw); err != nil {
		return err
	}
	return tx.record(c.Kind, m.ID, m.Number, OpCreate, nil, raw)
}

// storeValue writes the stored form of a record's JSON; the one place
// where bundles touch stored bytes.
func (c *Collection[T, P]) storeValue(tx *Tx, id string, js []byte) error {
	b, err := tx.bucket(c.recBucket())
	if err != nil {
		return err
	}
	return tx.put(b, []byte(id), encodeValue(c.Kind, js))
}
