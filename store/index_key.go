package store

import (
	"errors"
	"unicode/utf8"
)

// Every index key ends with the ID of its record, so entries of equal keys
// differ (Collection.putEntries). An ID that is a UUID in its canonical
// text form – every ID this program makes – is kept as its 16 bytes:
//
//	key · 0x00 · 16 bytes · 0xFF
//
// any other ID (made by tests or another program) as its text, as every ID
// was up to schema 13:
//
//	key · 0x00 · ID
//
// The last byte tells the two apart: an ID of text is valid UTF-8
// (putEntries refuses others), and no UTF-8 text ends with 0xFF. 0x00 sorts
// before every other byte, so the entries of one key lie in
// [key 0x00, key 0x01) in either form. 16 bytes instead of 36 characters
// took 7 MB off the large demo's file (docs/PERFORMANCE.md).
const (
	idBinaryMark = 0xFF
	idBinaryLen  = 1 + 16 + 1 // 0x00, the UUID, the mark
)

// errIndexID: an ID an index key cannot carry.
var errIndexID = errors.New("Die ID eines Datensatzes ist kein gültiger Text.")

// indexKey is key followed by id in the form above.
func indexKey(key []byte, id string) []byte {
	k := make([]byte, 0, len(key)+idBinaryLen+len(id))
	return appendKeyID(append(k, key...), id)
}

// appendKeyID appends 0x00 and id in the form above.
func appendKeyID(dst []byte, id string) []byte {
	dst = append(dst, 0)
	if u, ok := canonicalUUID(id); ok {
		return append(append(dst, u[:]...), idBinaryMark)
	}
	return append(dst, id...)
}

// textIndexKey is the key as schemas up to 13 wrote it (ID as text): what
// the migrations before migration 14 build, as the file they convert holds.
func textIndexKey(key []byte, id string) []byte {
	k := make([]byte, 0, len(key)+1+len(id))
	k = append(k, key...)
	k = append(k, 0)
	return append(k, id...)
}

// splitIndexKey parts an index key into the key and the record's ID as
// text; a 16-byte ID is written into buf, so id is valid while buf and k
// are. ok is false for a key without an ID.
func splitIndexKey(k []byte, buf *[36]byte) (key, id []byte, ok bool) {
	if n := len(k); n >= idBinaryLen && k[n-1] == idBinaryMark && k[n-idBinaryLen] == 0 {
		formatUUID(buf, k[n-idBinaryLen+1:n-1])
		return k[:n-idBinaryLen], buf[:], true
	}
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == 0 {
			return k[:i], k[i+1:], true
		}
	}
	return nil, nil, false
}

// numberValue is what the number directory (idx:number) holds for the
// record id of kind: the kind, then the ID as at the end of an index key
// (so "kind 0x00 ID" up to schema 13). splitIndexKey reads it.
func numberValue(kind, id string) []byte { return indexKey([]byte(kind), id) }

// validIndexID reports whether id can end an index key (see above).
func validIndexID(id string) bool { return utf8.ValidString(id) }
