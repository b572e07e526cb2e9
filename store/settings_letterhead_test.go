package store

import (
	"testing"

	"stabsstelle/model"
)

// TestSavedLetterheadPassesCheck: a letterhead set with „stabsstelle
// briefkopf“ is stored like every value, with its checksum – check finds
// the file in order afterwards, and the letterhead reads back.
func TestSavedLetterheadPassesCheck(t *testing.T) {
	s, _ := openTemp(t)
	l := model.DefaultLetterhead(DefaultKostenSettings().Account)
	l.Authority = "Landkreis Test"
	if err := s.Update("anna", func(tx *Tx) error { return SaveLetterhead(tx, l) }); err != nil {
		t.Fatal(err)
	}
	if rep := s.Check(); !rep.OK() {
		t.Fatalf("check after saving the letterhead: %v", rep.Problems)
	}
	var got model.Letterhead
	if err := s.View(func(tx *Tx) (err error) { got, err = LoadLetterhead(tx); return err }); err != nil {
		t.Fatal(err)
	}
	if got.Authority != "Landkreis Test" {
		t.Errorf("letterhead read back: %+v", got)
	}
}
