package store

import (
	"bytes"
	"strings"
	"time"

	"stabsstelle/model"
)

// rowSep separates the fields of a row of the first format.
const rowSep = '\x1f'

// Two formats of the start index's row exist. The first ("1" + fields
// separated by 0x1f, times as decimal Unix seconds, IDs as 36-character
// text) is still read: a file is converted when it is opened
// (migrateCompactRows), but a backup of the old schema is read as it is.
// The second (rowFormat2, einsatz_row_compact.go) is written: the same
// fields in about half the bytes.

// decodeRow reads a row of either format; ok is false for values it
// does not understand (a newer or damaged entry), which callers skip.
func decodeRow(id string, val []byte) (EinsatzRow, bool) {
	return decodeRowInterned([]byte(id), val, nil)
}

// interner shares the few distinct strings (languages, places, IDs of
// interpreters and institutions) between 100 000 rows, so loading them
// costs two small allocations per row instead of one per field.
type interner map[string]string

func (in interner) get(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if in == nil {
		return model.SafeLine(string(b))
	}
	if s, ok := in[string(b)]; ok {
		return s
	}
	// Rows of records stored before control characters were refused
	// show them harmlessly (a no-op for clean text).
	s := model.SafeLine(string(b))
	in[string(b)] = s
	return s
}

// rowFields splits an encoded row into its 12 fields without copying.
type rowFields [12][]byte

func splitRow(val []byte, f *rowFields) bool {
	if len(val) < 2 || val[0] != '1' || val[1] != rowSep {
		return false
	}
	rest := val[2:]
	for i := 0; i < 12; i++ {
		j := bytes.IndexByte(rest, rowSep)
		if j < 0 {
			if i != 11 {
				return false
			}
			f[i] = rest
			break
		}
		f[i], rest = rest[:j], rest[j+1:]
	}
	return true
}

func decodeRowInterned(id []byte, val []byte, in interner) (EinsatzRow, bool) {
	if len(val) > 0 && (val[0] == rowFormat2 || val[0] == rowFormat3) {
		return decodeCompactRow(id, val, in)
	}
	var f rowFields
	if !splitRow(val, &f) {
		return EinsatzRow{}, false
	}
	start, ok1 := parseUnix(f[1])
	end, ok2 := parseUnix(f[2])
	if !ok1 || !ok2 {
		return EinsatzRow{}, false
	}
	// one allocation for ID and number together
	var sb strings.Builder
	sb.Grow(len(id) + len(f[0]))
	sb.Write(id)
	sb.Write(f[0])
	both := sb.String()
	return EinsatzRow{ID: both[:len(id)], Number: both[len(id):], Start: time.Unix(start, 0).UTC(), End: time.Unix(end, 0).UTC(),
		Status: model.Status(in.get(f[3])), Language: in.get(f[4]), Dialect: in.get(f[5]), InterpreterID: in.get(f[6]),
		OrganisationID: in.get(f[7]), Place: in.get(f[8]), Setting: model.Setting(in.get(f[9])),
		Topic: model.Topic(in.get(f[10])), Urgent: len(f[11]) == 1 && f[11][0] == '1'}, true
}

// parseUnix reads a decimal (possibly negative) number of seconds.
func parseUnix(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	neg := b[0] == '-'
	if neg {
		b = b[1:]
		if len(b) == 0 {
			return 0, false
		}
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
