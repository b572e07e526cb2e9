package main

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"stabsstelle/demo/demotest"
)

// BenchmarkRSSAfterStart is the budget "RSS after start ≤ 50 MB" as a
// benchmark: the built program in a pseudo-terminal of 120×40 on the large
// demo (100 000 Einsätze), its resident memory (VmRSS) 8 s after the start,
// when the whole list, the other tabs and the retention plan have loaded.
// hwm-MB is the peak while loading (VmHWM). Linux only (/proc).
func BenchmarkRSSAfterStart(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("misst über /proc")
	}
	bin := binary(b)
	db := demotest.CopyOf(b, 100000)
	// The day's backup first, as the day's first start would have made it:
	// otherwise its copy and check are what is measured.
	if out, err := exec.Command(bin, "--db", db, "backup").CombinedOutput(); err != nil {
		b.Fatalf("backup: %v\n%s", err, out)
	}
	var rss, hwm float64
	b.ResetTimer()
	for range b.N {
		r, h := rssAfterStart(b, bin, db, 8*time.Second)
		rss, hwm = max(rss, r), max(hwm, h)
	}
	b.ReportMetric(rss, "rss-MB")
	b.ReportMetric(hwm, "hwm-MB")
}

// rssAfterStart starts the program on db, waits until its list is loaded
// and then until wait has passed since the start, reads VmRSS and VmHWM in
// MB and quits the program.
func rssAfterStart(b *testing.B, bin, db string, wait time.Duration) (rss, hwm float64) {
	cmd := exec.Command(bin, "--db", db, "--user", "bench")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	start := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var scr screen
	go func() { _, _ = copyAll(&scr, f) }()
	scr.waitFor(b, "Einträge", 30*time.Second)
	time.Sleep(time.Until(start.Add(wait)))
	rss, hwm = procStatusMB(b, cmd.Process.Pid, "VmRSS:"), procStatusMB(b, cmd.Process.Pid, "VmHWM:")
	quitTUI(b, cmd, f)
	return rss, hwm
}

// procStatusMB reads one "kB" line of /proc/PID/status, in MB.
func procStatusMB(b *testing.B, pid int, field string) float64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				b.Fatalf("%s: %v", field, err)
			}
			return kb / 1024
		}
	}
	b.Fatalf("%s not in /proc/%d/status", field, pid)
	return 0
}
