package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// Index is one entry a record contributes to a secondary index. The store
// appends the record's ID to Key, so keys need not be unique; Value may carry
// a compact copy of what a list needs, so lists load without decoding
// records.
type Index struct {
	Name  string
	Key   []byte
	Value []byte
}

// Collection describes one kind of record: its bucket, its human numbers and
// its indexes. Domain files in this package declare one each (People,
// Organisations, …); the generic methods do the bookkeeping the same way for
// all of them.
type Collection[T any, P interface {
	*T
	model.Record
}] struct {
	Kind   string // bucket "rec:<Kind>", journal and feed name
	Label  string // German noun for messages ("Einsatz")
	Prefix string // "E" gives E-2026-0042; "" means no number
	Digits int    // zero-padded width of the yearly counter
	// Indexes lists the index entries of a record; old entries are removed
	// and new ones written in the same transaction as the record.
	Indexes func(P) []Index
	// Search describes a record for the search index (searchindex.go);
	// nil: the kind is not searched. SearchRefs names the kinds of the
	// records a SearchDoc refers to; SearchHit makes the hit shown.
	Search     func(P) SearchDoc
	SearchRefs []string
	SearchHit  func(n *hitNames, rec P) Hit
	// SearchDates are the first and last day of a record for a search by
	// date (search --from/--to); nil: the kind has no date.
	SearchDates func(P) (first, last model.Date)
}

func (c *Collection[T, P]) recBucket() []byte { return []byte("rec:" + c.Kind) }

func (c *Collection[T, P]) idxBucket(name string) []byte {
	return []byte("idx:" + c.Kind + ":" + name)
}

// Get loads one record; ErrNotFound if it does not exist.
func (c *Collection[T, P]) Get(tx *Tx, id string) (P, error) {
	b := tx.btx.Bucket(c.recBucket())
	if b == nil {
		return nil, ErrNotFound
	}
	raw := b.Get([]byte(id))
	if raw == nil {
		return nil, ErrNotFound
	}
	return c.load(tx, []byte(id), raw)
}

// load checks the checksum of a stored record (seal.go) and decodes it.
func (c *Collection[T, P]) load(tx *Tx, key, raw []byte) (P, error) {
	v, err := tx.unseal(c.recBucket(), key, raw)
	if err != nil {
		return nil, err
	}
	return c.decode(v)
}

// decode reads a record as stored inside the seal (compressed or plain
// JSON, codec.go) or as the journal keeps it (JSON).
func (c *Collection[T, P]) decode(raw []byte) (P, error) {
	js, err := decodeValue(raw)
	if err != nil {
		return nil, c.unreadable(err)
	}
	return c.fromJSON(js)
}

// unreadable is the message for a stored value that cannot be unpacked or
// decoded: the same wherever the record is read.
func (c *Collection[T, P]) unreadable(err error) error {
	return fmt.Errorf("Ein Datensatz (%s) ist nicht lesbar: %w. Bitte „stabsstelle check“ ausführen.", c.Label, err)
}

// fromJSON is decode of a value already unpacked (decodeValue): Put and
// Delete need both the record and its JSON, and unpack it once.
func (c *Collection[T, P]) fromJSON(js []byte) (P, error) {
	var v T
	if err := json.Unmarshal(js, &v); err != nil {
		return nil, c.unreadable(err)
	}
	// Text stored before control characters were refused is shown
	// harmlessly wherever the record goes (terminal, files).
	if model.MayHoldControl(js) {
		model.CleanStrings(&v)
	}
	return P(&v), nil
}

