package store

import (
	"bytes"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// migrateEinsatzFacts is migration 7: it builds the report's facts index
// of the Einsätze (einsatz_facts.go) for the records already in the file.
// It runs after the checksums (migration 6), so it reads and writes sealed
// values. A record that does not pass its checksum or does not decode
// gets no entry: the report reads it from the record (and says what is
// wrong), `check` names it.
func migrateEinsatzFacts(btx *bolt.Tx) error {
	name := Einsaetze.idxBucket(IdxEinsatzFacts)
	if err := btx.DeleteBucket(name); err != nil && btx.Bucket(name) != nil {
		return err
	}
	recs := btx.Bucket(Einsaetze.recBucket())
	if recs == nil {
		return nil
	}
	tx := &Tx{btx: btx, now: time.Now().UTC(), noJournal: true}
	type entry struct{ key, val []byte }
	var entries []entry
	err := recs.ForEach(func(k, raw []byte) error {
		v, err := tx.unseal(Einsaetze.recBucket(), k, raw)
		if err != nil || v == nil {
			return nil
		}
		// The report's lean decoding: it reads every field the facts
		// are made of (TestLeanDecodeGivesSameFacts) at a fifth of the
		// time of the whole record.
		e, err := decodeReportEinsatz(v)
		if err != nil || e.ID != string(k) {
			return nil
		}
		// As the program of schema 7–11 wrote them (migration 12 then
		// moves them into the rows).
		entries = append(entries, entry{textIndexKey([]byte(startKey(e.Start)), e.ID), encodeFactExtra(factExtraOf(e))})
		return nil
	})
	if err != nil {
		return err
	}
	b, err := btx.CreateBucket(name)
	if err != nil {
		return err
	}
	// In key order into full pages, as a scan reads them.
	b.FillPercent = 0.9
	slices.SortFunc(entries, func(a, b entry) int { return bytes.Compare(a.key, b.key) })
	for _, en := range entries {
		if err := tx.put(b, en.key, en.val); err != nil {
			return err
		}
	}
	return nil
}
