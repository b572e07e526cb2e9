package store

import (
	"errors"
	"testing"
)

// The mouse is on until a member switches it off; the switch is the
// member's own (others keep theirs), needs no role – a member who may only
// look things up (lesen) may change it too, but not the office's settings –
// and is taken back with ctrl+z like any change.
func TestBedienungIsEachMembersOwn(t *testing.T) {
	f := rolesOpen(t)
	load := func(who string) BedienungSettings {
		t.Helper()
		var s BedienungSettings
		if err := f.s.View(func(tx *Tx) error { var err error; s, err = LoadBedienungSettings(tx, who); return err }); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if load(lea).MouseOff {
		t.Fatal("the mouse is off before anybody switched it")
	}
	if err := f.s.Update(lea, func(tx *Tx) error { return SaveBedienungSettings(tx, BedienungSettings{MouseOff: true}) }); err != nil {
		t.Fatalf("lesen may not switch the mouse off: %v", err)
	}
	if !load(lea).MouseOff || load(sam).MouseOff {
		t.Fatalf("lea %+v, sam %+v", load(lea), load(sam))
	}
	// lesen may still not change the office's settings
	err := f.s.Update(lea, func(tx *Tx) error {
		s, err := LoadSprachmittlungSettings(tx)
		if err != nil {
			return err
		}
		return SaveSprachmittlungSettings(tx, s)
	})
	var fe *ErrForbidden
	if !errors.As(err, &fe) {
		t.Fatalf("lesen changed the Sprachmittlung settings: %v", err)
	}
	if err := f.s.Update(lea, func(tx *Tx) error { _, err := UndoLast(tx, lea); return err }); err != nil {
		t.Fatalf("undo: %v", err)
	}
	if load(lea).MouseOff {
		t.Error("ctrl+z did not switch the mouse back on")
	}
	var problems []string
	f.s.View(func(tx *Tx) error { problems = settingsKind{}.Verify(tx); return nil })
	if len(problems) > 0 {
		t.Errorf("check: %v", problems)
	}
}
