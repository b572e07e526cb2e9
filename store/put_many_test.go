package store

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

// putManyEinsaetze are 150 new Einsätze with fixed IDs (so two files get
// the same keys), with words for the search, one with an interpreter.
func putManyEinsaetze(orgID, interpreterID string) []*model.Einsatz {
	var out []*model.Einsatz
	for i := range 150 {
		e := &model.Einsatz{OrganisationID: orgID, Language: []string{"Tigrinya", "Arabisch", "Dari"}[i%3],
			Setting: model.SettingOnSite, Place: "Gifhorn", Address: fmt.Sprintf("Am Markt %d", i),
			Notes: "Akte „Müller“ \"Söhne\" <b>", Start: time.Date(2026, 3, 2+i%20, 8+i%8, 0, 0, 0, time.UTC),
			Duration: time.Hour, Status: model.StatusSuche}
		e.ID = fmt.Sprintf("0193a000-0000-7000-8000-%012d", i)
		if i%5 == 0 {
			e.InterpreterID, e.Status = interpreterID, model.StatusVermittelt
		}
		out = append(out, e)
	}
	return out
}

// TestPutManyStoresWhatPutStores: Einsätze stored with PutMany (compressed
// on every core) leave the file exactly as Einsaetze.Put one by one – the
// records, their numbers, index entries, search postings, journal entries
// and histories – in a journaled transaction and in a bulk one.
func TestPutManyStoresWhatPutStores(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	for _, bulk := range []bool{false, true} {
		write := func(many bool) string {
			path := filepath.Join(t.TempDir(), "m.db")
			s, err := Open(path, Options{Now: func() time.Time { return at }})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			org := &model.Organisation{Name: "Jobcenter Gifhorn", Kind: model.OrgJobcenter, City: "Gifhorn"}
			org.ID = "0193a000-0000-7000-8000-100000000001"
			in := &model.Person{Name: "Yonas Tesfaye", Interpreter: &model.InterpreterProfile{Active: true,
				Languages: []model.LanguageSkill{{Language: "Tigrinya"}}}}
			in.ID = "0193a000-0000-7000-8000-100000000002"
			if err := s.Update("anna", func(tx *Tx) error {
				if err := Organisations.Put(tx, org); err != nil {
					return err
				}
				return People.Put(tx, in)
			}); err != nil {
				t.Fatal(err)
			}
			update := s.Update
			if bulk {
				update = s.Bulk
			}
			es := putManyEinsaetze(org.ID, in.ID)
			err = update("anna", func(tx *Tx) error {
				if many {
					return Einsaetze.PutMany(tx, es)
				}
				for _, e := range es {
					if err := Einsaetze.Put(tx, e); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if es[149].Number == "" || es[149].Version != 1 {
				t.Fatalf("gespeichert ohne Nummer: %+v", es[149].Meta)
			}
			return path
		}
		put, many := write(false), write(true)
		if a, b := logicalSum(t, put), logicalSum(t, many); a == "" || a != b {
			t.Errorf("Bulk %v: PutMany leaves other data than Put (%s, %s)", bulk, a, b)
		}
	}
}

// TestPutManyRefusesAsPutWould: a record with a control character, one
// that exists already, one that is not new and an ID twice in the call end
// it with Put's error; every record keeps the stamps it had, and nothing
// is stored.
func TestPutManyRefusesAsPutWould(t *testing.T) {
	f := smOpen(t)
	var stored *model.Einsatz
	if err := f.s.Update("anna", func(tx *Tx) error {
		stored = putManyEinsaetze(f.org.ID, f.yonas.ID)[0]
		return Einsaetze.Put(tx, stored)
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		bad  func(*model.Einsatz)
		want string
	}{
		{"Steuerzeichen", func(e *model.Einsatz) { e.Place = "Gif\x07horn" }, "Steuerzeichen"},
		{"schon da", func(e *model.Einsatz) { e.ID = stored.ID }, "gibt es schon"},
		{"nicht neu", func(e *model.Einsatz) { e.Version = 3 }, ErrNotFound.Error()},
		{"zweimal im Aufruf", func(e *model.Einsatz) { e.ID = "0193a000-0000-7000-8000-200000000000" }, "gibt es schon"},
	} {
		es := putManyEinsaetze(f.org.ID, f.yonas.ID)[1:]
		for _, e := range es {
			e.ID = ""
		}
		es[39].ID = "0193a000-0000-7000-8000-200000000000" // only the fourth case meets it again
		c.bad(es[40])
		was := es[40].Meta
		err := f.s.Update("anna", func(tx *Tx) error { return Einsaetze.PutMany(tx, es) })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
		if es[0].ID != "" || es[0].Number != "" || es[0].Version != 0 || es[39].Number != "" || es[40].Meta != was {
			t.Errorf("%s: stamps kept after the refusal: %+v, %+v", c.name, es[0].Meta, es[40].Meta)
		}
		_ = f.s.View(func(tx *Tx) error {
			if n := Einsaetze.Count(tx); n != 1 {
				t.Errorf("%s: %d Einsätze in der Datei, erwartet 1", c.name, n)
			}
			return nil
		})
	}
}
