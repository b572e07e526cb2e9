package store

import (
	"fmt"
	"strings"
	"testing"

	"stabsstelle/model"
)

// TestInterruptedImportIsTakenBackAtOpen: a run whose program died after
// some batches (no Finish) is taken back completely when the file is opened
// next; records changed by the run get their old state back, and the
// take-back is in the journal under its own name.
func TestInterruptedImportIsTakenBackAtOpen(t *testing.T) {
	s, path := openTemp(t)
	old := &model.Person{Name: "Vorher Da", City: "Gifhorn"}
	if err := s.Update("anna", func(tx *Tx) error { return People.Put(tx, old) }); err != nil {
		t.Fatal(err)
	}
	run, err := s.BeginImport("anna", "Engagierte aus lotsen.csv")
	if err != nil {
		t.Fatal(err)
	}
	for b := 0; b < 3; b++ {
		if err := run.Batch(func(tx *Tx) error {
			for i := 0; i < 50; i++ {
				if err := People.Put(tx, &model.Person{Name: fmt.Sprintf("Neu %d-%d", b, i)}); err != nil {
					return err
				}
			}
			if b == 1 {
				p, _ := People.Get(tx, old.ID)
				p.City = "Wolfsburg"
				return People.Put(tx, p)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close() // killed before Finish

	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if len(s2.Recovered) != 1 || !strings.Contains(s2.Recovered[0], "lotsen.csv") {
		t.Errorf("recovered: %q", s2.Recovered)
	}
	s2.View(func(tx *Tx) error {
		ps, _ := People.All(tx)
		if len(ps) != 1 || ps[0].City != "Gifhorn" {
			t.Errorf("after take-back: %d people %+v", len(ps), ps)
		}
		if hits, _ := Search(tx, "neu", 10); len(hits) != 0 {
			t.Errorf("search still finds %d", len(hits))
		}
		return nil
	})
	mustCheckClean(t, s2)
	// Opened again: nothing more to do.
	s2.Close()
	s3, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	if len(s3.Recovered) != 0 {
		t.Errorf("taken back twice: %q", s3.Recovered)
	}
}
