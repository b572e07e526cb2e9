package store

import (
	"embed"
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
)

// Large records are stored compressed. A stored value is either plain JSON
// (it begins with '{': people, institutions, settings, and every value of a
// wave-1 file) or
//
//	0x01 dictionary-number s2-block      (schema 4–12)
//	0x02 dictionary-number zstd-frame    (from schema 13)
//
// a block made with the dictionary of that number. The dictionaries
// (dict/*, from demo records of each kind: the member names, status words,
// tariff and the shape of the status history) are what makes small values
// compress: an Einsatz of 1.4 KB becomes ≈ 0.2 KB, where s2 or zstd
// without a dictionary halve it at best.
//
// s2 (github.com/klauspost/compress/s2) compresses an Einsatz in 4 µs, zstd
// (same module, fastest level) in 12 µs; zstd's dictionary brings its own
// entropy tables, so the value is 40 % smaller (337 → 200 bytes per Einsatz
// of the large demo, its file 14 MB smaller, docs/PERFORMANCE.md). The file
// is what every backup, copy and bundle carries; 8 µs more per write is not
// felt at a desk, and bulk writers compress on every core (PutMany).
//
// A dictionary is part of the file format: numbers are never reused and a
// released dictionary never changes. New values are written with the
// newest dictionary of their kind; values written with an older one stay
// readable with it.
//
// Generations (file dict/<name>):
//   - 1–5 (schema 4): s2, 24 KB each, from the demo of its day.
//   - 6–10 (schema 11): s2, up to 64 KB (s2's largest), from the demo of
//     07.12.2026, whose records have fields the first generation never
//     saw: an Einsatz takes 290 instead of 387 bytes, the large demo's
//     file 9 MB less (docs/PERFORMANCE.md).
//   - 11–15 (schema 13): zstd dictionaries (zstd.BuildDict) from the same
//     demo's records.
//   - 16–20 (schema 15): zstd, from demos of other seeds, users and days
//     (2025, 2027, 2029) with every ID replaced by one of a random day. The
//     third generation had learnt the demo's user name, its day and the
//     time prefix its IDs shared: the benchmark's file (same user, day and
//     hour) was 117.5 MB, `demo --size large` as root a day later 122.8,
//     other days and users 123–125. These hold only what every file has
//     in common: 122.5–123 MB for every user and day (docs/PERFORMANCE.md).

const (
	codecS2   = 0x01
	codecZstd = 0x02
)

//go:embed dict/*.s2dict dict/*.zdict
var dictFiles embed.FS

// codecDicts maps a kind to the number of the dictionary new values are
// written with; kinds not listed are stored as plain JSON (small records:
// compression saves little and people are scanned raw, see Interpreters).
var codecDicts = map[string]byte{
	KindEinsatz:      16,
	KindClaim:        17,
	KindRegistration: 18,
	KindEvent:        19,
	KindPayout:       20,
}

// dictNames names the file of every dictionary ever released.
var dictNames = map[byte]string{
	1: KindEinsatz + ".s2dict", 2: KindClaim + ".s2dict", 3: KindRegistration + ".s2dict", 4: KindEvent + ".s2dict", 5: KindPayout + ".s2dict",
	6: KindEinsatz + "-2.s2dict", 7: KindClaim + "-2.s2dict", 8: KindRegistration + "-2.s2dict", 9: KindEvent + "-2.s2dict", 10: KindPayout + "-2.s2dict",
	11: KindEinsatz + "-3.zdict", 12: KindClaim + "-3.zdict", 13: KindRegistration + "-3.zdict", 14: KindEvent + "-3.zdict", 15: KindPayout + "-3.zdict",
	16: KindEinsatz + "-4.zdict", 17: KindClaim + "-4.zdict", 18: KindRegistration + "-4.zdict", 19: KindEvent + "-4.zdict", 20: KindPayout + "-4.zdict",
}

// dictCodec is the codec byte a value written with dictionary n begins with.
func dictCodec(n byte) byte {
	if n >= 11 {
		return codecZstd
	}
	return codecS2
}

// dictSlot holds what is made from dictionary n, each part when it is
// first needed: a process that only reads (`search`, `today`) never builds
// an encoder, and one that reads zstd values never loads s2's
// dictionaries – building all of them took 1.7 ms of every start.
type dictSlot struct {
	s2Once, encOnce, decOnce sync.Once
	s2                       *s2.Dict
	enc                      *zstd.Encoder
	dec                      *zstd.Decoder
}

var dictSlots [21]dictSlot

