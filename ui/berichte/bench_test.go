package berichte

import (
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

// largeCtx is the context of a Berichte tab over the large demo.
func largeCtx(b *testing.B) *common.Context {
	st, err := store.Open(demotest.LargeDB(b), store.Options{Now: func() time.Time { return demotest.Now }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return &common.Context{Store: st, User: "bench", Styles: theme.New(true), Global: keys.DefaultGlobal(),
		List: keys.DefaultList(), Now: func() time.Time { return demotest.Now }, Width: 80, Height: 21}
}

// BenchmarkBerichteFirstOpen: the tab is shown for the first time on the
// 100 000 demo – read the year (33 000 Einsätze from the facts index,
// payments, events), compute the report, draw it.
func BenchmarkBerichteFirstOpen(b *testing.B) {
	ctx := largeCtx(b)
	b.ReportAllocs()
	defer demotest.CPU(b)()
	for b.Loop() {
		t := New(ctx)
		t.w, t.h = 80, 21
		t.Update(loadNow(t)) // what the command started by Shown returns
		t.Update(t.compute()())
		if t.report == nil || t.View() == "" {
			b.Fatal("kein Bericht")
		}
	}
}

// loadNow runs the read of the tab's year as its command would.
func loadNow(t *Tab) tea.Msg {
	var in *model.ReportInput
	err := t.ctx.Store.View(func(tx *store.Tx) (err error) {
		in, err = store.LoadReportInput(tx, loadRange(t.period))
		return err
	})
	return loadedMsg{in: in, err: err}
}

// largeTab is a Berichte tab over the large demo with the year's facts
// loaded (what the first showing leaves).
func largeTab(b *testing.B) *Tab {
	ctx := largeCtx(b)
	t := New(ctx)
	t.w, t.h = 80, 21
	t.Update(loadNow(t))
	if t.in == nil || len(t.in.Einsaetze) < 30000 {
		b.Fatalf("nicht geladen: %v", t.err)
	}
	return t
}

// computeAndView runs the command that recomputes and draws the result,
// as the runtime would.
func computeAndView(b *testing.B, t *Tab) {
	cmd := t.compute()
	t.Update(cmd())
	if t.report == nil || t.View() == "" {
		b.Fatal("kein Bericht")
	}
}

// BenchmarkBerichteOpenYear: the tab shows a year of the 100 000 demo
// from the preloaded facts (compute the report, lay out the charts, View).
func BenchmarkBerichteOpenYear(b *testing.B) {
	t := largeTab(b)
	b.ReportAllocs()
	for b.Loop() {
		t.report = nil
		computeAndView(b, t)
	}
	if t.report.Sprachmittlung.Total < 30000 {
		b.Fatalf("%d Einsätze", t.report.Sprachmittlung.Total)
	}
}

// BenchmarkBerichteFilterChange: one filter change (a language, then back)
// recomputed and drawn.
func BenchmarkBerichteFilterChange(b *testing.B) {
	t := largeTab(b)
	filters := []model.ReportFilter{{Language: "Arabisch"}, {}, {Region: model.RegionNord}, {Language: "Tigrinya", Region: model.RegionZentrum}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		t.filter = filters[i%len(filters)]
		i++
		computeAndView(b, t)
	}
}
