package store

import (
	"encoding/binary"
	"hash/maphash"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// The full check (Collection.Verify) compares what the records imply –
// index entries, entries in the number directory – with what is stored. It
// used to look every implied entry up (a walk from the bucket's root per
// entry, in the records' order, i.e. all over the index pages) and kept all
// numbers in a map. It now reads every index bucket once, in key order, and
// compares fingerprints; only when they differ does a second pass look the
// entries up one by one to say exactly what is wrong.

// fingerprint is the 128-bit hash of one stored (key, value) entry, under
// the two seeds of a fingerprinter.
type fingerprint [2]uint64

func cmpFingerprint(a, b fingerprint) int {
	if c := cmpUint64(a[0], b[0]); c != 0 {
		return c
	}
	return cmpUint64(a[1], b[1])
}

func cmpUint64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// entrySum is an order-independent fingerprint of a multiset of entries:
// their number and the sums (mod 2⁶⁴) of both halves of their
// fingerprints. Equal multisets give equal sums; different ones the same
// sums only by chance (≈ 2⁻¹²⁸ for random hashes).
type entrySum struct {
	n    int
	a, b uint64
}

func (s *entrySum) add(f fingerprint) {
	s.n++
	s.a += f[0]
	s.b += f[1]
}

// fingerprinter hashes entries with two random seeds of its own (fresh per
// check, so no data can be made to collide on purpose).
type fingerprinter struct {
	seedA, seedB maphash.Seed
	buf          []byte
}

func newFingerprinter() *fingerprinter {
	return &fingerprinter{seedA: maphash.MakeSeed(), seedB: maphash.MakeSeed()}
}

// sum hashes the bytes collected in buf.
func (f *fingerprinter) sum() fingerprint {
	return fingerprint{maphash.Bytes(f.seedA, f.buf), maphash.Bytes(f.seedB, f.buf)}
}

// entry is the fingerprint of a stored entry: the key's length, the key,
// the value.
func (f *fingerprinter) entry(k, v []byte) fingerprint {
	f.buf = binary.LittleEndian.AppendUint32(f.buf[:0], uint32(len(k)))
	f.buf = append(f.buf, k...)
	f.buf = append(f.buf, v...)
	return f.sum()
}

// index is entry(indexKey(key, id), v) without allocating the key.
func (f *fingerprinter) index(key []byte, id string, v []byte) fingerprint {
	f.buf = append(f.buf[:0], 0, 0, 0, 0)
	f.buf = append(f.buf, key...)
	f.buf = appendKeyID(f.buf, id)
	binary.LittleEndian.PutUint32(f.buf, uint32(len(f.buf)-4))
	f.buf = append(f.buf, v...)
	return f.sum()
}

// number is entry(number, numberValue(kind, id)), the number directory's
// entry for a record (addNumber).
func (f *fingerprinter) number(number, kind, id string) fingerprint {
	f.buf = binary.LittleEndian.AppendUint32(f.buf[:0], uint32(len(number)))
	f.buf = append(f.buf, number...)
	f.buf = append(f.buf, kind...)
	f.buf = appendKeyID(f.buf, id)
	return f.sum()
}

// bucketSum is the entrySum of every entry of b, read once in key order.
func (f *fingerprinter) bucketSum(b *bolt.Bucket) entrySum {
	var s entrySum
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		s.add(f.entry(k, inner(k, v)))
	}
	return s
}

// allIn reports whether every fingerprint in want (sorted, unique – else
// false) belongs to an entry of b whose value starts with valuePrefix. b's
// keys are unique, so each entry stands for at most one of want.
func (f *fingerprinter) allIn(b *bolt.Bucket, valuePrefix []byte, want []fingerprint) bool {
	if len(want) == 0 {
		return true
	}
	if b == nil {
		return false
	}
	for i := 1; i < len(want); i++ {
		if want[i] == want[i-1] {
			return false
		}
	}
	found := 0
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		v = inner(k, v)
		if len(v) < len(valuePrefix) || string(v[:len(valuePrefix)]) != string(valuePrefix) {
			continue
		}
		if _, ok := slices.BinarySearchFunc(want, f.entry(k, v), cmpFingerprint); ok {
			found++
		}
	}
	return found == len(want)
}

// repeated returns the values that occur more than once in hs (sorted in
// place), or nil.
func repeated(hs []uint64) map[uint64]bool {
	slices.Sort(hs)
	var out map[uint64]bool
	for i := 1; i < len(hs); i++ {
		if hs[i] == hs[i-1] {
			if out == nil {
				out = map[uint64]bool{}
			}
			out[hs[i]] = true
		}
	}
	return out
}

// inner is the value inside a sealed value (seal.go), or v itself when it
// is not sealed or its checksum is wrong: then it differs from what the
// records imply, and the check of all values names it.
func inner(k, v []byte) []byte {
	if w, ok := opened(k, v); ok {
		return w
	}
	return v
}
