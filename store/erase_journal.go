package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Erasure reaches the journal too: it is the audit trail and the source of
// undo, and it keeps every state a record ever had. So when data is erased
// (erase.go), every journal entry of the record is rewritten in place:
//
//   - a record erased whole loses its snapshots (After of the create,
//     Before of the delete) and the old and new values of every update;
//   - a record that loses some fields (a registration its person, an
//     Einsatz the client's initials) loses those fields in its snapshots
//     and the changes of those fields in its updates;
//
// and the entry is marked Erased. Who, when, which record (kind, ID,
// number) and what kind of change stay: the trail still shows that
// something happened, not what the data was. A marked entry cannot be
// undone (undo.go refuses), so erased data never comes back by ctrl+z.
//
// The entry is rewritten under its own key and sealed again (tx.put): the
// old value's page is freed by bbolt; compacting the file (compact.go)
// leaves it behind.

// ErasedNote is the mark an entry gets when personal data was taken out
// of it.
const ErasedNote = "Kontaktdaten gelöscht (Art. 17)"

// redactJournal rewrites the journal entries of record id: whole takes out
// every value, else only the fields at paths. It returns how many entries
// changed.
func (tx *Tx) redactJournal(id string, whole bool, paths [][]string) (int, error) {
	h, j := tx.btx.Bucket(bucketHistory), tx.btx.Bucket(bucketJournal)
	if h == nil || j == nil {
		return 0, nil
	}
	keys := historyKeys(h, id)
	n := 0
	for _, key := range keys {
		raw, err := tx.get(j, bucketJournal, key)
		if err != nil {
			return n, err
		}
		if raw == nil {
			continue
		}
		var e JournalEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return n, fmt.Errorf("Der Journaleintrag Nr. %d ist nicht lesbar (%w); die Löschung wurde nicht ausgeführt. Bitte „stabsstelle check“ ausführen.", decodeUint(key), err)
		}
		if e.ID != id {
			continue
		}
		if !redactedEntry(&e, whole, paths) {
			continue
		}
		out, err := json.Marshal(e)
		if err != nil {
			return n, err
		}
		if err := tx.put(j, key, out); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// historyKeys are the journal keys of record id, from the history index.
func historyKeys(h *bolt.Bucket, id string) [][]byte {
	prefix := []byte(id + "\x00")
	var keys [][]byte
	c := h.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k[len(prefix):]))
	}
	return keys
}

// redactedEntry takes the erased data out of e (whole: every value, else
// the fields at paths) and marks it; it reports whether e must be
// rewritten. An entry erased whole is marked even if it held no value; one
// that held none of the fields is left as it is.
func redactedEntry(e *JournalEntry, whole bool, paths [][]string) bool {
	changed := false
	if whole {
		changed = e.Before != nil || e.After != nil || len(e.Changes) > 0
		e.Before, e.After, e.Changes = nil, nil, nil
	} else {
		changed = redactEntry(e, paths)
	}
	if !changed && e.Erased != "" {
		return false
	}
	if !changed && !whole {
		return false
	}
	e.Erased = ErasedNote
	return true
}

// redactEntry takes the fields at paths out of one entry's snapshots and
// changes; it reports whether anything was there.
func redactEntry(e *JournalEntry, paths [][]string) bool {
	changed := false
	for _, p := range paths {
		for _, state := range []*json.RawMessage{&e.Before, &e.After} {
			if *state == nil || valueAt(*state, p) == nil {
				continue
			}
			if next, err := setPath(*state, p, nil); err == nil {
				*state, changed = next, true
			}
		}
		kept := e.Changes[:0]
		for _, d := range e.Changes {
			switch {
			case hasPrefix(d.Path, p):
				// The change is of the erased field itself (or inside it).
				changed = true
				continue
			case hasPrefix(p, d.Path):
				// The change holds the erased field inside its values.
				sub := p[len(d.Path):]
				for _, v := range []*json.RawMessage{&d.Old, &d.New} {
					if *v == nil || valueAt(*v, sub) == nil {
						continue
					}
					if next, err := setPath(*v, sub, nil); err == nil {
						*v, changed = next, true
					}
				}
				if bytes.Equal(d.Old, d.New) {
					continue
				}
			}
			kept = append(kept, d)
		}
		e.Changes = kept
	}
	if len(e.Changes) == 0 {
		e.Changes = nil
	}
	return changed
}

// hasPrefix reports whether path starts with prefix.
func hasPrefix(path, prefix []string) bool {
	return len(path) >= len(prefix) && slices.Equal(path[:len(prefix)], prefix)
}
