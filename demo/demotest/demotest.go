// Package demotest gives benchmarks across packages one shared large demo
// database (100 000 Einsätze, `stabsstelle demo --size large --seed 1`)
// made around a fixed "today", generated once and kept in the temp
// directory while the generator is unchanged.
package demotest

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
	"stabsstelle/model"
	"stabsstelle/store"
)

// Now is the "today" of the benchmark database: Thursday 19.11.2026, 10:00.
var Now = model.At(model.NewDate(2026, 11, 19), 10*60)

var (
	mu    sync.Mutex
	built = map[int]result{}
)

type result struct {
	path string
	err  error
}

// LargeDB returns the path of the large demo database (100 000 Einsätze).
// Callers open it read-only in spirit: benchmarks must not write to it
// (copy it first).
func LargeDB(tb testing.TB) string { return DBOf(tb, 100000) }

// Sizes are the numbers of Einsätze of the growth table: 10 000 and
// 100 000 always, 1 000 000 ("demo --size huge", ten years; building it
// takes minutes) only with STABSSTELLE_BENCH_HUGE=1 or a file in
// STABSSTELLE_BENCH_DB_1M.
func Sizes(tb testing.TB) []int {
	out := []int{10000, 100000}
	if os.Getenv("STABSSTELLE_BENCH_HUGE") != "" || os.Getenv("STABSSTELLE_BENCH_DB_1M") != "" {
		out = append(out, 1000000)
	}
	return out
}

// SizeName names a size in benchmark names: 10k, 100k, 1M.
func SizeName(n int) string {
	if n >= 1000000 {
		return fmt.Sprintf("%dM", n/1000000)
	}
	return fmt.Sprintf("%dk", n/1000)
}

// DBOf returns the path of a demo database with n Einsätze (seed 1, the
// same day): 100 000 is `demo --size large`, 1 000 000 `demo --size huge`
// (ten years), 10 000 the large demo with a tenth of the Einsätze. It is
// built once and kept in the temp directory while the test binary is
// unchanged. STABSSTELLE_BENCH_DB (100 000), STABSSTELLE_BENCH_DB_10K and
// STABSSTELLE_BENCH_DB_1M name files made beforehand.
func DBOf(tb testing.TB, n int) string {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	r, ok := built[n]
	if !ok {
		r.path, r.err = build(n)
		built[n] = r
	}
	if r.err != nil {
		tb.Fatal(r.err)
	}
	return r.path
}

var envOf = map[int]string{10000: "STABSSTELLE_BENCH_DB_10K", 100000: "STABSSTELLE_BENCH_DB", 1000000: "STABSSTELLE_BENCH_DB_1M"}

// build keys the file by a hash of the running test binary, so a changed
// generator makes a new file and an unchanged build reuses it. A file named
// by the size's environment variable (made with `demo --seed 1` around the
// same day) is used as it is.
func build(n int) (string, error) {
	if p := os.Getenv(envOf[n]); p != "" {
		return p, nil
	}
	var stamp []byte
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			h := sha256.New()
			_, _ = io.Copy(h, f)
			f.Close()
			stamp = h.Sum(nil)[:8]
		}
	}
	p := filepath.Join(os.TempDir(), fmt.Sprintf("stabsstelle-bench-%s-seed1-%x.db", SizeName(n), stamp))
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), fmt.Sprintf("stabsstelle-bench-%s-seed1-*.db", SizeName(n))))
	for _, o := range old {
		os.Remove(o)
	}
	tmp := fmt.Sprintf("%s.%d.tmp", p, os.Getpid())
	st, err := store.Open(tmp, store.Options{Now: func() time.Time { return Now }})
	if err != nil {
		return "", err
	}
	opts := demo.Options{Large: true, Seed: 1, Now: Now, Who: "bench", Einsaetze: n}
	if n >= 1000000 {
		opts.Years = 10
	}
	err = demo.Run(st, opts)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return p, os.Rename(tmp, p)
}

// Copy returns a private copy of the large demo database in tb's temp
// directory: packages' benchmarks run as parallel processes and bbolt lets
// only one process open a file.
func Copy(tb testing.TB) string { return CopyOf(tb, 100000) }

// CopyOf is Copy for the demo database with n Einsätze.
func CopyOf(tb testing.TB, n int) string {
	tb.Helper()
	src := DBOf(tb, n)
	dst := filepath.Join(tb.TempDir(), "demo-"+SizeName(n)+".db")
	in, err := os.Open(src)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
	return dst
}
