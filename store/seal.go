package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Every value in the file carries a checksum. bbolt checks its meta pages
// but nothing else: a bit that flips on the disk or in a copy changes a
// name, an amount or an IBAN without anybody noticing. So each value is
// stored sealed:
//
//	0xFF · value · CRC-32C(len(key) · key · value), 4 bytes big-endian
//
// The checksum covers the key too, so a value that ends up under another
// key (a flipped bit in the key) is caught as well. 0xFF marks the value as
// sealed: no value of the first schema starts with it (JSON, UTF-8 text,
// counters far below 2⁵⁶, empty values), so the migration that seals an
// older file can tell what it has done. CRC-32C runs in hardware on the
// machines this program runs on (SSE 4.2, ARMv8): about 5 µs per MB read.
//
// A value is sealed last, around what the other layers made of it:
//
//	write: JSON → encodeValue (compressed for some kinds, codec.go) → seal
//	read:  unseal (checksum, else *ErrCorrupt naming the record) → decodeValue → JSON
//
// Values are sealed where they are written (tx.put, Collection.Put, the
// journal, counters, settings, meta and import markers, the search index
// through a sealedBucket) and checked where they are read (tx.unseal,
// Collection.load, the index scans, sealedCursor) and by `check`, which
// reads every value of every bucket and names any that is not sealed.
const (
	sealMark = 0xFF
	sealHead = 1
	sealTail = 4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func sealSum(key, value []byte) uint32 {
	var n [binary.MaxVarintLen64]byte
	c := crc32.Update(0, castagnoli, n[:binary.PutUvarint(n[:], uint64(len(key)))])
	c = crc32.Update(c, castagnoli, key)
	return crc32.Update(c, castagnoli, value)
}

// seal returns value with its mark and checksum for storing under key.
func seal(key, value []byte) []byte {
	out := make([]byte, sealHead+len(value)+sealTail)
	out[0] = sealMark
	copy(out[sealHead:], value)
	binary.BigEndian.PutUint32(out[sealHead+len(value):], sealSum(key, value))
	return out
}

// opened returns the value inside a sealed raw value stored under key, or
// ok false when raw is not sealed or its checksum does not match. The
// value shares raw's memory (valid as long as raw is).
func opened(key, raw []byte) (value []byte, ok bool) {
	if len(raw) < sealHead+sealTail || raw[0] != sealMark {
		return nil, false
	}
	value = raw[sealHead : len(raw)-sealTail]
	if binary.BigEndian.Uint32(raw[len(raw)-sealTail:]) != sealSum(key, value) {
		return nil, false
	}
	return value, true
}

// isSealed: raw carries the mark and a matching checksum.
func isSealed(key, raw []byte) bool {
	_, ok := opened(key, raw)
	return ok
}

// ErrCorrupt: a stored value does not match its checksum (or has none): a
// bit has changed on the disk or in a copy. The value is never used as if
// it were right. What names the record as a person reads it
// ("Einsatz E-2026-0042"); Bucket and Key are where it lies.
type ErrCorrupt struct {
	What        string
	Bucket, Key string
	Path        string
}

func (e *ErrCorrupt) Error() string {
	return fmt.Sprintf("%s ist in der Datei beschädigt (die Prüfsumme stimmt nicht) und wird weder angezeigt noch verwendet. Bitte „stabsstelle check“ ausführen und die neueste gute Sicherung zurückspielen (stabsstelle restore --list).", e.What)
}

// unseal returns the value inside raw, read from bucket under key, after
// checking its checksum; a mismatch is an *ErrCorrupt that names the
// record. nil stays nil (a missing key). Files of a schema before the
// checksums (opened read-only by check and restore) are read as they are.
func (tx *Tx) unseal(bucket, key, raw []byte) ([]byte, error) {
	if raw == nil || tx.legacy() {
		return raw, nil
	}
	if v, ok := opened(key, raw); ok {
		return v, nil
	}
	return nil, tx.corrupt(bucket, key)
}

// legacy reports a file from before the checksums: one opened read-only
// by check or restore (Store.legacy), or one a migration before the
// checksums is changing (Tx.plain). Values are read and written as they
// are then.
func (tx *Tx) legacy() bool { return tx.plain || (tx.s != nil && tx.s.legacy) }

// get reads key from bucket b (named bucket) and unseals it.
func (tx *Tx) get(b *bolt.Bucket, bucket, key []byte) ([]byte, error) {
	if b == nil {
		return nil, nil
	}
	return tx.unseal(bucket, key, b.Get(key))
}

// put seals value and stores it under key (plainly in a migration before
// the checksums: the migration "Prüfsummen" seals it after).
func (tx *Tx) put(b *bolt.Bucket, key, value []byte) error {
	if tx.legacy() {
		return b.Put(key, value)
	}
	return b.Put(key, seal(key, value))
}

// sealedBucket is a bucket whose values are read through unseal and
// written through put, for code that works on cursors (the search index,
// the journal walks). A checksum that does not match stops nothing at the
// cursor itself (bbolt's cursor methods return no error): the cursor hands
// out the key with a nil value and the bucket keeps the first such error
// in err, which every user checks before it writes what it read or
// returns what it found (Err).
type sealedBucket struct {
	tx   *Tx
	name []byte
	b    *bolt.Bucket
	err  error
}

// sealed wraps bucket name of tx (nil when there is none).
func (tx *Tx) sealed(name []byte) *sealedBucket {
	b := tx.btx.Bucket(name)
	if b == nil {
		return nil
	}
	return &sealedBucket{tx: tx, name: name, b: b}
}

// sealedOf wraps b, the bucket name of tx.
func (tx *Tx) sealedOf(name []byte, b *bolt.Bucket) *sealedBucket {
	return &sealedBucket{tx: tx, name: name, b: b}
}

func (s *sealedBucket) Get(key []byte) ([]byte, error) { return s.tx.get(s.b, s.name, key) }
func (s *sealedBucket) Put(key, value []byte) error    { return s.tx.put(s.b, key, value) }
func (s *sealedBucket) Delete(key []byte) error        { return s.b.Delete(key) }

// Err is the first error met reading the bucket (nil: all was sound).
func (s *sealedBucket) Err() error { return s.err }

// note keeps err as the bucket's error when it is the first.
func (s *sealedBucket) note(err error) {
	if s.err == nil && err != nil {
		s.err = err
	}
}

// Cursor walks the bucket; values come unsealed.
func (s *sealedBucket) Cursor() *sealedCursor { return &sealedCursor{s: s, c: s.b.Cursor()} }

// Keys walks the bucket's keys only: their values are not read, so not
// checked either (for counting and listing keys).
func (s *sealedBucket) Keys() *bolt.Cursor { return s.b.Cursor() }

type sealedCursor struct {
	s *sealedBucket
	c *bolt.Cursor
}

func (c *sealedCursor) First() ([]byte, []byte)        { return c.open(c.c.First()) }
func (c *sealedCursor) Last() ([]byte, []byte)         { return c.open(c.c.Last()) }
func (c *sealedCursor) Next() ([]byte, []byte)         { return c.open(c.c.Next()) }
func (c *sealedCursor) Prev() ([]byte, []byte)         { return c.open(c.c.Prev()) }
func (c *sealedCursor) Seek(k []byte) ([]byte, []byte) { return c.open(c.c.Seek(k)) }

func (c *sealedCursor) open(k, raw []byte) ([]byte, []byte) {
	if k == nil {
		return nil, nil
	}
	v, err := c.s.tx.unseal(c.s.name, k, raw)
	if err != nil {
		c.s.note(err)
		return k, nil
	}
	return k, v
}

func (tx *Tx) corrupt(bucket, key []byte) *ErrCorrupt {
	path := ""
	if tx.s != nil {
		path = tx.s.path
	}
	return &ErrCorrupt{What: describeValue(tx, bucket, key), Bucket: string(bucket), Key: printableKey(key), Path: path}
}

// describeValue names the value under key in bucket for a person: the
// record's kind and number (looked up in the number directory, which lies
// elsewhere in the file), else its ID.
func describeValue(tx *Tx, bucket, key []byte) string {
	name := string(bucket)
	switch {
	case strings.HasPrefix(name, "rec:"):
		kind := strings.TrimPrefix(name, "rec:")
		return recordName(tx, kind, string(key))
	case name == string(bucketSearch):
		return searchEntryName(key)
	case strings.HasPrefix(name, "idx:") && name != string(bucketNumbers):
		return indexEntryName(tx, name, key)
	case name == string(bucketNumbers):
		return fmt.Sprintf("Der Eintrag der Nummer %s im Nummernverzeichnis", printableKey(key))
	case name == string(bucketJournal):
		return fmt.Sprintf("Der Journaleintrag Nr. %d", decodeUint(key))
	case name == string(bucketHistory):
		return "Ein Eintrag im Verlaufsverzeichnis"
	case name == string(bucketCounters):
		return fmt.Sprintf("Der Nummernzähler %s", printableKey(key))
	case name == string(bucketMeta) && bytes.HasPrefix(key, []byte(importMarker)):
		return "Die Angabe eines laufenden Imports"
	case name == string(bucketMeta):
		return "Der Kopf der Datenbank (Kennung und Version)"
	case name == string(bucketSettings):
		return "Die Einstellung „Regeln & Sätze“ (" + printableKey(key) + ")"
	}
	return fmt.Sprintf("Ein Wert in „%s“", printableKey(bucket))
}

// indexEntryName names an entry of a secondary index (bucket name
// "idx:<kind>:<index>"; the key ends in 0x00 and the record's ID).
func indexEntryName(tx *Tx, name string, key []byte) string {
	parts := strings.SplitN(strings.TrimPrefix(name, "idx:"), ":", 2)
	id := ""
	var buf [36]byte
	if _, raw, ok := splitIndexKey(key, &buf); ok {
		id = string(raw)
	}
	what := "Ein Verzeichniseintrag"
	if len(parts) == 2 {
		what = fmt.Sprintf("Ein Eintrag im Verzeichnis „%s“", parts[1])
	}
	if id != "" {
		return what + " zu " + recordName(tx, parts[0], id)
	}
	return what
}

// searchEntryName names a chunk of the search index by its list: the kind
// and the word (key = kind 0x01 token 0x00 first-ID, searchindex.go).
func searchEntryName(key []byte) string {
	kind, rest, ok := bytes.Cut(key, []byte{1})
	token, _, _ := bytes.Cut(rest, []byte{0})
	if !ok || len(token) == 0 {
		return "Ein Eintrag im Suchverzeichnis"
	}
	label := string(kind)
	if k, ok := KindOf(label); ok {
		label = k.KindLabel()
	}
	word := string(token)
	switch word[0] {
	case '@':
		return fmt.Sprintf("Ein Eintrag im Suchverzeichnis (%s, Verweis auf %s)", printableKey([]byte(label)), printableKey([]byte(word[1:])))
	case '^':
		word = word[1:]
	}
	return fmt.Sprintf("Ein Eintrag im Suchverzeichnis (%s, Wort „%s“)", printableKey([]byte(label)), printableKey([]byte(word)))
}

// recordName is "Einsatz E-2026-0042", or "Einsatz <ID>" when the number
// directory does not know the ID.
func recordName(tx *Tx, kind, id string) string {
	label := kind
	if k, ok := KindOf(kind); ok {
		label = k.KindLabel()
	}
	if n := numberOf(tx, kind, id); n != "" {
		return label + " " + n
	}
	return label + " " + printableKey([]byte(id))
}

// numberOf finds the human number of a record by walking the number
// directory (only done when something is broken).
func numberOf(tx *Tx, kind, id string) string {
	b := tx.btx.Bucket(bucketNumbers)
	if b == nil {
		return ""
	}
	want := numberValue(kind, id)
	found := ""
	_ = b.ForEach(func(k, raw []byte) error {
		v := raw
		if !tx.legacy() {
			var ok bool
			if v, ok = opened(k, raw); !ok {
				return nil
			}
		}
		if bytes.Equal(v, want) {
			found = string(k)
			return errStop
		}
		return nil
	})
	return found
}

var errStop = errors.New("stop")

// printableKey shows a key in a message: text as it is (at most 40
// characters, control characters dropped), other bytes in short hex.
func printableKey(k []byte) string {
	if len(k) == 8 && k[0] == 0 { // big-endian sequence numbers
		return fmt.Sprint(decodeUint(k))
	}
	s := strings.ToValidUTF8(string(k), "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if len(s) < len(k)/2 {
		s = fmt.Sprintf("%x", k)
	}
	return shortLine(s, 40)
}

// metaValue reads a value of the meta bucket: sealed, or as the first
// schema wrote it (app marker and schema version plain).
func metaValue(m *bolt.Bucket, key []byte) ([]byte, error) {
	raw := m.Get(key)
	if raw == nil {
		return nil, nil
	}
	if v, ok := opened(key, raw); ok {
		return v, nil
	}
	if len(raw) > 0 && raw[0] == sealMark {
		return nil, errors.New("der Kopf der Datei ist beschädigt")
	}
	return raw, nil
}

// schemaOf reads the schema version from the meta bucket. A plain version
// number is only believed below the checksum schema, a sealed one only from
// it on: that is where the migration "Prüfsummen" seals it.
func schemaOf(m *bolt.Bucket) (uint64, error) {
	v, err := metaValue(m, keySchema)
	if err != nil {
		return 0, err
	}
	if v != nil && len(v) != 8 {
		return 0, errors.New("die Versionsangabe der Datei ist beschädigt")
	}
	n := decodeUint(v)
	if raw := m.Get(keySchema); raw != nil && (raw[0] == sealMark) != (n >= sealSchema()) {
		return 0, errors.New("die Versionsangabe der Datei ist beschädigt")
	}
	return n, nil
}

// putMeta writes a value of the meta bucket, sealed once the file has
// reached the checksum schema.
func putMeta(m *bolt.Bucket, key, value []byte, schema uint64) error {
	if schema >= sealSchema() {
		return m.Put(key, seal(key, value))
	}
	return m.Put(key, value)
}

// sealCheck walks every value of every bucket of tx and reports the ones
// whose checksum is missing or wrong, at most limit by name (n counts
// all). Reading every byte of every value also makes sure no page the
// structure check (bbolt's tx.Check, in a goroutine of its own) goes on to
// read lies outside the file: a fault here happens under safely.
func sealCheck(tx *Tx, limit int) (bad []string, n int) {
	var walk func(path []byte, b *bolt.Bucket)
	walk = func(name []byte, b *bolt.Bucket) {
		_ = b.ForEach(func(k, v []byte) error {
			if v == nil {
				if child := b.Bucket(k); child != nil {
					walk(append(append(bytes.Clone(name), '/'), k...), child)
					return nil
				}
			}
			if tx.legacy() || isSealed(k, v) {
				return nil
			}
			n++
			if len(bad) < limit {
				bad = append(bad, tx.corrupt(name, k).What)
			}
			return nil
		})
	}
	_ = tx.btx.ForEach(func(name []byte, b *bolt.Bucket) error {
		walk(name, b)
		return nil
	})
	return bad, n
}
