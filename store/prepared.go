package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Prepared is a new record made ready for the file outside a transaction:
// stamped, checked, encoded and sealed, with its index entries and search
// tokens. Everything Put does for a new record that needs no transaction
// is done here, so a bulk writer can prepare the next batch on a second
// core while the current one is written (the CSV imports). PutPrepared
// stores it exactly as Put would have. The record must not change in
// between: what is stored was made from it as it was prepared.
type Prepared[P any] struct {
	rec     P
	who     string
	at      time.Time
	raw     []byte // the record's JSON, for the journal
	middle  []byte // of its journal entry (createEntryMiddle)
	value   []byte // as stored: encoded and sealed
	entries []Index
	tokens  []string // its search tokens, sorted
}

// errNotPreparable: the collection gives numbers, which only a
// transaction can hand out.
var errNotPreparable = errors.New("Datensätze mit Nummer lassen sich nicht vorbereiten")

// PrepareNew makes rec ready to be stored as a new record by who at the
// time at (PutPrepared in a transaction of who at that time, see
// ImportRun.BatchAt). It stamps rec (ID, version 1, created) as Put would;
// on an error rec is left as it was, so Put reports the same error.
func (c *Collection[T, P]) PrepareNew(rec P, who string, at time.Time) (*Prepared[P], error) {
	if c.Prefix != "" {
		return nil, errNotPreparable
	}
	if v, ok := any(rec).(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return nil, err
		}
	}
	m := rec.GetMeta()
	if m.Version != 0 {
		return nil, ErrNotFound // as Put: an update of a record that is not there
	}
	before := *m
	at = txTime(at)
	stampNew(m, who, at, false)
	m.Updated, m.UpdatedBy = at, who
	raw, err := json.Marshal(rec)
	if err == nil {
		err = c.checkNoControl(rec, nil, raw)
	}
	if err != nil {
		*m = before
		return nil, err
	}
	middle, err := createEntryMiddle(JournalEntry{At: at, Who: who, Kind: c.Kind, ID: m.ID, Number: m.Number, Op: OpCreate})
	if err != nil {
		*m = before
		return nil, err
	}
	p := &Prepared[P]{rec: rec, who: who, at: at, raw: raw, middle: middle, entries: c.entries(rec)}
	p.value = seal([]byte(m.ID), encodeValue(c.Kind, raw))
	if d := c.searchDocOf(rec); d != nil {
		p.tokens = d.tokens()
	}
	return p, nil
}

// PutPrepared stores a record made ready by PrepareNew: the same value,
// index entries, search postings and journal entry as Put. The
// transaction must write as the prepared writer at the prepared time
// (else the stamps would not match the journal); the ID must be free.
func (c *Collection[T, P]) PutPrepared(tx *Tx, p *Prepared[P]) error {
	if tx.noJournal {
		// Put keeps a generated record's own creation time there
		return fmt.Errorf("Vorbereitete Datensätze (%s) nur in Schreibvorgängen mit Journal", c.Label)
	}
	if tx.who != p.who || !tx.now.Equal(p.at) {
		return fmt.Errorf("Vorbereiteter Datensatz (%s) passt nicht zum Schreibvorgang (%s um %s statt %s um %s)",
			c.Label, tx.who, tx.now.Format(time.RFC3339Nano), p.who, p.at.Format(time.RFC3339Nano))
	}
	b, err := tx.bucket(c.recBucket())
	if err != nil {
		return err
	}
	b.FillPercent = tx.fillPercent()
	m := p.rec.GetMeta()
	key := []byte(m.ID)
	if b.Get(key) != nil {
		return fmt.Errorf("%s %s gibt es schon; es wurde nichts gespeichert.", c.Label, m.ID)
	}
	if err := c.addNumber(tx, m); err != nil {
		return err
	}
	if err := c.putEntries(tx, m.ID, p.entries); err != nil {
		return err
	}
	tx.moveTokens(c.Kind, m.ID, nil, p.tokens)
	value := p.value
	if tx.legacy() {
		value = value[sealHead : len(value)-sealTail]
	}
	if err := b.Put(key, value); err != nil {
		return err
	}
	return tx.recordPrepared(c.Kind, m.ID, m.Number, p.middle, p.raw)
}

// txTime is a time as a transaction stamps it (Store.update).
func txTime(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }
