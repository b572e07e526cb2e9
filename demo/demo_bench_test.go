package demo_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"stabsstelle/demo"
	"stabsstelle/demo/demotest"
	"stabsstelle/store"
)

// BenchmarkDemoLarge is `stabsstelle demo --size large` without the process
// start: 100 000 Einsätze and everything around them into a fresh file. It
// reports the CPU time and the size of the file it leaves (file-MB), the two
// budget rows of the large demo.
func BenchmarkDemoLarge(b *testing.B) {
	var size int64
	stop := demotest.CPU(b)
	for i := 0; i < b.N; i++ {
		path := filepath.Join(b.TempDir(), "gross.db")
		st, err := store.Open(path, store.Options{Now: func() time.Time { return demotest.Now }})
		if err != nil {
			b.Fatal(err)
		}
		if err := demo.Run(st, demo.Options{Large: true, Seed: 1, Now: demotest.Now, Who: "bench"}); err != nil {
			b.Fatal(err)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size = fi.Size()
	}
	stop()
	b.ReportMetric(float64(size)/1e6, "file-MB")
}
