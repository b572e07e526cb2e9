package sprachmittlung

import (
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/demo/demotest"
	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/theme"
)

// BenchmarkListHeap reports the heap the Einsatz list keeps once its
// 100 000 rows are loaded on the shared large demo database (the whole
// program's RSS budget is in BENCHMARKS.md): live bytes after a collection, in total
// and per row, and what loading allocated on the way (garbage the collector
// must catch up with while the tabs load).
//
//	go test ./ui/sprachmittlung -run '^$' -bench ListHeap -benchtime 3x
func BenchmarkListHeap(b *testing.B) {
	st, err := store.Open(demotest.Copy(b), store.Options{Now: func() time.Time { return demotest.Now }})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var live, alloc float64
	rows := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		before := demotest.LiveHeap()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		allocBefore := ms.TotalAlloc

		ctx := &common.Context{Store: st, User: "bench", Roles: model.AllTeamRoles, Styles: theme.New(true), Global: keys.DefaultGlobal(),
			List: keys.DefaultList(), Now: func() time.Time { return demotest.Now }, Width: 120, Height: 37}
		f := &fixture{st: st, ctx: ctx, events: make(chan []store.Event), timeout: 30 * time.Second}
		f.tab = New(ctx)
		f.send(b, tea.WindowSizeMsg{Width: 120, Height: 37})
		f.run(b, f.tab.Init())
		rows = f.tab.list.table.Total()
		if rows < 100_000 {
			b.Fatalf("loaded %d rows", rows)
		}
		_ = f.tab.View()

		runtime.ReadMemStats(&ms)
		alloc += float64(ms.TotalAlloc - allocBefore)
		live += float64(demotest.LiveHeap() - before)
		runtime.KeepAlive(f.tab)
	}
	b.ReportMetric(live/float64(b.N)/(1<<20), "MB-live")
	b.ReportMetric(live/float64(b.N)/float64(rows), "B-live/row")
	b.ReportMetric(alloc/float64(b.N)/(1<<20), "MB-allocated")
}
