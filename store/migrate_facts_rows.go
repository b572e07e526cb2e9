package store

import (
	"bytes"
	"time"

	bolt "go.etcd.io/bbolt"
)

// migrateFactsIntoRows is migration 12: the report's facts of every
// Einsatz move from their own index (IdxEinsatzFacts) into its row in the
// start index (rowFormat3), and the facts index goes. Both indexes have the
// same keys, so the two are walked side by side; no record is read. A row
// or facts entry that does not pass its checksum or is not what it should
// be stays as it is: the report then reads that Einsatz from its record and
// `check` names the row, as before.
//
// The start index is written anew in key order (rewriteBucket): its rows
// grow by the facts, and bbolt would split every page of it in place.
func migrateFactsIntoRows(btx *bolt.Tx) error {
	startName := Einsaetze.idxBucket(IdxEinsatzStart)
	factsName := Einsaetze.idxBucket(IdxEinsatzFacts)
	starts, facts := btx.Bucket(startName), btx.Bucket(factsName)
	if facts == nil {
		return nil
	}
	if starts != nil {
		tx := &Tx{btx: btx, now: time.Now().UTC(), noJournal: true}
		fc := facts.Cursor()
		fk, fv := fc.First()
		var entries []kv
		err := starts.ForEach(func(k, raw []byte) error {
			e := kv{key: bytes.Clone(k), val: bytes.Clone(raw)}
			for fk != nil && bytes.Compare(fk, k) < 0 {
				fk, fv = fc.Next()
			}
			if fk != nil && bytes.Equal(fk, k) {
				if row, err := tx.unseal(startName, k, raw); err == nil && len(row) > 0 && row[0] == rowFormat2 {
					if x, err := tx.unseal(factsName, fk, fv); err == nil {
						if _, _, ok := decodeFactExtra(x); ok {
							e.val = seal(k, rowWithFacts(row, x))
						}
					}
				}
			}
			entries = append(entries, e)
			return nil
		})
		if err != nil {
			return err
		}
		if err := rewriteBucket(btx, startName, entries); err != nil {
			return err
		}
	}
	return btx.DeleteBucket(factsName)
}
