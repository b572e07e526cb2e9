package store

import (
	bolt "go.etcd.io/bbolt"
)

// migrateOwnerIndexKeysOnly is migration 5: the interpreter and institution
// indexes of the Einsätze keep only their keys; the row they carried is
// read from the start index (rowsOfOwner).
func migrateOwnerIndexKeysOnly(tx *bolt.Tx) error {
	for _, name := range []string{IdxEinsatzInterpreter, IdxEinsatzOrg} {
		b := tx.Bucket(Einsaetze.idxBucket(name))
		if b == nil {
			continue
		}
		b.FillPercent = 0.9
		var keys [][]byte
		if err := b.ForEach(func(k, v []byte) error {
			if len(v) > 0 {
				keys = append(keys, append([]byte(nil), k...))
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range keys {
			if err := b.Put(k, []byte{}); err != nil {
				return err
			}
		}
	}
	return nil
}
