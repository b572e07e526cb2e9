package store

import (
	"bytes"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// scanRows walks index from `from` (inclusive) to `to` (exclusive, nil =
// to the end) and hands fn each decoded row; fn returns false to stop. It
// reads the bbolt cursor directly: per row one string allocation holds both
// the record ID and the number, the other fields are interned.
func scanRows(tx *Tx, index string, from, to []byte, reverse bool, fn func(EinsatzRow) bool) error {
	in := interner{}
	return scanRaw(tx, index, from, to, reverse, func(id, val []byte) bool {
		if r, ok := decodeRowInterned(id, val, in); ok {
			return fn(r)
		}
		return true
	})
}

// scanRaw is scanRows without decoding: fn gets the record ID and the
// encoded row, both only valid during the call.
func scanRaw(tx *Tx, index string, from, to []byte, reverse bool, fn func(id, val []byte) bool) error {
	b := tx.btx.Bucket(Einsaetze.idxBucket(index))
	if b == nil {
		return nil
	}
	cur := b.Cursor()
	var buf [36]byte
	for k, v := rowCursorStart(cur, from, to, reverse); k != nil; k, v = rowCursorStep(cur, reverse) {
		if pastRange(k, from, to, reverse) {
			break
		}
		_, id, ok := splitIndexKey(k, &buf)
		if !ok {
			continue
		}
		val, err := tx.unseal(Einsaetze.idxBucket(index), k, v)
		if err != nil {
			return err
		}
		if !fn(id, val) {
			break
		}
	}
	return nil
}

// rowCursorStart puts cur on the first key of the scan: the first at or
// after from, or going backwards the last before to.
func rowCursorStart(cur *bolt.Cursor, from, to []byte, reverse bool) (k, v []byte) {
	switch {
	case !reverse && from == nil:
		k, v = cur.First()
	case !reverse:
		k, v = cur.Seek(from)
	case to == nil:
		k, v = cur.Last()
	default:
		if k, _ = cur.Seek(to); k == nil {
			k, v = cur.Last()
		} else {
			k, v = cur.Prev()
		}
	}
	return k, v
}

// pastRange says whether the scan has left [from, to) at key k.
func pastRange(k, from, to []byte, reverse bool) bool {
	if !reverse {
		return to != nil && bytes.Compare(k, to) >= 0
	}
	return from != nil && bytes.Compare(k, from) < 0
}

func rowCursorStep(cur interface {
	Next() ([]byte, []byte)
	Prev() ([]byte, []byte)
}, reverse bool) ([]byte, []byte) {
	if reverse {
		return cur.Prev()
	}
	return cur.Next()
}

// LoadEinsatzRows returns every Einsatz as a compact row, sorted by start,
// straight from the start index (no record is decoded).
func LoadEinsatzRows(tx *Tx) ([]EinsatzRow, error) {
	out := make([]EinsatzRow, 0, CountEinsaetze(tx))
	err := EachEinsatzRow(tx, func(r EinsatzRow) bool {
		out = append(out, r)
		return true
	})
	return out, err
}

// CountEinsaetze is the number of Einsätze, counted over the keys of the
// start index (cheap: nothing is decoded), so callers can allocate once.
func CountEinsaetze(tx *Tx) int {
	n := 0
	if b := tx.btx.Bucket(Einsaetze.idxBucket(IdxEinsatzStart)); b != nil {
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			n++
		}
	}
	return n
}

// EachEinsatzRow hands fn every Einsatz as a compact row, sorted by start,
// straight from the start index; fn returns false to stop. Unlike
// LoadEinsatzRows it keeps nothing: a caller that turns the rows into its
// own form (the list) never holds both forms of 100 000 rows at once.
// The pages read are given back while the scan goes on (dropWhile): each
// is read once, and holding all of them while the rows pile up on the heap
// put the start of the program over the memory budget.
func EachEinsatzRow(tx *Tx, fn func(EinsatzRow) bool) error {
	tx.readsMuch()
	var err error
	dropWhile(tx.btx, func() { err = scanRows(tx, IdxEinsatzStart, nil, nil, false, fn) })
	return err
}

// EinsaetzeBetween returns the Einsätze starting in [from, to), sorted by
// start.
func EinsaetzeBetween(tx *Tx, from, to time.Time) ([]EinsatzRow, error) {
	var out []EinsatzRow
	err := scanRows(tx, IdxEinsatzStart, []byte(startKey(from)), []byte(startKey(to)), false, func(r EinsatzRow) bool {
		out = append(out, r)
		return true
	})
	return out, err
}

