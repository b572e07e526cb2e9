package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// IsEmpty reports whether no record of any kind is stored yet.
func IsEmpty(tx *Tx) bool {
	empty := true
	_ = tx.btx.ForEach(func(name []byte, b *bolt.Bucket) error {
		if bytes.HasPrefix(name, []byte("rec:")) {
			if k, _ := b.Cursor().First(); k != nil {
				empty = false
			}
		}
		return nil
	})
	return empty
}

// Counts returns the number of records per kind, for the welcome screen,
// `check` and the status line.
func Counts(tx *Tx) map[string]int {
	out := map[string]int{}
	_ = tx.btx.ForEach(func(name []byte, b *bolt.Bucket) error {
		if bytes.HasPrefix(name, []byte("rec:")) {
			out[string(name[4:])] = b.Stats().KeyN
		}
		return nil
	})
	return out
}
