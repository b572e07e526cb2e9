package store

import (
	"bytes"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// The report's facts of an Einsatz are what a report fact needs beyond the
// start index's row – the time of the request, the status the report
// counts, the minutes and the money. They are written with the record, in
// front of its row in the start index (rowFormat3, einsatzIndexes), so the
// Berichte read a year from one index without decoding a record
// (loadEinsatzFacts). They hold no personal data: times, a status, minutes
// and amounts.
//
// IdxEinsatzFacts is where they were kept from schema 7 to 11: an index of
// their own under the start index's keys. Migration 12 moves them into the
// rows (migrateFactsIntoRows); a backup of such a file is still read.
const IdxEinsatzFacts = "facts"

// factsFormat marks the layout of a facts entry; a value with another
// first byte (a newer or damaged entry) is not read – the record is.
const factsFormat = 1

// factExtra is the part of a model.EinsatzFact the start index's row does
// not carry.
type factExtra struct {
	Requested time.Time    // the record's creation: when the request came in
	Status    model.Status // the status the report counts, "" = the record's
	Minutes   int
	Allowance model.Money
	Travel    model.Money
	CancelFee model.Money
}

// factExtraOf takes the stored part of e's report fact from model.FactOf,
// the one place that turns an Einsatz into figures (with no intake rule:
// ShortNotice depends on the setting and is decided when read).
func factExtraOf(e *model.Einsatz) factExtra {
	f := model.FactOf(e, 0)
	x := factExtra{Requested: f.Requested, Minutes: f.Minutes, Allowance: f.Allowance, Travel: f.Travel, CancelFee: f.CancelFee}
	if f.Status != e.Status {
		x.Status = f.Status
	}
	return x
}

// encodeFactExtra writes format byte · varint request time (Unix
// nanoseconds, 0 = none) · uvarint minutes · varint allowance, travel and
// Ausfallpauschale in cents · uvarint length and the report's status when
// it differs from the record's (an abgerechnet Einsatz). About 20 bytes.
func encodeFactExtra(x factExtra) []byte {
	out := make([]byte, 0, 24+len(x.Status))
	out = append(out, factsFormat)
	var at int64
	if !x.Requested.IsZero() {
		at = x.Requested.UnixNano()
	}
	out = binary.AppendVarint(out, at)
	out = binary.AppendUvarint(out, uint64(max(x.Minutes, 0)))
	out = binary.AppendVarint(out, int64(x.Allowance))
	out = binary.AppendVarint(out, int64(x.Travel))
	out = binary.AppendVarint(out, int64(x.CancelFee))
	out = binary.AppendUvarint(out, uint64(len(x.Status)))
	return append(out, x.Status...)
}

// decodeFactExtra reads a value written by encodeFactExtra; ok is false
// for anything else (the caller then reads the record). status is a slice
// of val.
func decodeFactExtra(val []byte) (x factExtra, status []byte, ok bool) {
	if len(val) < 1 || val[0] != factsFormat {
		return x, nil, false
	}
	rest := val[1:]
	next := func() (int64, bool) {
		v, n := binary.Varint(rest)
		if n <= 0 {
			return 0, false
		}
		rest = rest[n:]
		return v, true
	}
	nextU := func() (uint64, bool) {
		v, n := binary.Uvarint(rest)
		if n <= 0 {
			return 0, false
		}
		rest = rest[n:]
		return v, true
	}
	at, ok1 := next()
	mins, ok2 := nextU()
	allow, ok3 := next()
	travel, ok4 := next()
	fee, ok5 := next()
	n, ok6 := nextU()
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || mins > 1<<31 || n != uint64(len(rest)) {
		return x, nil, false
	}
	if at != 0 {
		x.Requested = time.Unix(0, at).UTC()
	}
	x.Minutes, x.Allowance, x.Travel, x.CancelFee = int(mins), model.Money(allow), model.Money(travel), model.Money(fee)
	return x, rest, true
}

// factsFromIndexes reads the facts of the Einsätze starting in [from, to)
// from the start index: each row carries its facts (rowFormat3). A row of a
// file not yet converted (a backup opened as it is) finds them in the old
// facts index under the same key. A row whose facts are missing or
// unreadable, or which is unreadable itself (check names such a file), is
// handed to missing with its position and ID, for the caller to read from
// its record; the result keeps a zero fact in its place.
func factsFromIndexes(tx *Tx, from, to []byte, lead int, missing func(i int, id []byte) error) ([]model.EinsatzFact, error) {
	name := Einsaetze.idxBucket(IdxEinsatzStart)
	starts := tx.btx.Bucket(name)
	if starts == nil {
		return nil, nil
	}
	cur := starts.Cursor()
	// Allocated once for as many facts as the range has keys (a year is
	// 33 000 facts of 200 bytes, and growing the slice as it filled cost a
	// third of the read); counting touches only the keys.
	n := 0
	for k, _ := cur.Seek(from); k != nil && (to == nil || bytes.Compare(k, to) < 0); k, _ = cur.Next() {
		n++
	}
	var old *factsCursor // the facts index of an older file, opened when needed
	in := interner{}
	regions := map[string]model.Region{}
	out := make([]model.EinsatzFact, 0, n)
	var buf [36]byte
	for k, v := cur.Seek(from); k != nil && (to == nil || bytes.Compare(k, to) < 0); k, v = cur.Next() {
		_, id, ok := splitIndexKey(k, &buf)
		if !ok {
			continue
		}
		val, err := tx.unseal(name, k, v)
		if err != nil {
			return nil, err
		}
		r, ok := decodeRowInterned(id, val, in)
		var x factExtra
		var status []byte
		if ok {
			if _, facts, _ := splitCompactRow(val); facts != nil {
				x, status, ok = decodeFactExtra(facts)
			} else {
				if old == nil {
					old = seekFacts(tx, from)
				}
				old.skipTo(k)
				if x, status, ok, err = old.extraAt(tx, k); err != nil {
					return nil, err
				}
			}
		}
		if !ok {
			out = append(out, model.EinsatzFact{})
			if err := missing(len(out)-1, id); err != nil {
				return nil, err
			}
			continue
		}
		out = append(out, factOf(r, x, status, in, lead, regions))
	}
	return out, nil
}

// factsCursor walks the facts index of a file before schema 12 alongside
// the start index (both have the same keys).
type factsCursor struct {
	name []byte
	c    *bolt.Cursor // nil: no facts index
	k, v []byte
}

func seekFacts(tx *Tx, from []byte) *factsCursor {
	fc := &factsCursor{name: Einsaetze.idxBucket(IdxEinsatzFacts)}
	if b := tx.btx.Bucket(fc.name); b != nil {
		fc.c = b.Cursor()
		fc.k, fc.v = fc.c.Seek(from)
	}
	return fc
}

// skipTo moves the cursor to the first key not before k.
func (fc *factsCursor) skipTo(k []byte) {
	for fc.c != nil && fc.k != nil && bytes.Compare(fc.k, k) < 0 {
		fc.k, fc.v = fc.c.Next()
	}
}

// extraAt decodes the facts entry of key k; ok is false when there is
// none or it is damaged.
func (fc *factsCursor) extraAt(tx *Tx, k []byte) (x factExtra, status []byte, ok bool, err error) {
	if fc.k == nil || !bytes.Equal(fc.k, k) {
		return x, nil, false, nil
	}
	raw, err := tx.unseal(fc.name, fc.k, fc.v)
	if err != nil {
		return x, nil, false, err
	}
	x, status, ok = decodeFactExtra(raw)
	return x, status, ok, nil
}

// factOf builds the fact of row r and its facts entry x; regions caches
// the region of each place.
func factOf(r EinsatzRow, x factExtra, status []byte, in interner, lead int, regions map[string]model.Region) model.EinsatzFact {
	f := model.EinsatzFact{ID: r.ID, Number: r.Number, Start: r.Start, Requested: x.Requested, Status: r.Status,
		Billed: r.Status == model.StatusAbgerechnet, Language: r.Language, OrganisationID: r.OrganisationID,
		InterpreterID: r.InterpreterID, Place: r.Place, Minutes: x.Minutes, Allowance: x.Allowance, Travel: x.Travel,
		CancelFee: x.CancelFee, Urgent: r.Urgent}
	if len(status) > 0 {
		f.Status = model.Status(in.get(status))
	}
	region, seen := regions[r.Place]
	if !seen {
		region = model.RegionOfPlace(r.Place)
		regions[r.Place] = region
	}
	f.Derive(lead, region)
	return f
}
