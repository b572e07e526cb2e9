package store_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"stabsstelle/demo"
	"stabsstelle/model"
	"stabsstelle/store"
)

// schema7Fixture is a database file of schema 7, the layout before the
// compact rows and owner keys (the small demo, written by the program of
// commit fee2fd1), and schema7Rows what that program read from it: every
// list row, the rows of each interpreter and institution and of one day.
// Both are stored gzipped and never regenerated; they are what files in the field hold
// (made with STABSSTELLE_WRITE_FIXTURE=1 go test -run TestWriteSchema7Fixture
// ./store/ in a checkout of that commit).
const (
	schema7Fixture = "testdata/schema7.db.gz"
	schema7Rows    = "testdata/schema7-rows.json.gz"
)

// schema7Now is the moment whose day the fixture's "today" lists.
var schema7Now = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// readRows is what the lists read from a file.
type readRows struct {
	All           []store.EinsatzRow
	Day           []store.EinsatzRow
	ByInterpreter map[string][]store.EinsatzRow
	ByOrg         map[string][]store.EinsatzRow
}

func readAllRows(t *testing.T, s *store.Store) readRows {
	t.Helper()
	var got readRows
	err := s.View(func(tx *store.Tx) error {
		var err error
		if got.All, err = store.LoadEinsatzRows(tx); err != nil {
			return err
		}
		if got.Day, err = store.EinsaetzeOfDay(tx, model.Today(schema7Now)); err != nil {
			return err
		}
		got.ByInterpreter, got.ByOrg = map[string][]store.EinsatzRow{}, map[string][]store.EinsatzRow{}
		for _, r := range got.All {
			if r.InterpreterID != "" && got.ByInterpreter[r.InterpreterID] == nil {
				if got.ByInterpreter[r.InterpreterID], err = store.EinsaetzeOfInterpreter(tx, r.InterpreterID, time.Time{}, time.Time{}); err != nil {
					return err
				}
			}
			if r.OrganisationID != "" && got.ByOrg[r.OrganisationID] == nil {
				// a window, as the institution's screen asks for
				if got.ByOrg[r.OrganisationID], err = store.EinsaetzeOfOrganisation(tx, r.OrganisationID, schema7Now.AddDate(0, -1, 0), schema7Now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWriteSchema7Fixture(t *testing.T) {
	if os.Getenv("STABSSTELLE_WRITE_FIXTURE") == "" {
		t.Skip("nur zum Erzeugen der Vorlage")
	}
	if store.SchemaVersion() != 7 {
		t.Fatal("die Vorlage darf nur mit Schema 7 erzeugt werden")
	}
	path := filepath.Join(t.TempDir(), "schema7.db")
	s, err := store.Open(path, store.Options{Now: func() time.Time { return schema7Now }})
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Run(s, demo.Options{Seed: 7, Now: schema7Now, Who: "vorlage"}); err != nil {
		t.Fatal(err)
	}
	rows := readAllRows(t, s)
	if len(rows.All) < 100 || len(rows.Day) == 0 {
		t.Fatalf("%d rows, %d today", len(rows.All), len(rows.Day))
	}
	js, err := json.MarshalIndent(rows, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, _, err := store.Compact(path); err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	writeGzip(t, schema7Fixture, db)
	writeGzip(t, schema7Rows, js)
}

func writeGzip(t *testing.T, path string, data []byte) {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readGzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSchema7FixtureMigrates: a file of schema 7 opens, is converted to the
// compact layout (with a backup first), passes the full check, and its
// lists, its day and the Einsätze of every interpreter and institution read
// exactly what the program of schema 7 read from it.
func TestSchema7FixtureMigrates(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "stabsstelle.db")
	if err := os.WriteFile(path, readGzip(t, schema7Fixture), 0o600); err != nil {
		t.Fatal(err)
	}
	js := readGzip(t, schema7Rows)
	var want readRows
	if err := json.Unmarshal(js, &want); err != nil {
		t.Fatal(err)
	}
	backups := 0
	old := store.BeforeMigration
	store.BeforeMigration = func(s *store.Store, from uint64) error {
		if from != 7 {
			t.Errorf("migrating from schema %d, want 7", from)
		}
		backups++
		return old(s, from)
	}
	t.Cleanup(func() { store.BeforeMigration = old })
	s, err := store.Open(path, store.Options{Now: func() time.Time { return schema7Now }})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if backups != 1 || !slices.Contains(s.Migrated, "Einsatzzeilen kompakt") || !slices.Contains(s.Migrated, "Einsatzverzeichnisse binär") ||
		!slices.Contains(s.Migrated, "Anträge je Person ohne Kopien") || !slices.Contains(s.Migrated, "Größere Wörterbücher") {
		t.Errorf("backups %d, migrated %q", backups, s.Migrated)
	}
	if rep := s.Check(); !rep.OK() {
		t.Fatalf("check: %v", rep.Problems)
	}
	got := readAllRows(t, s)
	if len(got.All) != len(want.All) {
		t.Fatalf("%d rows, want %d", len(got.All), len(want.All))
	}
	for i := range want.All {
		if !reflect.DeepEqual(got.All[i], want.All[i]) {
			t.Fatalf("row %d:\n got %+v\nwant %+v", i, got.All[i], want.All[i])
		}
	}
	if !reflect.DeepEqual(got.Day, want.Day) {
		t.Errorf("day:\n got %+v\nwant %+v", got.Day, want.Day)
	}
	if !reflect.DeepEqual(got.ByInterpreter, want.ByInterpreter) {
		t.Error("the Einsätze of the interpreters differ")
	}
	if !reflect.DeepEqual(got.ByOrg, want.ByOrg) {
		t.Error("the Einsätze of the institutions differ")
	}
	// The claims of each person and year, now read through the status
	// index, are the claims of the full list.
	err = s.View(func(tx *store.Tx) error {
		all, err := store.LoadClaimRows(tx)
		if err != nil || len(all) == 0 || len(all) != store.Claims.Count(tx) {
			t.Fatalf("%d claim rows of %d claims, %v", len(all), store.Claims.Count(tx), err)
		}
		byPerson := map[string][]store.ClaimRow{}
		for _, r := range all {
			k := r.PersonID + "|" + strconv.Itoa(r.Year)
			byPerson[k] = append(byPerson[k], r)
		}
		for k, want := range byPerson {
			person, year, _ := strings.Cut(k, "|")
			y, _ := strconv.Atoi(year)
			got, err := store.ClaimRowsOfPerson(tx, person, y)
			if err != nil {
				return err
			}
			slices.SortFunc(got, func(a, b store.ClaimRow) int { return strings.Compare(a.Number, b.Number) })
			slices.SortFunc(want, func(a, b store.ClaimRow) int { return strings.Compare(a.Number, b.Number) })
			if !reflect.DeepEqual(got, want) {
				t.Errorf("claims of %s:\n got %+v\nwant %+v", k, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A row written after the migration is found alongside the converted.
	err = s.Update("test", func(tx *store.Tx) error {
		e, err := store.Einsaetze.Get(tx, want.All[0].ID)
		if err != nil {
			return err
		}
		e.Place = "Wolfsburg"
		return store.Einsaetze.Put(tx, e)
	})
	if err != nil {
		t.Fatal(err)
	}
	after := readAllRows(t, s)
	if after.All[0].Place != "Wolfsburg" || len(after.All) != len(want.All) {
		t.Errorf("after an edit: %+v, %d rows", after.All[0], len(after.All))
	}
	if rep := s.Check(); !rep.OK() {
		t.Fatalf("check after an edit: %v", rep.Problems)
	}
}
