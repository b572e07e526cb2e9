package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// The layers of a stored value (seal.go, codec.go): JSON, compressed where
// the kind has a dictionary, sealed around that. These tests flip bits in
// the values the search index and the compression brought and look at what
// a user would see.

// TestFlippedBitInCompressedRecordAndPostingIsNamed: a flipped bit inside
// a compressed Einsatz is reported by check with the Einsatz's number and
// refused on every read; one inside a chunk of the search index is
// reported with the index and its word, ends a search with that sentence
// instead of a shorter result, and is never sealed anew by a write that
// touches the same list.
func TestFlippedBitInCompressedRecordAndPostingIsNamed(t *testing.T) {
	f := smOpen(t)
	newEinsatz := func(lang string) *model.Einsatz {
		e := &model.Einsatz{OrganisationID: f.org.ID, Language: lang, Setting: model.SettingOnSite, Place: "Gifhorn",
			Start: smAt(2026, 3, 2, 8, 0), Duration: time.Hour, Status: model.StatusSuche,
			Notes: "Termin beim Jobcenter, bitte zehn Minuten vorher da sein."}
		if err := f.s.Update("anna", func(tx *Tx) error { return Einsaetze.Put(tx, e) }); err != nil {
			t.Fatal(err)
		}
		return e
	}
	e := newEinsatz("Tigrinya")

	// The stored value is sealed around the compressed record.
	f.s.db.View(func(btx *bolt.Tx) error {
		raw := btx.Bucket(Einsaetze.recBucket()).Get([]byte(e.ID))
		v, ok := opened([]byte(e.ID), raw)
		if !ok || len(v) == 0 || v[0] != codecZstd {
			t.Fatalf("stored as %x…, want 0xFF then a compressed block", raw[:min(len(raw), 4)])
		}
		return nil
	})
	flipInValue(t, f.s, Einsaetze.recBucket(), []byte(e.ID))
	rep := f.s.Check()
	if !strings.Contains(strings.Join(rep.Problems, "\n"), "Einsatz "+e.Number+" ist beschädigt") || rep.Corrupt != 1 || !rep.Damaged {
		t.Errorf("check of a flipped compressed record: %+v", rep)
	}
	var corrupt *ErrCorrupt
	f.s.View(func(tx *Tx) error {
		if _, err := Einsaetze.Get(tx, e.ID); !errors.As(err, &corrupt) || !strings.Contains(err.Error(), e.Number) {
			t.Errorf("Get: %v", err)
		}
		if _, err := Search(tx, "tigrinya", 10); !errors.As(err, &corrupt) || !strings.Contains(err.Error(), e.Number) {
			t.Errorf("search finding the damaged record: %v", err)
		}
		return nil
	})

	// A chunk of the search index: the list of the word "dari".
	f = smOpen(t)
	newEinsatz("Dari")
	newEinsatz("Tigrinya")
	prefix := tokenPrefix(KindEinsatz, "dari")
	var key []byte
	f.s.db.View(func(btx *bolt.Tx) error {
		k, _ := btx.Bucket(bucketSearch).Cursor().Seek(prefix)
		if k == nil || !bytes.HasPrefix(k, prefix) {
			t.Fatal("no list for „dari“")
		}
		key = bytes.Clone(k)
		return nil
	})
	flipInValue(t, f.s, bucketSearch, key)
	before := fileBytes(t, f.s)
	rep = f.s.Check()
	all := strings.Join(rep.Problems, "\n")
	if !strings.Contains(all, "Suchverzeichnis (Einsatz, Wort „dari“) ist beschädigt") || rep.Corrupt != 1 {
		t.Errorf("check of a flipped posting: %q", rep.Problems)
	}
	f.s.View(func(tx *Tx) error {
		if hits, err := Search(tx, "dari", 10); !errors.As(err, &corrupt) || !strings.Contains(err.Error(), "Suchverzeichnis") {
			t.Errorf("search through the damaged list: %v hits, %v", len(hits), err)
		}
		hits, err := Search(tx, "tigrinya", 10)
		einsaetze := 0
		for _, h := range hits {
			if h.Kind == KindEinsatz {
				einsaetze++
			}
		}
		if err != nil || einsaetze != 1 {
			t.Errorf("search through a sound list: %d Einsätze, %v", einsaetze, err)
		}
		return nil
	})
	// A write that would rewrite the damaged chunk fails as a whole.
	err := f.s.Update("anna", func(tx *Tx) error {
		return Einsaetze.Put(tx, &model.Einsatz{OrganisationID: f.org.ID, Language: "Dari", Setting: model.SettingOnSite,
			Place: "Meine", Start: smAt(2026, 3, 3, 8, 0), Duration: time.Hour, Status: model.StatusSuche})
	})
	if !errors.As(err, &corrupt) {
		t.Errorf("a write onto the damaged list: %v", err)
	}
	if after := fileBytes(t, f.s); !bytes.Equal(before, after) {
		t.Error("the refused write changed the file")
	}
	if rep := f.s.Check(); rep.Corrupt != 1 {
		t.Errorf("after the refused write: %q", rep.Problems)
	}
}

