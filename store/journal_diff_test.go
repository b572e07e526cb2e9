package store

import (
	"testing"

	"stabsstelle/model"
)

// TestFieldDiffRoundTrip: a diff applied forward turns the old state into
// the new one, backward the new one into the old one, nested objects are
// diffed member by member and lists whole.
func TestFieldDiffRoundTrip(t *testing.T) {
	cases := []struct{ a, b string }{
		{`{"name":"Anna","version":1}`, `{"name":"Anna Neu","version":2}`},
		{`{"name":"A","interpreter":{"languages":[{"language":"Dari"}],"active":true}}`,
			`{"name":"A","interpreter":{"languages":[{"language":"Dari"},{"language":"Farsi"}]}}`},
		{`{"a":{}}`, `{"a":{"x":1}}`},
		{`{}`, `{"a":{"x":{"y":null}}}`},
		{`{"a":"x"}`, `{"a":{"b":1}}`},
		{`[1,2]`, `{"a":1}`},
	}
	for _, c := range cases {
		d := diffStates([]byte(c.a), []byte(c.b))
		fwd, err := applyDiffs([]byte(c.a), d, false)
		if err != nil || !sameJSON(t, fwd, []byte(c.b)) {
			t.Errorf("%s → %s forward: %s %v", c.a, c.b, fwd, err)
		}
		back, err := applyDiffs([]byte(c.b), d, true)
		if err != nil || !sameJSON(t, back, []byte(c.a)) {
			t.Errorf("%s → %s backward: %s %v", c.a, c.b, back, err)
		}
	}
	d := diffStates([]byte(`{"interpreter":{"active":true,"homePlace":"Gifhorn"},"phone":"1"}`),
		[]byte(`{"interpreter":{"active":false,"homePlace":"Gifhorn"},"phone":"1"}`))
	if len(d) != 1 || len(d[0].Path) != 2 || d[0].Path[1] != "active" || string(d[0].Old) != "true" || string(d[0].New) != "false" {
		t.Errorf("nested diff: %+v", d)
	}
}

// TestUpdateJournalsOnlyChangedFields: an update stores the changed fields
// with old and new values (and the stamps), not the whole record; Verlauf
// still gets whole states.
func TestUpdateJournalsOnlyChangedFields(t *testing.T) {
	s, _ := openTemp(t)
	p := &model.Person{Name: "Anna", City: "Gifhorn", Email: "anna@example.org"}
	s.Update("meier", func(tx *Tx) error { return People.Put(tx, p) })
	p.Phone = "05371 1"
	s.Update("meier", func(tx *Tx) error { return People.Put(tx, p) })
	var last JournalEntry
	s.View(func(tx *Tx) error {
		return tx.Journal(func(e JournalEntry) bool { last = e; return false })
	})
	if last.Before != nil || last.After != nil {
		t.Fatalf("update stores whole copies: %+v", last)
	}
	fields := map[string]FieldDiff{}
	for _, d := range last.Changes {
		fields[d.Path[0]] = d
	}
	if d, ok := fields["phone"]; !ok || d.Old != nil || string(d.New) != `"05371 1"` {
		t.Errorf("phone change: %+v", last.Changes)
	}
	if _, ok := fields["city"]; ok {
		t.Errorf("unchanged field journaled: %+v", last.Changes)
	}
	if _, ok := fields["version"]; !ok {
		t.Errorf("version stamp missing: %+v", last.Changes)
	}
	s.View(func(tx *Tx) error {
		h, err := tx.History(p.ID)
		if err != nil || len(h) != 2 {
			t.Fatalf("history %v %v", h, err)
		}
		ch := Diff(h[1].Before, h[1].After)
		if len(ch) != 1 || ch[0].Field != "phone" || ch[0].New != "05371 1" {
			t.Errorf("Verlauf shows %+v", ch)
		}
		return nil
	})
}
