package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// An ImportRun writes a long import (200 000 rows of a list) in batches of
// a few thousand records per transaction, so memory stays flat whatever the
// length, and still leaves nothing half-imported:
//
//   - the first batch writes a marker into the meta bucket, with the
//     journal sequence the run starts at, in its own transaction: an import
//     that fails in its first batch (every import of fewer than a batch of
//     rows) leaves the file as it was, byte for byte;
//   - every batch is an ordinary journaled write (audit trail, Verlauf);
//   - Finish removes the marker in the transaction of its closing note;
//   - Abort – and Open, when it finds a marker of a run that never finished
//     (the program was killed, the power went) – takes back every journal
//     entry the run wrote, newest first, in batches, under the writer's name
//     with " (Import zurückgenommen)", and only then removes the marker. A
//     take-back that is itself interrupted goes on at the next Open.
type ImportRun struct {
	s     *Store
	who   string
	what  string
	first uint64
	key   []byte // the marker's key; nil until the first batch is written
	// batches counts the batches begun, for dropPages.
	batches int
}

// importDropEvery: every so many batches the run gives back the pages of
// the file its writes have read (dropPages).
const importDropEvery = 16

// dropPages gives the pages of the file that the batches so far mapped
// in back to the system (pageDropper does the same after bulk reads),
// in a read transaction of its own, so the map cannot move meanwhile.
// Every batch reads the paths to the pages it changes; as the file grows,
// so would the run's memory, whatever the batch size (400 000 rows: peak
// 161 MB, budget 150).
func (r *ImportRun) dropPages() {
	_ = r.s.View(func(tx *Tx) error {
		dropMappedPages(tx.btx)
		return nil
	})
}

const importMarker = "import:"

type importMarkerValue struct {
	Who     string    `json:"who"`
	What    string    `json:"what"`
	Started time.Time `json:"started"`
	First   uint64    `json:"first"`
}

// revertSuffix names the writer of a take-back; its own entries are never
// taken back.
const revertSuffix = " (Import zurückgenommen)"

// BeginImport starts a run on behalf of who; what names it ("Engagierte aus
// lotsen.csv"). Nothing is written before the first batch.
func (s *Store) BeginImport(who, what string) (*ImportRun, error) {
	return &ImportRun{s: s, who: who, what: what}, nil
}

// Who is the writer of the run's batches, as their transactions stamp it.
func (r *ImportRun) Who() string { return strings.TrimSpace(r.who) }

// BatchAt is Batch with the transaction's time set to at, the time its
// records were prepared for (Collection.PrepareNew): a moment before the
// batch is written, and after the batch before it was prepared.
func (r *ImportRun) BatchAt(at time.Time, fn func(tx *Tx) error) error {
	return r.Batch(func(tx *Tx) error {
		tx.now = txTime(at)
		return fn(tx)
	})
}

// Batch writes one batch of the run; the first also writes the marker.
func (r *ImportRun) Batch(fn func(tx *Tx) error) error {
	r.batches++
	if r.batches%importDropEvery == 0 {
		r.dropPages()
	}
	if r.key != nil {
		return r.s.Update(r.who, fn)
	}
	var first uint64
	var key []byte
	err := r.s.Update(r.who, func(tx *Tx) error {
		j, err := tx.bucket(bucketJournal)
		if err != nil {
			return err
		}
		first = j.Sequence() + 1
		key = append([]byte(importMarker), encodeUint(first)...)
		raw, err := json.Marshal(importMarkerValue{Who: tx.who, What: r.what, Started: tx.now, First: first})
		if err != nil {
			return err
		}
		if err := tx.put(tx.btx.Bucket(bucketMeta), key, raw); err != nil {
			return err
		}
		return fn(tx)
	})
	if err == nil {
		r.first, r.key = first, key
	}
	return err
}

// Finish ends the run with a journal note; from now on the import stays.
func (r *ImportRun) Finish(note string) error {
	return r.s.Update(r.who, func(tx *Tx) error {
		if err := tx.Note("import", note); err != nil {
			return err
		}
		if r.key == nil {
			return nil
		}
		return tx.btx.Bucket(bucketMeta).Delete(r.key)
	})
}

// Abort takes back everything the run wrote (nothing, before the first
// batch was written).
func (r *ImportRun) Abort() error {
	if r.key == nil {
		return nil
	}
	return r.s.revertImport(r.key, r.who, r.first)
}

// Sound checks what a write that cannot be undone in one transaction (a
// long import, the take-back of one) relies on: the file's pages, the
// checksum of every value and bbolt's structure – not the records' own
// rules. It reads the whole file; ErrDamaged when anything is wrong.
func (s *Store) Sound() error {
	rep := s.check(false, false)
	if !rep.Damaged {
		return nil
	}
	detail := ""
	if len(rep.Problems) > 0 {
		detail = shortLine(rep.Problems[0], 160)
	}
	return &ErrDamaged{Path: s.path, Detail: detail}
}

