package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A backup made before an erasure still holds the erased data. Restoring
// it must not bring the data back: the erasures recorded in the ledger of
// the database it replaces (and of every backup beside it) are done again
// in the restored copy before it takes the database's place.

// whoReplays is the name journal entries of a replay carry.
const whoReplays = "Wiederherstellung (Löschprotokoll)"

// LedgerOfFile reads the erasure ledger of the database file at path
// without opening it for writing; a file that cannot be read gives none
// (and ok false).
func LedgerOfFile(path string) (list []Erasure, ok bool) {
	if _, err := os.Stat(path); err != nil {
		return nil, false
	}
	db, err := openBolt(path, true, false)
	if err != nil {
		return nil, false
	}
	defer db.Close()
	err = safely(path, func() error {
		return db.View(func(btx *bolt.Tx) error {
			var err error
			list, err = Ledger(&Tx{btx: btx})
			return err
		})
	})
	return list, err == nil
}

// collectLedgers is the union of the ledgers of the database at dbPath and
// of the backups in its folder, oldest erasure first.
func collectLedgers(dbPath string, skip string) []Erasure {
	seen := map[string]bool{}
	var out []Erasure
	add := func(list []Erasure) {
		for _, e := range list {
			if !seen[e.ID] {
				seen[e.ID] = true
				out = append(out, e)
			}
		}
	}
	if l, ok := LedgerOfFile(dbPath); ok {
		add(l)
	}
	if backups, err := ListBackups(BackupDir(dbPath)); err == nil {
		for _, b := range backups {
			if abs(b.Path) == abs(skip) {
				continue
			}
			if l, ok := LedgerOfFile(b.Path); ok {
				add(l)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// replayLedger does the erasures of list that the database at path has not
// recorded yet, and compacts the file if it did any. It returns how many.
func replayLedger(path string, list []Erasure, now time.Time) (int, error) {
	if len(list) == 0 {
		return 0, nil
	}
	s, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.Update(whoReplays, func(tx *Tx) error {
		tx.perm.acting++ // the erasure was allowed when it was made
		defer tx.endAct()
		have, err := Ledger(tx)
		if err != nil {
			return err
		}
		done := ledgerIDs(have)
		for i := range list {
			e := list[i]
			if done[e.ID] {
				continue
			}
			if err := tx.replay(&e); err != nil {
				return err
			}
			n++
		}
		if n > 0 {
			if err := tx.markScrub(); err != nil {
				return err
			}
			return tx.Note(KindPerson, fmt.Sprintf("%s: %d Löschung(en) aus dem Löschprotokoll in der zurückgespielten Sicherung wiederholt", ErasedNote, n))
		}
		return nil
	})
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil || n == 0 {
		return n, err
	}
	_, _, err = Compact(path)
	return n, err
}

// replay does one erasure again.
func (tx *Tx) replay(e *Erasure) error {
	k, ok := KindOf(e.Kind)
	if !ok {
		return fmt.Errorf("Das Löschprotokoll nennt eine unbekannte Art von Daten („%s“).", e.Kind)
	}
	cur, err := currentRaw(tx, k, e.Record)
	if err != nil {
		return err
	}
	if e.Whole {
		if cur != nil {
			if err := k.Restore(tx, e.Record, nil); err != nil {
				return err
			}
		}
		if _, err := tx.redactJournal(e.Record, true, nil); err != nil {
			return err
		}
		return tx.appendLedger(e)
	}
	if cur != nil {
		next := cur
		for _, p := range e.paths() {
			if valueAt(next, p) == nil {
				continue
			}
			if next, err = setPath(next, p, nil); err != nil {
				return err
			}
		}
		for p, v := range e.Set {
			if next, err = setPath(next, splitPath(p), v); err != nil {
				return err
			}
		}
		if err := k.Restore(tx, e.Record, next); err != nil {
			return err
		}
	}
	if _, err := tx.redactJournal(e.Record, false, e.paths()); err != nil {
		return err
	}
	return tx.appendLedger(e)
}

// RestoreResult is what Restore did.
type RestoreResult struct {
	Aside    string // where the replaced database was put ("" if none)
	Replayed int    // erasures done again in the restored copy
}

// RestoreErased is Restore with the erasures of the ledgers done again in
// the restored copy before it takes the database's place.
func RestoreErased(dbPath, from string, now time.Time, allowProblems bool) (RestoreResult, error) {
	var res RestoreResult
	list := collectLedgers(dbPath, from)
	err := restore(dbPath, from, now, allowProblems, func(tmp string) error {
		n, err := replayLedger(tmp, list, now)
		res.Replayed = n
		if err != nil {
			var dmg *ErrDamaged
			if errors.As(err, &dmg) {
				return err
			}
			return fmt.Errorf("Die Löschungen aus dem Löschprotokoll konnten in der Sicherung nicht wiederholt werden; es wurde nichts zurückgespielt. (%w)", err)
		}
		return nil
	}, &res.Aside)
	return res, err
}

// setTrue is the Set value of a flag that says "erased".
var setTrue = map[string]json.RawMessage{"erased": json.RawMessage("true")}
