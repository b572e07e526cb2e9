package store

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// TestOwnerIndexBothKeyForms: an institution whose ID is a UUID (binary
// keys) and one whose ID is not (text keys, as records brought from
// elsewhere may have) both list their Einsätze in start order, within a
// window, moving an Einsatz to the other
// institution moves it in both lists; the check finds nothing.
func TestOwnerIndexBothKeyForms(t *testing.T) {
	f := smOpen(t)
	textOrg := &model.Organisation{Meta: model.Meta{ID: "einrichtung-7"}, Name: "Alte Einrichtung", Kind: model.OrgSchule, City: "Gifhorn"}
	if err := f.s.Update("test", func(tx *Tx) error { return Organisations.Put(tx, textOrg) }); err != nil {
		t.Fatal(err)
	}
	starts := []time.Time{smAt(2026, 3, 4, 9, 0), smAt(2025, 12, 31, 23, 0), smAt(2026, 3, 2, 9, 0), smAt(2026, 3, 2, 9, 0), smAt(2027, 6, 1, 8, 0)}
	var binOrg, txtOrg []*model.Einsatz
	for i, st := range starts {
		for _, org := range []string{f.org.ID, textOrg.ID} {
			e := &model.Einsatz{OrganisationID: org, InterpreterID: f.yonas.ID, Language: "Tigrinya", Setting: model.SettingPhone,
				Place: "Gifhorn", Start: st, Duration: time.Duration(i+1) * time.Hour, Status: model.StatusVermittelt}
			if err := f.s.Update("test", func(tx *Tx) error { return Einsaetze.Put(tx, e) }); err != nil {
				t.Fatal(err)
			}
			if org == f.org.ID {
				binOrg = append(binOrg, e)
			} else {
				txtOrg = append(txtOrg, e)
			}
		}
	}
	// in start order, same start by ID
	order := []int{1, 2, 3, 0, 4}
	if binOrg[3].ID < binOrg[2].ID {
		t.Fatal("IDs not in creation order")
	}
	ids := func(rows []EinsatzRow) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.ID)
		}
		return out
	}
	want := func(es []*model.Einsatz, idx ...int) []string {
		var out []string
		for _, i := range idx {
			out = append(out, es[i].ID)
		}
		return out
	}
	check := func(what string, got []EinsatzRow, err error, wantIDs []string) {
		t.Helper()
		if err != nil || !slicesEqual(ids(got), wantIDs) {
			t.Errorf("%s: %v %v, want %v", what, ids(got), err, wantIDs)
		}
	}
	f.s.View(func(tx *Tx) error {
		for _, c := range []struct {
			org string
			es  []*model.Einsatz
		}{{f.org.ID, binOrg}, {textOrg.ID, txtOrg}} {
			rows, err := EinsaetzeOfOrganisation(tx, c.org, time.Time{}, time.Time{})
			check(c.org+" all", rows, err, want(c.es, order...))
			if err == nil && (rows[3].Start != starts[0] || rows[3].End != starts[0].Add(time.Hour) || rows[3].Setting != model.SettingPhone) {
				t.Errorf("row %+v", rows[3])
			}
			rows, err = EinsaetzeOfOrganisation(tx, c.org, smAt(2026, 3, 2, 9, 0), smAt(2026, 3, 4, 9, 0))
			check(c.org+" window", rows, err, want(c.es, 2, 3))
			rows, err = EinsaetzeOfOrganisation(tx, c.org, time.Time{}, smAt(2026, 1, 1, 0, 0))
			check(c.org+" before", rows, err, want(c.es, 1))
			rows, err = EinsaetzeOfOrganisation(tx, c.org, smAt(2026, 3, 4, 9, 0), time.Time{})
			check(c.org+" from", rows, err, want(c.es, 0, 4))
		}
		rows, err := EinsaetzeOfInterpreter(tx, f.yonas.ID, smAt(2026, 3, 2, 0, 0), smAt(2026, 3, 3, 0, 0))
		if err != nil || len(rows) != 4 {
			t.Errorf("interpreter: %d rows, %v", len(rows), err)
		}
		return nil
	})
	// Move one Einsatz from the text-keyed institution to the other.
	moved := txtOrg[0]
	if err := f.s.Update("test", func(tx *Tx) error {
		e, err := Einsaetze.Get(tx, moved.ID)
		if err != nil {
			return err
		}
		e.OrganisationID = f.org.ID
		return Einsaetze.Put(tx, e)
	}); err != nil {
		t.Fatal(err)
	}
	f.s.View(func(tx *Tx) error {
		rows, err := EinsaetzeOfOrganisation(tx, textOrg.ID, time.Time{}, time.Time{})
		check("text after the move", rows, err, want(txtOrg, 1, 2, 3, 4))
		rows, err = EinsaetzeOfOrganisation(tx, f.org.ID, smAt(2026, 3, 4, 0, 0), smAt(2026, 3, 5, 0, 0))
		wantIDs := []string{binOrg[0].ID, moved.ID}
		if moved.ID < binOrg[0].ID {
			wantIDs = []string{moved.ID, binOrg[0].ID}
		}
		check("binary after the move", rows, err, wantIDs)
		return nil
	})
	if rep := f.s.Check(); !rep.OK() {
		t.Errorf("check: %q", rep.Problems)
	}
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestOwnerKeyMigration: a text key of schema 7 becomes the binary key the
// program now writes for the same Einsatz; keys it cannot read as such
// stay text.
func TestOwnerKeyMigration(t *testing.T) {
	owner, id := "019a2f3e-0000-7000-8000-00000000beef", "019a2f3e-1b2c-7d4e-8f90-0123456789ab"
	start := time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC)
	// The file migration 9 converts has IDs as text (index_key.go).
	got, ok := binaryFromTextOwnerKey(textIndexKey([]byte(owner+"|"+startKey(start)), id))
	want := textIndexKey(ownerIndex(IdxEinsatzOrg, owner, start).Key, id)
	if !ok || !bytes.Equal(got, want) || len(got) != 62 {
		t.Errorf("%q, want %q", got, want)
	}
	var buf [36]byte
	key, gotID, ok := startIndexKey(nil, got, &buf)
	if !ok || string(key) != startKey(start)+"\x00"+id || string(gotID) != id {
		t.Errorf("start index key %q, id %q", key, gotID)
	}
	// As the program writes it since schema 14: the ID as 16 bytes.
	bin := indexKey(ownerIndex(IdxEinsatzOrg, owner, start).Key, id)
	key, gotID, ok = startIndexKey(nil, bin, &buf)
	if !ok || !bytes.Equal(key, indexKey([]byte(startKey(start)), id)) || string(gotID) != id || len(bin) != 43 {
		t.Errorf("binary: start index key %q, id %q (key %d bytes)", key, gotID, len(bin))
	}
	for _, k := range []string{
		"einrichtung-7|2026-03-02T08:30:00Z\x00" + id,
		owner + "|2026-03-02T08:30:00+01:00\x00" + id, // not as startKey writes it
		owner + "|2026-03-02\x00" + id,
		owner + "2026-03-02T08:30:00Z\x00" + id,
		owner + "|2026-03-02T08:30:00Z",
	} {
		if got, ok := binaryFromTextOwnerKey([]byte(k)); ok {
			t.Errorf("%q became %q", k, got)
		}
	}
	for _, k := range [][]byte{nil, {0}, append([]byte{0}, make([]byte, 24)...), append(append([]byte{0}, make([]byte, 24)...), 1, 'x')} {
		if _, _, ok := startIndexKey(nil, k, &buf); ok {
			t.Errorf("%q read as an owner key", k)
		}
	}
}

