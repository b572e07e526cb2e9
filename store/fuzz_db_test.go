package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"stabsstelle/model"
)

// smallDatabase is a sealed database with a little of everything, as
// bytes: the seed the fuzzer damages.
func smallDatabase(tb testing.TB) []byte {
	tb.Helper()
	now := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	path := filepath.Join(tb.TempDir(), "klein.db")
	s, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		tb.Fatal(err)
	}
	err = s.Update("anna", func(tx *Tx) error {
		o := &model.Organisation{Name: "Jobcenter Gifhorn", City: "Gifhorn"}
		if err := Organisations.Put(tx, o); err != nil {
			return err
		}
		p := &model.Person{Name: "Amina Yusuf", City: "Gifhorn", OrganisationID: o.ID}
		if err := People.Put(tx, p); err != nil {
			return err
		}
		e := &model.Einsatz{OrganisationID: o.ID, Language: "Tigrinya", Setting: model.SettingOnSite, Place: "Gifhorn",
			Start: now.Add(24 * time.Hour), Duration: time.Hour, Status: model.StatusSuche}
		if err := Einsaetze.Put(tx, e); err != nil {
			return err
		}
		return Tasks.Put(tx, &model.Task{Text: "Protokoll verschicken", Status: model.TaskOffen})
	})
	if err != nil {
		tb.Fatal(err)
	}
	s.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// FuzzDatabaseFile hands arbitrary files to the program as its database:
// the full check, opening (with migrations), and reading everything there
// is – every kind's records and indexes, the lists, a search, the journal
// and history, the settings. Nothing may panic or fault (a fault would end
// the fuzzing process). The seeds are a small sealed database, the file of
// the first schema, and damaged variants in testdata/fuzz/FuzzDatabaseFile.
func FuzzDatabaseFile(f *testing.F) {
	small := smallDatabase(f)
	f.Add(small)
	if old, err := os.ReadFile(schema1Fixture); err == nil {
		f.Add(old)
	}
	saved := BeforeMigration
	BeforeMigration = func(*Store, uint64) error { return nil }
	f.Cleanup(func() { BeforeMigration = saved })
	now := func() time.Time { return time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC) }
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "fuzz.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		_, _ = CheckFile(path)
		s, err := Open(path, Options{Now: now})
		if err != nil {
			return
		}
		defer s.Close()
		_ = s.View(func(tx *Tx) error {
			for _, k := range Kinds() {
				_ = k.Verify(tx)
			}
			_, _ = LoadEinsatzRows(tx)
			_, _ = Interpreters(tx)
			_, _ = Search(tx, "a e-2026", 20)
			_ = tx.Journal(func(e JournalEntry) bool {
				if e.ID != "" {
					_, _ = tx.History(e.ID)
				}
				return true
			})
			_, _ = LoadSprachmittlungSettings(tx)
			_, _ = LoadKostenSettings(tx)
			return nil
		})
		_ = s.Check()
	})
}

// TestWriteDatabaseFuzzSeeds writes the damaged seed files of
// FuzzDatabaseFile (STABSSTELLE_WRITE_FIXTURE=1 go test -run
// TestWriteDatabaseFuzzSeeds ./store/).
func TestWriteDatabaseFuzzSeeds(t *testing.T) {
	if os.Getenv("STABSSTELLE_WRITE_FIXTURE") == "" {
		t.Skip("nur zum Erzeugen der Startdaten")
	}
	small := smallDatabase(t)
	ps := os.Getpagesize()
	zero := func(p int) []byte {
		d := append([]byte(nil), small...)
		clear(d[p*ps : (p+1)*ps])
		return d
	}
	flip := append([]byte(nil), small...)
	flip[len(small)/2] ^= 0x10
	seeds := map[string][]byte{
		"leer":             {},
		"kopf-100-bytes":   small[:100],
		"abgeschnitten":    small[:len(small)/2],
		"kopfseite-0-null": zero(0),
		"seite-3-null":     zero(3),
		"bit-gekippt":      flip,
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzDatabaseFile")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range seeds {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
