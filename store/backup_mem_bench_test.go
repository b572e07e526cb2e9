//go:build linux

package store_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"stabsstelle/store"
)

// BenchmarkDailyBackupMemory measures what the TUI's first start of the day
// costs in memory: store.DailyBackup (WriteTo into a new file, fsync,
// rename, full check of the copy) on a copy of the large demo database
// (100 000 Einsätze), with the soft memory limit main.go sets. It reports
// the process's peak resident memory during the backup (VmHWM, reset
// before; Linux only), split into anonymous memory (Go heap …) and mapped
// file pages at their sampled peaks, the peak Go heap, and what the backup
// allocated.
//
// The database is the one the other store benchmarks use (generated once),
// or the file named by STABSSTELLE_BENCH_DB, e.g. one made by
// `stabsstelle --db /tmp/big.db demo --size large`.
func BenchmarkDailyBackupMemory(b *testing.B) {
	if _, err := os.Stat("/proc/self/clear_refs"); err != nil {
		b.Skip("needs /proc to read peak RSS")
	}
	src := os.Getenv("STABSSTELLE_BENCH_DB")
	if src == "" {
		src = largeDemoDB(b)
	}
	dir := b.TempDir()
	path := filepath.Join(dir, "stabsstelle.db")
	if err := copyFile(src, path); err != nil {
		b.Fatal(err)
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(96 << 20)) // as main.go
	st, err := store.Open(path, store.Options{Now: func() time.Time { return benchNow }})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.Run("daily", func(b *testing.B) {
		measureMemory(b, func() {
			os.RemoveAll(store.BackupDir(path))
		}, func() error {
			bak, err := store.DailyBackup(st)
			if err == nil && bak == "" {
				err = errors.New("no backup written")
			}
			return err
		})
	})
	// The check of the copy alone, as the backup runs it at its end.
	b.Run("check", func(b *testing.B) {
		list, err := store.ListBackups(store.BackupDir(path))
		if err != nil || len(list) == 0 {
			b.Skip("no backup to check", err)
		}
		measureMemory(b, func() {}, func() error {
			rep, err := store.CheckFile(list[0].Path)
			if err == nil && !rep.OK() {
				err = errors.New(rep.Problems[0])
			}
			return err
		})
	})
}

// measureMemory runs fn b.N times (prepare before each, untimed) and
// reports the peaks of the last run.
func measureMemory(b *testing.B, prepare func(), fn func() error) {
	var peak memPeak
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		prepare()
		runtime.GC()
		debug.FreeOSMemory()
		base := procStatus()["VmRSS"]
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		ru0 := rusage()
		stop := peak.start()
		b.StartTimer()

		err := fn()

		b.StopTimer()
		stop()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if err != nil {
			b.Fatal(err)
		}
		ru1 := rusage()
		hwm := procStatus()["VmHWM"]
		b.ReportMetric(float64(hwm)/1024, "peak-RSS-MB")
		b.ReportMetric(float64(base)/1024, "before-RSS-MB")
		b.ReportMetric(float64(peak.anon)/1024, "peak-anon-MB")
		b.ReportMetric(float64(peak.file)/1024, "peak-file-MB")
		b.ReportMetric(float64(peak.heap)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), "alloc-MB")
		b.ReportMetric(time.Duration(ru1.Utime.Nano()+ru1.Stime.Nano()-ru0.Utime.Nano()-ru0.Stime.Nano()).Seconds(), "cpu-s")
		b.ReportMetric(float64(ru1.Minflt-ru0.Minflt), "minflt")
		b.StartTimer()
	}
}

// memPeak samples resident memory and the Go heap every 5 ms while a phase
// runs; start resets VmHWM (/proc/self/clear_refs) and the peaks.
type memPeak struct {
	mu               sync.Mutex
	anon, file, heap uint64 // kB, kB, bytes
}

func (p *memPeak) start() (stop func()) {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	p.anon, p.file, p.heap = 0, 0, 0
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			st := procStatus()
			metrics.Read(sample)
			p.mu.Lock()
			p.anon = max(p.anon, st["RssAnon"])
			p.file = max(p.file, st["RssFile"]+st["RssShmem"])
			p.heap = max(p.heap, sample[0].Value.Uint64()+sample[1].Value.Uint64())
			p.mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func rusage() syscall.Rusage {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru
}

// procStatus reads the kB figures of /proc/self/status.
func procStatus() map[string]uint64 {
	out := map[string]uint64{}
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return out
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := bytes.Cut(sc.Bytes(), []byte(":"))
		if !ok {
			continue
		}
		f := bytes.Fields(v)
		if len(f) == 2 && string(f[1]) == "kB" {
			n, _ := strconv.ParseUint(string(f[0]), 10, 64)
			out[string(k)] = n
		}
	}
	return out
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
