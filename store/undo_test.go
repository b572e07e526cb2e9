package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

type lockable struct {
	model.Meta
	Status string `json:"status"`
	Amount int64  `json:"amount"`
}

func (l *lockable) Frozen() bool { return l.Status == "angeordnet" }

var testLockable = &Collection[lockable, *lockable]{Kind: "testlock", Label: "Testantrag", Prefix: "L", Digits: 4,
	Indexes: func(l *lockable) []Index { return []Index{{Name: "status", Key: []byte(l.Status)}} }}

func init() {
	RegisterKind(testNumbered)
	RegisterKind(testLockable)
}

func undoAs(t *testing.T, s *Store, who string) (UndoResult, error) {
	t.Helper()
	var res UndoResult
	err := s.Update(who, func(tx *Tx) error {
		var err error
		res, err = UndoLast(tx, who)
		return err
	})
	return res, err
}

func safetyPersonName(t *testing.T, s *Store, id string) (string, bool) {
	t.Helper()
	var name string
	var found bool
	s.View(func(tx *Tx) error {
		p, err := People.Get(tx, id)
		if err == nil {
			name, found = p.Name, true
		}
		return nil
	})
	return name, found
}

func mustCheckClean(t *testing.T, s *Store) {
	t.Helper()
	if rep := s.Check(); !rep.OK() {
		t.Fatalf("check: %v", rep.Problems)
	}
}

func TestUndoUpdateCreateDeleteStepByStep(t *testing.T) {
	s, _ := openTemp(t)
	p := &model.Person{Name: "Anna Alt"}
	s.Update("anna", func(tx *Tx) error { return People.Put(tx, p) })
	p.Name = "Anna Neu"
	s.Update("anna", func(tx *Tx) error { return People.Put(tx, p) })

	res, err := undoAs(t, s, "anna")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Text, "geändert → vorheriger Stand") || res.ID != p.ID || res.Kind != KindPerson {
		t.Errorf("result %+v", res)
	}
	if name, _ := safetyPersonName(t, s, p.ID); name != "Anna Alt" {
		t.Errorf("after first undo name = %q", name)
	}
	// A second undo goes one step further back (the create), not redo.
	res, err = undoAs(t, s, "anna")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Text, "angelegt → wieder entfernt") {
		t.Errorf("second undo text %q", res.Text)
	}
	if _, found := safetyPersonName(t, s, p.ID); found {
		t.Error("created person still there after undo")
	}
	if _, err := undoAs(t, s, "anna"); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("third undo: %v, want ErrNothingToUndo", err)
	}
	mustCheckClean(t, s)

	// Undo of a delete brings the record back, with its number index.
	var n numbered
	n.Day = "2026-03-05"
	s.Update("anna", func(tx *Tx) error { return testNumbered.Put(tx, &n) })
	s.Update("anna", func(tx *Tx) error { return testNumbered.Delete(tx, n.ID) })
	res, err = undoAs(t, s, "anna")
	if err != nil {
		t.Fatal(err)
	}
	if res.Text != "Rückgängig: "+n.Number+" gelöscht → wiederhergestellt" {
		t.Errorf("text %q", res.Text)
	}
	s.View(func(tx *Tx) error {
		got, err := testNumbered.ByNumber(tx, n.Number)
		if err != nil || got.Day != "2026-03-05" {
			t.Errorf("restored by number: %v %v", got, err)
		}
		return nil
	})
	mustCheckClean(t, s)
	// The journal records the undo, marked.
	s.View(func(tx *Tx) error {
		h, _ := tx.History(n.ID)
		if len(h) != 3 || !IsUndo(h[2]) || IsUndo(h[1]) {
			t.Errorf("history %+v", h)
		}
		return nil
	})
}

func TestUndoOnlyOwnChanges(t *testing.T) {
	s, _ := openTemp(t)
	a := &model.Person{Name: "Von Anna"}
	b := &model.Person{Name: "Von Ben"}
	s.Update("anna", func(tx *Tx) error { return People.Put(tx, a) })
	s.Update("ben", func(tx *Tx) error { return People.Put(tx, b) })
	if _, err := undoAs(t, s, "anna"); err != nil {
		t.Fatal(err)
	}
	if _, found := safetyPersonName(t, s, a.ID); found {
		t.Error("anna's person not removed")
	}
	if _, found := safetyPersonName(t, s, b.ID); !found {
		t.Error("ben's person was removed by anna's undo")
	}
}

func TestUndoRefusesWhenChangedSinceAndLeavesAllAlone(t *testing.T) {
	s, _ := openTemp(t)
	p := &model.Person{Name: "Erst"}
	s.Update("anna", func(tx *Tx) error { return People.Put(tx, p) })
	p.Name = "Anna ändert"
	s.Update("anna", func(tx *Tx) error { return People.Put(tx, p) })
	p.Name = "Ben ändert"
	s.Update("ben", func(tx *Tx) error { return People.Put(tx, p) })
	_, err := undoAs(t, s, "anna")
	if err == nil || !strings.Contains(err.Error(), "seitdem geändert (von ben") {
		t.Fatalf("got %v", err)
	}
	if name, _ := safetyPersonName(t, s, p.ID); name != "Ben ändert" {
		t.Errorf("name = %q", name)
	}
}

