package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// laterWrites is what both stores of TestSearchIndexLaterWritesWhatEachWriteWould
// go through, with the same IDs: people created in two transactions, one
// renamed (its tokens move), one deleted, one created and renamed in the
// same transaction, and a transaction that fails after creating a person.
func laterWrites(s *Store) error {
	id := func(i int) string { return fmt.Sprintf("01a25300-0000-7000-8000-%012d", i) }
	for batch := 0; batch < 2; batch++ {
		if err := s.Bulk("demo", func(tx *Tx) error {
			for i := batch * 40; i < batch*40+40; i++ {
				if err := People.Put(tx, &model.Person{Meta: model.Meta{ID: id(i)}, Name: fmt.Sprintf("Amal Haddad %d", i)}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	if err := s.Update("demo", func(tx *Tx) error {
		p, err := People.Get(tx, id(3))
		if err != nil {
			return err
		}
		p.Name = "Yonas Tesfaye"
		if err := People.Put(tx, p); err != nil {
			return err
		}
		if err := People.Delete(tx, id(7)); err != nil {
			return err
		}
		q := &model.Person{Meta: model.Meta{ID: id(90)}, Name: "Ruth Berhane"}
		if err := People.Put(tx, q); err != nil {
			return err
		}
		q.Name = "Ruth Kidane"
		return People.Put(tx, q)
	}); err != nil {
		return err
	}
	failed := errors.New("abgebrochen")
	if err := s.Update("demo", func(tx *Tx) error {
		if err := People.Put(tx, &model.Person{Meta: model.Meta{ID: id(95)}, Name: "Nie Gespeichert"}); err != nil {
			return err
		}
		return failed
	}); !errors.Is(err, failed) {
		return fmt.Errorf("the failing transaction: %v", err)
	}
	return nil
}

// searchLists are the posting lists of the file at path: each list's
// chunks (inside their seals) one after the other, in key order. How a
// list is cut into chunks depends on how it grew, so that is not compared.
func searchLists(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]string{}
	_ = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSearch)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			inner, ok := opened(k, v)
			if !ok {
				t.Errorf("chunk %q not sealed", k)
			}
			prefix := string(k[:bytes.IndexByte(k, 0)+1])
			out[prefix] += string(inner)
			return nil
		})
	})
	return out
}

// TestSearchIndexLaterWritesWhatEachWriteWould: the demo's search index,
// written once at the end, is the index the transactions would have
// written one by one – the renamed person under the new name only, the
// deleted one nowhere, the rolled-back one nowhere – and searches find them
// once it is written.
func TestSearchIndexLaterWritesWhatEachWriteWould(t *testing.T) {
	dir := t.TempDir()
	run := func(name string, later bool) (string, *Store) {
		path := filepath.Join(dir, name)
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if later {
			err = s.BuildSearchIndexLater("demo", func() error {
				if err := laterWrites(s); err != nil {
					return err
				}
				// Not yet written: nothing is found while the generator runs.
				return s.View(func(tx *Tx) error {
					if hits, _ := Search(tx, "Haddad", 10); len(hits) != 0 {
						t.Errorf("found while deferred: %v", hits)
					}
					return nil
				})
			})
		} else {
			err = laterWrites(s)
		}
		if err != nil {
			t.Fatal(err)
		}
		return path, s
	}
	eachPath, each := run("each.db", false)
	laterPath, later := run("later.db", true)
	for _, q := range []struct {
		q    string
		want int
	}{{"Haddad", 78}, {"Yonas", 1}, {"Ruth Kidane", 1}, {"Berhane", 0}, {"Gespeichert", 0}} {
		_ = later.View(func(tx *Tx) error {
			hits, err := Search(tx, q.q, 200)
			if err != nil || len(hits) != q.want {
				t.Errorf("search %q: %d hits (%v), want %d", q.q, len(hits), err, q.want)
			}
			return nil
		})
	}
	if rep := later.Check(); !rep.OK() {
		t.Errorf("check: %q", rep.Problems)
	}
	each.Close()
	later.Close()
	a, b := searchLists(t, eachPath), searchLists(t, laterPath)
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d lists written one by one, %d later", len(a), len(b))
	}
	for k, v := range a {
		if b[k] != v {
			t.Errorf("list %q differs", k)
		}
	}
}

// TestSearchIndexLaterWrittenWhenTheGeneratorFails: what was committed
// before the error is found.
func TestSearchIndexLaterWrittenWhenTheGeneratorFails(t *testing.T) {
	s, _ := openTemp(t)
	stop := errors.New("Abbruch")
	err := s.BuildSearchIndexLater("demo", func() error {
		if err := s.Bulk("demo", func(tx *Tx) error { return People.Put(tx, &model.Person{Name: "Selam Gebre"}) }); err != nil {
			return err
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Fatalf("error %v", err)
	}
	_ = s.View(func(tx *Tx) error {
		if hits, _ := Search(tx, "Selam", 10); len(hits) != 1 {
			t.Errorf("hits %v", hits)
		}
		return nil
	})
}

// TestCloseCutsTheUnusedTail: bbolt lengthens a growing file by 4 MB more
// than it needs; closing cuts that off, to the length a backup copies, and
// the file opens and grows again as before.
func TestCloseCutsTheUnusedTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	safetyFill(t, s, 3000, "Namen, die eine Datei über ihre ersten Megabyte wachsen lassen")
	var used int64
	_ = s.DB().View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	if fi, _ := os.Stat(path); fi.Size() <= used {
		t.Fatalf("the grown file (%d) has no tail beyond %d: nothing to test", fi.Size(), used)
	}
	s.Close()
	if fi, _ := os.Stat(path); fi.Size() != used {
		t.Errorf("closed file %d bytes, used %d", fi.Size(), used)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	safetyFill(t, s, 3000, "Noch mehr Namen, damit die Datei weiter wächst")
	if rep := s.Check(); !rep.OK() {
		t.Errorf("check: %q", rep.Problems)
	}
	s.Close()
	if n := safetyCountPeople(t, path); n != 6000 {
		t.Errorf("%d people", n)
	}
}

// TestSearchIndexLaterWrittenWhenTheGeneratorPanics: a panic in the
// generator still leaves the committed records findable, and later writes
// index themselves again.
func TestSearchIndexLaterWrittenWhenTheGeneratorPanics(t *testing.T) {
	s, _ := openTemp(t)
	func() {
		defer func() { _ = recover() }()
		_ = s.BuildSearchIndexLater("demo", func() error {
			if err := s.Bulk("demo", func(tx *Tx) error { return People.Put(tx, &model.Person{Name: "Selam Gebre"}) }); err != nil {
				return err
			}
			panic("Generator kaputt")
		})
	}()
	if err := s.Update("demo", func(tx *Tx) error { return People.Put(tx, &model.Person{Name: "Selam Tesfaye"}) }); err != nil {
		t.Fatal(err)
	}
	_ = s.View(func(tx *Tx) error {
		if hits, _ := Search(tx, "Selam", 10); len(hits) != 2 {
			t.Errorf("hits %v", hits)
		}
		return nil
	})
}
