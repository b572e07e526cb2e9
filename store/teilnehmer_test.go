package store

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

func TestImportTeilnehmerUpdatesAndFillsTheWaitingList(t *testing.T) {
	s := openNetStore(t, netNow)
	ev := newEvent(t, s, 3, netNow.Add(72*time.Hour), false)
	known := &model.Person{Name: "Anna Alt", Email: "anna@example.org"}
	write(t, s, func(tx *Tx) error { return People.Put(tx, known) })
	annaReg := register(t, s, ev.ID, known.ID)

	rows := []model.TeilnehmerRow{
		{Line: 2, Name: "Anna A.", Email: "ANNA@example.org", Status: model.RegTeilgenommen}, // known by e-mail: checked in
		{Line: 3, Name: "Ben Berg", Organisation: "Caritas", Status: model.RegAngemeldet},    // new person, new institution
		{Line: 4, Name: "Ben Berg", Organisation: "caritas", Status: model.RegAngemeldet},    // the same again: unchanged
		{Line: 5, Name: "Clara Chen", Status: model.RegAngemeldet},                           // last place
		{Line: 6, Name: "Dora Dahl", Status: model.RegAngemeldet},                            // waiting list
		{Line: 7, Name: "Emil Ernst", Status: model.RegAbgemeldet},                           // not registered: refused
		{Line: 8, Name: "Clara Chen", Status: model.RegAbgemeldet},                           // cancels
	}
	var res TeilnehmerResult
	write(t, s, func(tx *Tx) (err error) { res, err = ImportTeilnehmer(tx, ev.ID, rows); return })
	want := TeilnehmerResult{New: 3, Updated: 2, Unchanged: 1, Waiting: 1, Refused: 1, People: 3, Orgs: 1}
	if len(res.Problems) != 1 || res.Problems[0].Line != 7 {
		t.Errorf("problems %v, want line 7", res.Problems)
	}
	res.Problems = nil
	if !reflect.DeepEqual(res, want) {
		t.Errorf("result %+v, want %+v", res, want)
	}
	if r := getReg(t, s, annaReg.ID); r.Status != model.RegTeilgenommen {
		t.Errorf("Anna %s", r.Status)
	}
	var att []Attendee
	_ = s.View(func(tx *Tx) (err error) { att, err = Attendees(tx, ev.ID); return })
	got := map[string]model.RegStatus{}
	for _, a := range att {
		if _, dup := got[a.Name]; dup {
			t.Errorf("%s twice", a.Name)
		}
		got[a.Name] = a.Reg.Status
	}
	wantSt := map[string]model.RegStatus{"Anna Alt": model.RegTeilgenommen, "Ben Berg": model.RegAngemeldet,
		"Clara Chen": model.RegAbgemeldet, "Dora Dahl": model.RegWarteliste}
	for n, st := range wantSt {
		if got[n] != st {
			t.Errorf("%s: %q, want %q", n, got[n], st)
		}
	}
	if len(got) != len(wantSt) {
		t.Errorf("registrations %v", got)
	}
}

func TestParseTeilnehmerRow(t *testing.T) {
	tab, err := model.ReadCSV(strings.NewReader("Name;Organisation;E-Mail;Status\nAnna;;a@b.de;\nBen;;kaputt;da\n;;;\nCarl;;;vielleicht\n"), model.TeilnehmerColumns)
	if err != nil {
		t.Fatal(err)
	}
	var bad []int
	for _, row := range tab.Rows {
		r, msgs := model.TeilnehmerFromRow(row)
		if len(msgs) > 0 {
			bad = append(bad, row.Line)
		} else if r.Name == "Anna" && r.Status != model.RegAngemeldet {
			t.Errorf("empty status: %q", r.Status)
		}
	}
	if len(bad) != 2 || bad[0] != 3 || bad[1] != 5 {
		t.Errorf("bad lines %v, want 3 (e-mail) and 5 (status)", bad)
	}
}
