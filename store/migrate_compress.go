package store

import (
	bolt "go.etcd.io/bbolt"
)

// migrateCompressRecords is migration 4: the records of the kinds with a
// dictionary (codec.go) are stored compressed.
func migrateCompressRecords(tx *bolt.Tx) error {
	for kind := range codecDicts {
		b := tx.Bucket([]byte("rec:" + kind))
		if b == nil {
			continue
		}
		b.FillPercent = 0.9
		type kv struct{ k, v []byte }
		var out []kv
		if err := b.ForEach(func(k, v []byte) error {
			if len(v) == 0 || v[0] != '{' {
				return nil // already compressed, or not ours to judge here
			}
			out = append(out, kv{append([]byte(nil), k...), encodeValue(kind, v)})
			return nil
		}); err != nil {
			return err
		}
		for _, r := range out {
			if err := b.Put(r.k, r.v); err != nil {
				return err
			}
		}
	}
	return nil
}
