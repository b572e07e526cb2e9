package store

import (
	"errors"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// Tx is one bbolt transaction plus who is writing and the changes to publish
// after commit. Every write of a record, its index entries and its journal
// entry happen in one Tx: all or nothing.
type Tx struct {
	btx       *bolt.Tx
	s         *Store
	who       string
	now       time.Time
	changes   []Change
	noJournal bool
	txSeq     uint64 // journal Seq of this transaction's first entry
	// journalFreeBelow: the journal has no entry at or above the first
	// Seq of this transaction and below this one (journalTaken), once
	// journalFreeKnown.
	journalFreeBelow uint64
	journalFreeKnown bool
	much             bool // a read over a large part of the file, see readsMuch
	// search holds the search index changes, written when fn returns
	// (searchindex.go).
	search []searchChange
	// later: the changes are kept for BuildSearchIndexLater, not written.
	later *laterSearch
	perm  txRoles // the writer's roles, checked by record (roles.go)
	// plain: values are read and written without their seal (seal.go).
	// Only the migrations before the checksums make such a Tx: the file
	// holds plain values then, and the migration "Prüfsummen" seals them
	// all after them.
	plain bool
}

// Who is the team member on whose behalf the transaction writes.
func (tx *Tx) Who() string { return tx.who }

// Now is the time stamped on everything the transaction writes.
func (tx *Tx) Now() time.Time { return tx.now }

// Writable reports whether Put and Delete are allowed.
func (tx *Tx) Writable() bool { return tx.btx.Writable() }

// Bolt exposes the raw transaction to maintenance code in this package's
// callers that must read buckets directly (check, backup).
func (tx *Tx) Bolt() *bolt.Tx { return tx.btx }

// ErrNoUser: every write must name who made it.
var ErrNoUser = errors.New("Es ist nicht bekannt, wer arbeitet – bitte mit --user NAME starten.")

// Update runs fn in one write transaction on behalf of who. After a
// successful commit every subscriber gets an Event.
func (s *Store) Update(who string, fn func(tx *Tx) error) error {
	return s.update(who, false, fn)
}

// Bulk is Update for generated or imported data in large batches: records
// and indexes are written as usual but the journal gets no per-record
// entries (the caller writes one summary with tx.Note).
func (s *Store) Bulk(who string, fn func(tx *Tx) error) error {
	return s.update(who, true, fn)
}

func (s *Store) update(who string, bulk bool, fn func(tx *Tx) error) error {
	who = strings.TrimSpace(who)
	if who == "" {
		return ErrNoUser
	}
	if msg := model.TextProblem("Name (--user)", who, false); msg != "" {
		return errors.New("Wer arbeitet, ist nicht lesbar: " + msg)
	}
	var t *Tx
	later := s.laterFor()
	if later != nil {
		defer later.done()
	}
	err := safely(s.path, func() error {
		return s.db.Update(func(btx *bolt.Tx) error {
			t = &Tx{btx: btx, s: s, who: who, now: txTime(s.now()), noJournal: bulk, later: later}
			if err := fn(t); err != nil {
				return err
			}
			return t.flushSearch()
		})
	})
	if err != nil {
		return err
	}
	if later != nil {
		later.keep(t.search)
	}
	if len(t.changes) > 0 {
		s.feed.publish(Event{Who: who, At: t.now, Changes: t.changes})
	}
	return nil
}

// View runs fn in a read-only transaction; many run in parallel.
func (s *Store) View(fn func(tx *Tx) error) error {
	return safely(s.path, func() error {
		return s.db.View(func(btx *bolt.Tx) error {
			t := &Tx{btx: btx, s: s, now: s.now().UTC()}
			err := fn(t)
			if t.much {
				s.drop.soon(s)
			}
			return err
		})
	})
}

// readsMuch marks a read transaction that walks a large part of the file
// (all list rows of an area, a search): the pages it mapped in are given
// back to the system once such reads have been quiet for a moment (see
// pageDropper).
func (tx *Tx) readsMuch() {
	if !tx.much && tx.s != nil {
		tx.s.drop.busy()
	}
	tx.much = true
}

// bucket returns the named bucket, creating it in write transactions. In a
// read transaction a missing bucket is nil and reads treat it as empty.
func (tx *Tx) bucket(name []byte) (*bolt.Bucket, error) {
	if b := tx.btx.Bucket(name); b != nil || !tx.btx.Writable() {
		return b, nil
	}
	return tx.btx.CreateBucket(name)
}

// fillPercent is how full bbolt packs the pages it splits when this
// transaction commits. A bulk transaction (demo, import) writes thousands
// of entries: each page it touches is packed anew, so it can pack them
// full. An ordinary write leaves a tenth free, so the next few single
// inserts into a page fit without splitting it again. (Fill 1.0 for every
// write would split a full page for every later insert, into a full one
// and one holding a single entry.)
func (tx *Tx) fillPercent() float64 {
	if tx.noJournal {
		return 1.0
	}
	return 0.9
}