// recoverImports takes back the runs that never finished; it returns a
// German sentence for each. The take-back writes to the file, so it runs
// only on a sound one: the markers are read through their checksums, and
// before anything is taken back the whole file is checked (its pages, the
// checksum of every value, bbolt's structure; the records' own rules are
// not needed for that). A damaged file is left as it is, with ErrDamaged.
func (s *Store) recoverImports() ([]string, error) {
	var runs []importMarkerValue
	var keys [][]byte
	err := s.View(func(tx *Tx) error {
		m := tx.sealed(bucketMeta)
		if m == nil {
			return nil
		}
		c := m.Cursor()
		for k, v := c.Seek([]byte(importMarker)); k != nil && len(k) > len(importMarker) && string(k[:len(importMarker)]) == importMarker; k, v = c.Next() {
			if err := m.Err(); err != nil {
				return err
			}
			var mv importMarkerValue
			if json.Unmarshal(v, &mv) != nil || mv.Who == "" {
				continue
			}
			runs = append(runs, mv)
			keys = append(keys, append([]byte(nil), k...))
		}
		return m.Err()
	})
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	if err := s.Sound(); err != nil {
		var dmg *ErrDamaged
		if errors.As(err, &dmg) {
			dmg.Detail = "ein unterbrochener Import wurde deshalb nicht zurückgenommen; " + dmg.Detail
		}
		return nil, err
	}
	var out []string
	for i, mv := range runs {
		if err := s.revertImport(keys[i], mv.Who, mv.First); err != nil {
			return out, err
		}
		out = append(out, fmt.Sprintf("Der unterbrochene Import „%s“ vom %s wurde vollständig zurückgenommen.", mv.What, mv.Started.In(berlin()).Format("02.01.2006 15:04")))
	}
	return out, nil
}

// revertBatch is how many journal entries one take-back transaction undoes.
const revertBatch = 2000

// revertImport takes back the journal entries of user who from first on,
// newest first, in transactions of revertBatch entries each; the marker
// key goes with the last one.
func (s *Store) revertImport(key []byte, who string, first uint64) error {
	upper := uint64(0) // exclusive; 0 = from the end of the journal
	for {
		done := false
		err := s.Update(who+revertSuffix, func(tx *Tx) error {
			var err error
			done, err = revertImportBatch(tx, key, who, first, &upper)
			return err
		})
		if err != nil {
			return fmt.Errorf("Der Import konnte nicht vollständig zurückgenommen werden (%w). Beim nächsten Start wird es erneut versucht.", err)
		}
		if done {
			return nil
		}
	}
}

// revertImportBatch undoes up to revertBatch of who's journal entries
// below *upper (from the end of the journal when 0) down to first, and
// moves *upper down. It reports done, with the marker key deleted, when
// none is left.
func revertImportBatch(tx *Tx, key []byte, who string, first uint64, upper *uint64) (bool, error) {
	bj := tx.btx.Bucket(bucketJournal)
	if bj == nil {
		return true, tx.btx.Bucket(bucketMeta).Delete(key)
	}
	j := tx.sealedOf(bucketJournal, bj)
	c := j.Cursor()
	var k, v []byte
	if *upper == 0 {
		k, v = c.Last()
	} else {
		c.Seek(encodeUint(*upper))
		k, v = c.Prev()
	}
	n := 0
	for ; k != nil && decodeUint(k) >= first && n < revertBatch; k, v = c.Prev() {
		if err := j.Err(); err != nil {
			return false, err
		}
		seq := decodeUint(k)
		*upper = seq
		undone, err := undoImportEntry(tx, who, seq, v)
		if err != nil {
			return false, err
		}
		if !undone {
			continue
		}
		n++
		// Restore appended to the journal: find our place again.
		c = j.Cursor()
		c.Seek(encodeUint(*upper))
	}
	if err := j.Err(); err != nil {
		return false, err
	}
	if k == nil || decodeUint(k) < first {
		return true, tx.btx.Bucket(bucketMeta).Delete(key)
	}
	return false, nil
}

// undoImportEntry restores the record of journal entry seq (raw value v)
// to its state before the entry, if user who wrote it. It reports false
// for an entry of someone else or of no record kind.
func undoImportEntry(tx *Tx, who string, seq uint64, v []byte) (bool, error) {
	var e JournalEntry
	if err := json.Unmarshal(v, &e); err != nil {
		return false, fmt.Errorf("Journaleintrag %d ist nicht lesbar: %w", seq, err)
	}
	if e.Who != who || e.ID == "" {
		return false, nil
	}
	kind, ok := KindOf(e.Kind)
	if !ok {
		return false, nil
	}
	cur, err := currentRaw(tx, kind, e.ID)
	if err != nil {
		return false, err
	}
	before, err := stateBefore(cur, []JournalEntry{e})
	if err != nil {
		return false, err
	}
	if err := kind.Restore(tx, e.ID, before); err != nil {
		return false, err
	}
	return true, nil
}
