package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

func searchIDs(t *testing.T, s *Store, q string, limit int) []Hit {
	t.Helper()
	var hits []Hit
	if err := s.View(func(tx *Tx) error {
		var err error
		hits, err = Search(tx, q, limit)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return hits
}

func namesOfHits(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Name)
	}
	return out
}

// TestSearchFoldsAccentsAndMatchesWordStarts: "Muller" finds "Müller",
// "aysе" finds "Ayşe", a term matches the beginning of a word (not its
// middle), every term must match, and hyphenated names are found by the
// whole and by their parts.
func TestSearchFoldsAccentsAndMatchesWordStarts(t *testing.T) {
	s, _ := openTemp(t)
	s.Update("t", func(tx *Tx) error {
		for _, n := range []string{"Jörg Müller", "Ayşe Yılmaz", "Omar Al-Hassan", "Anna Schmidt", "Hanna Meier"} {
			if err := People.Put(tx, &model.Person{Name: n, City: "Gifhorn"}); err != nil {
				return err
			}
		}
		return nil
	})
	cases := []struct {
		q    string
		want []string
	}{
		{"Muller", []string{"Jörg Müller"}},
		{"müll", []string{"Jörg Müller"}},
		{"jorg mul", []string{"Jörg Müller"}},
		{"ayse", []string{"Ayşe Yılmaz"}},
		{"YILMAZ", []string{"Ayşe Yılmaz"}},
		{"hassan", []string{"Omar Al-Hassan"}},
		{"al-hassan", []string{"Omar Al-Hassan"}},
		{"anna", []string{"Anna Schmidt"}}, // not "Hanna": only word starts
		{"anna meier", nil},
		{"gifhorn schmidt", []string{"Anna Schmidt"}},
	}
	for _, c := range cases {
		got := namesOfHits(searchIDs(t, s, c.q, 10))
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: %v, want %v", c.q, got, c.want)
		}
	}
}

// TestSearchRanksNumberThenNameStartThenNewest: an exact number comes
// first, then records whose name begins with the query, then the rest,
// newest first; the order is the same every time.
func TestSearchRanksNumberThenNameStartThenNewest(t *testing.T) {
	s, _ := openTemp(t)
	var ids []string
	s.Update("t", func(tx *Tx) error {
		for _, n := range []string{"Karim Rahimi", "Rami Karimi", "Dawit Karimi"} {
			p := &model.Person{Name: n}
			if err := People.Put(tx, p); err != nil {
				return err
			}
			ids = append(ids, p.ID)
			time.Sleep(2 * time.Millisecond) // distinct UUIDv7 milliseconds
		}
		return nil
	})
	for i := 0; i < 3; i++ {
		got := namesOfHits(searchIDs(t, s, "kari", 10))
		want := []string{"Karim Rahimi", "Dawit Karimi", "Rami Karimi"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("kari: %v, want %v", got, want)
		}
	}
	f := smOpen(t)
	a := f.add(t, "Tigrinya", smAt(2026, 3, 12, 9, 0), time.Hour, model.SettingOnSite)
	b := f.add(t, "Tigrinya", smAt(2026, 3, 13, 9, 0), time.Hour, model.SettingOnSite)
	hits := searchIDs(t, f.s, strings.ToLower(a.Number), 10)
	if len(hits) != 1 || hits[0].ID != a.ID || hits[0].Rank != 0 {
		t.Errorf("number first: %+v", hits)
	}
	hits = searchIDs(t, f.s, "tigrinya", 10)
	if len(hits) < 2 || hits[0].ID != b.ID || hits[1].ID != a.ID {
		t.Errorf("newest first: %+v", hits)
	}
	// A number prefix finds the numbers it begins.
	hits = searchIDs(t, f.s, a.Number[:len(a.Number)-1], 10)
	found := false
	for _, h := range hits {
		found = found || h.ID == a.ID
	}
	if !found {
		t.Errorf("prefix of %s: %+v", a.Number, hits)
	}
}

// TestSearchIndexFollowsWritesAndUndo: the index is written with every
// change – a rename finds the new name and not the old one, an Einsatz is
// found by the new name of its institution at once, a delete removes it,
// undo brings it back – and the check finds it consistent.
func TestSearchIndexFollowsWritesAndUndo(t *testing.T) {
	f := smOpen(t)
	e := f.add(t, "Dari", smAt(2026, 3, 12, 9, 0), time.Hour, model.SettingOnSite)
	var org *model.Organisation
	f.s.View(func(tx *Tx) error {
		org, _ = Organisations.Get(tx, e.OrganisationID)
		return nil
	})
	org.Name = "Kreisvolkshochschule Wesendorf"
	if err := f.s.Update("t", func(tx *Tx) error { return Organisations.Put(tx, org) }); err != nil {
		t.Fatal(err)
	}
	hits := searchIDs(t, f.s, "kreisvolks dari", 10)
	if len(hits) != 1 || hits[0].ID != e.ID {
		t.Errorf("Einsatz by the new name of its institution: %+v", hits)
	}
	if hits := searchIDs(t, f.s, "wesendorf", 10); len(hits) != 2 {
		t.Errorf("institution and its Einsatz: %+v", hits)
	}
	if err := f.s.Update("t", func(tx *Tx) error { return Einsaetze.Delete(tx, e.ID) }); err != nil {
		t.Fatal(err)
	}
	if hits := searchIDs(t, f.s, "dari", 10); len(hits) != 0 && hits[0].ID == e.ID {
		t.Errorf("deleted Einsatz still found: %+v", hits)
	}
	if _, err := undoAs(t, f.s, "t"); err != nil {
		t.Fatal(err)
	}
	if hits := searchIDs(t, f.s, "dari", 10); len(hits) == 0 || hits[0].ID != e.ID {
		t.Errorf("after undo: %+v", hits)
	}
	mustCheckClean(t, f.s)
}

