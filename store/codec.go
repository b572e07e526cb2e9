package store

import (
	"embed"
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/s2"
)

// Large records are stored compressed. A stored value is either plain JSON
// (it begins with '{': people, institutions, settings, and every value of a
// wave-1 file) or
//
//	0x01 dictionary-number s2-block
//
// an s2 block (github.com/klauspost/compress/s2) made with the dictionary of
// that number. The dictionaries (dict/*.s2dict, from demo records of each
// kind: the member names, status words, tariff and the shape of the status
// history) are what makes small values compress: an Einsatz of 1.4 KB
// becomes ≈ 0.35 KB, where s2 without a dictionary halves it at best. s2
// rather than zstd or flate because it compresses an Einsatz in a few
// microseconds (zstd ≈ 15 µs, flate ≈ 40 µs with a dictionary, measured on
// the demo): the large demo and imports write 100 000s of records.
//
// A dictionary is part of the file format: numbers are never reused and a
// released dictionary never changes. New values are written with the
// newest dictionary of their kind; values written with an older one stay
// readable with it.
//
// Generations (file dict/<name>.s2dict):
//   - 1–5 (schema 4): 24 KB each, from the demo of its day.
//   - 6–10 (schema 11): up to 64 KB (s2's largest), from the demo of
//     07.12.2026, whose records have fields the first generation never
//     saw: an Einsatz takes 290 instead of 387 bytes, the large demo's
//     file 9 MB less (docs/PERFORMANCE.md).

const codecS2 = 0x01

//go:embed dict/*.s2dict
var dictFiles embed.FS

// codecDicts maps a kind to the number of the dictionary new values are
// written with; kinds not listed are stored as plain JSON (small records:
// compression saves little and people are scanned raw, see Interpreters).
var codecDicts = map[string]byte{
	KindEinsatz:      6,
	KindClaim:        7,
	KindRegistration: 8,
	KindEvent:        9,
	KindPayout:       10,
}

// dictNames names the file of every dictionary ever released.
var dictNames = map[byte]string{
	1: KindEinsatz, 2: KindClaim, 3: KindRegistration, 4: KindEvent, 5: KindPayout,
	6: KindEinsatz + "-2", 7: KindClaim + "-2", 8: KindRegistration + "-2", 9: KindEvent + "-2", 10: KindPayout + "-2",
}

var (
	dictOnce sync.Once
	dicts    map[byte]*s2.Dict
)

func dictByNumber(n byte) *s2.Dict {
	dictOnce.Do(func() {
		dicts = map[byte]*s2.Dict{}
		for num, name := range dictNames {
			raw, err := dictFiles.ReadFile("dict/" + name + ".s2dict")
			if err != nil {
				continue
			}
			if d := s2.NewDict(raw); d != nil {
				dicts[num] = d
			}
		}
	})
	return dicts[n]
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
	d := dictByNumber(n)
	if d == nil {
		return js
	}
	out := make([]byte, 2, 2+s2.MaxEncodedLen(len(js)))
	out[0], out[1] = codecS2, n
	out = append(out[:2], d.Encode(out[2:cap(out)], js)...)
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
	if len(raw) == 0 || raw[0] != codecS2 {
		return raw, nil
	}
	if len(raw) < 2 {
		return nil, errValue
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
