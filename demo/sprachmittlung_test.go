package demo

import (
	"math/rand/v2"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func TestSprachmittlungDemo(t *testing.T) {
	now := model.At(model.NewDate(2026, 11, 19), 10*60)
	st, err := store.Open(filepath.Join(t.TempDir(), "d.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	g := &Gen{Store: st, Rand: rand.New(rand.NewPCG(1, 2)), Now: now, Who: "demo"}
	if err := genShared(g); err != nil {
		t.Fatal(err)
	}
	if err := genSprachmittlung(g); err != nil {
		t.Fatal(err)
	}
	_ = st.View(func(tx *store.Tx) error {
		ps, _ := store.Interpreters(tx)
		if len(ps) != 50 {
			t.Errorf("%d interpreters", len(ps))
		}
		langs := map[string]bool{}
		for _, p := range ps {
			for _, l := range p.Interpreter.Languages {
				langs[l.Language] = true
			}
		}
		if len(langs) < 34 {
			t.Errorf("only %d languages", len(langs))
		}
		all, err := store.Einsaetze.All(tx)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < 300 {
			t.Errorf("%d Einsätze", len(all))
		}
		statuses := map[model.Status]int{}
		byInterp := map[string][]*model.Einsatz{}
		for _, e := range all {
			statuses[e.Status]++
			if err := e.Validate(); err != nil {
				t.Errorf("%s: %v", e.Number, err)
			}
			if e.Status == model.StatusDurchgefuehrt || e.Status == model.StatusAbgerechnet && e.Cancellation == nil {
				if e.Nachweis == nil || e.Nachweis.Amount <= 0 {
					t.Errorf("%s %s without Nachweis amount", e.Number, e.Status)
				}
			}
			if wd := model.DateOf(e.Start).Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("%s on a weekend", e.Number)
			}
			if c := model.ClockOf(e.Start); c < 8*60 || model.ClockOf(e.End()) > 17*60 {
				t.Errorf("%s at %s", e.Number, model.FormatDateTime(e.Start))
			}
			if e.Status.BlocksInterpreter() {
				byInterp[e.InterpreterID] = append(byInterp[e.InterpreterID], e)
			}
		}
		for _, s := range model.Statuses {
			if statuses[s] == 0 {
				t.Errorf("no Einsatz in status %s", s.Label())
			}
		}
		for id, es := range byInterp {
			sort.Slice(es, func(i, j int) bool { return es[i].Start.Before(es[j].Start) })
			var bs []model.Booking
			for _, e := range es {
				bs = append(bs, model.Booking{EinsatzID: e.ID, Number: e.Number, InterpreterID: id, Start: e.Start, End: e.End(), OnSite: e.OnSite()})
			}
			for _, e := range es {
				if n, ok := model.Conflict(e, id, bs, model.DefaultTravelBuffer); !ok {
					t.Errorf("double booking %s / %s", e.Number, n)
				}
			}
		}
		return nil
	})
}
