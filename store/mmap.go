package store

import (
	"sync"
	"time"
)

// pageDropper gives back the pages of the database file that bulk reads
// mapped into the process.
//
// bbolt reads through a memory map of the whole file. Every page a read
// touches – and the neighbours the kernel maps along with it – stays
// counted in the process's resident memory (until the system runs short),
// although the program has copied what it needs: after the three tabs have loaded their lists on
// the large demo (100 000 Einsätze) that is 58 MB of 166 MB (DESIGN.md §4:
// ≤ 150 MB). Reads marked with Tx.readsMuch therefore schedule a drop of
// all mapped pages (dropMappedPages; Linux only) for when no such read has
// run for dropDelay. Waiting lets the tabs loading at start, or a search
// per keystroke, share one drop instead of each faulting the others' pages
// in again. Pages read later come back from the system's file cache.
type pageDropper struct {
	mu    sync.Mutex
	timer *time.Timer
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
	if d.timer != nil {
		d.timer.Reset(dropDelay)
		return
	}
	d.timer = time.AfterFunc(dropDelay, func() {
		// In a read transaction of its own, so the map cannot move while
		// the kernel drops it. After Close View just fails.
		_ = s.View(func(tx *Tx) error {
			dropMappedPages(tx.btx)
			return nil
		})
	})
}
