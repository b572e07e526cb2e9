package store_test

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"stabsstelle/demo"
	"stabsstelle/model"
	"stabsstelle/store"
)

// wave1Fixture is a database file written by the program of the first wave
// (schema 1, journal with full before/after copies, no checksums): the small
// demo plus journaled edits of every kind of record. It stands for the files
// out in the field and must never be regenerated; every later migration must
// keep opening it (made with STABSSTELLE_WRITE_FIXTURE=1 go test -run
// TestWriteWave1Fixture ./store/ at commit 5a0c952).
const wave1Fixture = "testdata/wave1.db"

func TestWriteWave1Fixture(t *testing.T) {
	if os.Getenv("STABSSTELLE_WRITE_FIXTURE") == "" {
		t.Skip("nur zum Erzeugen der Vorlage")
	}
	if store.SchemaVersion() != 1 {
		t.Fatal("die Vorlage der ersten Welle darf nur mit Schema 1 erzeugt werden")
	}
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	path := filepath.Join(t.TempDir(), "wave1.db")
	s, err := store.Open(path, store.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Run(s, demo.Options{Seed: 1, Now: now, Who: "vorlage"}); err != nil {
		t.Fatal(err)
	}
	// Journaled edits: an update, a create and a delete of each kind the
	// journal must carry through a migration.
	err = s.Update("vorlage", func(tx *store.Tx) error {
		people, err := store.People.All(tx)
		if err != nil {
			return err
		}
		people[0].Phone = "05371 98765"
		if err := store.People.Put(tx, people[0]); err != nil {
			return err
		}
		gone := &model.Person{Name: "Gelöschte Vorlageperson", City: "Gifhorn"}
		if err := store.People.Put(tx, gone); err != nil {
			return err
		}
		if err := store.People.Delete(tx, gone.ID); err != nil {
			return err
		}
		es, err := store.Einsaetze.All(tx)
		if err != nil {
			return err
		}
		es[len(es)-1].Notes = "Notiz aus der Vorlage"
		if err := store.Einsaetze.Put(tx, es[len(es)-1]); err != nil {
			return err
		}
		cs, err := store.Claims.All(tx)
		if err != nil {
			return err
		}
		cs[0].Purpose = "Zweck aus der Vorlage"
		if err := store.Claims.Put(tx, cs[0]); err != nil {
			return err
		}
		tasks, err := store.Tasks.All(tx)
		if err != nil {
			return err
		}
		return store.Tasks.Delete(tx, tasks[0].ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep := s.Check(); !rep.OK() {
		t.Fatalf("check: %v", rep.Problems)
	}
	s.Close()
	if _, _, err := store.Compact(path); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(wave1Fixture, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestWave1FixtureOpens: the saved file of the first wave opens, passes the
// full check and still holds its records and their history.
func TestWave1FixtureOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stabsstelle.db")
	raw, err := os.ReadFile(wave1Fixture)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if rep := s.Check(); !rep.OK() {
		t.Fatalf("check: %v", rep.Problems)
	}
	s.View(func(tx *store.Tx) error {
		people, err := store.People.All(tx)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range people {
			if p.Phone == "05371 98765" {
				found = true
			}
			if p.Name == "Gelöschte Vorlageperson" {
				t.Error("deleted person is back")
			}
		}
		if !found {
			t.Error("the journaled phone change is lost")
		}
		if n := store.Einsaetze.Count(tx); n < 100 {
			t.Errorf("%d Einsätze, want the demo's", n)
		}
		return nil
	})
}
