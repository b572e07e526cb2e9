package store

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The erasure ledger (Löschprotokoll) keeps what every erasure did, without
// the data itself: which record (kind and ID), which fields or the whole
// record, which flags were set (erased: true), when, by whom and why. It
// lets the program do the erasure again where the data comes back:
//
//   - restore of a backup made before the erasure replays the ledger of the
//     database it replaces (and of the newer backups) before the restored
//     file is opened (backup_restore.go);
//   - a merge of an Außentermin bundle from a laptop copy can ask
//     ErasedFields before it takes a record or a field from the laptop,
//     and leave erased data out.
//
// Every entry has an ID of its own, so the ledgers of several copies of the
// file can be merged without doing an erasure twice. The ledger lives in
// the bucket "erasures", one sealed JSON value per entry under its sequence
// number; the bucket also holds the mark that freed pages still wait to be
// overwritten: the file is compacted (compact.go).

var (
	bucketErasures = []byte("erasures")
	keyScrub       = []byte("scrub") // not 8 bytes: never a ledger entry
)

// Erasure is one entry of the ledger: one record's erasure.
type Erasure struct {
	ID  string    `json:"id"`
	At  time.Time `json:"at"`
	By  string    `json:"by"`
	Why string    `json:"why"` // "Antrag (Art. 17)", "Löschlauf: …" – never a name
	// Kind and Record name the record (store kind, record ID).
	Kind   string `json:"kind"`
	Record string `json:"record"`
	// Whole: the record was deleted with everything in it. Else Fields
	// (JSON paths, dotted: "clientRef", "interpreter") were taken out
	// and Set (JSON paths to values that say nothing about anyone, e.g.
	// "erased": true) written.
	Whole  bool                       `json:"whole,omitempty"`
	Fields []string                   `json:"fields,omitempty"`
	Set    map[string]json.RawMessage `json:"set,omitempty"`
}

func splitPath(p string) []string { return strings.Split(p, ".") }

func (e *Erasure) paths() [][]string {
	out := make([][]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		out = append(out, splitPath(f))
	}
	return out
}

// appendLedger adds e to the ledger of tx's file.
func (tx *Tx) appendLedger(e *Erasure) error {
	b, err := tx.bucket(bucketErasures)
	if err != nil {
		return err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	raw, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return tx.put(b, encodeUint(seq), raw)
}

// Ledger returns every entry of the erasure ledger, oldest first.
func Ledger(tx *Tx) ([]Erasure, error) {
	b := tx.sealed(bucketErasures)
	if b == nil {
		return nil, nil
	}
	var out []Erasure
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 8 || v == nil {
			continue // the scrub mark, or a damaged entry (b.Err says)
		}
		var e Erasure
		if err := json.Unmarshal(v, &e); err != nil {
			return nil, fmt.Errorf("Ein Eintrag des Löschprotokolls ist nicht lesbar (%w). Bitte „stabsstelle check“ ausführen.", err)
		}
		out = append(out, e)
	}
	if err := b.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ErasedFields tells what the ledger says was erased of record id of kind:
// whole, or the dotted JSON paths of the fields taken out. A merge of data
// from another copy of the file (an Außentermin bundle) must not bring
// back a whole erased record, nor a value at one of the paths.
func ErasedFields(tx *Tx, kind, id string) (whole bool, fields []string, err error) {
	list, err := Ledger(tx)
	if err != nil {
		return false, nil, err
	}
	for _, e := range list {
		if e.Kind != kind || e.Record != id {
			continue
		}
		if e.Whole {
			return true, nil, nil
		}
		fields = append(fields, e.Fields...)
	}
	sort.Strings(fields)
	return false, fields, nil
}

// ledgerIDs is the set of entry IDs of a ledger.
func ledgerIDs(list []Erasure) map[string]bool {
	out := make(map[string]bool, len(list))
	for _, e := range list {
		out[e.ID] = true
	}
	return out
}

// markScrub notes that freed pages hold erased data until the file is
// compacted (compact.go; backups are then written by compaction).
func (tx *Tx) markScrub() error {
	b, err := tx.bucket(bucketErasures)
	if err != nil {
		return err
	}
	return tx.put(b, keyScrub, []byte(tx.now.Format(time.RFC3339)))
}

// ScrubPending reports whether an erasure waits for the file to be
// compacted: its freed pages may still hold the erased data. A file too
// damaged to read the mark from gives ErrDamaged (never a panic: the
// mark's pages are read like any other).
func (s *Store) ScrubPending() (bool, error) {
	pending := false
	err := safely(s.path, func() error {
		return s.db.View(func(btx *bolt.Tx) error {
			b := btx.Bucket(bucketErasures)
			pending = b != nil && b.Get(keyScrub) != nil
			return nil
		})
	})
	return pending, err
}

// clearScrub removes the mark in a file that was just compacted.
func clearScrub(btx *bolt.Tx) error {
	if b := btx.Bucket(bucketErasures); b != nil {
		return b.Delete(keyScrub)
	}
	return nil
}