// Put creates or updates rec. A new record (empty ID or Version 0) gets an
// ID, version 1, its yearly number and creation stamps; an update must carry
// the version it was loaded with, else ErrConflict. Validation runs first if
// the record has a Validate method.
func (c *Collection[T, P]) Put(tx *Tx, rec P) error {
	if v, ok := any(rec).(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	b, err := tx.bucket(c.recBucket())
	if err != nil {
		return err
	}
	// UUIDv7 keys grow with time, so records are appended: bbolt's default
	// FillPercent 0.5 would leave every page half empty; full pages halve
	// the file and the memory its mapping takes.
	b.FillPercent = tx.fillPercent()
	m := rec.GetMeta()
	before := *m
	old, oldRaw, err := c.stored(tx, b, m.ID)
	if err != nil {
		return err
	}
	op, err := c.stampMeta(tx, m, old)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := c.checkNoControl(rec, old, raw); err != nil {
		*m = before // the form keeps the record as it was loaded
		return err
	}
	if err := c.replaceIndexes(tx, m.ID, old, rec); err != nil {
		return err
	}
	if err := tx.put(b, []byte(m.ID), encodeValue(c.Kind, raw)); err != nil {
		return err
	}
	return tx.record(c.Kind, m.ID, m.Number, op, oldRaw, raw)
}

// stored is the record Put replaces, decoded and as the JSON the journal
// keeps (not the compressed value); nil, nil when id is empty or unknown.
func (c *Collection[T, P]) stored(tx *Tx, b *bolt.Bucket, id string) (P, []byte, error) {
	if id == "" {
		return nil, nil, nil
	}
	value, err := tx.unseal(c.recBucket(), []byte(id), b.Get([]byte(id)))
	if err != nil || value == nil {
		return nil, nil, err
	}
	oldRaw, err := decodeValue(value)
	if err != nil {
		return nil, nil, c.unreadable(err)
	}
	old, err := c.fromJSON(oldRaw)
	if err != nil {
		return nil, nil, err
	}
	return old, oldRaw, nil
}

// stampMeta sets the bookkeeping fields Put owns: a new record gets an ID,
// version 1, its creation stamps and yearly number; an update must carry
// the stored version (else ErrConflict) and keeps what creation set.
func (c *Collection[T, P]) stampMeta(tx *Tx, m *model.Meta, old P) (Op, error) {
	op := OpUpdate
	if old == nil {
		if m.Version != 0 {
			return op, ErrNotFound
		}
		op = OpCreate
		stampNew(m, tx.who, tx.now, tx.noJournal)
		if c.Prefix != "" && m.Number == "" {
			var err error
			if m.Number, err = tx.nextNumber(c.Prefix, c.Digits, m.Created); err != nil {
				return op, err
			}
		}
	} else {
		om := old.GetMeta()
		if om.Version != m.Version {
			return op, &ErrConflict{Kind: c.Kind, Number: om.Number, By: om.UpdatedBy, At: om.Updated}
		}
		m.Version = om.Version + 1
		m.Created, m.CreatedBy, m.Number = om.Created, om.CreatedBy, om.Number
	}
	m.Updated, m.UpdatedBy = tx.now, tx.who
	return op, nil
}

// stampNew sets the stamps of a new record (not its number): an ID,
// version 1, who created it and when. Generated records (bulk, no
// journal) may bring their own creation time (demo data spread over
// three years); interactive and imported ones never do.
func stampNew(m *model.Meta, who string, now time.Time, bulk bool) {
	if m.ID == "" {
		m.ID = newID()
	}
	m.Version = 1
	if !bulk || m.Created.IsZero() {
		m.Created = now
	}
	m.CreatedBy = who
}

// checkNoControl refuses control characters from any source (forms,
// imports, sessions): only text the stored record already held may keep
// them. The JSON shows at a glance whether a record could hold any; only
// then are its fields walked to name the one at fault.
func (c *Collection[T, P]) checkNoControl(rec, old P, raw []byte) error {
	if !model.MayHoldControl(raw) && !bytes.Contains(raw, []byte(`\n`)) && !bytes.Contains(raw, []byte(`\t`)) && !bytes.Contains(raw, []byte(`\r`)) {
		return nil
	}
	var oldText any
	if old != nil {
		oldText = old
	}
	if ve := model.CheckText(rec, oldText); len(ve) > 0 {
		return ve
	}
	return nil
}

// replaceIndexes swaps a record's secondary index entries and search
// postings from the stored state (old, nil for a new record) to rec.
func (c *Collection[T, P]) replaceIndexes(tx *Tx, id string, old, rec P) error {
	if old != nil {
		if err := c.dropIndexes(tx, old); err != nil {
			return err
		}
	}
	if err := c.addIndexes(tx, rec); err != nil {
		return err
	}
	return c.reindex(tx, id, old, rec)
}

// Delete removes a record and its index entries; the journal keeps the last
// state, so undo can bring it back.
func (c *Collection[T, P]) Delete(tx *Tx, id string) error {
	b, err := tx.bucket(c.recBucket())
	if err != nil {
		return err
	}
	raw, err := tx.unseal(c.recBucket(), []byte(id), b.Get([]byte(id)))
	if err != nil {
		return err
	}
	if raw == nil {
		return ErrNotFound
	}
	if raw, err = decodeValue(raw); err != nil {
		return c.unreadable(err)
	}
	old, err := c.fromJSON(raw)
	if err != nil {
		return err
	}
	return c.deleteStored(tx, b, id, old, bytes.Clone(raw))
}

// deleteStored deletes the stored record old (raw: its JSON) with its index
// entries and search postings, and journals the deletion.
func (c *Collection[T, P]) deleteStored(tx *Tx, b *bolt.Bucket, id string, old P, raw []byte) error {
	if err := c.dropIndexes(tx, old); err != nil {
		return err
	}
	if err := c.reindex(tx, id, old, nil); err != nil {
		return err
	}
	if err := b.Delete([]byte(id)); err != nil {
		return err
	}
	return tx.record(c.Kind, id, old.GetMeta().Number, OpDelete, raw, nil)
}

func (c *Collection[T, P]) entries(rec P) []Index {
	var out []Index
	if c.Indexes != nil {
		out = c.Indexes(rec)
	}
	return out
}

func (c *Collection[T, P]) addIndexes(tx *Tx, rec P) error {
	m := rec.GetMeta()
	if err := c.addNumber(tx, m); err != nil {
		return err
	}
	return c.putEntries(tx, m.ID, c.entries(rec))
}

// addNumber writes the number index entry of a record that has a number.
func (c *Collection[T, P]) addNumber(tx *Tx, m *model.Meta) error {
	if m.Number != "" {
		nb, err := tx.bucket(bucketNumbers)
		if err != nil {
			return err
		}
		nb.FillPercent = tx.fillPercent() // numbers grow within their yearly series
		if err := tx.put(nb, []byte(m.Number), numberValue(c.Kind, m.ID)); err != nil {
			return err
		}
	}
	return nil
}

// putEntries writes the secondary index entries of record id.
func (c *Collection[T, P]) putEntries(tx *Tx, id string, entries []Index) error {
	if !validIndexID(id) {
		return errIndexID
	}
	for _, ix := range entries {
		b, err := tx.bucket(c.idxBucket(ix.Name))
		if err != nil {
			return err
		}
		// Lists scan whole indexes: fuller pages mean fewer pages mapped.
		b.FillPercent = tx.fillPercent()
		if err := tx.put(b, indexKey(ix.Key, id), ix.Value); err != nil {
			return err
		}
	}
	return nil
}

func (c *Collection[T, P]) dropIndexes(tx *Tx, rec P) error {
	m := rec.GetMeta()
	for _, ix := range c.entries(rec) {
		if b := tx.btx.Bucket(c.idxBucket(ix.Name)); b != nil {
			if err := b.Delete(indexKey(ix.Key, m.ID)); err != nil {
				return err
			}
		}
	}
	if m.Number != "" {
		if nb := tx.btx.Bucket(bucketNumbers); nb != nil {
			return nb.Delete([]byte(m.Number))
		}
	}
	return nil
}

// Each calls fn for every record in ID order (UUIDv7 IDs sort by creation).
func (c *Collection[T, P]) Each(tx *Tx, fn func(P) error) error {
	b := tx.btx.Bucket(c.recBucket())
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, raw []byte) error {
		rec, err := c.load(tx, k, raw)
		if err != nil {
			return err
		}
		return fn(rec)
	})
}

