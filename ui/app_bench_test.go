package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/demo/demotest"
	"stabsstelle/store"
)

// BenchmarkStartToFirstScreen: from building the root model on a database
// with 100 000 Einsätze (10 000, 1 000 000 in the growth table) to the
// first full screen: the Einsatz list around today, at 120×40. Budget
// ≤ 100 ms. What comes after the first frame – the whole list, the other
// tabs, the daily backup – is not part of it (BenchmarkStartRest). The
// store is opened once; opening a bbolt file takes under a millisecond.
func BenchmarkStartToFirstScreen(b *testing.B) {
	for _, n := range demotest.Sizes(b) {
		b.Run(demotest.SizeName(n), func(b *testing.B) {
			st, err := store.Open(demotest.CopyOf(b, n), store.Options{Now: func() time.Time { return demotest.Now }})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			defer demotest.CPU(b)()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m := New(Options{Store: st, User: "bench", Now: func() time.Time { return demotest.Now }, NoDailyBackup: true})
				h := &harness{t: b, m: m, st: st, wait: 5 * time.Second, hold: true}
				h.run(checkEmpty(st))
				h.run(m.tabs[m.active].Init())
				h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
				screen := h.screen()
				if !strings.Contains(screen, "E-20") {
					b.Fatalf("first screen without Einsätze:\n%s", screen)
				}
			}
		})
	}
}

// BenchmarkStartRest: what the program loads after the first frame – the
// whole Einsatz list and the other two tabs – at 100 000 Einsätze (runs in
// the background; the screen answers meanwhile).
func BenchmarkStartRest(b *testing.B) {
	st, err := store.Open(demotest.Copy(b), store.Options{Now: func() time.Time { return demotest.Now }})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	defer demotest.CPU(b)()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := New(Options{Store: st, User: "bench", Now: func() time.Time { return demotest.Now }, NoDailyBackup: true})
		h := &harness{t: b, m: m, st: st, wait: 5 * time.Second}
		h.run(checkEmpty(st))
		for _, t := range m.tabs {
			h.run(t.Init())
		}
	}
}
