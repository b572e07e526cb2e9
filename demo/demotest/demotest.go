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
	once sync.Once
	path string
	err  error
)

// LargeDB returns the path of the large demo database. Callers open it
// read-only in spirit: benchmarks must not write to it (copy it first).
func LargeDB(tb testing.TB) string {
	tb.Helper()
	once.Do(func() { path, err = build() })
	if err != nil {
		tb.Fatal(err)
	}
	return path
}

// build keys the file by a hash of the running test binary, so a changed
// generator makes a new file and an unchanged build reuses it. A file named
// by STABSSTELLE_BENCH_DB (made with `demo --size large --seed 1` around the
// same day) is used as it is.
func build() (string, error) {
	if p := os.Getenv("STABSSTELLE_BENCH_DB"); p != "" {
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
	p := filepath.Join(os.TempDir(), fmt.Sprintf("stabsstelle-bench-seed1-%x.db", stamp))
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), "stabsstelle-bench-seed1-*.db"))
	for _, o := range old {
		os.Remove(o)
	}
	tmp := fmt.Sprintf("%s.%d.tmp", p, os.Getpid())
	st, err := store.Open(tmp, store.Options{Now: func() time.Time { return Now }})
	if err != nil {
		return "", err
	}
	err = demo.Run(st, demo.Options{Large: true, Seed: 1, Now: Now, Who: "bench"})
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
func Copy(tb testing.TB) string {
	tb.Helper()
	src := LargeDB(tb)
	dst := filepath.Join(tb.TempDir(), "large.db")
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
