package store

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"

	"stabsstelle/model"
)

// Verify implements Kind. It walks the records once, decoding each, and
// adds up fingerprints of the index and number-directory entries they imply
// (fingerprint.go); each index bucket and the number directory are then read
// once in key order and compared. Memory stays flat however large the file
// is (two small slices of hashes for the numbers), and every page is read
// about once, so the full check can hand pages back while it runs
// (dropWhile). Only if something differs does verifyExactly walk the
// records again and look the entries up one by one to say what is wrong.
func (c *Collection[T, P]) Verify(tx *Tx) []string {
	v := &verifySums{fp: newFingerprinter(), implied: map[string]*entrySum{}}
	if b := tx.btx.Bucket(c.recBucket()); b != nil {
		_ = b.ForEach(func(k, raw []byte) error {
			c.sumRecord(tx, v, k, raw)
			return nil
		})
	}
	probs, fp := v.probs, v.fp
	// A file of an older schema (a backup from before an update) has the
	// indexes of its time; Open rebuilds them when it migrates the file.
	// Its records and numbers are checked, its indexes are not compared
	// with what this program would write.
	current := fileSchema(tx) == SchemaVersion()
	if current {
		probs = append(probs, c.verifySearch(tx, fp, &v.searchSum)...)
	}
	dups := repeated(v.numbers)
	slices.SortFunc(v.numEntries, cmpFingerprint)
	numbersOK := fp.allIn(tx.btx.Bucket(bucketNumbers), []byte(c.Kind+"\x00"), v.numEntries)
	var badIdx []string
	if current {
		badIdx = c.differingIndexes(tx, fp, v.implied)
	}
	if len(dups) > 0 || !numbersOK || len(badIdx) > 0 {
		slices.Sort(badIdx)
		probs = append(probs, c.verifyExactly(tx, fp.seedA, dups, !numbersOK, badIdx)...)
	}
	return probs
}

// verifySums is what Verify's walk over the records gathers.
type verifySums struct {
	fp         *fingerprinter
	probs      []string
	implied    map[string]*entrySum // index name → the entries the records imply
	numbers    []uint64             // hash of each record's number, to find duplicates
	numEntries []fingerprint        // the number directory entries the records imply
	searchSum  entrySum             // the search index postings the records imply
}

// sumRecord checks one stored record and adds what it implies to v.
func (c *Collection[T, P]) sumRecord(tx *Tx, v *verifySums, k, raw []byte) {
	rec, err := c.load(tx, k, raw)
	if err != nil {
		// A wrong checksum is reported by the check of all values
		// (sealCheck); here only what passed it but is no record.
		if _, corrupt := err.(*ErrCorrupt); !corrupt {
			v.probs = append(v.probs, fmt.Sprintf("%s %s ist nicht lesbar.", c.Label, printableKey(k)))
		}
		return
	}
	m := rec.GetMeta()
	if m.ID != string(k) {
		v.probs = append(v.probs, fmt.Sprintf("%s %s steht unter dem falschen Schlüssel.", c.Label, k))
	}
	if m.Number != "" {
		v.numbers = append(v.numbers, maphash.String(v.fp.seedA, m.Number))
		// The key LookupNumber reads for this number.
		v.numEntries = append(v.numEntries, v.fp.number(strings.ToUpper(strings.TrimSpace(m.Number)), c.Kind, m.ID))
	}
	if r, ok := any(rec).(interface{ Verify() []string }); ok {
		for _, p := range r.Verify() {
			v.probs = append(v.probs, label(c.Label, m)+": "+p)
		}
	}
	for _, ix := range c.entries(rec) {
		s := v.implied[ix.Name]
		if s == nil {
			s = &entrySum{}
			v.implied[ix.Name] = s
		}
		s.add(v.fp.index(ix.Key, m.ID, ix.Value))
	}
	if d := c.searchDocOf(rec); d != nil {
		for _, t := range d.tokens() {
			v.searchSum.add(v.fp.index([]byte(t), m.ID, nil))
		}
	}
}

