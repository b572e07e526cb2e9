package store

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

// mappedKB sums the resident pages of the process's mappings of path
// (/proc/self/smaps).
func mappedKB(t testing.TB, path string) int {
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
	if touched < 512 {
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

// TestCheckGivesMappedPagesBackWhileReading: inside the check's read
// (dropWhile) the pages read so far leave the process's resident memory
// while the read is still going on, and the data reads the same after.
func TestCheckGivesMappedPagesBackWhileReading(t *testing.T) {
	old := checkDropEvery
	checkDropEvery = time.Millisecond
	t.Cleanup(func() { checkDropEvery = old })
	f := smOpen(t)
	if err := f.addMany(3000, 0); err != nil {
		t.Fatal(err)
	}
	path := f.s.Path()
	err := f.s.View(func(tx *Tx) error {
		var touched, after, n int
		dropWhile(tx.btx, func() {
			_ = Einsaetze.Each(tx, func(*model.Einsatz) error { n++; return nil })
			touched = mappedKB(t, path)
			after = touched
			for deadline := time.Now().Add(5 * time.Second); after > 256 && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond)
				after = mappedKB(t, path)
			}
		})
		if n != 3000 || after > 256 {
			t.Errorf("%d records read; %d kB still mapped during the read", n, after)
		}
		// The pages come back on reading.
		n = 0
		_ = Einsaetze.Each(tx, func(*model.Einsatz) error { n++; return nil })
		if n != 3000 {
			t.Errorf("%d records on reading again", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The full check reads the whole file and leaves none of it mapped.
	if rep := f.s.Check(); !rep.OK() {
		t.Errorf("check: %q", rep.Problems)
	}
	if after := mappedKB(t, path); after > 256 {
		t.Errorf("%d kB mapped after the check", after)
	}
}

// TestBackupChecksCopyAfterBulkReadPagesAreBack: the backup checks its copy
// only after the pages of a bulk read running meanwhile (the tabs loading
// at start) have been given back, so the two are never mapped together.
func TestBackupChecksCopyAfterBulkReadPagesAreBack(t *testing.T) {
	old := dropDelay
	// Long enough that the pages are still mapped when the test looks
	// after the read, even on a loaded machine (at 300 ms the drop came
	// first there); the backup then waits for the drop.
	dropDelay = 3 * time.Second
	t.Cleanup(func() { dropDelay = old })
	f := smOpen(t)
	if err := f.addMany(3000, 0); err != nil {
		t.Fatal(err)
	}
	path := f.s.Path()
	if err := f.s.View(func(tx *Tx) error {
		// A bulk read that also touches every record page.
		tx.readsMuch()
		return Einsaetze.Each(tx, func(*model.Einsatz) error { return nil })
	}); err != nil {
		t.Fatal(err)
	}
	touched := mappedKB(t, path)
	if touched < 512 {
		t.Fatalf("only %d kB mapped after reading every record", touched)
	}
	start := time.Now()
	if _, err := Backup(f.s, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if after := mappedKB(t, path); after > touched/10 {
		t.Errorf("%d kB of the database still mapped when the backup was done after %v (%d kB before)", after, time.Since(start), touched)
	}
	// Nothing pending: the next backup does not wait.
	start = time.Now()
	f.s.drop.wait(time.Minute)
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("waited %v with no bulk read pending", d)
	}
}

// TestListScansLeaveNoPagesMapped: loading the list rows (the program's
// start) gives the pages back as it goes instead of holding the whole
// start index until a second after the last load; together with the rows
// piling up on the heap that put the start over the memory budget.
func TestListScansLeaveNoPagesMapped(t *testing.T) {
	f := smOpen(t)
	if err := f.addMany(3000, 0); err != nil {
		t.Fatal(err)
	}
	path := f.s.Path()
	// Touch the whole file first, so that the scan's own drop is seen.
	_ = f.s.View(func(tx *Tx) error {
		return Einsaetze.Each(tx, func(*model.Einsatz) error { return nil })
	})
	if before := mappedKB(t, path); before <= 256 {
		t.Skipf("only %d kB mapped after reading everything; nothing to see", before)
	}
	var n int
	err := f.s.View(func(tx *Tx) error {
		if err := EachEinsatzRow(tx, func(EinsatzRow) bool { n++; return true }); err != nil {
			return err
		}
		if after := mappedKB(t, path); after > 256 {
			t.Errorf("%d kB still mapped right after the rows were read", after)
		}
		return nil
	})
	if err != nil || n != 3000 {
		t.Fatalf("%d rows, %v", n, err)
	}
}

// TestDropsWhileReaderHoldsDataAcrossRemap: a reader holds values that
// point straight into bbolt's map (bbolt hands out slices of it, no
// copies) while the drop runs every millisecond inside its transaction
// (dropWhile, as the check and the list load run it) and a writer grows the
// file to many times the size of the map, so that bbolt must unmap and map
// it anew. The held bytes read the same through every drop (dropped pages
// come back from the file), the writer's remap waits until the reader is
// done, and afterwards every record reads back whole. Run with -race too.
func TestDropsWhileReaderHoldsDataAcrossRemap(t *testing.T) {
	old := checkDropEvery
	checkDropEvery = time.Millisecond
	t.Cleanup(func() { checkDropEvery = old })
	f := smOpen(t)
	if err := f.addMany(300, 0); err != nil {
		t.Fatal(err)
	}
	before := fileSize(t, f.s.Path())
	const rounds = 12
	writer := make(chan error, 1)
	var held, copies [][]byte
	var keys [][]byte
	err := f.s.View(func(tx *Tx) error {
		c := tx.btx.Bucket(Einsaetze.recBucket()).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			keys = append(keys, bytes.Clone(k))
			held = append(held, v)
			copies = append(copies, bytes.Clone(v))
		}
		if len(held) != 300 {
			t.Fatalf("%d records held", len(held))
		}
		go func() {
			for i := 1; i <= rounds; i++ {
				if err := f.addMany(500, i*500); err != nil {
					writer <- err
					return
				}
			}
			writer <- nil
		}()
		drops := 0
		dropWhile(tx.btx, func() {
			for deadline := time.Now().Add(300 * time.Millisecond); time.Now().Before(deadline); drops++ {
				dropMappedPages(tx.btx) // and from this goroutine too
				for i := range held {
					if !bytes.Equal(held[i], copies[i]) {
						t.Fatalf("record %d changed under the reader after %d drops", i, drops)
					}
				}
			}
		})
		select {
		case err := <-writer:
			t.Errorf("the writer grew the file past the map while a reader held it (%v)", err)
		default:
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-writer; err != nil {
		t.Fatal(err)
	}
	// bbolt maps at most twice the file (a power of two from 32 kB on):
	// grown past that, the map was made anew.
	if after := fileSize(t, f.s.Path()); after <= 2*before {
		t.Fatalf("the file grew only from %d to %d bytes: no remap", before, after)
	}
	err = f.s.View(func(tx *Tx) error {
		b := tx.btx.Bucket(Einsaetze.recBucket())
		for i, k := range keys {
			if v := b.Get(k); !bytes.Equal(v, copies[i]) {
				t.Errorf("record %x reads differently after the remap", k)
			}
		}
		if n := CountEinsaetze(tx); n != 300+rounds*500 {
			t.Errorf("%d Einsätze after the writer, want %d", n, 300+rounds*500)
		}
		return Einsaetze.Each(tx, func(*model.Einsatz) error { return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestRetentionPlanLeavesNoPagesMapped: the plan of the Löschlauf, which
// the program makes a few seconds after every start, reads every record;
// through ViewMuch none of the file stays mapped after it (on the large
// demo it left 140 MB).
func TestRetentionPlanLeavesNoPagesMapped(t *testing.T) {
	f := smOpen(t)
	if err := f.addMany(3000, 0); err != nil {
		t.Fatal(err)
	}
	path := f.s.Path()
	var plain *RetentionPlan
	if err := f.s.View(func(tx *Tx) (err error) { plain, err = PlanRetention(tx); return }); err != nil {
		t.Fatal(err)
	}
	if touched := mappedKB(t, path); touched < 512 {
		t.Fatalf("only %d kB mapped after a plain plan over 3 000 Einsätze", touched)
	}
	var plan *RetentionPlan
	if err := f.s.ViewMuch(func(tx *Tx) (err error) { plan, err = PlanRetention(tx); return }); err != nil {
		t.Fatal(err)
	}
	if after := mappedKB(t, path); after > 256 {
		t.Errorf("%d kB still mapped after the plan through ViewMuch", after)
	}
	if len(plan.Items) != len(plain.Items) {
		t.Errorf("plan through ViewMuch has %d items, plain %d", len(plan.Items), len(plain.Items))
	}
}
