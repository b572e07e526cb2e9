package sprachmittlung

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"stabsstelle/model"
)

// vrow is what the list and the agenda show of one Einsatz. It is filled
// from the store's compact index rows, so 100 000 Einsätze load without
// decoding a single record.
//
// The list keeps all 100 000 rows in memory (memory budget: BENCHMARKS.md), so a
// row holds only what is its own (ID, number, start, language, place); what
// many rows have in common – interpreter, institution, status, day – sits
// in small structs shared through the embedded pointers (some 50
// interpreters, a few hundred institutions, a dozen states, one per
// calendar day). Their fields read
// like the row's own (r.Interpreter, r.Open); labels.row sets all
// of them, so they are never nil in a loaded row. The clock text is shared
// too (clockText, by minute), the pairs of language and place and of
// interpreter and status are shared as pairs, and the start is kept in
// seconds (the day is computed from it). 72 bytes instead of 288.
type vrow struct {
	ID, Number string
	start      int64 // Start in Unix seconds (a time.Time takes 24 bytes)
	dur        int32 // seconds from Start to the planned end; 0: none
	minute     int16 // Berlin minute of the day of Start, plus 1; 0: no start
	*vwhere
	*vwho
	*vinst
}

// vwhere is a row's language and place: a few thousand pairs.
type vwhere struct {
	Language string // "Arabisch (Syrisch)" style label incl. dialect
	Place    string // rowPlace
}

// vwho is a row's interpreter and status: a few hundred pairs.
type vwho struct {
	*vinterp
	*vstate
}

// vinterp is the interpreter of a row ("" for none yet).
type vinterp struct {
	InterpreterID string
	Interpreter   string
}

// vinst is the institution a row is for.
type vinst struct {
	OrganisationID string
	Institution    string
}

// vstate is a row's status with what the screens derive from it.
type vstate struct {
	Status          string // status key as the domain stores it
	StatusLabel     string
	Open, Confirmed bool // status groups for the quick filter
	Blocks          bool // occupies the interpreter (vermittelt … abgerechnet)
	Urgent          bool
	Bad             bool // needs attention (nicht vermittelbar)
}

// Day is the Berlin day of the start (zero without one).
func (r *vrow) Day() model.Date { return model.DateOf(r.Start()) }

// date is the day as the tables show it, TT.MM.JJJJ ("—" without a start).
// Made on each call: the table asks only for the rows it draws (and once
// for the filter text); a string per row would be 1.6 MB at 100 000.
func (r *vrow) date() string {
	if r.minute <= 0 {
		return "—"
	}
	d := r.Day()
	var buf [10]byte
	return string(appendDate(buf[:0], d.Year, int(d.Month), d.Day))
}

// Start is when the Einsatz begins (zero if no start is known).
func (r *vrow) Start() time.Time {
	if r.minute <= 0 {
		return time.Time{}
	}
	return time.Unix(r.start, 0)
}

// startsBefore orders by start; rows without one come first.
func (r *vrow) startsBefore(o *vrow) bool {
	if r.minute == 0 || o.minute == 0 {
		return r.minute == 0 && o.minute != 0
	}
	return r.start < o.start
}

// End is the planned end (zero if none was planned).
func (r *vrow) End() time.Time {
	if r.dur <= 0 {
		return time.Time{}
	}
	return r.Start().Add(time.Duration(r.dur) * time.Second)
}

// haystack is the lower-cased text the agenda filter searches; the list's
// table builds its own from the column values. It is made on each call, in
// one allocation: the agenda filters one day or week (a few hundred rows),
// and 100 000 list rows should not carry a cache for it.
func (r *vrow) haystack() string {
	parts := [...]string{r.Number, r.Language, r.Interpreter, r.Institution, r.Place, r.StatusLabel}
	n := len(parts) - 1
	for _, p := range parts {
		n += len(p)
	}
	var b strings.Builder
	b.Grow(n + 8) // lower case is rarely longer; Builder grows if it is
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(0)
		}
		for j := 0; j < len(p); {
			c := p[j]
			if c < utf8.RuneSelf {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
				j++
				continue
			}
			ru, size := utf8.DecodeRuneInString(p[j:])
			b.WriteRune(unicode.ToLower(ru))
			j += size
		}
	}
	return b.String()
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10%10), byte('0'+n%10)) }

// appendDate writes TT.MM.JJJJ without fmt: 100 000 rows are formatted on
// every load.
func appendDate(b []byte, y, m, d int) []byte {
	b = append(append2(b, d), '.')
	b = append(append2(b, m), '.')
	return append(append2(b, y/100), append2(nil, y%100)...)
}

// clock is "09:00", the start's time of day ("" without a start).
func (r *vrow) clock() string {
	if r.minute <= 0 {
		return ""
	}
	return clockText()[r.minute-1]
}

// timeRange is "09:00–10:30".
func (r *vrow) timeRange() string {
	if r.dur <= 0 {
		return r.clock()
	}
	return r.clock() + "–" + model.FormatTime(r.End())
}
