package store

import (
	"bytes"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// kv is one entry of a bucket that a migration writes anew.
type kv struct{ key, val []byte }

// rewriteBucket replaces the bucket name by one holding exactly entries
// (their keys may have changed, so they are sorted first): written in key
// order into full pages, as the bulk writes pack them (Tx.fillPercent).
// It runs inside the migration's one transaction, so a failure leaves the
// old bucket.
func rewriteBucket(btx *bolt.Tx, name []byte, entries []kv) error {
	if err := btx.DeleteBucket(name); err != nil {
		return err
	}
	b, err := btx.CreateBucket(name)
	if err != nil {
		return err
	}
	b.FillPercent = 1.0
	slices.SortFunc(entries, func(a, b kv) int { return bytes.Compare(a.key, b.key) })
	for _, en := range entries {
		if err := b.Put(en.key, en.val); err != nil {
			return err
		}
	}
	return nil
}
