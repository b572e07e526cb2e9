package store

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

// mappedKB sums the resident pages of the process's mappings of path
// (/proc/self/smaps).
func mappedKB(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	kb, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 {
			continue
		}
		if !strings.HasSuffix(fs[0], ":") { // a mapping's header line
			in = len(fs) >= 6 && fs[len(fs)-1] == path
			continue
		}
		if in && fs[0] == "Rss:" && len(fs) >= 2 {
			n, _ := strconv.Atoi(fs[1])
			kb += n
		}
	}
	return kb
}

// TestBulkReadGivesMappedPagesBack: a plain read leaves the pages it
// touched in the process's resident memory; a bulk read gives them back a
// moment later.
func TestBulkReadGivesMappedPagesBack(t *testing.T) {
	quickDrop(t)
	f := smOpen(t)
	if err := f.addMany(3000, 0); err != nil {
		t.Fatal(err)
	}
	path := f.s.Path()
	// Touch every record page without marking the read.
	n := 0
	err := f.s.View(func(tx *Tx) error {
		return Einsaetze.Each(tx, func(e *model.Einsatz) error { n++; return nil })
	})
	if err != nil || n != 3000 {
		t.Fatal(n, err)
	}
	touched := mappedKB(t, path)
	if touched < 1024 {
		t.Fatalf("only %d kB mapped after reading every record", touched)
	}
	var rows []EinsatzRow
	if err := f.s.View(func(tx *Tx) (err error) { rows, err = LoadEinsatzRows(tx); return }); err != nil {
		t.Fatal(err)
	}
	after := mappedKB(t, path)
	for deadline := time.Now().Add(5 * time.Second); after > touched/10 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		after = mappedKB(t, path)
	}
	if after > touched/10 {
		t.Fatalf("%d kB still mapped after the bulk read (%d kB before)", after, touched)
	}
	if len(rows) != 3000 {
		t.Fatalf("%d rows", len(rows))
	}
}