// All loads every record.
func (c *Collection[T, P]) All(tx *Tx) ([]P, error) {
	var out []P
	err := c.Each(tx, func(p P) error { out = append(out, p); return nil })
	return out, err
}

// Count is the number of records, without decoding them.
func (c *Collection[T, P]) Count(tx *Tx) int {
	b := tx.btx.Bucket(c.recBucket())
	if b == nil {
		return 0
	}
	return b.Stats().KeyN
}

// Scan walks index name from key `from` (inclusive) to `to` (exclusive; nil
// means to the end) in key order, handing fn the record ID, the index key
// (without the ID) and the stored value. The value is only valid during fn.
func (c *Collection[T, P]) Scan(tx *Tx, name string, from, to []byte, fn func(id string, key, val []byte) error) error {
	b := tx.btx.Bucket(c.idxBucket(name))
	if b == nil {
		return nil
	}
	cur := b.Cursor()
	var buf [36]byte
	var k, v []byte
	if from == nil {
		k, v = cur.First()
	} else {
		k, v = cur.Seek(from)
	}
	for ; k != nil; k, v = cur.Next() {
		if to != nil && bytes.Compare(k, to) >= 0 {
			break
		}
		key, id, ok := splitIndexKey(k, &buf)
		if !ok {
			continue
		}
		val, err := tx.unseal(c.idxBucket(name), k, v)
		if err != nil {
			return err
		}
		if err := fn(string(id), key, val); err != nil {
			return err
		}
	}
	return nil
}

