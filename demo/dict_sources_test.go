package demo_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"stabsstelle/demo"
	"stabsstelle/model"
	"stabsstelle/store"
)

// TestWriteDictSources writes the large demos the compression dictionaries
// are made from (store.TestWriteDicts) into STABSSTELLE_DICT_SOURCES: other
// seeds, users and days than the benchmarks' (seed 1, "bench", 19.11.2026),
// so a dictionary learns what every file has in common and the benchmarks
// measure a file the dictionary has not seen.
//
//	STABSSTELLE_DICT_SOURCES=/tmp/dict go test ./demo -run TestWriteDictSources
//	STABSSTELLE_DICT_DB=/tmp/dict/seed2.db:/tmp/dict/seed3.db:/tmp/dict/seed4.db go test ./store -run TestWriteDicts
func TestWriteDictSources(t *testing.T) {
	dir := os.Getenv("STABSSTELLE_DICT_SOURCES")
	if dir == "" {
		t.Skip("nur zum Erzeugen der Wörterbücher")
	}
	for _, src := range []struct {
		seed uint64
		who  string
		now  time.Time
	}{
		{2, "a.schmidt", model.At(model.NewDate(2025, 3, 12), 9*60)},
		{3, "kreis.admin", model.At(model.NewDate(2027, 7, 1), 14*60+30)},
		{4, "m.kaya", model.At(model.NewDate(2029, 10, 15), 8*60+15)},
	} {
		path := filepath.Join(dir, fmt.Sprintf("seed%d.db", src.seed))
		now := src.now
		st, err := store.Open(path, store.Options{Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.Run(st, demo.Options{Large: true, Seed: src.seed, Now: now, Who: src.who}); err != nil {
			t.Fatal(err)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
