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

// rewriteEntries hands each entry of bucket name whose value passes its
// checksum to fn, as key and inner value; fn returns the key and value the
// entry is to have (fresh slices, or the ones it got to keep them). If any
// changed, the bucket is written anew with them, each value sealed under
// its key (rewriteBucket). An entry that does not pass its checksum stays
// as it is: check names it.
func rewriteEntries(btx *bolt.Tx, name []byte, fn func(k, v []byte) (key, val []byte)) error {
	b := btx.Bucket(name)
	if b == nil {
		return nil
	}
	var entries []kv
	changed := false
	err := b.ForEach(func(k, raw []byte) error {
		e := kv{key: bytes.Clone(k), val: bytes.Clone(raw)}
		if v, ok := opened(k, raw); ok {
			if nk, nv := fn(k, v); !bytes.Equal(nk, k) || !bytes.Equal(nv, v) {
				e = kv{key: bytes.Clone(nk), val: seal(nk, nv)}
				changed = true
			}
		}
		entries = append(entries, e)
		return nil
	})
	if err != nil || !changed {
		return err
	}
	return rewriteBucket(btx, name, entries)
}
