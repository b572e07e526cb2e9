package cli

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"stabsstelle/demo/demotest"
)

// BenchmarkImportEngagierteProcess: the whole process `stabsstelle import
// engagierte` of a list of 20 000 / 200 000 / 400 000 rows (every 1000th
// with a bad IBAN) into a new database. Budget at 200 000: ≤ 4 s, and
// ≤ 150 MB peak whatever the row count (reported as peak-MB, the
// process's maximum resident memory).
func BenchmarkImportEngagierteProcess(b *testing.B) {
	bin := builtBinary(b)
	for _, n := range []int{20000, 200000, 400000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			dir := b.TempDir()
			csv := volunteerList(b, dir, n)
			var cpu time.Duration
			peak := int64(0)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				db := filepath.Join(dir, "import"+strconv.Itoa(i)+".db")
				cmd := exec.Command(bin, "--db", db, "--user", "bench", "import", "engagierte", csv)
				hwm, err := runWatchingPeak(cmd)
				if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
					b.Fatal(err) // 1 = the bad rows, expected
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				peak = max(peak, hwm)
			}
			demotest.ReportChildCPU(b, cpu)
			if peak > 0 {
				b.ReportMetric(float64(peak)/1024, "peak-MB")
			}
		})
	}
}

// BenchmarkImportEngagierteCommand: the same import through cli.Run, for
// profiles (go test -cpuprofile).
func BenchmarkImportEngagierteCommand(b *testing.B) {
	dir := b.TempDir()
	csv := volunteerList(b, dir, 50000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db := filepath.Join(dir, "import"+strconv.Itoa(i)+".db")
		if code := Run([]string{"--db", db, "--user", "bench", "import", "engagierte", csv}, io.Discard, io.Discard); code > 1 {
			b.Fatal(code)
		}
	}
}

// runWatchingPeak runs cmd and returns its peak resident memory in KB (0
// where /proc does not tell): its VmHWM, read every 2 ms until it ends.
// Not the child's ru_maxrss: Go starts a child sharing this process's
// memory (vfork) and Linux keeps that high-water mark across exec, so the
// child was charged with the 140 MB this benchmark used to make its list.
// VmHWM belongs to the program's own address space and only grows, so the
// last read before the end is its peak but for the last 2 ms.
func runWatchingPeak(cmd *exec.Cmd) (int64, error) {
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	done, result := make(chan struct{}), make(chan int64)
	go func() {
		var peak int64
		for {
			if st, err := os.ReadFile(status); err == nil {
				for _, l := range strings.Split(string(st), "\n") {
					if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
						kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
						peak = max(peak, kb)
					}
				}
			}
			select {
			case <-done:
				result <- peak
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	return <-result, err
}
