package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"strings"
	"sync"

	"stabsstelle/model"
)

// Kind is what maintenance code (check, undo, history) needs of a
// collection without knowing its record type.
type Kind interface {
	KindName() string
	KindLabel() string
	// Restore writes a journaled state of a record back (raw JSON from a
	// journal entry), rewriting its index entries; nil raw deletes it. It is
	// journaled like any other write.
	Restore(tx *Tx, id string, raw []byte) error
	// Frozen reports whether the stored record may no longer be changed
	// (claims from "angeordnet" on): undo must leave it alone.
	Frozen(tx *Tx, id string) bool
	// Verify checks every record decodes and that index buckets hold exactly
	// the entries the records imply; it returns German problem sentences.
	Verify(tx *Tx) []string
	// Describe is a one-line German description of a raw record state for
	// history views ("E-2026-0042 Tigrinya 05.03.2026").
	Describe(raw []byte) string
}

// Freezer is implemented by records that become read-only (money records
// after approval).
type Freezer interface{ Frozen() bool }

// Describer is implemented by records that can name themselves in one line.
type Describer interface{ Describe() string }

var (
	kindsMu sync.Mutex
	kinds   = map[string]Kind{}
)

// RegisterKind makes a collection known to check, undo and history.
func RegisterKind(k Kind) {
	kindsMu.Lock()
	kinds[k.KindName()] = k
	kindsMu.Unlock()
}

// KindOf returns the registered collection of a kind name.
func KindOf(name string) (Kind, bool) {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	k, ok := kinds[name]
	return k, ok
}

// Kinds lists every registered collection, sorted by name.
func Kinds() []Kind {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	out := make([]Kind, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].KindName() < out[j].KindName() })
	return out
}

func init() {
	for _, k := range []Kind{People, Organisations, Einsaetze, Claims, Funds, Payouts, Events, Registrations, Tasks} {
		RegisterKind(k)
	}
	// The order here is the order of equal hits of different kinds.
	for _, s := range []searchable{Einsaetze, People, Organisations, Claims, Events, Tasks} {
		registerSearchable(s)
	}
}

// KindName implements Kind.
func (c *Collection[T, P]) KindName() string { return c.Kind }

// KindLabel implements Kind.
func (c *Collection[T, P]) KindLabel() string { return c.Label }

// Restore implements Kind. The restored state keeps its own version number
// plus one above what is stored, so editors holding the old version get a
// conflict instead of silently overwriting the undo.
func (c *Collection[T, P]) Restore(tx *Tx, id string, raw []byte) error {
	b, err := tx.bucket(c.recBucket())
	if err != nil {
		return err
	}
	cur, err := tx.unseal(c.recBucket(), []byte(id), b.Get([]byte(id)))
	if err != nil {
		return err
	}
	var curRec P
	if cur != nil {
		if curRec, err = c.decode(cur); err != nil {
			return err
		}
		if cur, err = decodeValue(cur); err != nil {
			return err
		}
		cur = bytes.Clone(cur)
	}
	if raw == nil {
		if curRec == nil {
			return nil
		}
		if err := c.dropIndexes(tx, curRec); err != nil {
			return err
		}
		if err := c.reindex(tx, id, curRec, nil); err != nil {
			return err
		}
		if err := b.Delete([]byte(id)); err != nil {
			return err
		}
		return tx.record(c.Kind, id, curRec.GetMeta().Number, OpDelete, cur, nil)
	}
	rec, err := c.decode(raw)
	if err != nil {
		return err
	}
	m := rec.GetMeta()
	op := OpCreate
	if curRec != nil {
		op = OpUpdate
		if err := c.dropIndexes(tx, curRec); err != nil {
			return err
		}
		m.Version = curRec.GetMeta().Version + 1
	} else {
		m.Version++
	}
	m.Updated, m.UpdatedBy = tx.now, tx.who
	out, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := c.addIndexes(tx, rec); err != nil {
		return err
	}
	if err := c.reindex(tx, id, curRec, rec); err != nil {
		return err
	}
	if err := tx.put(b, []byte(id), encodeValue(c.Kind, out)); err != nil {
		return err
	}
	return tx.record(c.Kind, id, m.Number, op, cur, out)
}

// Frozen implements Kind.
func (c *Collection[T, P]) Frozen(tx *Tx, id string) bool {
	rec, err := c.Get(tx, id)
	if err != nil {
		return false
	}
	f, ok := any(rec).(Freezer)
	return ok && f.Frozen()
}

// Describe implements Kind.
func (c *Collection[T, P]) Describe(raw []byte) string {
	if raw == nil {
		return ""
	}
	rec, err := c.decode(raw)
	if err != nil {
		return c.Label + " (nicht lesbar)"
	}
	if d, ok := any(rec).(Describer); ok {
		return d.Describe()
	}
	if n := rec.GetMeta().Number; n != "" {
		return c.Label + " " + n
	}
	switch r := any(rec).(type) {
	case *model.Person:
		return r.Name
	case *model.Organisation:
		return r.Name
	}
	return c.Label
}

