package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

// preparedPeople are new people as an import brings them: with a role,
// contact data, text that JSON escapes and one restricted person (no
// index entry, Art. 18).
func preparedPeople() []*model.Person {
	var out []*model.Person
	for i := 0; i < 150; i++ {
		p := &model.Person{
			Name:   fmt.Sprintf("Lotsin %03d <Müller & \"Söhne\">", i),
			Email:  fmt.Sprintf("l%d@example.org", i),
			Phone:  fmt.Sprintf("0151 %07d", i),
			Street: "Steinweg 4", PostalCode: "38518", City: "Gifhorn",
			Volunteer: &model.VolunteerProfile{IBAN: "DE02120300000000202051"},
		}
		// a fixed ID, so both files get the same keys
		p.ID = fmt.Sprintf("0193a000-0000-7000-8000-%012d", i)
		if i == 7 {
			p.Restricted = &model.Restriction{Reason: "Zahlungsbelege aufzubewahren", By: "anna",
				Since: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
		}
		out = append(out, p)
	}
	return out
}

// TestPutPreparedStoresWhatPutStores: a person prepared outside the
// transaction (PrepareNew, as the CSV import does on a second core) and
// stored with PutPrepared leaves the file exactly as People.Put does –
// the record, its index entry, the search postings, the journal entry and
// the record's history – and search, history and undo work on it.
func TestPutPreparedStoresWhatPutStores(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 30, 0, 123456789, time.UTC)
	now := func() time.Time { return at }
	write := func(prepared bool) string {
		path := filepath.Join(t.TempDir(), "p.db")
		s, err := Open(path, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		run, _ := s.BeginImport(" anna ", "Engagierte aus lotsen.csv")
		people := preparedPeople()
		var preps []*Prepared[*model.Person]
		if prepared {
			for _, p := range people {
				pp, err := People.PrepareNew(p, run.Who(), at)
				if err != nil {
					t.Fatal(err)
				}
				preps = append(preps, pp)
			}
		}
		for b := 0; b < 3; b++ {
			err := run.BatchAt(at, func(tx *Tx) error {
				for i := b * 50; i < (b+1)*50; i++ {
					var err error
					if prepared {
						err = People.PutPrepared(tx, preps[i])
					} else {
						err = People.Put(tx, people[i])
					}
					if err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := run.Finish("150 Engagierte importiert"); err != nil {
			t.Fatal(err)
		}
		if prepared {
			checkPreparedUsable(t, s, people)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}
	put, prep := write(false), write(true)
	if a, b := logicalSum(t, put), logicalSum(t, prep); a == "" || a != b {
		t.Errorf("PutPrepared leaves other data than Put (%s, %s)", a, b)
	}
}

// checkPreparedUsable: what was stored through PutPrepared is found,
// has its history and can be taken back.
func checkPreparedUsable(t *testing.T, s *Store, people []*model.Person) {
	t.Helper()
	s.View(func(tx *Tx) error {
		hits, err := Search(tx, "lotsin 042", 5)
		if err != nil || len(hits) == 0 || hits[0].ID != people[42].ID {
			t.Errorf("search: %v %+v", err, hits)
		}
		h, err := tx.History(people[42].ID)
		if err != nil || len(h) != 1 || h[0].Op != OpCreate || h[0].Who != "anna" || !strings.Contains(string(h[0].After), "Söhne") {
			t.Errorf("history: %v %+v", err, h)
		}
		return nil
	})
}

// TestPutPreparedRefusesWhatPutWouldNotDo: a prepared record is stored
// only by its writer at its time, in a journaled transaction, and never
// over a record that is there; a refusal writes nothing. A record that
// cannot be prepared is left as it was, so Put says what is wrong.
func TestPutPreparedRefusesWhatPutWouldNotDo(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	s, _ := openTemp(t)
	run, _ := s.BeginImport("anna", "test")
	p := &model.Person{Name: "Amina Yusuf"}
	pp, err := People.PrepareNew(p, "anna", at)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]func() error{
		"andere Zeit": func() error {
			return run.BatchAt(at.Add(time.Second), func(tx *Tx) error { return People.PutPrepared(tx, pp) })
		},
		"anderer Schreiber": func() error {
			return s.Update("ben", func(tx *Tx) error { tx.now = at; return People.PutPrepared(tx, pp) })
		},
		"ohne Journal": func() error {
			return s.BulkAt("anna", at, func(tx *Tx) error { return People.PutPrepared(tx, pp) })
		},
	}
	for name, fn := range cases {
		if err := fn(); err == nil {
			t.Errorf("%s: stored", name)
		}
	}
	count := func() (n int) {
		s.View(func(tx *Tx) error {
			all, _ := People.All(tx)
			n = len(all)
			return nil
		})
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("refused writes left %d people", n)
	}
	if err := run.BatchAt(at, func(tx *Tx) error { return People.PutPrepared(tx, pp) }); err != nil {
		t.Fatal(err)
	}
	if err := run.BatchAt(at, func(tx *Tx) error { return People.PutPrepared(tx, pp) }); err == nil {
		t.Error("stored twice under one ID")
	}
	if n := count(); n != 1 {
		t.Errorf("%d people, want 1", n)
	}

	bad := &model.Person{Name: "Kein\x07Name"}
	if _, err := People.PrepareNew(bad, "anna", at); err == nil {
		t.Fatal("control character prepared")
	}
	if bad.ID != "" || bad.Version != 0 {
		t.Errorf("failed prepare left stamps: %+v", bad.Meta)
	}
	err = s.Update("anna", func(tx *Tx) error { return People.Put(tx, bad) })
	var ve model.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("Put of the unprepared record: %v", err)
	}
}

// TestSpliceCreateEntryIsMarshalEntry: the journal entry the transaction
// splices from the prepared middle reads byte for byte as marshalEntry's,
// with a number, with characters JSON escapes and with large counters.
func TestSpliceCreateEntryIsMarshalEntry(t *testing.T) {
	after := []byte(`{"id":"x","name":"A \u003c B"}`)
	for _, e := range []JournalEntry{
		{At: time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.UTC), Who: "anna", Kind: KindPerson, ID: "0193a000-0000-7000-8000-000000000001", Op: OpCreate},
		{At: time.Date(2026, 12, 31, 23, 59, 59, 999e6, time.UTC), Who: `Ö "<&>"`, Kind: "einsatz", ID: "e1", Number: "E-2026-00042", Op: OpCreate},
	} {
		for _, seq := range [][2]uint64{{1, 1}, {70000, 69001}, {1<<63 + 5, 1 << 63}} {
			middle, err := createEntryMiddle(e)
			if err != nil {
				t.Fatal(err)
			}
			want := e
			want.Seq, want.TxSeq, want.After = seq[0], seq[1], after
			wantRaw, err := marshalEntry(want)
			if err != nil {
				t.Fatal(err)
			}
			if got := spliceCreateEntry(seq[0], middle, seq[1], after); string(got) != string(wantRaw) {
				t.Errorf("spliced\n%s\nwant\n%s", got, wantRaw)
			}
		}
	}
}
