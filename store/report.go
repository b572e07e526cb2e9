package store

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"stabsstelle/model"
)

// LoadReportInput reads everything the reports of period p need: the
// Einsätze starting in it (decoded once into compact facts), the payments of
// the Fördertöpfe (KostenPayments), the events with their counts and the
// open tasks. The Berichte view keeps the result and recomputes from it on
// every filter change; `report monitoring` computes once.
func LoadReportInput(tx *Tx, p model.ReportPeriod) (*model.ReportInput, error) {
	return LoadReportInputProgress(tx, p, nil)
}

// Progress is how far a long read is: done of total records, safe to read
// from another goroutine (the screen) while the read runs. A nil Progress
// counts nothing.
type Progress struct{ done, total atomic.Int64 }

// Get returns how many of how many records are read (0, 0 before the
// total is known).
func (p *Progress) Get() (done, total int) {
	if p == nil {
		return 0, 0
	}
	return int(p.done.Load()), int(p.total.Load())
}

func (p *Progress) start(total int) {
	if p != nil {
		p.total.Store(int64(total))
	}
}

func (p *Progress) add(n int) {
	if p != nil {
		p.done.Add(int64(n))
	}
}

// LoadReportInputProgress is LoadReportInput that counts the Einsätze it
// decodes in prog (the Berichte tab shows it).
func LoadReportInputProgress(tx *Tx, p model.ReportPeriod, prog *Progress) (*model.ReportInput, error) {
	in := &model.ReportInput{Period: p, Today: model.Today(tx.Now()), Organisations: map[string]string{}}
	var err error
	if in.Einsaetze, err = loadEinsatzFacts(tx, p, prog); err != nil {
		return nil, err
	}
	if err := Organisations.Each(tx, func(o *model.Organisation) error {
		in.Organisations[o.ID] = o.Name
		return nil
	}); err != nil {
		return nil, err
	}
	k, err := KostenPayments(tx, p)
	if err != nil {
		return nil, err
	}
	in.Payments, in.Reclaims, in.Committed, in.Funds, in.Limits = k.Payments, k.Reclaims, k.Committed, k.Funds, k.Limits
	if in.Events, err = LoadEventFacts(tx, p); err != nil {
		return nil, err
	}
	if in.Tasks, err = LoadTaskFacts(tx); err != nil {
		return nil, err
	}
	return in, nil
}

// leadWorkingDays is the intake rule's minimum lead time (0 = no rule).
func leadWorkingDays(tx *Tx) int {
	set, err := LoadSprachmittlungSettings(tx)
	if err != nil {
		return model.DefaultIntakeRules().LeadWorkingDays
	}
	return set.Intake.LeadWorkingDays
}

// LoadEinsatzFacts reads the facts of the Einsätze starting in p, in start
// order, from the start index and the report's facts index
// (einsatz_facts.go): no record is decoded, which made the first open of a
// year of the large demo (33 000 Einsätze) take a second. Repeated strings
// (languages, places, the IDs of institutions and interpreters) are shared
// between the facts. An Einsatz whose facts entry is missing or unreadable
// (check names such a file) is read from its record.
func LoadEinsatzFacts(tx *Tx, p model.ReportPeriod) ([]model.EinsatzFact, error) {
	return loadEinsatzFacts(tx, p, nil)
}

func loadEinsatzFacts(tx *Tx, p model.ReportPeriod, prog *Progress) ([]model.EinsatzFact, error) {
	// No pages are given back while it reads (dropWhile): the two indexes
	// of a year are ≈ 6 MB, and faulting them in again every 10 ms cost
	// more than reading them; readsMuch drops them once the reads are over.
	tx.readsMuch()
	lead := leadWorkingDays(tx)
	b := tx.btx.Bucket(Einsaetze.recBucket())
	if b == nil {
		return nil, nil
	}
	var at []int      // where in out the Einsätze read from their records go
	var raws [][]byte // their records, checked against their seals
	holes := false
	bucket := Einsaetze.recBucket()
	out, err := factsFromIndexes(tx, []byte(startKey(p.Start())), []byte(startKey(p.End())), lead, func(i int, id []byte) error {
		holes = true
		raw, err := tx.get(b, bucket, id)
		if err != nil || raw == nil {
			return err
		}
		at, raws = append(at, i), append(raws, raw)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if holes {
		read, err := decodeFacts(raws, lead, nil)
		if err != nil {
			return nil, err
		}
		for k, i := range at {
			out[i] = read[k]
		}
		// A row without a record (never so in a file check passes)
		// leaves no fact behind.
		out = slices.DeleteFunc(out, func(f model.EinsatzFact) bool { return f.ID == "" })
	}
	prog.start(len(out))
	prog.add(len(out))
	return out, nil
}

// decodeFacts turns raw Einsatz records into facts on every core.
func decodeFacts(raws [][]byte, lead int, prog *Progress) ([]model.EinsatzFact, error) {
	out := make([]model.EinsatzFact, len(raws))
	workers := max(1, min(runtime.GOMAXPROCS(0), len(raws)/500+1))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			in := interner{}
			for i := w; i < len(raws); i += workers {
				e, err := decodeReportEinsatz(raws[i])
				if err != nil {
					errs[w] = err
					return
				}
				f := model.FactOf(e, lead)
				f.Language, f.Place = in.get([]byte(f.Language)), in.get([]byte(f.Place))
				f.OrganisationID, f.InterpreterID = in.get([]byte(f.OrganisationID)), in.get([]byte(f.InterpreterID))
				f.Status = model.Status(in.get([]byte(f.Status)))
				out[i] = f
				if n := i / workers; n%512 == 511 {
					prog.add(512)
				}
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// EinsatzFactsByID decodes the given Einsätze (those a change event names)
// into facts; deleted ones are left out.
func EinsatzFactsByID(tx *Tx, ids []string) ([]model.EinsatzFact, error) {
	lead := leadWorkingDays(tx)
	var out []model.EinsatzFact
	for _, id := range ids {
		e, err := Einsaetze.Get(tx, id)
		if err == ErrNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, model.FactOf(e, lead))
	}
	return out, nil
}

// Monitoring computes the report of period p under filter f in one read.
func Monitoring(tx *Tx, p model.ReportPeriod, f model.ReportFilter) (*model.Monitoring, error) {
	in, err := LoadReportInput(tx, p)
	if err != nil {
		return nil, err
	}
	return model.ComputeMonitoring(in, f), nil
}
