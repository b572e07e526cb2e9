package store

import (
	"encoding/binary"
	"slices"
	"strings"
	"sync"
)

// BuildSearchIndexLater runs fn, a generator that writes a whole file in
// bulk (the demo), with the search index written once at the end instead
// of in every transaction.
//
// A batch of 2 000 Einsätze appends to posting lists all over idx:search,
// so its pages are split at every batch and end up two thirds full: 18.7 MB
// for the large demo, where the same lists written once, in key order and
// packed full, take 14 MB. While fn runs, every transaction of the store
// keeps its index changes once it has committed (a rolled-back one keeps
// nothing); then one transaction of who writes them list by list, exactly
// as the transactions would have (writeSearchList). Searches while fn runs
// do not see what fn writes. The index is written even when fn fails or
// panics: what was committed must be found.
func (s *Store) BuildSearchIndexLater(who string, fn func() error) (err error) {
	l := &laterSearch{lists: map[string][]byte{}}
	s.later.Store(l)
	defer func() {
		s.later.Store(nil)
		l.busy.Wait() // transactions that began before: their changes are kept
		if werr := s.update(who, true, l.write); err == nil {
			err = werr
		}
	}()
	return fn()
}

// laterSearch holds the search index changes of the committed transactions
// while BuildSearchIndexLater runs: per list (token prefix) the changes in
// the order they were made, each as one byte for add or remove, the ref's
// length (uvarint) and the ref – 18 bytes for a UUID, so the 800 000 changes of
// the large demo take 15 MB instead of 80 as searchChange values.
type laterSearch struct {
	busy  sync.WaitGroup // transactions that will keep their changes here
	mu    sync.Mutex
	lists map[string][]byte
}

// laterFor is called when a write transaction of s starts: the
// laterSearch its changes go to (nil: the transaction writes them).
func (s *Store) laterFor() *laterSearch {
	l := s.later.Load()
	if l != nil {
		l.busy.Add(1)
	}
	return l
}

// keep notes the changes of a committed transaction; done ends a
// transaction begun with laterFor, committed or not.
func (l *laterSearch) keep(ch []searchChange) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range ch {
		op := byte(0)
		if c.add {
			op = 1
		}
		buf := binary.AppendUvarint(append(l.lists[c.prefix], op), uint64(len(c.ref)))
		l.lists[c.prefix] = append(buf, c.ref...)
	}
}

func (l *laterSearch) done() { l.busy.Done() }

// write writes every kept list in key order, the pages packed full: each
// list is written once and the next one comes after it.
func (l *laterSearch) write(tx *Tx) error {
	bb, err := tx.bucket(bucketSearch)
	if err != nil {
		return err
	}
	bb.FillPercent = 1.0
	b := tx.sealedOf(bucketSearch, bb)
	prefixes := make([]string, 0, len(l.lists))
	for p := range l.lists {
		prefixes = append(prefixes, p)
	}
	slices.Sort(prefixes)
	for _, p := range prefixes {
		if err := writeSearchList(b, l.changes(p)); err != nil {
			return err
		}
		delete(l.lists, p)
	}
	return b.Err()
}

// changes are the kept changes of list prefix as writeSearchList takes
// them: sorted by ref, those of one ref in the order they were made.
func (l *laterSearch) changes(prefix string) []searchChange {
	var ch []searchChange
	for rest := l.lists[prefix]; len(rest) > 0; {
		n, w := binary.Uvarint(rest[1:])
		ref := rest[1+w:][:n]
		ch = append(ch, searchChange{prefix: prefix, ref: string(ref), add: rest[0] == 1})
		rest = rest[1+w+int(n):]
	}
	slices.SortStableFunc(ch, func(a, b searchChange) int { return strings.Compare(a.ref, b.ref) })
	return ch
}
