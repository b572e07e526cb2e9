package store

import (
	"encoding/binary"
	"encoding/hex"
	"strings"
	"time"

	"github.com/google/uuid"

	"stabsstelle/model"
)

// rowFormat2 marks the compact row of the start index: 100 000 rows were
// 16 MB as text (two IDs of 36 characters, times as decimal numbers, the
// enumerations as words), ≈ 8 MB like this:
//
//	0x02 · flags (bit 0: urgent) · text number
//	· varint start (Unix seconds) · varint end − start (seconds)
//	· word status · text language · text dialect
//	· id interpreter · id institution · text place · word setting · word topic
//
// text: uvarint length · bytes. word: one byte, 0 = empty, 1…n = the n-th
// entry of the field's table below, 0xFF = text follows (a value the table
// does not know). id: 0 = empty, 1 = 16 bytes of a UUID in its canonical
// text form (lower case, 36 characters), 2 = text follows (any other ID).
// The row ends after the topic; anything else is not a row.
//
// The tables are part of the file format: entries are only ever appended.
const rowFormat2 = 0x02

// rowFormat3 is the row the start index holds since schema 12: the report's
// facts of the Einsatz (einsatz_facts.go) carried in front of the row,
//
//	0x03 · uvarint length · facts entry · flags · … (as rowFormat2)
//
// so a report reads a year from one index. Before, the facts were a second
// index under the same keys: 100 000 keys and 10 MB of the large demo's
// file for values of 20 bytes.
const rowFormat3 = 0x03

const (
	wordEmpty = 0
	wordText  = 0xFF
	idEmpty   = 0
	idUUID    = 1
	idText    = 2
)

var (
	rowStatusWords = []string{string(model.StatusAnfrage), string(model.StatusPruefung), string(model.StatusSuche),
		string(model.StatusVermittelt), string(model.StatusDurchgefuehrt), string(model.StatusAbgerechnet),
		string(model.StatusAbgelehnt), string(model.StatusStorniertRechtzeitig), string(model.StatusStorniertKurzfristig),
		string(model.StatusNichtErschienen), string(model.StatusAbgesprungen), string(model.StatusNichtVermittelbar)}
	rowSettingWords = []string{string(model.SettingOnSite), string(model.SettingPhone), string(model.SettingVideo)}
	rowTopicWords   = []string{string(model.TopicBehoerde), string(model.TopicSchule), string(model.TopicGesundheit),
		string(model.TopicArbeit), string(model.TopicBeratung), string(model.TopicJugendhilfe), string(model.TopicSonstiges)}
)

// encodeRow writes the row in the compact format. Text fields lose 0x1f,
// as they did in the first format, so a row reads the same in both.
func encodeRow(r EinsatzRow) []byte {
	return appendRowBody(append(make([]byte, 0, 96), rowFormat2), r)
}

// encodeRowWithFacts writes the row and the facts entry facts
// (encodeFactExtra) in the format of rowFormat3.
func encodeRowWithFacts(r EinsatzRow, facts []byte) []byte {
	return rowWithFacts(encodeRow(r), facts)
}

// rowWithFacts turns a row of format 2 and a facts entry into a row of
// format 3 (also what migration 12 does to the rows in the file).
func rowWithFacts(row, facts []byte) []byte {
	out := make([]byte, 0, len(row)+len(facts)+2)
	out = append(out, rowFormat3)
	out = binary.AppendUvarint(out, uint64(len(facts)))
	out = append(out, facts...)
	return append(out, row[1:]...)
}

// appendRowBody appends the fields of the row from its flags on.
func appendRowBody(out []byte, r EinsatzRow) []byte {
	clean := func(s string) string { return strings.ReplaceAll(s, string(rune(rowSep)), "") }
	var flags byte
	if r.Urgent {
		flags |= 1
	}
	out = append(out, flags)
	out = appendRowText(out, clean(r.Number))
	start := r.Start.Unix()
	out = binary.AppendVarint(out, start)
	out = binary.AppendVarint(out, r.End.Unix()-start)
	out = appendRowWord(out, rowStatusWords, clean(string(r.Status)))
	out = appendRowText(out, clean(r.Language))
	out = appendRowText(out, clean(r.Dialect))
	out = appendRowID(out, clean(r.InterpreterID))
	out = appendRowID(out, clean(r.OrganisationID))
	out = appendRowText(out, clean(r.Place))
	out = appendRowWord(out, rowSettingWords, clean(string(r.Setting)))
	return appendRowWord(out, rowTopicWords, clean(string(r.Topic)))
}

func appendRowText(out []byte, s string) []byte {
	out = binary.AppendUvarint(out, uint64(len(s)))
	return append(out, s...)
}

func appendRowWord(out []byte, table []string, s string) []byte {
	if s == "" {
		return append(out, wordEmpty)
	}
	for i, w := range table {
		if w == s {
			return append(out, byte(i+1))
		}
	}
	return appendRowText(append(out, wordText), s)
}

