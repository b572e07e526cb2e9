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
	if err := step(t, s, "schulz", c.ID, model.ActAnordnen); err != nil {
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
		err := s.Update("kasse", func(tx *Tx) error {
			run, err := CreatePayoutRun(tx, []string{c.ID}, model.Date{})
			if err != nil {
				return err
			}
			_, err = WritePayoutFiles(filepath.Join(dir, tc.path), run, DefaultKostenSettings().Account, tx.Now())
			return err
		})
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
}
