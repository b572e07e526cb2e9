package store

import (
	"errors"

	"stabsstelle/model"
)

// Search hooks of a Collection (searchindex.go has the index).

// searchDocOf is the SearchDoc of rec, nil when the collection is not
// searchable or rec is nil.
func (c *Collection[T, P]) searchDocOf(rec P) *SearchDoc {
	if c.Search == nil || rec == nil {
		return nil
	}
	d := c.Search(rec)
	return &d
}

// reindex moves record id in the search index from old to new (nil:
// created, deleted); it runs in the transaction of the write.
func (c *Collection[T, P]) reindex(tx *Tx, id string, old, new P) error {
	if c.Search == nil {
		return nil
	}
	return tx.updateSearch(c.Kind, id, c.searchDocOf(old), c.searchDocOf(new))
}

func (c *Collection[T, P]) refKinds() []string { return c.SearchRefs }

// docOf is the SearchDoc of record id; ok is false when there is none. A
// record that is there but cannot be read (a wrong checksum) is an error:
// the search must not quietly find less.
func (c *Collection[T, P]) docOf(tx *Tx, id string) (SearchDoc, bool, error) {
	if c.Search == nil {
		return SearchDoc{}, false, nil
	}
	rec, err := c.Get(tx, id)
	if errors.Is(err, ErrNotFound) {
		return SearchDoc{}, false, nil
	}
	if err != nil {
		return SearchDoc{}, false, err
	}
	return c.Search(rec), true, nil
}

// hitOf is the hit shown for record id, as docOf.
func (c *Collection[T, P]) hitOf(tx *Tx, id string, n *hitNames) (Hit, bool, error) {
	if c.SearchHit == nil {
		return Hit{}, false, nil
	}
	rec, err := c.Get(tx, id)
	if errors.Is(err, ErrNotFound) {
		return Hit{}, false, nil
	}
	if err != nil {
		return Hit{}, false, err
	}
	h := c.SearchHit(n, rec)
	h.Kind, h.ID, h.Sort = c.Kind, id, id
	return h, true, nil
}

// rebuildSearch writes the search index of the whole collection anew
// (migration; the index of the collection must be empty).
func (c *Collection[T, P]) rebuildSearch(tx *Tx) error {
	if c.Search == nil {
		return nil
	}
	b, err := tx.bucket(bucketSearch)
	if err != nil {
		return err
	}
	b.FillPercent = tx.fillPercent()
	return buildSearchIndex(tx.sealedOf(bucketSearch, b), c.Kind, func(fn func(id string, d SearchDoc) error) error {
		return c.Each(tx, func(rec P) error { return fn(rec.GetMeta().ID, c.Search(rec)) })
	})
}

func (c *Collection[T, P]) hasDates() bool { return c.SearchDates != nil }

// inRange reports whether record id's days overlap from…to (a zero end is
// open).
func (c *Collection[T, P]) inRange(tx *Tx, id string, from, to model.Date) bool {
	if c.SearchDates == nil {
		return false
	}
	rec, err := c.Get(tx, id)
	if err != nil {
		return false
	}
	first, last := c.SearchDates(rec)
	if first.IsZero() {
		return false
	}
	if last.IsZero() || last.Before(first) {
		last = first
	}
	return (from.IsZero() || !last.Before(from)) && (to.IsZero() || !first.After(to))
}