func appendRowID(out []byte, id string) []byte {
	if id == "" {
		return append(out, idEmpty)
	}
	if u, ok := canonicalUUID(id); ok {
		return append(append(out, idUUID), u[:]...)
	}
	return appendRowText(append(out, idText), id)
}

// canonicalUUID is id as 16 bytes when writing them back gives id again.
func canonicalUUID(id string) (uuid.UUID, bool) {
	if len(id) != 36 {
		return uuid.UUID{}, false
	}
	u, err := uuid.Parse(id)
	if err != nil || u.String() != id {
		return uuid.UUID{}, false
	}
	return u, true
}

// rowReader reads the fields of a compact row; the first field that does
// not fit the rest of the value sets bad, and every later read returns
// nothing.
type rowReader struct {
	rest []byte
	bad  bool
}

func (r *rowReader) byte1() byte {
	if r.bad || len(r.rest) == 0 {
		r.bad = true
		return 0
	}
	b := r.rest[0]
	r.rest = r.rest[1:]
	return b
}

func (r *rowReader) varint() int64 {
	if r.bad {
		return 0
	}
	v, n := binary.Varint(r.rest)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.rest = r.rest[n:]
	return v
}

func (r *rowReader) text() []byte {
	if r.bad {
		return nil
	}
	n, k := binary.Uvarint(r.rest)
	if k <= 0 || n > uint64(len(r.rest)-k) {
		r.bad = true
		return nil
	}
	t := r.rest[k : k+int(n)]
	r.rest = r.rest[k+int(n):]
	return t
}

func (r *rowReader) word(table []string, in interner) string {
	switch c := r.byte1(); {
	case c == wordEmpty:
		return ""
	case c == wordText:
		return in.get(r.text())
	case int(c) <= len(table):
		return table[c-1]
	}
	r.bad = true
	return ""
}

func (r *rowReader) id(in interner) string {
	switch r.byte1() {
	case idEmpty:
		return ""
	case idUUID:
		if len(r.rest) < 16 {
			r.bad = true
			return ""
		}
		var s [36]byte
		formatUUID(&s, r.rest[:16])
		r.rest = r.rest[16:]
		return in.get(s[:])
	case idText:
		return in.get(r.text())
	}
	r.bad = true
	return ""
}

// formatUUID writes the canonical text of the 16 bytes b into s, on the
// stack: the interner then finds the shared string without allocating.
func formatUUID(s *[36]byte, b []byte) {
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:16])
}

// decodeCompactRow reads a row written by encodeRow; ok is false for
// anything else (a damaged or foreign value), which callers skip.
func decodeCompactRow(id []byte, val []byte, in interner) (EinsatzRow, bool) {
	body, _, ok := splitCompactRow(val)
	if !ok || len(body) < 1 || body[0] > 1 {
		return EinsatzRow{}, false
	}
	r := rowReader{rest: body[1:]}
	number := r.text()
	start := r.varint()
	dur := r.varint()
	row := EinsatzRow{Urgent: body[0] == 1}
	row.Status = model.Status(r.word(rowStatusWords, in))
	row.Language = in.get(r.text())
	row.Dialect = in.get(r.text())
	row.InterpreterID = r.id(in)
	row.OrganisationID = r.id(in)
	row.Place = in.get(r.text())
	row.Setting = model.Setting(r.word(rowSettingWords, in))
	row.Topic = model.Topic(r.word(rowTopicWords, in))
	// Times far outside what a calendar holds are damage, not data.
	const maxSeconds = 1 << 40
	if r.bad || len(r.rest) != 0 || start > maxSeconds || start < -maxSeconds || dur > maxSeconds || dur < -maxSeconds {
		return EinsatzRow{}, false
	}
	// one allocation for ID and number together
	var sb strings.Builder
	sb.Grow(len(id) + len(number))
	sb.Write(id)
	sb.Write(number)
	both := sb.String()
	row.ID, row.Number = both[:len(id)], both[len(id):]
	row.Start, row.End = time.Unix(start, 0).UTC(), time.Unix(start+dur, 0).UTC()
	return row, true
}

// splitCompactRow parts a row of format 2 or 3 into its body (from the
// flags on) and, for format 3, the facts entry it carries; ok is false for
// anything else.
func splitCompactRow(val []byte) (body, facts []byte, ok bool) {
	if len(val) < 1 {
		return nil, nil, false
	}
	switch val[0] {
	case rowFormat2:
		return val[1:], nil, true
	case rowFormat3:
		n, k := binary.Uvarint(val[1:])
		if k <= 0 || n > uint64(len(val)-1-k) {
			return nil, nil, false
		}
		at := 1 + k
		return val[at+int(n):], val[at : at+int(n)], true
	}
	return nil, nil, false
}
