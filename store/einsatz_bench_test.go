package store_test

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"stabsstelle/demo"
	"stabsstelle/demo/demotest"
	"stabsstelle/model"
	"stabsstelle/store"
)

// benchNow is the "today" of the benchmark database: a Thursday.
var benchNow = model.At(model.NewDate(2026, 11, 19), 10*60)

var (
	benchOnce sync.Once
	benchPath string
	benchErr  error
)

// largeDemoDB returns a database made by `stabsstelle demo --size large
// --seed 1` around benchNow (100 000 Einsätze). It is generated once and
// kept in the system's temp directory, keyed by seed and by this test
// binary's build (a changed generator makes a new file; older files of
// earlier builds are removed).
func largeDemoDB(b *testing.B) string {
	benchOnce.Do(func() {
		// A database made beforehand (same seed and day) saves building one.
		if p := os.Getenv("STABSSTELLE_BENCH_DB"); p != "" {
			benchPath = p
			return
		}
		// Key: a hash of this test binary, so an unchanged build reuses the
		// file and a changed generator makes a new one.
		var stamp []byte
		if exe, err := os.Executable(); err == nil {
			if f, err := os.Open(exe); err == nil {
				h := sha256.New()
				_, _ = io.Copy(h, f)
				f.Close()
				stamp = h.Sum(nil)[:8]
			}
		}
		benchPath = filepath.Join(os.TempDir(), fmt.Sprintf("stabsstelle-bench-store-seed1-%x.db", stamp))
		if _, err := os.Stat(benchPath); err == nil {
			return
		}
		old, _ := filepath.Glob(filepath.Join(os.TempDir(), "stabsstelle-bench-store-seed1-*.db"))
		for _, o := range old {
			os.Remove(o)
		}
		tmp := fmt.Sprintf("%s.%d.tmp", benchPath, os.Getpid())
		st, err := store.Open(tmp, store.Options{Now: func() time.Time { return benchNow }})
		if err != nil {
			benchErr = err
			return
		}
		err = demo.Run(st, demo.Options{Large: true, Seed: 1, Now: benchNow, Who: "bench"})
		if err != nil {
			// A later area's step may fail while it is being built; the
			// Einsätze (step 30) are complete if the count is right.
			n := 0
			_ = st.View(func(tx *store.Tx) error { n = store.Einsaetze.Count(tx); return nil })
			if n >= 100000 {
				fmt.Fprintf(os.Stderr, "Hinweis: Demodaten unvollständig (%v); %d Einsätze vorhanden, Messung läuft.\n", err, n)
				err = nil
			}
		}
		if cerr := st.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(tmp)
			benchErr = err
			return
		}
		benchErr = os.Rename(tmp, benchPath)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

func openLarge(b *testing.B) *store.Store {
	st, err := store.Open(largeDemoDB(b), store.Options{Now: func() time.Time { return benchNow }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkLoadEinsatzRows: all 100 000 rows from the start index, as the
// list and agenda load them.
func BenchmarkLoadEinsatzRows(b *testing.B) {
	st := openLarge(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := st.View(func(tx *store.Tx) error {
			rows, err := store.LoadEinsatzRows(tx)
			if len(rows) < 100000 {
				b.Fatalf("only %d rows", len(rows))
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEinsaetzeBetweenWeek: one week (the agenda's week view).
func BenchmarkEinsaetzeBetweenWeek(b *testing.B) {
	st := openLarge(b)
	mon := model.Today(benchNow).StartOfWeek()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = st.View(func(tx *store.Tx) error {
			rows, err := store.EinsaetzeBetween(tx, mon.Midnight(), mon.AddDays(7).Midnight())
			if err != nil || len(rows) == 0 {
				b.Fatalf("%v %d", err, len(rows))
			}
			return nil
		})
	}
}

// BenchmarkSearchStore: store.Search over 100 000 Einsätze and all people:
// a language, two terms, a name with umlaut, one letter (the widest prefix)
// and a number.
func BenchmarkSearchStore(b *testing.B) {
	st := openLarge(b)
	for _, q := range []string{"tigrinya", "tigrinya jobcenter", "müller", "a", "E-2026-0042"} {
		b.Run(q, func(b *testing.B) {
			defer demotest.CPU(b)()
			for i := 0; i < b.N; i++ {
				_ = st.View(func(tx *store.Tx) error {
					hits, err := store.Search(tx, q, 50)
					if err != nil || len(hits) == 0 {
						b.Fatalf("%v %d", err, len(hits))
					}
					return nil
				})
			}
		})
	}
}

// BenchmarkSearchStoreFiltered: "arabisch" with --kind/--from/--to over
// 100 000 Einsätze. The date is read from each candidate record until the
// limit is reached, so an early --to (old records, behind all newer
// matches) is the dear case.
func BenchmarkSearchStoreFiltered(b *testing.B) {
	st := openLarge(b)
	today := model.Today(benchNow)
	for _, c := range []struct {
		name string
		f    store.SearchFilter
	}{
		{"kind einsatz", store.SearchFilter{Kinds: []string{store.KindEinsatz}}},
		{"from a month ago", store.SearchFilter{From: today.AddDays(-30)}},
		{"to a year and a half ago", store.SearchFilter{To: today.AddDays(-540)}},
	} {
		b.Run(c.name, func(b *testing.B) {
			defer demotest.CPU(b)()
			for i := 0; i < b.N; i++ {
				_ = st.View(func(tx *store.Tx) error {
					hits, err := store.SearchFiltered(tx, "arabisch", 50, c.f)
					if err != nil || len(hits) == 0 {
						b.Fatalf("%v %d", err, len(hits))
					}
					return nil
				})
			}
		})
	}
}

// BenchmarkMatchCandidates: "Sprachmittler:in suchen" for one request.
func BenchmarkMatchCandidates(b *testing.B) {
	st := openLarge(b)
	e := &model.Einsatz{Language: "Arabisch", Setting: model.SettingOnSite, Place: "Gifhorn",
		Start: model.At(model.Today(benchNow).AddDays(7), 10*60), Duration: time.Hour}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = st.View(func(tx *store.Tx) error {
			_, err := store.MatchCandidates(tx, e)
			return err
		})
	}
}
