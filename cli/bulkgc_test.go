package cli

import (
	"io"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestBulkVerbsRestoreGC: demo and import tune the garbage collector for
// their bulk writes and give the setting back afterwards – cli.Run also
// runs inside the team server, whose sessions must keep the default.
func TestBulkVerbsRestoreGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	const percent, limit = 123, int64(1 << 40)
	prevPercent := debug.SetGCPercent(percent)
	prevLimit := debug.SetMemoryLimit(limit)
	defer func() { debug.SetGCPercent(prevPercent); debug.SetMemoryLimit(prevLimit) }()

	dir := t.TempDir()
	db := filepath.Join(dir, "gc.db")
	if code := Run([]string{"--db", db, "--user", "meier", "demo"}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("demo: exit %d", code)
	}
	csv := volunteerList(t, dir, 20)
	if code := Run([]string{"--db", filepath.Join(dir, "imp.db"), "--user", "meier", "import", "engagierte", csv}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("import: exit %d", code)
	}
	if got := debug.SetGCPercent(percent); got != percent {
		t.Errorf("GOGC after the verbs = %d, want %d back", got, percent)
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit after the verbs = %d, want %d back", got, limit)
	}
}

// TestBulkGCDuringImport: while a bulk verb runs, the collector runs at
// GOGC=400 under the import's soft heap limit, unless the user set GOGC.
func TestBulkGCDuringImport(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	restore := bulkGC(importHeapLimit)
	percent := debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	limit := debug.SetMemoryLimit(-1)
	restore()
	if percent != 400 || limit != 64<<20 {
		t.Errorf("during the import: GOGC %d, limit %d; want 400 and 64 MiB", percent, limit)
	}
	t.Setenv("GOGC", "50")
	restore = bulkGC(importHeapLimit)
	percent = debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	restore()
	if percent == 400 {
		t.Error("GOGC set by the user was overridden")
	}
}
