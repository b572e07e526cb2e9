package cli

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"stabsstelle/demo/demotest"
)

// largeDemoDB is a private copy of the shared 100 000-Einsatz demo
// database (its "today" is Thursday 19.11.2026).
func largeDemoDB(b *testing.B) string { return demotest.Copy(b) }

// BenchmarkTodayCommand: `stabsstelle today --date 19.11.2026 --json` at
// 100 000 Einsätze through cli.Run (open, read, print, close), without
// process start.
func BenchmarkTodayCommand(b *testing.B) {
	db := largeDemoDB(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"--db", db, "today", "--date", "19.11.2026", "--json"}, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkSearchCommand: `stabsstelle search tigrinya jobcenter` at
// 100 000 Einsätze through cli.Run.
func BenchmarkSearchCommand(b *testing.B) {
	db := largeDemoDB(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"--db", db, "search", "tigrinya", "jobcenter", "--json"}, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// builtBinary builds the program once into a temp dir, for whole-process
// timings.
func builtBinary(b *testing.B) string {
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "stabsstelle-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "stabsstelle")
		out, err := exec.Command("go", "build", "-o", binPath, "..").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		b.Skip(binErr)
	}
	return binPath
}

func benchProcess(b *testing.B, args ...string) {
	db := largeDemoDB(b)
	bin := builtBinary(b)
	args = append([]string{"--db", db}, args...)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTodayProcess: the whole process `stabsstelle --db … today
// --date 19.11.2026` (start, open, read, print, exit). Budget ≤ 50 ms.
func BenchmarkTodayProcess(b *testing.B) { benchProcess(b, "today", "--date", "19.11.2026") }

// BenchmarkSearchProcess: the whole process `stabsstelle search tigrinya
// jobcenter`. Budget ≤ 200 ms.
func BenchmarkSearchProcess(b *testing.B) { benchProcess(b, "search", "tigrinya", "jobcenter") }

// BenchmarkCandidatesProcess: the whole process `stabsstelle candidates
// --language Arabisch --date 26.11.2026 --time 10:00 --place Gifhorn`
// (every Arabic interpreter with the bookings of the month). Budget ≤ 50 ms,
// as today: it answers a phone call.
func BenchmarkCandidatesProcess(b *testing.B) {
	benchProcess(b, "candidates", "--language", "Arabisch", "--date", "26.11.2026", "--time", "10:00", "--place", "Gifhorn")
}

// BenchmarkCandidatesCommand: `candidates … --json` through cli.Run,
// without process start.
func BenchmarkCandidatesCommand(b *testing.B) {
	db := largeDemoDB(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"--db", db, "candidates", "--language", "Arabisch", "--date", "26.11.2026", "--time", "10:00",
			"--place", "Gifhorn", "--json"}, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}
