package store

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// wave1Entry is a journal entry as the first wave wrote it: whole copies.
type wave1Entry struct {
	Seq    uint64          `json:"seq"`
	Kind   string          `json:"kind"`
	ID     string          `json:"id"`
	Op     Op              `json:"op"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
	Note   string          `json:"note"`
	Who    string          `json:"who"`
	TxSeq  uint64          `json:"tx"`
}

// readWave1Journal reads the journal of the saved wave-1 file directly,
// before any migration touched it.
func readWave1Journal(t *testing.T, path string) []wave1Entry {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []wave1Entry
	db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketJournal).ForEach(func(_, v []byte) error {
			var e wave1Entry
			if err := json.Unmarshal(v, &e); err != nil {
				t.Fatal(err)
			}
			out = append(out, e)
			return nil
		})
	})
	return out
}

func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	if len(bytes.TrimSpace(a)) == 0 || len(bytes.TrimSpace(b)) == 0 {
		return len(bytes.TrimSpace(a)) == len(bytes.TrimSpace(b))
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// TestWave1JournalMigratesToFieldDiffs: the saved file of the first wave
// (full before/after copies) is migrated with a backup first; afterwards
// every journal entry is still there, updates store only field diffs, and
// the history of every record rebuilds exactly the states the wave-1 file
// kept – so Verlauf shows the same changes. Undo still takes back the last
// transaction of the file.
func TestWave1JournalMigratesToFieldDiffs(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "stabsstelle.db")
	raw, err := os.ReadFile("testdata/wave1.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	old := readWave1Journal(t, path)
	updates := 0
	for _, e := range old {
		if e.Before != nil && e.After != nil {
			updates++
		}
	}
	if updates == 0 {
		t.Fatal("the fixture has no journaled update")
	}

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(s.Migrated) == 0 {
		t.Fatal("no migration ran")
	}
	if list, _ := ListBackups(BackupDir(path)); len(list) == 0 {
		t.Error("no backup before the migration")
	}
	if rep := s.Check(); !rep.OK() {
		t.Fatalf("check: %v", rep.Problems)
	}

	// Every entry is still there; updates keep only their changed fields.
	var stored []JournalEntry
	s.View(func(tx *Tx) error {
		return tx.Journal(func(e JournalEntry) bool { stored = append([]JournalEntry{e}, stored...); return true })
	})
	if len(stored) != len(old) {
		t.Fatalf("%d journal entries after migration, %d before", len(stored), len(old))
	}
	for i, e := range stored {
		o := old[i]
		if e.Seq != o.Seq || e.ID != o.ID || e.Op != o.Op || e.Note != o.Note {
			t.Fatalf("entry %d changed: %+v, was %+v", i, e, o)
		}
		if o.Before != nil && o.After != nil {
			if e.Before != nil || e.After != nil || len(e.Changes) == 0 {
				t.Errorf("update %d still stores whole copies or no changes", e.Seq)
			}
		}
	}

	// The history of every record rebuilds the wave-1 states exactly.
	byID := map[string][]wave1Entry{}
	for _, e := range old {
		if e.ID != "" {
			byID[e.ID] = append(byID[e.ID], e)
		}
	}
	s.View(func(tx *Tx) error {
		for id, want := range byID {
			got, err := tx.History(id)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%s: %d history entries, want %d", id, len(got), len(want))
			}
			for i := range want {
				if !sameJSON(t, got[i].Before, want[i].Before) || !sameJSON(t, got[i].After, want[i].After) {
					t.Errorf("%s entry %d: rebuilt\n%s\n%s\nwant\n%s\n%s", id, want[i].Seq, got[i].Before, got[i].After, want[i].Before, want[i].After)
				}
				if !reflect.DeepEqual(Diff(got[i].Before, got[i].After), Diff(want[i].Before, want[i].After)) {
					t.Errorf("%s entry %d: Verlauf shows other changes", id, want[i].Seq)
				}
			}
		}
		return nil
	})

	// Undo works on migrated entries where it did before: the fixture's
	// last transaction ("vorlage") changed an approved claim, so it is
	// refused, as in the first wave; the last transaction of "mueller" (a
	// claim made from Einsätze, which were updated) is taken back, and every
	// record is at its wave-1 "before" state again.
	if err := s.Update("vorlage", func(tx *Tx) error { _, err := UndoLast(tx, "vorlage"); return err }); err == nil ||
		!strings.Contains(err.Error(), "angeordnet") {
		t.Errorf("undo of the approved claim: %v", err)
	}
	var lastTx uint64
	for _, e := range old {
		if e.Who == "mueller" && e.ID != "" {
			lastTx = e.TxSeq
		}
	}
	var group []wave1Entry
	for _, e := range old {
		if e.Who == "mueller" && e.TxSeq == lastTx && e.ID != "" {
			group = append(group, e)
		}
	}
	if len(group) < 2 {
		t.Fatalf("mueller's last transaction has %d entries", len(group))
	}
	if err := s.Update("mueller", func(tx *Tx) error { _, err := UndoLast(tx, "mueller"); return err }); err != nil {
		t.Fatalf("undo after migration: %v", err)
	}
	s.View(func(tx *Tx) error {
		for _, e := range group {
			k, _ := KindOf(e.Kind)
			cur, err := currentRaw(tx, k, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if e.Before == nil {
				if cur != nil {
					t.Errorf("%s %s: still there after undo", e.Kind, e.ID)
				}
				continue
			}
			if !sameState(cur, e.Before) {
				t.Errorf("%s %s after undo:\n%s\nwant\n%s", e.Kind, e.ID, cur, e.Before)
			}
		}
		return nil
	})
	if rep := s.Check(); !rep.OK() {
		t.Fatalf("check after undo: %v", rep.Problems)
	}
}

// sameState compares two states of a record without the stamps undo sets.
func sameState(a, b []byte) bool {
	var x, y map[string]any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	for _, m := range []map[string]any{x, y} {
		delete(m, "version")
		delete(m, "updated")
		delete(m, "updatedBy")
	}
	return reflect.DeepEqual(x, y)
}

// TestWave1FileChecksCleanBeforeMigration: a backup of the first wave (as
// `restore` checks it before bringing it back) passes the check of this
// program without being migrated: its indexes are those of its time.
func TestWave1FileChecksCleanBeforeMigration(t *testing.T) {
	for _, f := range []string{"testdata/wave1.db", schema1Fixture} {
		if err := VerifyFile(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
