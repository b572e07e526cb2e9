// Package demo fills an empty database with realistic, deterministic data
// for all three areas, so a new user can try the program and benchmarks have
// something to measure. Each area registers its own step; this file runs
// them and creates the shared people and organisations.
package demo

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// Step is one area's part of the demo data.
type Step struct {
	Order int // people and organisations are 10; areas 30, 40, 50
	Name  string
	Run   func(g *Gen) error
}

var (
	stepsMu sync.Mutex
	steps   []Step
)

// Register adds a step; called from init functions of the area files.
func Register(s Step) {
	stepsMu.Lock()
	steps = append(steps, s)
	stepsMu.Unlock()
}

// Options choose size, seed and the day the data is built around.
type Options struct {
	Large bool
	// Einsaetze and Years override the number of Einsätze of a large demo
	// and how many years back they reach (default 100 000 over two years
	// back and one ahead). `demo --size huge` is 1 000 000 over nine back
	// and one ahead: ten years of a large pool, for the growth benchmarks.
	Einsaetze int
	Years     int
	Seed      uint64
	Now       time.Time
	Who       string
	Progress  func(stage string, done, total int)
}

// Gen is what every step gets.
type Gen struct {
	Store *store.Store
	Rand  *rand.Rand
	Large bool
	Now   time.Time
	Who   string
	// Einsaetze and YearsBack: how many Einsätze a large demo writes, over
	// how many years back (and one ahead).
	Einsaetze, YearsBack int

	// Shared records made by the first step.
	People []*model.Person
	Orgs   []*model.Organisation

	progress func(stage string, done, total int)
}

// ErrNotEmpty: demo data is only written into a new, empty database.
var ErrNotEmpty = errors.New("Die Datenbank enthält schon Daten. Demodaten werden nur in eine neue, leere Datei geschrieben – bitte mit --db einen neuen Dateinamen angeben.")

// Run writes the demo data into st, which must be empty.
func Run(st *store.Store, opts Options) error {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	// The data is built around a whole minute, and the bulk writes are
	// stamped with it (Batch): with the clock's milliseconds every record
	// held a stamp of its own (1.4 MB more for the large demo) and the
	// same seed and day gave other data.
	opts.Now = opts.Now.Truncate(time.Minute)
	if opts.Who == "" {
		opts.Who = "demo"
	}
	empty, err := IsEmpty(st)
	if err != nil {
		return err
	}
	if !empty {
		return ErrNotEmpty
	}
	g := &Gen{Store: st, Rand: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5eed)), Large: opts.Large,
		Now: opts.Now, Who: opts.Who, progress: opts.Progress, Einsaetze: 100000, YearsBack: 2}
	if opts.Einsaetze > 0 {
		g.Einsaetze = opts.Einsaetze
	}
	if opts.Years > 1 {
		g.YearsBack = opts.Years - 1
	}
	stepsMu.Lock()
	all := append([]Step{{Order: 10, Name: "Personen und Einrichtungen", Run: genShared}}, steps...)
	stepsMu.Unlock()
	sort.SliceStable(all, func(i, j int) bool { return all[i].Order < all[j].Order })
	// The search index is written once at the end, its pages packed full
	// (store.BuildSearchIndexLater): 4.7 MB less for the large demo.
	err = st.BuildSearchIndexLater(g.Who, func() error {
		for _, s := range all {
			g.Progress(s.Name, 0, 1)
			if err := s.Run(g); err != nil {
				return fmt.Errorf("Demodaten (%s): %w", s.Name, err)
			}
		}
		g.Progress("Suchverzeichnis", 0, 1)
		return nil
	})
	if err != nil {
		return err
	}
	return st.Update(g.Who, func(tx *store.Tx) error {
		size := "klein"
		if g.Large {
			size = "groß"
		}
		return tx.Note("demo", fmt.Sprintf("Demodaten erzeugt (%s, Startwert %d)", size, opts.Seed))
	})
}

// IsEmpty reports whether the database holds no people, organisations or
// other records yet: the welcome screen and the demo both ask.
func IsEmpty(st *store.Store) (bool, error) {
	empty := true
	err := st.View(func(tx *store.Tx) error {
		empty = store.IsEmpty(tx)
		return nil
	})
	return empty, err
}

// Batch writes one bulk transaction as the demo user, stamped with the
// demo's now (generated data: store.BulkAt).
func (g *Gen) Batch(fn func(tx *store.Tx) error) error { return g.Store.BulkAt(g.Who, g.Now, fn) }

// Progress reports how far a stage is.
func (g *Gen) Progress(stage string, done, total int) {
	if g.progress != nil {
		g.progress(stage, done, total)
	}
}

// Pick returns a random element.
func Pick[T any](g *Gen, xs []T) T { return xs[g.Rand.IntN(len(xs))] }

// Chance is true with probability p.
func (g *Gen) Chance(p float64) bool { return g.Rand.Float64() < p }
