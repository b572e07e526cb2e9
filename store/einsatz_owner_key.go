package store

import (
	"encoding/binary"
	"time"
)

// The owner indexes of the Einsätze (interpreter, institution) have keys
// only; the row is read from the start index (rowsOfOwner). A key is, in
// the order a list wants them (by owner, then start, then ID):
//
//	0x00 · owner ID (16 bytes) · start (8 bytes) · 0x00 · Einsatz ID
//
// when the owner's ID is a UUID in its canonical text form – 43 bytes
// with the Einsatz's ID as 16 bytes (schema 14; 62 with it as text, 94 in
// schema 7) – and otherwise, as in schema 7,
//
//	owner ID "|" start (UTC RFC 3339) "\x00" Einsatz ID
//
// The start is Unix seconds plus 2⁶³, big-endian, so that bytes sort as
// times do (the start index's key has seconds too). The store appends
// 0x00 and the Einsatz's ID to every index key (index_key.go: 16 bytes and
// a mark for a UUID), as for the start index, whose key the row is read
// under. No text key begins with 0x00: IDs with control characters are
// refused.
const ownerKeyMark = 0x00

// ownerPartLen is the length of the binary key before "\x00" ID.
const ownerPartLen = 1 + 16 + 8

func ownerIndex(name, owner string, start time.Time) Index {
	if k, ok := binaryOwnerKey(owner, start); ok {
		return Index{Name: name, Key: k}
	}
	return Index{Name: name, Key: []byte(owner + "|" + startKey(start))}
}

func binaryOwnerKey(owner string, start time.Time) ([]byte, bool) {
	o, ok := canonicalUUID(owner)
	if !ok {
		return nil, false
	}
	k := make([]byte, 0, ownerPartLen)
	k = append(k, ownerKeyMark)
	k = append(k, o[:]...)
	return binary.BigEndian.AppendUint64(k, uint64(start.Unix())+1<<63), true
}

// ownerRange is the range [lo, hi) of owner's binary keys starting in
// [from, to) (zero times: open ends).
func ownerRange(owner [16]byte, from, to time.Time) (lo, hi []byte) {
	lo = append([]byte{ownerKeyMark}, owner[:]...)
	hi = append([]byte{ownerKeyMark}, owner[:]...)
	if !from.IsZero() {
		lo = binary.BigEndian.AppendUint64(lo, uint64(from.Unix())+1<<63)
	}
	if to.IsZero() {
		hi = append(hi, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
	} else {
		hi = binary.BigEndian.AppendUint64(hi, uint64(to.Unix())+1<<63)
	}
	return lo, hi
}

// startIndexKey appends to dst the start index's key of the Einsatz a
// binary owner key k names: start, then the same ID part (index_key.go);
// id is the ID as text (in idBuf when it is stored as 16 bytes). ok is
// false for a key of another shape.
func startIndexKey(dst, k []byte, idBuf *[36]byte) (key, id []byte, ok bool) {
	if len(k) <= ownerPartLen+1 || k[0] != ownerKeyMark || k[ownerPartLen] != 0 {
		return nil, nil, false
	}
	if _, id, ok = splitIndexKey(k, idBuf); !ok {
		return nil, nil, false
	}
	at := int64(binary.BigEndian.Uint64(k[17:ownerPartLen]) - 1<<63)
	key = appendStartKey(dst, time.Unix(at, 0).UTC())
	return append(key, k[ownerPartLen:]...), id, true
}

// appendStartKey appends startKey(t) for a UTC time t: what AppendFormat
// with time.RFC3339 writes, digit by digit (a third of its time: the owner
// lookups make one per row). Years outside 0…9999 take AppendFormat.
func appendStartKey(dst []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	if y < 0 || y > 9999 {
		return t.AppendFormat(dst, time.RFC3339)
	}
	two := func(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }
	dst = two(two(dst, y/100), y%100)
	dst = two(append(dst, '-'), int(mo))
	dst = two(append(dst, '-'), d)
	dst = two(append(dst, 'T'), h)
	dst = two(append(dst, ':'), mi)
	dst = two(append(dst, ':'), s)
	return append(dst, 'Z')
}