// dictFile is the dictionary of number n as released, nil if unknown; a
// copy each call (embed.FS), so only read when a slot is made.
func dictFile(n byte) []byte {
	name, ok := dictNames[n]
	if !ok || int(n) >= len(dictSlots) {
		return nil
	}
	raw, err := dictFiles.ReadFile("dict/" + name)
	if err != nil {
		return nil
	}
	return raw
}

// dictByNumber is the s2 dictionary of number n (nil: unknown or zstd).
func dictByNumber(n byte) *s2.Dict {
	if _, ok := dictNames[n]; !ok || dictCodec(n) != codecS2 {
		return nil
	}
	d := &dictSlots[n]
	d.s2Once.Do(func() {
		if raw := dictFile(n); raw != nil {
			d.s2 = s2.NewDict(raw)
		}
	})
	return d.s2
}

// zstdEncoder is the encoder with zstd dictionary n (nil: unknown or s2).
// The dictionary's ID is its number: a frame names the dictionary it needs.
func zstdEncoder(n byte) *zstd.Encoder {
	if _, ok := dictNames[n]; !ok || dictCodec(n) != codecZstd {
		return nil
	}
	d := &dictSlots[n]
	d.encOnce.Do(func() {
		raw := dictFile(n)
		if raw == nil {
			return
		}
		d.enc, _ = zstd.NewWriter(nil, zstd.WithEncoderDict(raw), zstd.WithEncoderLevel(zstd.SpeedFastest),
			zstd.WithEncoderCRC(false), zstd.WithZeroFrames(false), zstd.WithSingleSegment(true))
	})
	return d.enc
}

// zstdDecoder is the decoder for frames of zstd dictionary n; it refuses
// to unpack more than maxValueSize.
func zstdDecoder(n byte) *zstd.Decoder {
	if _, ok := dictNames[n]; !ok || dictCodec(n) != codecZstd {
		return nil
	}
	d := &dictSlots[n]
	d.decOnce.Do(func() {
		raw := dictFile(n)
		if raw == nil {
			return
		}
		d.dec, _ = zstd.NewReader(nil, zstd.WithDecoderDicts(raw), zstd.WithDecoderMaxMemory(maxValueSize),
			zstd.WithDecoderConcurrency(0))
	})
	return d.dec
}

// maxValueSize bounds what a stored value may claim to unpack to: a damaged
// length must not make the program allocate gigabytes.
const maxValueSize = 16 << 20

// encodeValue is how a record of kind is stored: compressed when the kind
// has a dictionary and that saves space, else the JSON itself.
func encodeValue(kind string, js []byte) []byte {
	n, ok := codecDicts[kind]
	if !ok {
		return js
	}
	enc := zstdEncoder(n)
	if enc == nil {
		return js
	}
	out := enc.EncodeAll(js, append(make([]byte, 0, 2+len(js)/3), codecZstd, n))
	if len(out) >= len(js) {
		return js
	}
	return out
}

// errValue: a stored value that is neither JSON nor a readable compressed
// block (damaged file).
var errValue = errors.New("unbekanntes Format")

// decodeValue returns the JSON of a stored value. Plain JSON is returned as
// it is (no copy: valid for the transaction, like every bbolt value).
func decodeValue(raw []byte) ([]byte, error) {
	if len(raw) == 0 || (raw[0] != codecS2 && raw[0] != codecZstd) {
		return raw, nil
	}
	if len(raw) < 2 || dictCodec(raw[1]) != raw[0] {
		return nil, errValue
	}
	if raw[0] == codecZstd {
		return decodeZstd(raw[1], raw[2:])
	}
	d := dictByNumber(raw[1])
	if d == nil {
		return nil, fmt.Errorf("Wörterbuch %d fehlt: %w", raw[1], errValue)
	}
	n, err := s2.DecodedLen(raw[2:])
	if err != nil || n > maxValueSize {
		return nil, errValue
	}
	out, err := d.Decode(make([]byte, n), raw[2:])
	if err != nil {
		return nil, errValue
	}
	return out, nil
}

// decodeZstd unpacks a frame written with dictionary n. The frame must name
// that dictionary and say how long it unpacks (encodeValue writes both), so
// the length is checked before anything is allocated.
func decodeZstd(n byte, frame []byte) ([]byte, error) {
	dec := zstdDecoder(n)
	if dec == nil {
		return nil, fmt.Errorf("Wörterbuch %d fehlt: %w", n, errValue)
	}
	var h zstd.Header
	if err := h.Decode(frame); err != nil || !h.HasFCS || h.FrameContentSize > maxValueSize || h.DictionaryID != uint32(n) {
		return nil, errValue
	}
	out, err := dec.DecodeAll(frame, make([]byte, 0, h.FrameContentSize))
	if err != nil || uint64(len(out)) != h.FrameContentSize {
		return nil, errValue
	}
	return out, nil
}
