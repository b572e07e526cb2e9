package store

import (
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// migrateCompactRows is migration 8: the rows of the Einsätze's start
// index are written in the compact format (einsatz_row_compact.go). It
// runs after the checksums (migration 6): it reads and writes sealed
// values. A value that does not pass its checksum or is no row of the
// first format is kept as it is: lists skip it and `check` names it.
//
// The bucket is written anew in key order rather than value by value: the
// rows shrink to half, and bbolt does not join pages that shrink, so the
// old pages would stay half empty.
func migrateCompactRows(btx *bolt.Tx) error {
	name := Einsaetze.idxBucket(IdxEinsatzStart)
	old := btx.Bucket(name)
	if old == nil {
		return nil
	}
	tx := &Tx{btx: btx, now: time.Now().UTC(), noJournal: true}
	var entries []kv
	err := old.ForEach(func(k, raw []byte) error {
		e := kv{key: append([]byte(nil), k...), val: append([]byte(nil), raw...)}
		if v, err := tx.unseal(name, k, raw); err == nil && v != nil {
			if r, ok := textRow(v); ok {
				e.val = seal(k, encodeRow(r))
			}
		}
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return err
	}
	return rewriteBucket(btx, name, entries)
}

// textRow reads a row of the first format with its text as stored (no
// interning, no cleaning: encodeRow then writes what encodeRow wrote from
// the record).
func textRow(val []byte) (EinsatzRow, bool) {
	var f rowFields
	if !splitRow(val, &f) {
		return EinsatzRow{}, false
	}
	start, ok1 := parseUnix(f[1])
	end, ok2 := parseUnix(f[2])
	if !ok1 || !ok2 {
		return EinsatzRow{}, false
	}
	return EinsatzRow{Number: string(f[0]), Start: time.Unix(start, 0).UTC(), End: time.Unix(end, 0).UTC(),
		Status: model.Status(f[3]), Language: string(f[4]), Dialect: string(f[5]), InterpreterID: string(f[6]),
		OrganisationID: string(f[7]), Place: string(f[8]), Setting: model.Setting(f[9]),
		Topic: model.Topic(f[10]), Urgent: len(f[11]) == 1 && f[11][0] == '1'}, true
}