// fileBytes is what the store's file holds now.
func fileBytes(t *testing.T, s *Store) []byte {
	t.Helper()
	raw, err := os.ReadFile(s.path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestEveryValueSealedAfterMigrationImportAndUndo: files of the first
// schema run migrations 2–6 in one go; afterwards, and after an import that
// was cut off and taken back at the next start, and after an undo, check
// finds every value of every bucket sealed and the file in order.
func TestEveryValueSealedAfterMigrationImportAndUndo(t *testing.T) {
	for _, fixture := range []string{"testdata/wave1.db", schema1Fixture} {
		t.Run(filepath.Base(fixture), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.db")
			copyFixture(t, fixture, path)
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			clean := func(when string) {
				t.Helper()
				rep := s.Check()
				if !rep.OK() || rep.Corrupt != 0 || rep.Schema != SchemaVersion() {
					t.Fatalf("%s: schema %d, %d unsealed, %q", when, rep.Schema, rep.Corrupt, rep.Problems)
				}
			}
			clean("after the migration")
			// Every migration ran, the checksums among them (later ones
			// write sealed values themselves).
			if len(s.Migrated) != int(SchemaVersion())-1 || s.Migrated[sealSchema()-2] != sealMigration {
				t.Errorf("migrations run: %q", s.Migrated)
			}
			run, err := s.BeginImport("anna", "Engagierte aus liste.csv")
			if err != nil {
				t.Fatal(err)
			}
			if err := run.Batch(func(tx *Tx) error {
				for _, n := range []string{"Neu Eins", "Neu Zwei"} {
					if err := People.Put(tx, &model.Person{Name: n, City: "Gifhorn"}); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			clean("during an import")
			s.Close() // cut off before Finish
			if s, err = Open(path, Options{}); err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if len(s.Recovered) != 1 {
				t.Errorf("recovered: %q", s.Recovered)
			}
			clean("after the take-back")
			var id string
			if err := s.Update("anna", func(tx *Tx) error {
				p := &model.Person{Name: "Zum Rückgängigmachen", City: "Meine"}
				err := People.Put(tx, p)
				id = p.ID
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if err := s.Update("anna", func(tx *Tx) error {
				p, err := People.Get(tx, id)
				if err != nil {
					return err
				}
				p.City = "Wittingen"
				return People.Put(tx, p)
			}); err != nil {
				t.Fatal(err)
			}
			if err := s.Update("anna", func(tx *Tx) error { _, err := UndoLast(tx, "anna"); return err }); err != nil {
				t.Fatal(err)
			}
			clean("after an undo")
		})
	}
}

// TestInterruptedImportOnDamagedFileIsLeftAlone: the take-back of an
// interrupted import writes, so it never runs on a damaged file: Open
// refuses with a German sentence and the file keeps every byte.
func TestInterruptedImportOnDamagedFileIsLeftAlone(t *testing.T) {
	s, path := openTemp(t)
	keep := &model.Person{Name: "Vorher Da", City: "Gifhorn"}
	if err := s.Update("anna", func(tx *Tx) error { return People.Put(tx, keep) }); err != nil {
		t.Fatal(err)
	}
	run, err := s.BeginImport("anna", "Engagierte aus lotsen.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Batch(func(tx *Tx) error { return People.Put(tx, &model.Person{Name: "Neu Eins"}) }); err != nil {
		t.Fatal(err)
	}
	flipInValue(t, s, People.recBucket(), []byte(keep.ID))
	s.Close()
	before, _ := os.ReadFile(path)
	s2, err := Open(path, Options{})
	if err == nil {
		s2.Close()
		t.Fatal("opened a damaged file with an import to take back")
	}
	var dmg *ErrDamaged
	if !errors.As(err, &dmg) || !strings.Contains(err.Error(), "nicht zurückgenommen") {
		t.Errorf("open: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the file changed")
	}
}
