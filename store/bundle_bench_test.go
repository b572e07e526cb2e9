package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"

	"stabsstelle/model"
)

// The Außentermin budgets: export and merge of an event with 1 000
// registrations within a second each (BENCHMARKS.md).

const benchRegs = 1000

// benchOffice writes an office database at path with one event of
// benchRegs registrations (each a person with an e-mail) and closes it.
func benchOffice(b *testing.B, path string, now func() time.Time) string {
	b.Helper()
	s, err := Open(path, Options{Now: now})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ev := &model.Event{Title: "Integrationskonferenz", Type: model.EventArbeitskreis, Region: model.RegionZentrum,
		Start: now().Add(72 * time.Hour), End: now().Add(80 * time.Hour), Venue: "Stadthalle", Capacity: benchRegs + 100, Status: model.EventGeplant}
	err = s.Update("buero", func(tx *Tx) error {
		if err := SaveEvent(tx, ev); err != nil {
			return err
		}
		for i := range benchRegs {
			p := &model.Person{Name: fmt.Sprintf("Gast %04d", i), Email: fmt.Sprintf("gast%04d@example.org", i)}
			if err := People.Put(tx, p); err != nil {
				return err
			}
			if _, err := Register(tx, ev.ID, p.ID, RegisterOptions{Role: model.RoleEhrenamt}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return ev.Number
}

func benchKey(b *testing.B) (*age.X25519Identity, Protection, Unlock) {
	key, err := age.GenerateX25519Identity()
	if err != nil {
		b.Fatal(err)
	}
	return key, Protection{Recipients: []age.Recipient{key.Recipient()}},
		Unlock{Identities: func() ([]age.Identity, error) { return []age.Identity{key}, nil }}
}

// BenchmarkBundleExportEvent1000: `export bundle --event` of an event with
// 1 000 registrations (gather, encrypt, write, record the copy).
func BenchmarkBundleExportEvent1000(b *testing.B) {
	dir := b.TempDir()
	now := func() time.Time { return netNow }
	number := benchOffice(b, filepath.Join(dir, "buero.db"), now)
	s, err := Open(filepath.Join(dir, "buero.db"), Options{Now: now})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	_, prot, _ := benchKey(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out := filepath.Join(dir, fmt.Sprintf("einlass-%d.stb", i))
		res, err := s.ExportCopy("buero", ExportOptions{Events: []string{number}, Out: out, Protection: prot})
		if err != nil {
			b.Fatal(err)
		}
		if res.Manifest.Records < benchRegs*2 {
			b.Fatalf("the bundle holds %d records", res.Manifest.Records)
		}
	}
}

// BenchmarkBundleMerge1000: `import bundle` in the office of a change
// bundle in which the door checked in all 1 000 and took 50 walk-ins,
// while the office had changed nothing (decrypt, three-way merge, write).
func BenchmarkBundleMerge1000(b *testing.B) {
	dir := b.TempDir()
	now := func() time.Time { return netNow }
	office := filepath.Join(dir, "buero.db")
	number := benchOffice(b, office, now)
	_, prot, unlock := benchKey(b)
	s, err := Open(office, Options{Now: now})
	if err != nil {
		b.Fatal(err)
	}
	snap := filepath.Join(dir, "einlass.stb")
	if _, err := s.ExportCopy("buero", ExportOptions{Events: []string{number}, Out: snap, Protection: prot}); err != nil {
		b.Fatal(err)
	}
	s.Close()
	bundle, err := OpenBundle(snap, unlock)
	if err != nil {
		b.Fatal(err)
	}
	laptopPath := filepath.Join(dir, "laptop.db")
	if _, err := bundle.CreateCopy(laptopPath, "tuer", now); err != nil {
		b.Fatal(err)
	}
	bundle.Close()
	l, err := Open(laptopPath, Options{Now: now})
	if err != nil {
		b.Fatal(err)
	}
	var evID string
	err = l.View(func(tx *Tx) error {
		return Events.Each(tx, func(e *model.Event) error { evID = e.ID; return nil })
	})
	if err != nil {
		b.Fatal(err)
	}
	err = l.Update("tuer", func(tx *Tx) error {
		regs, err := RegistrationsOf(tx, evID)
		if err != nil {
			return err
		}
		for _, r := range regs {
			if _, err := CheckIn(tx, r.ID); err != nil {
				return err
			}
		}
		for i := range 50 {
			p := &model.Person{Name: fmt.Sprintf("Spontan %02d", i), Email: fmt.Sprintf("spontan%02d@example.org", i)}
			if _, err := RegisterNewPerson(tx, evID, p, RegisterOptions{WalkIn: true}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	back := filepath.Join(dir, "zurueck.stb")
	if _, err := l.ExportChanges("tuer", back, prot); err != nil {
		b.Fatal(err)
	}
	l.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		fresh := filepath.Join(dir, fmt.Sprintf("buero-%d.db", i))
		copyFileForBench(b, office, fresh)
		s, err := Open(fresh, Options{Now: now})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		bundle, err := OpenBundle(back, unlock)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := s.Merge("buero", bundle)
		bundle.Close()
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if rep.Applied < benchRegs || rep.Created != 100 {
			b.Fatalf("merge: applied %d, created %d", rep.Applied, rep.Created)
		}
		s.Close()
		os.Remove(fresh)
		b.StartTimer()
	}
}

func copyFileForBench(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}