// Verify implements Kind. It walks the records once, decoding each, and
// adds up fingerprints of the index and number-directory entries they imply
// (fingerprint.go); each index bucket and the number directory are then read
// once in key order and compared. Memory stays flat however large the file
// is (two small slices of hashes for the numbers), and every page is read
// about once, so the full check can hand pages back while it runs
// (dropWhile). Only if something differs does verifyExactly walk the
// records again and look the entries up one by one to say what is wrong.
func (c *Collection[T, P]) Verify(tx *Tx) []string {
	var probs []string
	fp := newFingerprinter()
	implied := map[string]*entrySum{} // index name → the entries the records imply
	var numbers []uint64              // hash of each record's number, to find duplicates
	var numEntries []fingerprint      // the number directory entries the records imply
	var searchSum entrySum            // the search index postings the records imply
	b := tx.btx.Bucket(c.recBucket())
	if b != nil {
		_ = b.ForEach(func(k, raw []byte) error {
			rec, err := c.load(tx, k, raw)
			if err != nil {
				// A wrong checksum is reported by the check of all values
				// (sealCheck); here only what passed it but is no record.
				if _, corrupt := err.(*ErrCorrupt); !corrupt {
					probs = append(probs, fmt.Sprintf("%s %s ist nicht lesbar.", c.Label, printableKey(k)))
				}
				return nil
			}
			m := rec.GetMeta()
			if m.ID != string(k) {
				probs = append(probs, fmt.Sprintf("%s %s steht unter dem falschen Schlüssel.", c.Label, k))
			}
			if m.Number != "" {
				numbers = append(numbers, maphash.String(fp.seedA, m.Number))
				// The key LookupNumber reads for this number.
				numEntries = append(numEntries, fp.number(strings.ToUpper(strings.TrimSpace(m.Number)), c.Kind, m.ID))
			}
			if v, ok := any(rec).(interface{ Verify() []string }); ok {
				for _, p := range v.Verify() {
					probs = append(probs, label(c.Label, m)+": "+p)
				}
			}
			for _, ix := range c.entries(rec) {
				s := implied[ix.Name]
				if s == nil {
					s = &entrySum{}
					implied[ix.Name] = s
				}
				s.add(fp.index(ix.Key, m.ID, ix.Value))
			}
			if d := c.searchDocOf(rec); d != nil {
				for _, t := range d.tokens() {
					searchSum.add(fp.index([]byte(t), m.ID, nil))
				}
			}
			return nil
		})
	}
	// A file of an older schema (a backup from before an update) has the
	// indexes of its time; Open rebuilds them when it migrates the file.
	// Its records and numbers are checked, its indexes are not compared
	// with what this program would write.
	current := fileSchema(tx) == SchemaVersion()
	if current {
		probs = append(probs, c.verifySearch(tx, fp, &searchSum)...)
	}
	dups := repeated(numbers)
	slices.SortFunc(numEntries, cmpFingerprint)
	numbersOK := fp.allIn(tx.btx.Bucket(bucketNumbers), []byte(c.Kind+"\x00"), numEntries)
	var badIdx []string
	for name, want := range implied {
		if !current {
			break
		}
		var have entrySum
		if ib := tx.btx.Bucket(c.idxBucket(name)); ib != nil {
			have = fp.bucketSum(ib)
		}
		if have != *want {
			badIdx = append(badIdx, name)
		}
	}
	if len(dups) > 0 || !numbersOK || len(badIdx) > 0 {
		slices.Sort(badIdx)
		probs = append(probs, c.verifyExactly(tx, fp.seedA, dups, !numbersOK, badIdx)...)
	}
	return probs
}

// verifyExactly is Verify's second pass, when the fingerprints differ: it
// walks the records again and names duplicate numbers (those whose hash
// under seed is in dups), numbers the number directory does not resolve to
// their record (if directory), and for each index in indexes how many entries are
// missing or outdated and how many it holds.
func (c *Collection[T, P]) verifyExactly(tx *Tx, seed maphash.Seed, dups map[uint64]bool, directory bool, indexes []string) []string {
	var probs []string
	expected := map[string]int{} // index name → entries the records imply
	wrong := map[string]int{}    // index name → missing or outdated entries
	seen := map[string]string{}  // number → id, for the numbers in dups
	check := map[string]bool{}   // the indexes to look at
	for _, name := range indexes {
		check[name] = true
	}
	if b := tx.btx.Bucket(c.recBucket()); b != nil {
		_ = b.ForEach(func(k, raw []byte) error {
			rec, err := c.load(tx, k, raw)
			if err != nil {
				return nil // reported by Verify
			}
			m := rec.GetMeta()
			if m.Number != "" {
				if dups[maphash.String(seed, m.Number)] {
					if other, dup := seen[m.Number]; dup {
						probs = append(probs, fmt.Sprintf("Die Nummer %s ist doppelt vergeben (%s und %s).", m.Number, other, m.ID))
					}
					seen[m.Number] = m.ID
				}
				if directory {
					if kind, id := LookupNumber(tx, m.Number); kind != c.Kind || id != m.ID {
						probs = append(probs, fmt.Sprintf("Die Nummer %s ist im Nummernverzeichnis falsch eingetragen.", m.Number))
					}
				}
			}
			if len(check) == 0 {
				return nil
			}
			for _, ix := range c.entries(rec) {
				if !check[ix.Name] {
					continue
				}
				expected[ix.Name]++
				ib := tx.btx.Bucket(c.idxBucket(ix.Name))
				if ib == nil {
					wrong[ix.Name]++
					continue
				}
				key := indexKey(ix.Key, m.ID)
				if got, err := tx.unseal(c.idxBucket(ix.Name), key, ib.Get(key)); err != nil || got == nil || !bytes.Equal(got, ix.Value) {
					wrong[ix.Name]++
				}
			}
			return nil
		})
	}
	for _, name := range indexes {
		n := expected[name]
		have := 0
		if ib := tx.btx.Bucket(c.idxBucket(name)); ib != nil {
			have = ib.Stats().KeyN
		}
		if wrong[name] > 0 || have != n {
			probs = append(probs, fmt.Sprintf("Verzeichnis „%s“ von %s passt nicht zu den Datensätzen (%d fehlen oder veraltet, %d statt %d Einträge).",
				name, c.Label, wrong[name], have, n))
		}
	}
	return probs
}

func label(l string, m *model.Meta) string {
	if m.Number != "" {
		return m.Number
	}
	return l + " " + m.ID
}