func TestUndoRefusesFrozenRecord(t *testing.T) {
	s, _ := openTemp(t)
	l := &lockable{Status: "offen", Amount: 100}
	s.Update("anna", func(tx *Tx) error { return testLockable.Put(tx, l) })
	// Approval by someone else freezes it; anna's create is then undoable
	// only if untouched — here it was changed, so the version check refuses.
	// Freeze in anna's own change: undo must refuse because it is frozen.
	l.Status = "angeordnet"
	s.Update("anna", func(tx *Tx) error { return testLockable.Put(tx, l) })
	_, err := undoAs(t, s, "anna")
	if err == nil || !strings.Contains(err.Error(), l.Number+" ist festgeschrieben und kann nicht mehr rückgängig gemacht werden") {
		t.Fatalf("got %v", err)
	}
	s.View(func(tx *Tx) error {
		got, _ := testLockable.Get(tx, l.ID)
		if got.Status != "angeordnet" {
			t.Errorf("frozen record changed: %+v", got)
		}
		return nil
	})
}

func TestUndoWholeTransactionTogether(t *testing.T) {
	s, _ := openTemp(t)
	a := &model.Person{Name: "A"}
	b := &model.Person{Name: "B"}
	s.Update("anna", func(tx *Tx) error {
		if err := People.Put(tx, a); err != nil {
			return err
		}
		if err := People.Put(tx, b); err != nil {
			return err
		}
		b.Name = "B2"
		return People.Put(tx, b)
	})
	res, err := undoAs(t, s, "anna")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Text, "(und 1 weitere Änderung)") {
		t.Errorf("text %q", res.Text)
	}
	if _, f := safetyPersonName(t, s, a.ID); f {
		t.Error("a still there")
	}
	if _, f := safetyPersonName(t, s, b.ID); f {
		t.Error("b still there")
	}
	mustCheckClean(t, s)
	if _, err := undoAs(t, s, "anna"); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("got %v", err)
	}
}

func TestDiffFieldByField(t *testing.T) {
	before := []byte(`{"id":"x","version":1,"name":"Anna","city":"Gifhorn","interpreter":{"languages":["ti","ar"]},"notes":""}`)
	after := []byte(`{"id":"x","version":2,"name":"Anna","city":"Wolfsburg","interpreter":{"languages":["ti"]},"email":"a@b.de"}`)
	got := Diff(before, after)
	want := []FieldChange{{"city", "Gifhorn", "Wolfsburg"}, {"email", "", "a@b.de"}, {"interpreter.languages", "ti, ar", "ti"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: got %+v want %+v", i, got[i], want[i])
		}
	}
	if d := Diff(nil, []byte(`{"name":"N"}`)); len(d) != 1 || d[0].New != "N" {
		t.Errorf("create diff %+v", d)
	}
	if d := Diff([]byte(`{broken`), []byte(`{"a":1}`)); len(d) != 1 {
		t.Errorf("broken diff %+v", d)
	}
}

func TestUndoNeedsWritableTx(t *testing.T) {
	s, _ := openTemp(t)
	s.View(func(tx *Tx) error {
		if _, err := UndoLast(tx, "anna"); err == nil {
			t.Error("undo in a read transaction")
		}
		return nil
	})
	_ = time.Now
}

// With the real claim collection: after "anordnen" the claim is frozen and
// undo refuses with the sentence the status bar shows; an earlier step of
// someone else's claim is not touched by another user's undo.
func TestUndoRefusesApprovedClaim(t *testing.T) {
	RegisterKind(Claims)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s, err := Open(filepath.Join(t.TempDir(), "k.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := &model.Person{Name: "Anna Schmidt", City: "Gifhorn", Volunteer: &model.VolunteerProfile{IBAN: "DE89370400440532013000"}}
	c := &model.Claim{PersonID: "", PeriodFrom: model.Date{Year: 2026, Month: 11, Day: 1}, PeriodTo: model.Date{Year: 2026, Month: 11, Day: 30},
		Project: "Integrationslotsen", Lines: []model.ClaimLine{
			{Kind: model.LineBeleg, Date: model.Date{Year: 2026, Month: 11, Day: 4}, ReceiptNo: "R-1", Description: "Stifte", Amount: 1250}}}
	if err := s.Update("meier", func(tx *Tx) error {
		if err := People.Put(tx, p); err != nil {
			return err
		}
		c.PersonID = p.ID
		return SaveClaim(tx, c)
	}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		who string
		a   model.ClaimAction
	}{{"meier", model.ActSubmit}, {"meier", model.ActSachlich}, {"schulz", model.ActRechnerisch}, {"weber", model.ActAnordnen}} {
		now = now.Add(time.Minute)
		if err := s.Update(st.who, func(tx *Tx) error { _, err := ApplyClaim(tx, c.ID, 0, st.a, ""); return err }); err != nil {
			t.Fatalf("%s: %v", st.a, err)
		}
	}
	_, err = undoAs(t, s, "weber")
	if err == nil || err.Error() != c.Number+" ist angeordnet und kann nicht mehr rückgängig gemacht werden." {
		t.Fatalf("undo of approved claim: %v", err)
	}
	// meier's last change (sachlich richtig) was followed by schulz's and weber's steps.
	if _, err := undoAs(t, s, "meier"); err == nil || !strings.Contains(err.Error(), "seitdem geändert (von weber") {
		t.Fatalf("meier's undo: %v", err)
	}
	s.View(func(tx *Tx) error {
		got, _ := Claims.Get(tx, c.ID)
		if got.Status != model.ClaimAngeordnet {
			t.Errorf("status %s", got.Status)
		}
		return nil
	})
}
