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
// with 100 000 Einsätze to the first full screen with the Einsatz list
// filled (DESIGN.md §4: ≤ 300 ms). The store is opened once; opening a
// bbolt file takes under a millisecond (reliability.md §2).
func BenchmarkStartToFirstScreen(b *testing.B) {
	st, err := store.Open(demotest.Copy(b), store.Options{Now: func() time.Time { return demotest.Now }})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := New(Options{Store: st, User: "bench", Now: func() time.Time { return demotest.Now }})
		h := &harness{t: nil, m: m, st: st, wait: 5 * time.Second}
		// The feed waiter and the background query block by design and
		// are not part of drawing the first screen.
		h.run(checkEmpty(st))
		for _, t := range m.tabs {
			h.run(t.Init())
		}
		h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
		screen := h.screen()
		if !strings.Contains(screen, "E-20") {
			b.Fatalf("first screen without Einsätze:\n%s", screen)
		}
	}
}
