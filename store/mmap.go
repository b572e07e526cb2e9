package store

import (
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// pageDropper gives back the pages of the database file that bulk reads
// mapped into the process.
//
// bbolt reads through a memory map of the whole file. Every page a read
// touches – and the neighbours the kernel maps along with it – stays
// counted in the process's resident memory (until the system runs short),
// although the program has copied what it needs: after the three tabs have loaded their lists on
// the large demo (100 000 Einsätze) that is 58 MB of 166 MB (memory budget in
// BENCHMARKS.md: RSS ≤ 50 MB). Reads marked with Tx.readsMuch therefore schedule a drop of
// all mapped pages (dropMappedPages; Linux only) for when no such read has
// run for dropDelay. Waiting lets the tabs loading at start, or a search
// per keystroke, share one drop instead of each faulting the others' pages
// in again. Pages read later come back from the system's file cache.
type pageDropper struct {
	mu    sync.Mutex
	timer *time.Timer
	// For wait: gen counts the starts and ends of bulk reads, so a drop
	// knows whether one came meanwhile; quiet is closed by the drop that
	// ends the countdown, nil while none is pending.
	gen   uint64
	quiet chan struct{}
}

// dropDelay is how long bulk reads must have been quiet before the drop.
var dropDelay = time.Second

// soon (re)starts the countdown to the drop.
func (d *pageDropper) soon(s *Store) {
	if !dropsPages {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pendingLocked()
	if d.timer != nil {
		d.timer.Reset(dropDelay)
		return
	}
	d.timer = time.AfterFunc(dropDelay, func() {
		d.mu.Lock()
		gen := d.gen
		d.mu.Unlock()
		// In a read transaction of its own, so the map cannot move while
		// the kernel drops it. After Close View just fails.
		_ = s.View(func(tx *Tx) error {
			dropMappedPages(tx.btx)
			return nil
		})
		d.mu.Lock()
		if d.gen == gen && d.quiet != nil { // no bulk read since: quiet now
			close(d.quiet)
			d.quiet = nil
		}
		d.mu.Unlock()
	})
}

// busy marks a bulk read that has begun (its end calls soon): wait waits
// for it too.
func (d *pageDropper) busy() {
	if !dropsPages {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pendingLocked()
}

func (d *pageDropper) pendingLocked() {
	d.gen++
	if d.quiet == nil {
		d.quiet = make(chan struct{})
	}
}

// wait returns once no drop is pending (bulk reads have ended, been quiet
// for dropDelay and their pages are given back), or after max. The backup
// waits so before it checks its copy: at start the three tabs load their
// lists while the daily backup is written, and checking the copy while
// their pages are still mapped added both (BENCHMARKS.md: backup and
// check ≤ 150 MB peak RSS).
func (d *pageDropper) wait(max time.Duration) {
	d.mu.Lock()
	ch := d.quiet
	d.mu.Unlock()
	if ch == nil {
		return
	}
	t := time.NewTimer(max)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
	}
}

// checkDropEvery is how often the full check (Store.check) gives back the
// pages of the file it has mapped in.
//
// The check reads every page of the file – bbolt's structure check, then
// every record and every index entry – and so would map the whole file
// into the process: on the first start of a day the TUI writes a backup
// and checks it, and the copy of the large demo (370 MB) was counted
// almost entirely in the process's resident memory (≈ 360 MB of a 385–500
// MB peak; BENCHMARKS.md: backup and check ≤ 150 MB). Reading proceeds at up to ≈ 600 MB/s,
// so about 6 MB are mapped between two drops (measured: ≤ 20 MB). The
// drops themselves cost ≈ 0.8 ms each; pages read again after a drop
// cost a fault each (per 64 kB), which is why the check reads every page
// about once (Collection.Verify) instead of looking entries up.
var checkDropEvery = 10 * time.Millisecond

// dropWhile runs fn (a long read inside btx, such as the full check) while
// a helper gives back the pages of btx's file every checkDropEvery, and
// once more after fn. It returns only after the helper has stopped, so the
// caller's transaction – which keeps the map in place, see dropMappedPages
// – outlives every drop. Pages read again are mapped in again from the
// system's file cache; nothing the read sees changes.
func dropWhile(btx *bolt.Tx, fn func()) {
	if !dropsPages {
		fn()
		return
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(checkDropEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				dropMappedPages(btx)
			}
		}
	}()
	defer func() {
		close(done)
		wg.Wait()
		dropMappedPages(btx)
	}()
	fn()
}

// ViewMuch is View for a read that walks most of the file – the plan of
// the Löschlauf over every record, say. The pages it maps in are given
// back while it reads and once more after it (dropWhile), so such a plan,
// which the program makes a few seconds after every start, does not leave
// the whole 200 MB of the large demo in the process's memory (it did:
// RSS 77 → 230 MB).
func (s *Store) ViewMuch(fn func(tx *Tx) error) error {
	return s.View(func(tx *Tx) error {
		tx.readsMuch()
		var err error
		dropWhile(tx.btx, func() { err = fn(tx) })
		return err
	})
}
