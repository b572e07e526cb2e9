package store

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// textIndexIDs makes every index key and number entry what it was up to
// schema 13: the record's ID as text (the inverse of migration 14), values
// sealed anew.
func textIndexIDs(btx *bolt.Tx) error {
	var buf [36]byte
	for _, name := range indexBucketNames(btx) {
		err := rewriteEntries(btx, name, func(k, v []byte) ([]byte, []byte) {
			if key, id, ok := splitIndexKey(k, &buf); ok {
				return textIndexKey(key, string(id)), v
			}
			return k, v
		})
		if err != nil {
			return err
		}
	}
	return rewriteEntries(btx, bucketNumbers, func(k, v []byte) ([]byte, []byte) {
		if kind, id, ok := splitIndexKey(v, &buf); ok {
			return k, textIndexKey(kind, string(id))
		}
		return k, v
	})
}

// TestIndexKeyForms: a UUID ends the key as 16 bytes and the mark, any
// other ID as text; both read back as the ID, and the entries of one key
// stay in [key 0x00, key 0x01) in either form.
func TestIndexKeyForms(t *testing.T) {
	uuidID := "019a2f3e-1b2c-7d4e-8f90-0123456789ab"
	for _, c := range []struct {
		id   string
		size int
	}{
		{uuidID, 5 + 18},
		{"019A2F3E-1B2C-7D4E-8F90-0123456789AB", 5 + 1 + 36}, // not canonical: stays text
		{"p1", 5 + 1 + 2},
		{"settings:bedienung:anna", 5 + 1 + 23},
		{"x\xff", 0}, // no text: refused by putEntries
	} {
		k := indexKey([]byte("2026-"), c.id)
		var buf [36]byte
		key, id, ok := splitIndexKey(k, &buf)
		if c.size == 0 {
			if validIndexID(c.id) {
				t.Errorf("%q gilt als gültige ID", c.id)
			}
			continue
		}
		if !ok || string(key) != "2026-" || string(id) != c.id || len(k) != c.size {
			t.Errorf("%q: key %q → %q, %q, %v (%d bytes)", c.id, k, key, id, ok, len(k))
		}
		if bytes.Compare(k, []byte("2026-\x00")) < 0 || bytes.Compare(k, []byte("2026-\x01")) >= 0 {
			t.Errorf("%q: %q lies outside the key's range", c.id, k)
		}
	}
	// A key whose own bytes end in 0x00 … 0xFF is still read by its end.
	k := indexKey([]byte{0, 1, 2}, "p1")
	var buf [36]byte
	if key, id, ok := splitIndexKey(k, &buf); !ok || !bytes.Equal(key, []byte{0, 1, 2}) || string(id) != "p1" {
		t.Errorf("%q read as %q, %q", k, key, id)
	}
}

// TestMigrationShortensIndexIDs: a file of schema 13 (every index key
// ends with the ID as text) is brought to schema 14 when it is opened: the
// keys end with 16 bytes, check finds nothing, the lists, an owner's
// Einsätze, a search by date and the report read what they read before, and
// the file's index pages are fewer.
func TestMigrationShortensIndexIDs(t *testing.T) {
	st := demoStore(t)
	path := st.Path()
	type view struct {
		rows    []EinsatzRow
		owner   []EinsatzRow
		facts   []model.EinsatzFact
		numbers []string // kind and ID each row's number finds
		pages   int      // of the index buckets
	}
	look := func(s *Store) view {
		var v view
		err := s.View(func(tx *Tx) (err error) {
			if v.rows, err = LoadEinsatzRows(tx); err != nil {
				return err
			}
			if v.owner, err = EinsaetzeOfOrganisation(tx, v.rows[len(v.rows)/2].OrganisationID, time.Time{}, time.Time{}); err != nil {
				return err
			}
			if v.facts, err = LoadEinsatzFacts(tx, model.YearPeriod(2026)); err != nil {
				return err
			}
			for _, r := range v.rows {
				kind, id := LookupNumber(tx, r.Number)
				v.numbers = append(v.numbers, kind+" "+id)
			}
			return tx.btx.ForEach(func(name []byte, b *bolt.Bucket) error {
				if strings.Count(string(name), ":") == 2 {
					st := b.Stats()
					v.pages += st.LeafPageN + st.BranchPageN
				}
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := look(st)
	if len(before.rows) < 100 || len(before.owner) < 2 || len(before.facts) < 50 {
		t.Fatalf("zu wenig Daten: %d Zeilen, %d der Einrichtung, %d Fakten", len(before.rows), len(before.owner), len(before.facts))
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	asOlderSchema(t, path, "Verzeichnisse mit kurzen IDs", func(btx *bolt.Tx) error {
		if err := textIndexIDs(btx); err != nil {
			return err
		}
		// Keys of text are read as well (IDs that are no UUIDs keep them).
		rows, err := LoadEinsatzRows(&Tx{btx: btx})
		if err != nil || !slices.Equal(rows, before.rows) {
			t.Errorf("die Zeilen unter Schlüsseln mit IDs als Text sind andere (%v)", err)
		}
		return nil
	})
	textPages := indexPages(t, path)
	s, err := Open(path, Options{Now: func() time.Time { return reportNowInternal }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !slices.Equal(s.Migrated, []string{"Verzeichnisse mit kurzen IDs", "Wörterbücher ohne Tagesbezug"}) {
		t.Errorf("Umstellungen %q", s.Migrated)
	}
	if rep := s.Check(); !rep.OK() {
		t.Fatalf("check nach der Umstellung: %q", rep.Problems)
	}
	after := look(s)
	if !slices.Equal(after.rows, before.rows) || !slices.Equal(after.owner, before.owner) || !slices.Equal(after.facts, before.facts) {
		t.Error("Zeilen, Einsätze der Einrichtung oder Berichtszahlen sind nach der Umstellung andere")
	}
	if !slices.Equal(after.numbers, before.numbers) || after.numbers[0] != KindEinsatz+" "+before.rows[0].ID {
		t.Errorf("die Nummern finden nach der Umstellung anderes: %q", after.numbers[:3])
	}
	if after.pages >= textPages {
		t.Errorf("Seiten der Verzeichnisse: %d mit IDs als Text, %d nachher", textPages, after.pages)
	}
	_ = s.View(func(tx *Tx) error {
		var buf [36]byte
		return tx.btx.Bucket(Einsaetze.idxBucket(IdxEinsatzStart)).ForEach(func(k, _ []byte) error {
			if _, id, ok := splitIndexKey(k, &buf); !ok || len(k) != len(startKey(time.Time{}))+idBinaryLen || len(id) != 36 {
				t.Errorf("Schlüssel %q nach der Umstellung", k)
			}
			return nil
		})
	})
}

// indexPages counts the pages of the index buckets (idx:<kind>:<index>)
// of the file at path.
func indexPages(t *testing.T, path string) int {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := 0
	_ = db.View(func(btx *bolt.Tx) error {
		return btx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if strings.Count(string(name), ":") == 2 {
				st := b.Stats()
				n += st.LeafPageN + st.BranchPageN
			}
			return nil
		})
	})
	return n
}
