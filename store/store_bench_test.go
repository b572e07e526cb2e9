package store

import (
	"path/filepath"
	"sort"
	"testing"
	"time"

	"stabsstelle/model"
)

// BenchmarkSaveOneRecord measures one interactive save (one Update with
// fsync, record + index + journal) and reports the p99 latency, the budget
// in BENCHMARKS.md (p99 ≤ 20 ms).
func BenchmarkSaveOneRecord(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	// A file of realistic size first: 5 000 people.
	s.Bulk("bench", func(tx *Tx) error {
		for i := 0; i < 5000; i++ {
			if err := People.Put(tx, &model.Person{Name: "Person Nummer", City: "Gifhorn"}); err != nil {
				return err
			}
		}
		return nil
	})
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		err := s.Update("bench", func(tx *Tx) error {
			return People.Put(tx, &model.Person{Name: "Amina Haddad", City: "Gifhorn", Phone: "05371 1234"})
		})
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}
