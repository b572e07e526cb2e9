package ui

import (
	"os"
	"runtime"
	"runtime/pprof"
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

// BenchmarkStartHeap: the live heap once the program has started on the
// database with 100 000 Einsätze and every tab has loaded – the Go part of
// the budget "Speicher nach dem Start ≤ 50 MB" (BENCHMARKS.md; the RSS adds
// the program itself and what the collector has not returned yet). It
// reports the live bytes after a full collection, and what loading
// allocated on the way. STABSSTELLE_HEAP_PROFILE=FILE writes a heap
// profile of the last run (go tool pprof -sample_index=inuse_space FILE).
//
//	go test ./ui -run '^$' -bench StartHeap -benchtime 3x
func BenchmarkStartHeap(b *testing.B) {
	st, err := store.Open(demotest.Copy(b), store.Options{Now: func() time.Time { return demotest.Now }})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	profile := os.Getenv("STABSSTELLE_HEAP_PROFILE")
	if profile != "" {
		runtime.MemProfileRate = 512
		defer func() { runtime.MemProfileRate = 512 * 1024 }()
	}
	var live, alloc float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		before := demotest.LiveHeap()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		allocBefore := ms.TotalAlloc

		// As the program starts: the first screen, then (FirstScreenMsg)
		// the other tabs. The timers (settling, Löschfristen) are not run.
		m := New(Options{Store: st, User: "bench", Now: func() time.Time { return demotest.Now }, NoDailyBackup: true})
		h := &harness{t: b, m: m, st: st, wait: 30 * time.Second}
		h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
		h.run(m.Init())
		if screen := h.screen(); !strings.Contains(screen, "E-20") {
			b.Fatalf("screen without Einsätze:\n%s", screen)
		}

		runtime.ReadMemStats(&ms)
		alloc += float64(ms.TotalAlloc - allocBefore)
		live += float64(demotest.LiveHeap() - before)
		if profile != "" && i == b.N-1 {
			f, err := os.Create(profile)
			if err != nil {
				b.Fatal(err)
			}
			if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
		runtime.KeepAlive(m)
	}
	b.ReportMetric(live/float64(b.N)/(1<<20), "MB-live")
	b.ReportMetric(alloc/float64(b.N)/(1<<20), "MB-allocated")
}