// EinsaetzeAround returns up to before Einsätze starting before t and up
// to after starting from t on, sorted by start: a window of the list that
// costs the same however many Einsätze there are (the first screen).
func EinsaetzeAround(tx *Tx, t time.Time, before, after int) ([]EinsatzRow, error) {
	var back, out []EinsatzRow
	key := []byte(startKey(t))
	err := scanRows(tx, IdxEinsatzStart, nil, key, true, func(r EinsatzRow) bool {
		back = append(back, r)
		return len(back) < before
	})
	if err != nil {
		return nil, err
	}
	for i := len(back) - 1; i >= 0; i-- {
		out = append(out, back[i])
	}
	n := 0
	err = scanRows(tx, IdxEinsatzStart, key, nil, false, func(r EinsatzRow) bool {
		out = append(out, r)
		n++
		return n < after
	})
	return out, err
}

// EinsaetzeOfDay returns the Einsätze starting on Berlin day d, by start.
func EinsaetzeOfDay(tx *Tx, d model.Date) ([]EinsatzRow, error) {
	return EinsaetzeBetween(tx, d.Midnight(), d.AddDays(1).Midnight())
}

// EinsaetzeOfInterpreter returns an interpreter's Einsätze starting in
// [from, to) (zero times = open ends), by start.
func EinsaetzeOfInterpreter(tx *Tx, interpreterID string, from, to time.Time) ([]EinsatzRow, error) {
	return rowsOfOwner(tx, IdxEinsatzInterpreter, interpreterID, from, to)
}

// EinsaetzeOfOrganisation returns an institution's Einsätze starting in
// [from, to) (zero times = open ends), by start.
func EinsaetzeOfOrganisation(tx *Tx, orgID string, from, to time.Time) ([]EinsatzRow, error) {
	return rowsOfOwner(tx, IdxEinsatzOrg, orgID, from, to)
}

// rowsOfOwner reads the Einsätze of owner starting in [from, to) from an
// owner index (einsatz_owner_key.go): its binary keys, then the text keys
// of IDs that are no UUIDs (and of files read as they are, schema 7 and
// before); the rows come from the start index.
func rowsOfOwner(tx *Tx, index, owner string, from, to time.Time) ([]EinsatzRow, error) {
	if owner == "" {
		return nil, nil
	}
	b := tx.sealed(Einsaetze.idxBucket(index))
	starts := tx.sealed(Einsaetze.idxBucket(IdxEinsatzStart))
	if b == nil || starts == nil {
		return nil, nil
	}
	in := interner{}
	var out []EinsatzRow
	if o, ok := canonicalUUID(owner); ok {
		lo, hi := ownerRange(o, from, to)
		var buf [64]byte
		var idBuf [36]byte
		c := b.Cursor()
		for k, _ := c.Seek(lo); k != nil && bytes.Compare(k, hi) < 0; k, _ = c.Next() {
			if err := b.Err(); err != nil {
				return nil, err
			}
			key, id, ok := startIndexKey(buf[:0], k, &idBuf)
			if !ok {
				continue
			}
			val, err := starts.Get(key)
			if err != nil {
				return nil, err
			}
			if r, ok := decodeRowInterned(id, val, in); ok {
				out = append(out, r)
			}
		}
		if err := b.Err(); err != nil {
			return nil, err
		}
	}
	text, err := ownerTextRows(b, starts, owner, from, to, in)
	if err != nil || len(text) == 0 {
		return out, err
	}
	if len(out) == 0 {
		return text, nil
	}
	// Both kinds of keys: in the order of the text keys, start then ID.
	out = append(out, text...)
	slices.SortStableFunc(out, func(a, b EinsatzRow) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// ownerTextRows is rowsOfOwner over the text keys: owner "|" start "\x00"
// ID.
func ownerTextRows(b, starts *sealedBucket, owner string, from, to time.Time, in interner) ([]EinsatzRow, error) {
	lo, hi := []byte(owner+"|"), []byte(owner+"}") // '}' follows '|'
	if !from.IsZero() {
		lo = []byte(owner + "|" + startKey(from))
	}
	if !to.IsZero() {
		hi = []byte(owner + "|" + startKey(to))
	}
	var out []EinsatzRow
	var buf [36]byte
	c := b.Cursor()
	for k, v := c.Seek(lo); k != nil && bytes.Compare(k, hi) < 0; k, v = c.Next() {
		if err := b.Err(); err != nil {
			return nil, err
		}
		key, id, ok := splitIndexKey(k, &buf)
		if !ok || len(key) < len(owner)+1 {
			continue
		}
		// key = owner "|" start "\x00" id; the row is under start "\x00" id
		// in the start index (wave-1 files still carry it here).
		val := v
		if len(val) == 0 {
			var err error
			if val, err = starts.Get(k[len(owner)+1:]); err != nil {
				return nil, err
			}
		}
		if r, ok := decodeRowInterned(id, val, in); ok {
			out = append(out, r)
		}
	}
	return out, b.Err()
}
