package store

import (
	"bytes"
	"time"

	json "github.com/goccy/go-json"

	"stabsstelle/model"
)

// einsatzDates answers, for a search with --from/--to, whether an Einsatz
// starts on a day of the range. Candidates come newest first. Reading each
// one's start from its record is cheap while most pass ("ab 1.3."); behind
// an early "bis" tens of thousands fail first. After searchSwitchToIndex
// have failed, one scan of the start index over the range answers the
// rest.
type einsatzDates struct {
	tx       *Tx
	from, to model.Date
	failed   int
	inRange  map[string]struct{} // after the switch: the IDs of the range
}

// searchSwitchToIndex is how many Einsätze may fail a date filter one by
// one before the IDs of the range are read from the start index (a record
// costs about as much as 20 index keys); a variable for the tests.
var searchSwitchToIndex = 500

func (d *einsatzDates) accept(id string) bool {
	if d.inRange != nil {
		_, in := d.inRange[id]
		return in
	}
	if einsatzStartsIn(d.tx, id, d.from, d.to) {
		return true
	}
	if d.failed++; d.failed == searchSwitchToIndex {
		d.readRange()
	}
	return false
}

// readRange reads the IDs of the Einsätze that start on a day from first to
// last (a zero end is open) from the start index's keys.
func (d *einsatzDates) readRange() {
	d.inRange = map[string]struct{}{}
	b := d.tx.btx.Bucket(Einsaetze.idxBucket(IdxEinsatzStart))
	if b == nil {
		return
	}
	var to []byte
	if !d.to.IsZero() {
		to = []byte(startKey(model.At(d.to.AddDays(1), 0)))
	}
	c := b.Cursor()
	k, _ := c.First()
	if !d.from.IsZero() {
		k, _ = c.Seek([]byte(startKey(model.At(d.from, 0))))
	}
	var buf [36]byte
	for ; k != nil && (to == nil || bytes.Compare(k, to) < 0); k, _ = c.Next() {
		if _, id, ok := splitIndexKey(k, &buf); ok {
			d.inRange[string(id)] = struct{}{}
		}
	}
}

// einsatzStartsIn reports whether Einsatz id starts on a day from…to,
// reading only the start from its record (go-json skips the rest, as for
// the reports); a record that cannot be read is no hit.
func einsatzStartsIn(tx *Tx, id string, from, to model.Date) bool {
	name := Einsaetze.recBucket()
	raw, err := tx.get(tx.btx.Bucket(name), name, []byte(id))
	if err != nil || raw == nil {
		return false
	}
	js, err := decodeValue(raw)
	if err != nil {
		return false
	}
	var e struct {
		Start time.Time `json:"start"`
	}
	if json.Unmarshal(js, &e) != nil || e.Start.IsZero() {
		return false
	}
	day := model.DateOf(e.Start)
	return (from.IsZero() || !day.Before(from)) && (to.IsZero() || !day.After(to))
}
