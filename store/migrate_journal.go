package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migrateJournalToDiffs is migration 2: wave-1 journal entries of updates
// kept the whole record before and after; they become field diffs
// (journal_diff.go). Creates and deletes keep their one whole state. Every
// entry keeps its sequence, time, writer, transaction and note, so Verlauf
// shows the same changes and undo works on migrated entries as before.
func migrateJournalToDiffs(tx *bolt.Tx) error {
	j := tx.Bucket(bucketJournal)
	if j == nil {
		return nil
	}
	type rewrite struct {
		key, val []byte
	}
	var out []rewrite
	err := j.ForEach(func(k, v []byte) error {
		var e JournalEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("Journaleintrag %d ist nicht lesbar: %w", decodeUint(k), err)
		}
		if e.Before == nil || e.After == nil {
			return nil
		}
		e.Changes = diffStates(e.Before, e.After)
		e.Before, e.After = nil, nil
		raw, err := json.Marshal(e)
		if err != nil {
			return err
		}
		out = append(out, rewrite{key: append([]byte(nil), k...), val: raw})
		return nil
	})
	if err != nil {
		return err
	}
	// bbolt forbids writing while ForEach walks the bucket.
	for _, r := range out {
		if err := j.Put(r.key, r.val); err != nil {
			return err
		}
	}
	return nil
}
