package demo

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// TestEinsatzWriterWritesEveryBatchOrEndsWithTheError: the Einsätze are
// written by a goroutine of their own while the next batch is made. Every
// one of them arrives, with its number, in the order they were made; a
// batch the store refuses ends the demo with the store's error – no hang
// on the batches still queued, none of them written after it, and the
// maker told to stop making more.
func TestEinsatzWriterWritesEveryBatchOrEndsWithTheError(t *testing.T) {
	now := model.At(model.NewDate(2026, 11, 19), 10*60)
	for _, bad := range []int{-1, 2500} {
		st, err := store.Open(filepath.Join(t.TempDir(), "w.db"), store.Options{Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		g := &Gen{Store: st, Now: now, Who: "demo"}
		const total = 7001 // four batches, the last of one
		w := newEinsatzWriter(g, total)
		var made []*model.Einsatz
		for i := range total {
			e := &model.Einsatz{OrganisationID: "org", Language: "Tigrinya", Setting: model.SettingOnSite,
				Place: "Gifhorn", Address: fmt.Sprintf("Am Markt %d", i), Duration: time.Hour, Status: model.StatusAnfrage,
				Start: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)}
			if i == bad {
				e.Place = "Gif\x07horn"
			}
			made = append(made, e)
			if !w.add(e) && bad < 0 {
				t.Fatalf("add refused Einsatz %d, though no batch was refused", i)
			}
		}
		if bad >= 0 {
			// The maker is told to stop: add refuses once the writer
			// has failed (long before a million more are made).
			more := 0
			for ; more < 1_000_000 && w.add(made[0]); more++ {
			}
			if more == 1_000_000 {
				t.Errorf("add still takes Einsätze after the store refused a batch")
			}
		}
		err = w.close()
		var stored int
		_ = st.View(func(tx *store.Tx) error { stored = store.Einsaetze.Count(tx); return nil })
		if bad < 0 {
			if err != nil || stored != total {
				t.Fatalf("%v, %d of %d Einsätze stored", err, stored, total)
			}
			if made[0].Number >= made[total-1].Number || made[total-1].Number == "" {
				t.Errorf("numbers out of the order the Einsätze were made: %s … %s", made[0].Number, made[total-1].Number)
			}
		} else {
			// the first batch is written, the second refused, the rest dropped
			if err == nil || !strings.Contains(err.Error(), "Steuerzeichen") || stored != 2000 {
				t.Errorf("refused batch: %v, %d Einsätze stored, want 2000", err, stored)
			}
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
