package store

import (
	"io"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkMadviseSaves measures what giving the mapped pages back
// (dropMappedPages, madvise MADV_DONTNEED) saves: the same read once
// without the drop ("ohne") and once as the program runs it ("mit"). It
// reports the resident pages of the database file's mapping in the
// process (/proc/self/smaps) at the end of the read ("mapped-MB") and
// their peak during it ("peak-mapped-MB", sampled every 5 ms), and the CPU
// time the read took ("cpu-s/op", the sampler included). The reads:
// the list rows of every Einsatz (the program's start) and the full check
// (the daily backup checks its copy so).
//
// The database is STABSSTELLE_BENCH_DB (e.g. made by `stabsstelle --db
// /tmp/big.db demo --size large`), copied first; without it 20 000
// Einsätze written here.
//
//	STABSSTELLE_BENCH_DB=/tmp/big.db go test ./store -run '^$' -bench MadviseSaves -benchtime 3x
func BenchmarkMadviseSaves(b *testing.B) {
	s := madviseBenchStore(b)
	path := s.Path()
	run := func(name string, read func(tx *Tx)) {
		b.Run(name, func(b *testing.B) {
			var end, peak int
			var cpu time.Duration
			for range b.N {
				// Start from nothing mapped: both variants pay the same faults.
				_ = s.View(func(tx *Tx) error { dropMappedPages(tx.btx); return nil })
				stop := samplePeak(b, path, &peak)
				before := cpuTime()
				if err := s.View(func(tx *Tx) error { read(tx); return nil }); err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - before
				stop()
				end = mappedKB(b, path)
			}
			b.ReportMetric(float64(end)/1024, "mapped-MB")
			b.ReportMetric(float64(peak)/1024, "peak-mapped-MB")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
	}
	rows := func(tx *Tx) {
		n := 0
		if err := scanRows(tx, IdxEinsatzStart, nil, nil, false, func(EinsatzRow) bool { n++; return true }); err != nil || n == 0 {
			b.Fatal(n, err)
		}
	}
	check := func(tx *Tx) {
		if rep := checkTx(path, tx, true, false); !rep.OK() {
			b.Fatal(rep.Problems)
		}
	}
	run("liste/ohne", rows)
	run("liste/mit", func(tx *Tx) { dropWhile(tx.btx, func() { rows(tx) }) })
	run("pruefung/ohne", check)
	run("pruefung/mit", func(tx *Tx) { dropWhile(tx.btx, func() { check(tx) }) })
}

// madviseBenchStore opens a copy of STABSSTELLE_BENCH_DB, or a new file
// with 20 000 Einsätze.
func madviseBenchStore(b *testing.B) *Store {
	b.Helper()
	if src := os.Getenv("STABSSTELLE_BENCH_DB"); src != "" {
		path := filepath.Join(b.TempDir(), "bench.db")
		in, err := os.Open(src)
		if err != nil {
			b.Fatal(err)
		}
		out, err := os.Create(path)
		if err == nil {
			_, err = io.Copy(out, in)
			if cerr := out.Close(); err == nil {
				err = cerr
			}
		}
		in.Close()
		if err != nil {
			b.Fatal(err)
		}
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	}
	f := smOpen(b)
	for i := range 20 {
		if err := f.addMany(1000, i*1000); err != nil {
			b.Fatal(err)
		}
	}
	return f.s
}

// cpuTime is the process's CPU time so far (user and system): the wall
// time of a read on a busy machine says little.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// samplePeak records in *peak the largest mappedKB of path seen until stop.
func samplePeak(tb testing.TB, path string, peak *int) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			*peak = max(*peak, mappedKB(tb, path))
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait(); *peak = max(*peak, mappedKB(tb, path)) }
}
