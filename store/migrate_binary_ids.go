package store

import (
	"bytes"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// migrateBinaryIndexIDs is migration 14: the record ID at the end of every
// index key, and in every value of the number directory, is written as 16
// bytes where it is a UUID (index_key.go); the value is sealed anew. An
// entry whose value does not pass its checksum stays as it is: `check`
// names it as before. Every bucket it changes is written anew in key order
// (rewriteBucket): the entries shrink by 19 bytes, and bbolt does not join
// pages that shrink.
//
// The index buckets are those named idx:<kind>:<index>; the search lists
// (idx:search) keep their IDs as 16 bytes already.
func migrateBinaryIndexIDs(btx *bolt.Tx) error {
	var names [][]byte
	err := btx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		if s := string(name); strings.HasPrefix(s, "idx:") && strings.Count(s, ":") == 2 {
			names = append(names, bytes.Clone(name))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := binaryIndexIDs(btx, name); err != nil {
			return err
		}
	}
	return binaryNumberIDs(btx)
}

// binaryNumberIDs writes the values of the number directory as numberValue.
func binaryNumberIDs(btx *bolt.Tx) error {
	b := btx.Bucket(bucketNumbers)
	if b == nil {
		return nil
	}
	var entries []kv
	var buf [36]byte
	changed := false
	err := b.ForEach(func(k, raw []byte) error {
		e := kv{key: bytes.Clone(k), val: bytes.Clone(raw)}
		if v, ok := opened(k, raw); ok {
			if kind, id, ok := splitIndexKey(v, &buf); ok {
				if nv := numberValue(string(kind), string(id)); !bytes.Equal(nv, v) {
					e.val = seal(k, nv)
					changed = true
				}
			}
		}
		entries = append(entries, e)
		return nil
	})
	if err != nil || !changed {
		return err
	}
	return rewriteBucket(btx, bucketNumbers, entries)
}

func binaryIndexIDs(btx *bolt.Tx, name []byte) error {
	var entries []kv
	var buf [36]byte
	changed := false
	err := btx.Bucket(name).ForEach(func(k, raw []byte) error {
		e := kv{key: bytes.Clone(k), val: bytes.Clone(raw)}
		if key, id, ok := splitIndexKey(k, &buf); ok {
			if nk := indexKey(key, string(id)); !bytes.Equal(nk, k) {
				if v, ok := opened(k, raw); ok {
					e = kv{key: nk, val: seal(nk, v)}
					changed = true
				}
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
