package store

import (
	"bytes"
	"time"

	bolt "go.etcd.io/bbolt"
)

// migrateOwnerKeysBinary is migration 9: the keys of the interpreter and
// institution indexes of the Einsätze begin with the owner's ID as 16
// bytes and the start as 8 where the owner's ID is a UUID
// (einsatz_owner_key.go). The checksum covers the key, so each value is
// sealed anew; an entry whose checksum does not match, or whose key is
// not one this program wrote, stays as it is (`check` names it). Each
// bucket is written anew in key order, for full pages.
func migrateOwnerKeysBinary(btx *bolt.Tx) error {
	for _, index := range []string{IdxEinsatzInterpreter, IdxEinsatzOrg} {
		if err := rewriteOwnerKeys(btx, Einsaetze.idxBucket(index)); err != nil {
			return err
		}
	}
	return nil
}

func rewriteOwnerKeys(btx *bolt.Tx, name []byte) error {
	old := btx.Bucket(name)
	if old == nil {
		return nil
	}
	tx := &Tx{btx: btx, now: time.Now().UTC(), noJournal: true}
	var entries []kv
	err := old.ForEach(func(k, raw []byte) error {
		e := kv{key: bytes.Clone(k), val: bytes.Clone(raw)}
		if v, err := tx.unseal(name, k, raw); err == nil && len(v) == 0 {
			if nk, ok := binaryFromTextOwnerKey(k); ok {
				// the Einsatz's ID follows as before
				e = kv{key: nk, val: seal(nk, nil)}
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

// binaryFromTextOwnerKey turns owner "|" start "\x00" ID into the binary
// key ownerIndex writes for it, when it has one: the start must read back
// to the same text, so the two keys name the same row.
func binaryFromTextOwnerKey(k []byte) ([]byte, bool) {
	nul := bytes.LastIndexByte(k, 0)
	if nul < 0 {
		return nil, false
	}
	bar := bytes.LastIndexByte(k[:nul], '|')
	if bar < 0 {
		return nil, false
	}
	sk := string(k[bar+1 : nul])
	start, err := time.Parse(time.RFC3339, sk)
	if err != nil || startKey(start) != sk {
		return nil, false
	}
	part, ok := binaryOwnerKey(string(k[:bar]), start)
	if !ok {
		return nil, false
	}
	return append(part, k[nul:]...), true
}
