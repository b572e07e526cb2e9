package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// sealMigration names the migration that gives every value its checksum
// (seal.go).
const sealMigration = "Prüfsummen"

// sealSchema is the first schema version whose values are sealed: the
// position of sealMigration in migrations, counting from 1.
func sealSchema() uint64 {
	for i, m := range migrations {
		if m.name == sealMigration {
			return uint64(i + 1)
		}
	}
	return ^uint64(0)
}

// sealBatch is how many values sealAll rewrites before it places its
// cursor again (bbolt cursors may skip keys after a write).
const sealBatch = 1000

// sealAll seals every value of every bucket (nested ones too) that is not
// sealed yet: the migrations before it (schema.go) read and write plain
// values, whatever they built (journal diffs, search index, compressed
// records, owner indexes) is sealed here. Values already sealed are left
// alone, so it can meet a half-sealed file.
func sealAll(tx *bolt.Tx) error {
	return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		return sealBucket(b)
	})
}

func sealBucket(b *bolt.Bucket) error {
	var children [][]byte
	var after []byte // last key rewritten; nil: start at the first
	for {
		batch, kids := unsealedBatch(b, after)
		children = append(children, kids...)
		for _, e := range batch {
			if err := b.Put(e.k, e.v); err != nil {
				return err
			}
		}
		if len(batch) < sealBatch {
			break
		}
		after = batch[len(batch)-1].k
	}
	for _, name := range children {
		if err := sealBucket(b.Bucket(name)); err != nil {
			return err
		}
	}
	return nil
}

// sealedKV is a key and its sealed value, to be written back.
type sealedKV struct{ k, v []byte }

// unsealedBatch seals up to sealBatch values of b after the key after (nil:
// from the first) that are not sealed yet, and names the nested buckets
// met on the way. The caller writes them after the walk (sealBatch says
// why).
func unsealedBatch(b *bolt.Bucket, after []byte) (batch []sealedKV, children [][]byte) {
	c := b.Cursor()
	var k, v []byte
	if after == nil {
		k, v = c.First()
	} else if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
		k, v = c.Next()
	}
	for ; k != nil && len(batch) < sealBatch; k, v = c.Next() {
		if v == nil && b.Bucket(k) != nil {
			if after == nil || bytes.Compare(k, after) > 0 {
				children = append(children, bytes.Clone(k))
			}
			continue
		}
		if isSealed(k, v) {
			continue
		}
		batch = append(batch, sealedKV{bytes.Clone(k), seal(k, v)})
	}
	return batch, children
}
