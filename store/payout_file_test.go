package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stabsstelle/model"
)

// A payout run never overwrites an existing file: two runs on one day used
// to get the same default name, and the second silently replaced the SEPA
// file and list of the first (maybe not yet uploaded). The refused run is
// not stored and its claims stay free.
func TestPayoutFilesNeverOverwrite(t *testing.T) {
	s := openKosten(t)
	p := addVolunteer(t, s, "Jürgen Weiß", "DE89370400440532013000")
	c := draft(p.ID)
	if err := s.Update("meier", func(tx *Tx) error { return SaveClaim(tx, c) }); err != nil {
		t.Fatal(err)
	}
	step(t, s, "meier", c.ID, model.ActSubmit)
	step(t, s, "meier", c.ID, model.ActSachlich)
	step(t, s, "schulz", c.ID, model.ActRechnerisch)
	if err := step(t, s, "weber", c.ID, model.ActAnordnen); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range []struct{ existing, path string }{
		{"lauf.xml", "lauf.xml"}, // the SEPA file of an earlier run
		{"lauf.csv", "lauf.xml"}, // its list
	} {
		old := filepath.Join(dir, tc.existing)
		if err := os.WriteFile(old, []byte("früherer Zahllauf"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := MakePayoutRun(s, "kasse", []string{c.ID}, model.Date{}, filepath.Join(dir, tc.path))
		if err == nil || !strings.Contains(err.Error(), "gibt es schon") {
			t.Fatalf("%s: err %v", tc.existing, err)
		}
		if b, _ := os.ReadFile(old); string(b) != "früherer Zahllauf" {
			t.Errorf("%s overwritten: %q", tc.existing, b)
		}
		s.View(func(tx *Tx) error {
			if rows, _ := PayableRows(tx); len(rows) != 1 {
				t.Errorf("claim not free after the refusal: %d payable", len(rows))
			}
			return nil
		})
		os.Remove(old)
	}
	if _, err := os.Stat(filepath.Join(dir, "lauf.csv")); err == nil {
		t.Error("a list was written for a refused run")
	}
	s.View(func(tx *Tx) error {
		if n := Payouts.Count(tx); n != 0 {
			t.Errorf("%d runs stored for refused attempts", n)
		}
		return nil
	})
	// Written only after the run is stored: if writing fails then (here a
	// name the file system refuses), the run is cancelled again and the
	// claim is free; nothing half is left.
	long := filepath.Join(dir, strings.Repeat("x", 300)+".xml")
	_, _, err := MakePayoutRun(s, "kasse", []string{c.ID}, model.Date{}, long)
	if err == nil || !strings.Contains(err.Error(), "storniert") {
		t.Fatalf("unwritable file: %v", err)
	}
	s.View(func(tx *Tx) error {
		runs, _ := AllPayouts(tx)
		if len(runs) != 1 || runs[0].Status != model.PayoutStorniert || !strings.Contains(runs[0].CancelReason, "Dateien") {
			t.Errorf("runs %+v", runs)
		}
		if rows, _ := PayableRows(tx); len(rows) != 1 {
			t.Errorf("claim not free after the failed write: %d payable", len(rows))
		}
		return nil
	})
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("files left behind: %v", left)
	}
	// And a run that works has its files and the name on the run.
	run, files, err := MakePayoutRun(s, "kasse", []string{c.ID}, model.Date{}, filepath.Join(dir, "lauf.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if run.File != files.XML || files.CSV != filepath.Join(dir, "lauf.csv") {
		t.Errorf("run file %q, files %+v", run.File, files)
	}
	for _, p := range []string{files.XML, files.CSV} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v", p, err)
		}
	}
}
