package berichte

import (
	"testing"
	"time"

	"stabsstelle/demo/demotest"
	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/theme"
)

// largeTab is a Berichte tab over the large demo with the year's facts
// loaded (what the preload leaves after the start).
func largeTab(b *testing.B) *Tab {
	st, err := store.Open(demotest.LargeDB(b), store.Options{Now: func() time.Time { return demotest.Now }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	ctx := &common.Context{Store: st, User: "bench", Styles: theme.New(true), Global: keys.DefaultGlobal(),
		List: keys.DefaultList(), Now: func() time.Time { return demotest.Now }, Width: 80, Height: 21}
	t := New(ctx)
	t.w, t.h = 80, 21
	msg := t.ensureLoaded()()
	t.Update(msg)
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