// TestOwnerKeysSortAsTimes: binary keys of one owner sort as their starts
// do, before 1970 as after, so a window is one range of keys.
func TestOwnerKeysSortAsTimes(t *testing.T) {
	owner := "019a2f3e-0000-7000-8000-00000000beef"
	times := []time.Time{time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Unix(-1, 0), time.Unix(0, 0), time.Unix(1, 0),
		time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 8, 0, 1, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)}
	for i := 1; i < len(times); i++ {
		a, b := ownerIndex(IdxEinsatzOrg, owner, times[i-1]).Key, ownerIndex(IdxEinsatzOrg, owner, times[i]).Key
		if bytes.Compare(a, b) >= 0 {
			t.Errorf("%v sorts after %v", times[i-1], times[i])
		}
		var buf [36]byte
		key, _, ok := startIndexKey(nil, indexKey(b, "x"), &buf)
		if !ok || string(key) != startKey(times[i])+"\x00x" {
			t.Errorf("%v: start index key %q", times[i], key)
		}
	}
}

// TestAppendStartKey: the start index key written digit by digit is the
// one startKey writes, over centuries, leap days and the ends of days.
func TestAppendStartKey(t *testing.T) {
	times := []time.Time{time.Unix(0, 0), time.Unix(-1, 0), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-5, 3, 1, 0, 0, 0, 0, time.UTC)}
	for s := int64(-3e9); s < 5e9; s += 7777777 {
		times = append(times, time.Unix(s, 0))
	}
	for _, tm := range times {
		if got := string(appendStartKey(nil, tm.UTC())); got != startKey(tm) {
			t.Errorf("%v: %q, want %q", tm, got, startKey(tm))
		}
	}
}

// TestDamagedOwnerEntryIsNamed: a flipped bit in an entry of the binary
// owner index is named by the check with the Einsatz's number, and the
// institution's list says in German that the file is damaged instead of
// showing a partial list – never a panic.
func TestDamagedOwnerEntryIsNamed(t *testing.T) {
	f := smOpen(t)
	e := f.add(t, "Dari", smAt(2026, 3, 2, 9, 0), time.Hour, model.SettingOnSite)
	idx := Einsaetze.idxBucket(IdxEinsatzOrg)
	var key []byte
	f.s.db.View(func(tx *bolt.Tx) error { k, _ := tx.Bucket(idx).Cursor().First(); key = bytes.Clone(k); return nil })
	if key[0] != ownerKeyMark {
		t.Fatalf("key %q is not binary", key)
	}
	flipInValue(t, f.s, idx, key)
	rep := f.s.Check()
	if rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), "Verzeichnis „org“ zu Einsatz "+e.Number) {
		t.Errorf("check: %q", rep.Problems)
	}
	f.s.View(func(tx *Tx) error {
		var corrupt *ErrCorrupt
		if _, err := EinsaetzeOfOrganisation(tx, f.org.ID, time.Time{}, time.Time{}); !errors.As(err, &corrupt) ||
			!strings.Contains(err.Error(), "beschädigt") {
			t.Errorf("list: %v", err)
		}
		return nil
	})
}
