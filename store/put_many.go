package store

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"stabsstelle/model"
)

// PutMany stores new records (Version 0) as Put stores each of them, in
// order, with the work that needs no transaction – the JSON, the check for
// control characters, the compression – done on every core while the
// records before are written. A transaction runs on one core, and
// compressing an Einsatz takes 12 µs (codec.go): the demo writes its
// Einsätze, claims and registrations so. A record that exists already, or
// does not pass its checks, ends the call with the error Put would give,
// and every record is left as it was; the transaction is then to be given
// up, as after any failed Put.
func (c *Collection[T, P]) PutMany(tx *Tx, recs []P) error {
	b, err := tx.bucket(c.recBucket())
	if err != nil {
		return err
	}
	b.FillPercent = tx.fillPercent()
	type item struct {
		op         Op
		raw, value []byte
		err        error
	}
	items := make([]item, len(recs))
	// A failed call leaves the first n records' stamps as they were.
	before := make([]model.Meta, len(recs))
	undo := func(n int) {
		for i := range n {
			*recs[i].GetMeta() = before[i]
		}
	}
	// Stamps in order: IDs and yearly numbers as Put hands them out. An ID
	// twice in the call is refused like one already stored.
	seen := make(map[string]bool, len(recs))
	for i, rec := range recs {
		if v, ok := any(rec).(interface{ Validate() error }); ok {
			if err := v.Validate(); err != nil {
				undo(i)
				return err
			}
		}
		m := rec.GetMeta()
		before[i] = *m
		if m.Version != 0 {
			undo(i)
			return ErrNotFound // as Put: an update of a record that is not there
		}
		if m.ID != "" && (b.Get([]byte(m.ID)) != nil || seen[m.ID]) {
			undo(i)
			return fmt.Errorf("%s %s gibt es schon; es wurde nichts gespeichert.", c.Label, m.ID)
		}
		if items[i].op, err = c.stampMeta(tx, m, nil); err != nil {
			undo(i + 1)
			return err
		}
		seen[m.ID] = true
	}
	// JSON, check and compression on every core, in chunks taken in
	// order; the loop below stores each chunk as soon as it is ready, so
	// the writes of one chunk overlap the compression of the next.
	const chunk = 32
	chunks := (len(recs) + chunk - 1) / chunk
	ready := make([]chan struct{}, chunks)
	for k := range ready {
		ready[k] = make(chan struct{})
	}
	var next atomic.Int64
	var stop atomic.Bool // set by the loop below on its first error
	workers := min(runtime.GOMAXPROCS(0), max(1, len(recs)/64))
	var wg sync.WaitGroup
	defer wg.Wait() // no worker outlives the call, even when it fails
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= chunks {
					return
				}
				for i := k * chunk; i < min(len(recs), (k+1)*chunk) && !stop.Load(); i++ {
					it := &items[i]
					if it.raw, it.err = json.Marshal(recs[i]); it.err == nil {
						if it.err = c.checkNoControl(recs[i], nil, it.raw); it.err == nil {
							it.value = encodeValue(c.Kind, it.raw)
						}
					}
				}
				close(ready[k])
			}
		}()
	}
	// fail stops the workers and waits for them: they read the records
	// whose stamps undo puts back.
	fail := func(err error, undoAll bool) error {
		stop.Store(true)
		wg.Wait()
		if undoAll {
			undo(len(recs))
		}
		return err
	}
	// Indexes, value and journal in order, as Put writes them. A record
	// that fails its checks ends the call before anything of it is
	// written; the transaction is then given up (see above).
	for i, rec := range recs {
		if i%chunk == 0 {
			<-ready[i/chunk]
		}
		if items[i].err != nil {
			return fail(items[i].err, true)
		}
		m := rec.GetMeta()
		if err := c.replaceIndexes(tx, m.ID, nil, rec); err != nil {
			return fail(err, false)
		}
		if err := tx.put(b, []byte(m.ID), items[i].value); err != nil {
			return fail(err, false)
		}
		if err := tx.record(c.Kind, m.ID, m.Number, items[i].op, nil, items[i].raw); err != nil {
			return fail(err, false)
		}
	}
	return nil
}
