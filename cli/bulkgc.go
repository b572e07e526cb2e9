package cli

import (
	"os"
	"runtime/debug"
)

// bulkGC lets the garbage collector run less often while a verb writes
// records in bulk (demo, CSV imports) and returns a function that restores
// the previous setting (cli.Run also runs inside tests and the team server).
//
// Such a verb makes a great deal of short-lived garbage (JSON, index keys,
// postings) around a small live heap, so with the default GOGC=100 the
// collector ran every few MB: a fifth of the CPU time. GOGC=400 took a
// quarter off the CPU time of `demo --size large` (12.4 → 9.6 s) and of
// importing 200 000 rows (12.6 → 8.1 s, paired runs, BENCHMARKS.md). The
// soft memory limit keeps the heap of an import bounded whatever the row
// count (peak RSS 134 MB with the mapped file, budget 150). The demo holds
// its generated pool in memory, near main's soft limit of 96 MB for most of
// its run: chasing that cost the large demo 300 collections and a third
// more CPU (8.6–9.0 instead of 7.2 s). It gets demoHeapLimit; without any
// limit it took 6.8 s but 450 MB. A GOGC or GOMEMLIMIT set by the user wins.
func bulkGC(limit int64) (restore func()) {
	restore = func() {}
	if os.Getenv("GOGC") == "" {
		prev := debug.SetGCPercent(400)
		restore = func() { debug.SetGCPercent(prev) }
	}
	if limit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		prevLimit := debug.SetMemoryLimit(limit)
		gc := restore
		restore = func() { gc(); debug.SetMemoryLimit(prevLimit) }
	}
	return restore
}

// importHeapLimit is the soft heap limit of a CSV import (see bulkGC).
const importHeapLimit = 64 << 20

// demoHeapLimit is the soft heap limit of `demo` (see bulkGC): the large
// demo peaks at 200 MB RSS with it. The huge one keeps ten times as much in
// memory (among it the search index it writes at the end): under 160 MB it
// took 76 s and 108 s of CPU, under 400 MB 45 s and 54 s (RSS 820 MB, most
// of it pages of its 800 MB file).
const (
	demoHeapLimit     = 160 << 20
	hugeDemoHeapLimit = 400 << 20
)
