package cli

import (
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
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
				err := cmd.Run()
				if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
					b.Fatal(err) // 1 = the bad rows, expected
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > peak {
					peak = ru.Maxrss
				}
			}
			demotest.ReportChildCPU(b, cpu)
			b.ReportMetric(float64(peak)/1024, "peak-MB")
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
