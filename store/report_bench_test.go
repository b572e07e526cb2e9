package store_test

import (
	"testing"

	"stabsstelle/demo/demotest"
	"stabsstelle/model"
	"stabsstelle/store"
)

// BenchmarkReportLoadYear: everything the Berichte read for one year of the
// large demo (33 000 Einsätze read from the facts index, payments, events,
// tasks). The Berichte tab does this once, in the background, when it is
// first shown.
func BenchmarkReportLoadYear(b *testing.B) {
	st := openLarge(b)
	b.ReportAllocs()
	defer demotest.CPU(b)()
	for b.Loop() {
		err := st.View(func(tx *store.Tx) error {
			in, err := store.LoadReportInput(tx, model.YearPeriod(2026))
			if err == nil && len(in.Einsaetze) < 30000 {
				b.Fatalf("nur %d Einsätze", len(in.Einsaetze))
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
