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
	for _, name := range indexBucketNames(btx) {
		if err := binaryIndexIDs(btx, name); err != nil {
			return err
		}
	}
	return binaryNumberIDs(btx)
}

// indexBucketNames lists the buckets idx:<kind>:<index> of the file.
func indexBucketNames(btx *bolt.Tx) [][]byte {
	var names [][]byte
	_ = btx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		if s := string(name); strings.HasPrefix(s, "idx:") && strings.Count(s, ":") == 2 {
			names = append(names, bytes.Clone(name))
		}
		return nil
	})
	return names
}

// binaryNumberIDs writes the values of the number directory as numberValue.
func binaryNumberIDs(btx *bolt.Tx) error {
	var buf [36]byte
	return rewriteEntries(btx, bucketNumbers, func(k, v []byte) ([]byte, []byte) {
		if kind, id, ok := splitIndexKey(v, &buf); ok {
			return k, numberValue(string(kind), string(id))
		}
		return k, v
	})
}

func binaryIndexIDs(btx *bolt.Tx, name []byte) error {
	var buf [36]byte
	return rewriteEntries(btx, name, func(k, v []byte) ([]byte, []byte) {
		if key, id, ok := splitIndexKey(k, &buf); ok {
			return indexKey(key, string(id)), v
		}
		return k, v
	})
}