// differingIndexes names the indexes whose stored entries do not add up
// to what the records imply (unsorted).
func (c *Collection[T, P]) differingIndexes(tx *Tx, fp *fingerprinter, implied map[string]*entrySum) []string {
	var bad []string
	for name, want := range implied {
		var have entrySum
		if ib := tx.btx.Bucket(c.idxBucket(name)); ib != nil {
			have = fp.bucketSum(ib)
		}
		if have != *want {
			bad = append(bad, name)
		}
	}
	return bad
}

// verifyExactly is Verify's second pass, when the fingerprints differ: it
// walks the records again and names duplicate numbers (those whose hash
// under seed is in dups), numbers the number directory does not resolve to
// their record (if directory), and for each index in indexes how many entries are
// missing or outdated and how many it holds.
func (c *Collection[T, P]) verifyExactly(tx *Tx, seed maphash.Seed, dups map[uint64]bool, directory bool, indexes []string) []string {
	x := &exactCheck{
		seed: seed, dups: dups, directory: directory,
		expected: map[string]int{}, wrong: map[string]int{},
		seen: map[string]string{}, check: map[string]bool{},
	}
	for _, name := range indexes {
		x.check[name] = true
	}
	if b := tx.btx.Bucket(c.recBucket()); b != nil {
		_ = b.ForEach(func(k, raw []byte) error {
			rec, err := c.load(tx, k, raw)
			if err != nil {
				return nil // reported by Verify
			}
			m := rec.GetMeta()
			c.checkNumber(tx, x, m)
			if len(x.check) > 0 {
				c.checkIndexEntries(tx, x, c.entries(rec), m.ID)
			}
			return nil
		})
	}
	for _, name := range indexes {
		n := x.expected[name]
		have := 0
		if ib := tx.btx.Bucket(c.idxBucket(name)); ib != nil {
			have = ib.Stats().KeyN
		}
		if x.wrong[name] > 0 || have != n {
			x.probs = append(x.probs, fmt.Sprintf("Verzeichnis „%s“ von %s passt nicht zu den Datensätzen (%d fehlen oder veraltet, %d statt %d Einträge).",
				name, c.Label, x.wrong[name], have, n))
		}
	}
	return x.probs
}

// exactCheck is what verifyExactly's walk over the records gathers.
type exactCheck struct {
	seed      maphash.Seed
	dups      map[uint64]bool   // hashes of numbers given more than once
	directory bool              // check each number in the number directory
	expected  map[string]int    // index name → entries the records imply
	wrong     map[string]int    // index name → missing or outdated entries
	seen      map[string]string // number → id, for the numbers in dups
	check     map[string]bool   // the indexes to look at
	probs     []string
}

// checkNumber names a duplicate number of m and a number the directory
// does not resolve to m's record.
func (c *Collection[T, P]) checkNumber(tx *Tx, x *exactCheck, m *model.Meta) {
	if m.Number == "" {
		return
	}
	if x.dups[maphash.String(x.seed, m.Number)] {
		if other, dup := x.seen[m.Number]; dup {
			x.probs = append(x.probs, fmt.Sprintf("Die Nummer %s ist doppelt vergeben (%s und %s).", m.Number, other, m.ID))
		}
		x.seen[m.Number] = m.ID
	}
	if x.directory {
		if kind, id := LookupNumber(tx, m.Number); kind != c.Kind || id != m.ID {
			x.probs = append(x.probs, fmt.Sprintf("Die Nummer %s ist im Nummernverzeichnis falsch eingetragen.", m.Number))
		}
	}
}

// checkIndexEntries looks up the entries of record id in the indexes to
// check and counts those missing or outdated.
func (c *Collection[T, P]) checkIndexEntries(tx *Tx, x *exactCheck, entries []Index, id string) {
	for _, ix := range entries {
		if !x.check[ix.Name] {
			continue
		}
		x.expected[ix.Name]++
		ib := tx.btx.Bucket(c.idxBucket(ix.Name))
		if ib == nil {
			x.wrong[ix.Name]++
			continue
		}
		key := indexKey(ix.Key, id)
		if got, err := tx.unseal(c.idxBucket(ix.Name), key, ib.Get(key)); err != nil || got == nil || !bytes.Equal(got, ix.Value) {
			x.wrong[ix.Name]++
		}
	}
}
