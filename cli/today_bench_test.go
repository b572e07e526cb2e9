package cli

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"stabsstelle/demo/demotest"
)

// BenchmarkTodayCommand: `stabsstelle today --date 19.11.2026 --json`
// through cli.Run (open, read, print, close), without the process start –
// the part of the whole-process figure that depends on the data.
func BenchmarkTodayCommand(b *testing.B) {
	benchCommand(b, "today", "--date", "19.11.2026", "--json")
}

// BenchmarkSearchCommand: `stabsstelle search Tigrinya --json` through
// cli.Run.
func BenchmarkSearchCommand(b *testing.B) { benchCommand(b, "search", "Tigrinya", "--json") }

// largeDemoDB is a private copy of the 100 000-Einsätze demo database.
func largeDemoDB(b *testing.B) string { return demotest.Copy(b) }

func benchCommand(b *testing.B, args ...string) {
	for _, n := range demotest.Sizes(b) {
		b.Run(demotest.SizeName(n), func(b *testing.B) {
			db := demotest.CopyOf(b, n)
			args := append([]string{"--db", db}, args...)
			defer demotest.CPU(b)()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if code := Run(args, io.Discard, io.Discard); code != 0 {
					b.Fatal(code)
				}
			}
		})
	}
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// builtBinary builds the program once into a temp dir, for whole-process
// timings, as `make build` does: without cgo, statically linked.
func builtBinary(b *testing.B) string {
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "stabsstelle-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "stabsstelle")
		cmd := exec.Command("go", "build", "-o", binPath, "..")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
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
	for _, n := range demotest.Sizes(b) {
		b.Run(demotest.SizeName(n), func(b *testing.B) {
			db := demotest.CopyOf(b, n)
			bin := builtBinary(b)
			args := append([]string{"--db", db}, args...)
			var cpu time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(bin, args...)
				cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
				if err := cmd.Run(); err != nil {
					b.Fatal(err)
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
			demotest.ReportChildCPU(b, cpu)
		})
	}
}

// BenchmarkHelloProcess: the floor of every whole-process figure on this
// machine – a Go program that only prints a line (built once) – for
// reading the others against the load of the machine at the time.
func BenchmarkHelloProcess(b *testing.B) {
	dir := b.TempDir()
	src := filepath.Join(dir, "main.go")
	os.WriteFile(src, []byte("package main\n\nimport \"os\"\n\nfunc main() { os.Stdout.WriteString(\"hallo\\n\") }\n"), 0o600)
	bin := filepath.Join(dir, "hello")
	cmd := exec.Command("go", "build", "-o", bin, src)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Skipf("go build: %v\n%s", err, out)
	}
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := exec.Command(bin)
		if err := c.Run(); err != nil {
			b.Fatal(err)
		}
		cpu += c.ProcessState.UserTime() + c.ProcessState.SystemTime()
	}
	demotest.ReportChildCPU(b, cpu)
}

// BenchmarkTodayProcess: the whole process `stabsstelle --db … today
// --date 19.11.2026` (start, open, read, print, exit). Budget ≤ 5 ms at
// 100 000 Einsätze, ≤ 2× that at 1 000 000.
func BenchmarkTodayProcess(b *testing.B) { benchProcess(b, "today", "--date", "19.11.2026") }

// BenchmarkSearchProcess: the whole process `stabsstelle search Tigrinya
// --json`. Budget ≤ 10 ms at 100 000 Einsätze, ≤ 2× that at 1 000 000.
func BenchmarkSearchProcess(b *testing.B) { benchProcess(b, "search", "Tigrinya", "--json") }

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
