package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// migrateSearchIndex is migration 3: it builds the search index
// (searchindex.go) for the records already in the file, kind by kind. It
// runs before the checksums (migration 6): its Tx reads and writes plain
// values.
func migrateSearchIndex(btx *bolt.Tx) error {
	if err := btx.DeleteBucket(bucketSearch); err != nil && btx.Bucket(bucketSearch) != nil {
		return err
	}
	tx := &Tx{btx: btx, now: time.Now().UTC(), noJournal: true, plain: true}
	searchMu.Lock()
	ss := append([]searchable(nil), searchables...)
	searchMu.Unlock()
	for _, s := range ss {
		if r, ok := s.(interface{ rebuildSearch(*Tx) error }); ok {
			if err := r.rebuildSearch(tx); err != nil {
				return err
			}
		}
	}
	return nil
}
