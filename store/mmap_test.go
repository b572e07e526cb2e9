package store

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"stabsstelle/model"
)

// addMany writes n Einsätze in one bulk transaction, with enough text that
// the file grows by a few megabytes.
func (f *smFixture) addMany(n, from int) error {
	return f.s.Bulk("test", func(tx *Tx) error {
		for i := range n {
			e := &model.Einsatz{OrganisationID: f.org.ID, Language: "Tigrinya", Setting: model.SettingOnSite,
				Place: "Gifhorn", Address: "Am Markt 1", Notes: strings.Repeat("Notiz ", 100),
				Start: smAt(2026, 3, 2, 8, 0).Add(time.Duration(from+i) * time.Minute), Duration: time.Hour,
				Status: model.StatusSuche}
			if err := Einsaetze.Put(tx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// quickDrop makes the drop after bulk reads come at once, for the test.
func quickDrop(t *testing.T) {
	old := dropDelay
	dropDelay = time.Millisecond
	t.Cleanup(func() { dropDelay = old })
}

// TestBulkReadDropsPagesKeepsData: after a read that gives its mapped pages
// back, the same data reads the same.
func TestBulkReadDropsPagesKeepsData(t *testing.T) {
	quickDrop(t)
	f := smOpen(t)
	if err := f.addMany(3000, 0); err != nil {
		t.Fatal(err)
	}
	load := func() []EinsatzRow {
		var rows []EinsatzRow
		if err := f.s.View(func(tx *Tx) (err error) { rows, err = LoadEinsatzRows(tx); return }); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	first := load()
	if len(first) != 3000 {
		t.Fatalf("%d rows", len(first))
	}
	for range 3 {
		time.Sleep(20 * time.Millisecond) // the drop
		again := load()
		if fmt.Sprint(again) != fmt.Sprint(first) {
			t.Fatal("rows differ after the mapped pages were dropped")
		}
	}
	// Records (not only index rows) read back intact as well.
	if e := f.get(t, first[1234].ID); e.Number != first[1234].Number || !strings.HasPrefix(e.Notes, "Notiz Notiz") {
		t.Fatalf("record %s read back as %s %.20q", first[1234].Number, e.Number, e.Notes)
	}
}

// TestBulkReadWhileFileGrows: bulk reads (each asking for a drop of the
// mapped pages) run while a writer grows the file, so bbolt remaps it between
// them, and the drops run at the same time. Every read sees a complete
// snapshot. Run with -race too.
func TestBulkReadWhileFileGrows(t *testing.T) {
	quickDrop(t)
	f := smOpen(t)
	if err := f.addMany(500, 0); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for i := 1; i <= 20; i++ {
			if err := f.addMany(500, i*500); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	// And drops without pause besides the ones the reads ask for.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			default:
			}
			_ = f.s.View(func(tx *Tx) error { dropMappedPages(tx.btx); return nil })
		}
	}()
	reads, last := 0, 0
	for stop := false; !stop; {
		select {
		case <-done:
			stop = true
		default:
		}
		err := f.s.View(func(tx *Tx) error {
			want := CountEinsaetze(tx)
			got := 0
			err := EachEinsatzRow(tx, func(r EinsatzRow) bool {
				if r.Language != "Tigrinya" || !strings.HasPrefix(r.Number, "E-") {
					t.Errorf("bad row %+v", r)
				}
				got++
				return true
			})
			if got != want || got < last {
				t.Errorf("read %d rows, counted %d, before %d", got, want, last)
			}
			last = got
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		reads++
	}
	wg.Wait()
	t.Logf("%d bulk reads while the file grew to %d Einsätze", reads, last)
}
