package store

import (
	"bytes"
	"time"

	bolt "go.etcd.io/bbolt"
)

// migrateClaimPersonStatusOnly is migration 10: the person index of the
// claims keeps the claim's status instead of a second copy of its row,
// which the status index holds (ClaimRowsOfPerson). An entry whose
// checksum does not match or whose value is no row stays as it is
// (`check` names it). The bucket is written anew in key order, for full
// pages: the values shrink to a tenth.
func migrateClaimPersonStatusOnly(btx *bolt.Tx) error {
	name := Claims.idxBucket(IdxClaimPerson)
	old := btx.Bucket(name)
	if old == nil {
		return nil
	}
	tx := &Tx{btx: btx, now: time.Now().UTC(), noJournal: true}
	var entries []kv
	err := old.ForEach(func(k, raw []byte) error {
		e := kv{key: bytes.Clone(k), val: bytes.Clone(raw)}
		if v, err := tx.unseal(name, k, raw); err == nil && v != nil {
			if i := bytes.LastIndexByte(k, 0); i >= 0 {
				if r, ok := decodeClaimRow(string(k[i+1:]), v); ok {
					e.val = seal(k, []byte(r.Status))
				}
			}
		}
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return err
	}
	return rewriteBucket(btx, name, entries)
}