// TestSearchIndexBuiltForWave1File: the migration builds the index of a
// wave-1 file; its people and Einsätze are found.
func TestSearchIndexBuiltForWave1File(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stabsstelle.db")
	raw, err := os.ReadFile("testdata/wave1.db")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, raw, 0o600)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var p *model.Person
	var e *model.Einsatz
	s.View(func(tx *Tx) error {
		ps, _ := People.All(tx)
		p = ps[len(ps)/2]
		es, _ := Einsaetze.All(tx)
		e = es[len(es)/2]
		return nil
	})
	if hits := searchIDs(t, s, p.Name, 50); len(hits) == 0 || hits[0].ID != p.ID {
		t.Errorf("%s: %+v", p.Name, hits)
	}
	hits := searchIDs(t, s, fmt.Sprintf("%s %s", e.Language, e.Number), 50)
	if len(hits) == 0 || hits[0].ID != e.ID {
		t.Errorf("%s: %+v", e.Number, hits)
	}
	mustCheckClean(t, s)
}

// TestCheckFindsDamagedSearchIndex: a posting list that lost an entry (or
// holds one too many) is reported by the check.
func TestCheckFindsDamagedSearchIndex(t *testing.T) {
	s, _ := openTemp(t)
	s.Update("t", func(tx *Tx) error {
		return People.Put(tx, &model.Person{Name: "Amina Haddad", City: "Gifhorn"})
	})
	mustCheckClean(t, s)
	s.db.Update(func(btx *bolt.Tx) error {
		b := btx.Bucket(bucketSearch)
		c := b.Cursor()
		k, _ := c.Seek([]byte(KindPerson + "\x01haddad\x00"))
		return b.Delete(append([]byte(nil), k...))
	})
	rep := s.Check()
	found := false
	for _, p := range rep.Problems {
		found = found || strings.Contains(p, "Suchverzeichnis von Person")
	}
	if !found {
		t.Errorf("check: %q", rep.Problems)
	}
}

// TestSearchFindsThePersonBeforeTheClaimsInHerName: a person's full name
// finds the person first, then the claims that carry her name, although
// every claim is newer – even when she has more claims than the search
// shows (the large demo: an interpreter with 50 claims was not found).
func TestSearchFindsThePersonBeforeTheClaimsInHerName(t *testing.T) {
	s := openKosten(t)
	samira := addVolunteer(t, s, "Samira Aziz", "")
	other := addVolunteer(t, s, "Samira Azizi", "")
	if err := s.Update("meier", func(tx *Tx) error {
		for range 12 {
			if err := SaveClaim(tx, draft(samira.ID)); err != nil {
				return err
			}
		}
		return SaveClaim(tx, draft(other.ID))
	}); err != nil {
		t.Fatal(err)
	}
	hits := searchIDs(t, s, "samira aziz", 5)
	if len(hits) != 5 || hits[0].Kind != KindPerson || hits[1].Kind != KindPerson {
		t.Fatalf("samira aziz: %+v", hits)
	}
	// both people whose names begin so, the newest first; then claims
	if hits[0].ID != other.ID || hits[1].ID != samira.ID || hits[2].Kind != KindClaim {
		t.Errorf("order: %+v", hits)
	}
}

// TestSearchFindsANumberWithoutItsLetter: "2026-0001", as read off a paper
// form without its letter, finds the Einsatz and the claim of that number
// first; a beginning finds the numbers it begins, further words narrow it,
// and the letter still chooses one series.
func TestSearchFindsANumberWithoutItsLetter(t *testing.T) {
	f := smOpen(t)
	e1 := f.add(t, "Tigrinya", smAt(2026, 3, 12, 9, 0), time.Hour, model.SettingOnSite)
	e2 := f.add(t, "Arabisch", smAt(2026, 3, 13, 9, 0), time.Hour, model.SettingOnSite)
	p := addVolunteer(t, f.s, "Lena Brandt", "")
	c := draft(p.ID)
	if err := f.s.Update("meier", func(tx *Tx) error { return SaveClaim(tx, c) }); err != nil {
		t.Fatal(err)
	}
	if e1.Number != "E-2026-0001" || e2.Number != "E-2026-0002" || c.Number != "K-2026-0001" {
		t.Fatalf("numbers: %s %s %s", e1.Number, e2.Number, c.Number)
	}
	ids := func(hits []Hit) string {
		var out []string
		for _, h := range hits {
			out = append(out, fmt.Sprintf("%s/%d", h.Number, h.Rank))
		}
		return strings.Join(out, " ")
	}
	cases := []struct{ q, want string }{
		{"2026-0001", "E-2026-0001/0 K-2026-0001/0"},
		{"2026-000", "E-2026-0002/3 E-2026-0001/3 K-2026-0001/3"},
		{"2026-0002", "E-2026-0002/0"},
		{"2026-0001 brandt", "K-2026-0001/0"},
		{"2026-0001 tigrinya", "E-2026-0001/0"},
		{"k-2026-0001", "K-2026-0001/0"},
		{"2026-0003", ""},
		{"2025-0001", ""},
	}
	for _, tc := range cases {
		if got := ids(searchIDs(t, f.s, tc.q, 10)); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.q, got, tc.want)
		}
	}
	if got := ids(searchIDs(t, f.s, "2026-000", 2)); got != "E-2026-0002/3 E-2026-0001/3" {
		t.Errorf("limit 2: %q", got)
	}
}