// ScanReverse is Scan from the end of [from, to) backwards.
func (c *Collection[T, P]) ScanReverse(tx *Tx, name string, from, to []byte, fn func(id string, key, val []byte) error) error {
	b := tx.btx.Bucket(c.idxBucket(name))
	if b == nil {
		return nil
	}
	cur := b.Cursor()
	var buf [36]byte
	var k, v []byte
	if to == nil {
		k, v = cur.Last()
	} else if k, _ = cur.Seek(to); k == nil {
		k, v = cur.Last()
	} else {
		k, v = cur.Prev()
	}
	for ; k != nil; k, v = cur.Prev() {
		if from != nil && bytes.Compare(k, from) < 0 {
			break
		}
		key, id, ok := splitIndexKey(k, &buf)
		if !ok {
			continue
		}
		val, err := tx.unseal(c.idxBucket(name), k, v)
		if err != nil {
			return err
		}
		if err := fn(string(id), key, val); err != nil {
			return err
		}
	}
	return nil
}

// ByNumber finds a record by its human number (E-2026-0042), e.g. when a
// signed paper form comes back.
func (c *Collection[T, P]) ByNumber(tx *Tx, number string) (P, error) {
	kind, id := LookupNumber(tx, number)
	if kind != c.Kind {
		return nil, ErrNotFound
	}
	return c.Get(tx, id)
}

// LookupNumber resolves any human number to its kind and ID.
func LookupNumber(tx *Tx, number string) (kind, id string) {
	b := tx.btx.Bucket(bucketNumbers)
	if b == nil {
		return "", ""
	}
	key := []byte(strings.ToUpper(strings.TrimSpace(number)))
	v, err := tx.unseal(bucketNumbers, key, b.Get(key))
	if v == nil || err != nil { // a damaged entry finds nothing; check names it
		return "", ""
	}
	var buf [36]byte
	k, i, _ := splitIndexKey(v, &buf)
	return string(k), string(i)
}

// nextNumber hands out the next yearly number for prefix; the counter lives
// in the same transaction, so a rolled-back write does not burn a number.
func (tx *Tx) nextNumber(prefix string, digits int, created time.Time) (string, error) {
	b, err := tx.bucket(bucketCounters)
	if err != nil {
		return "", err
	}
	year := created.In(berlin()).Year()
	series := prefix + "-" + strconv.Itoa(year)
	// A laptop copy counts its own provisional series (replica.go).
	provisional := IsLaptopCopy(tx)
	if provisional {
		series += "-" + provisionalSeries
	}
	key := []byte(series)
	cur, err := tx.unseal(bucketCounters, key, b.Get(key))
	if err != nil {
		return "", err // never start the year's numbers over
	}
	n := decodeUint(cur) + 1
	if err := tx.put(b, key, encodeUint(n)); err != nil {
		return "", err
	}
	if provisional {
		return fmt.Sprintf("%s%03d", series, n), nil
	}
	return fmt.Sprintf("%s-%0*d", series, digits, n), nil
}

func newID() string {
	id, err := uuid.NewV7()
	if err != nil { // only when the system's random source fails
		return uuid.NewString()
	}
	return id.String()
}
