package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stabsstelle/model"
	"stabsstelle/store"
)

// A file of an older version is migrated when a verb opens it: the verb
// says so before the wait and afterwards names the backup written before
// the change, which exists. The next run says nothing of it.
func TestMigrationIsAnnouncedWithItsBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "alt.db")
	old, err := os.ReadFile(filepath.Join("..", "store", "testdata", "wave1.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, old, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := smRun("--db", path, "search", "Müller")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "hat das Format einer älteren Version") || !strings.Contains(errOut, "umgestellt") {
		t.Fatalf("no word of the migration: %q", errOut)
	}
	_, after, ok := strings.Cut(errOut, "Die Sicherung davor: ")
	if !ok {
		t.Fatalf("backup not named: %q", errOut)
	}
	backup := strings.TrimSpace(strings.SplitN(after, "\n", 2)[0])
	if _, err := os.Stat(backup); err != nil || filepath.Dir(backup) != filepath.Join(filepath.Dir(path), "stabsstelle-backups") {
		t.Errorf("named backup %q: %v", backup, err)
	}
	if _, _, errOut := smRun("--db", path, "search", "Müller"); strings.Contains(errOut, "umgestellt") {
		t.Errorf("second run speaks of a migration again: %q", errOut)
	}
}

// An import killed half-way is taken back at the next start; the verb that
// opened the file says which, instead of leaving the user to wonder where
// the rows went.
func TestTakenBackImportIsToldOnTheTerminal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db.db")
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	run, err := s.BeginImport("anna", "Engagierte aus lotsen.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Batch(func(tx *store.Tx) error { return store.People.Put(tx, &model.Person{Name: "Halb Importiert"}) }); err != nil {
		t.Fatal(err)
	}
	s.Close() // the program died before Finish
	code, out, errOut := smRun("--db", path, "search", "Importiert")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "Der unterbrochene Import „Engagierte aus lotsen.csv“") || !strings.Contains(errOut, "zurückgenommen") {
		t.Errorf("take-back not told: %q", errOut)
	}
	if strings.Contains(out, "Halb Importiert") {
		t.Errorf("the half-imported person is still found: %q", out)
	}
}
