package demo

import (
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func netGen(t testing.TB, large bool) *Gen {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "d.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	g := &Gen{Store: st, Rand: rand.New(rand.NewPCG(1, 2)), Large: large, Who: "demo",
		Now: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)}
	if err := genShared(g); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestGenNetzwerk(t *testing.T) {
	g := netGen(t, false)
	if err := genNetzwerk(g); err != nil {
		t.Fatal(err)
	}
	_ = g.Store.View(func(tx *store.Tx) error {
		rows, err := store.EventRows(tx, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		counts, _ := store.AllEventCounts(tx)
		types := map[model.EventType]int{}
		full, gs, upcoming := 0, 0, 0
		for _, r := range rows {
			types[r.Type]++
			c := counts[r.ID]
			if c.Warteliste > 0 {
				full++
			}
			if r.Grundschulung {
				gs++
			}
			if r.Start.After(g.Now) {
				upcoming++
			}
		}
		for _, ty := range []model.EventType{model.EventArbeitskreis, model.EventSteuerung, model.EventRunderTisch, model.EventFortbildung} {
			if types[ty] == 0 {
				t.Errorf("no %s", ty)
			}
		}
		if full == 0 || gs == 0 || upcoming == 0 {
			t.Errorf("full %d, Grundschulung %d, upcoming %d", full, gs, upcoming)
		}
		open, _ := store.OpenTasks(tx)
		overdue := 0
		for _, tk := range open {
			if tk.Overdue(model.Today(g.Now)) {
				overdue++
			}
		}
		if len(open) == 0 || overdue == 0 {
			t.Errorf("%d open tasks, %d overdue", len(open), overdue)
		}
		list, n, _ := store.GremiumMembers(tx, model.ArbeitskreisFor(model.ThemaBildung))
		if n == 0 || list == "" {
			t.Error("Arbeitskreis Bildung has no members")
		}
		return nil
	})
}

func BenchmarkGenNetzwerkLarge(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		g := netGen(b, true)
		b.StartTimer()
		if err := genNetzwerk(g); err != nil {
			b.Fatal(err)
		}
	}
}
