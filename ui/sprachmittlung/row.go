package sprachmittlung

import (
	"strings"
	"time"

	"stabsstelle/model"
)

// vrow is what the list and the agenda show of one Einsatz. It is filled
// from the store's compact index rows, so 100 000 Einsätze load without
// decoding a single record.
type vrow struct {
	ID, Number      string
	Start, End      time.Time
	Day             model.Date // Berlin day of Start
	Language        string     // "Arabisch (Syrisch)" style label incl. dialect
	Interpreter     string
	InterpreterID   string
	Institution     string
	OrganisationID  string
	Place           string
	Status          string // status key as the domain stores it
	StatusLabel     string
	Open, Confirmed bool // status groups for the quick filter
	Blocks          bool // occupies the interpreter (vermittelt … abgerechnet)
	Urgent          bool
	Bad             bool // needs attention (nicht vermittelbar)

	date, clock string // pre-formatted for the table
	hay         string // lower-cased text the `/` filter searches
}

// haystack is the lower-cased text the agenda filter searches; the list's
// table builds its own from the column values.
func (r *vrow) haystack() string {
	if r.hay == "" {
		r.hay = strings.ToLower(strings.Join([]string{r.Number, r.Language, r.Interpreter,
			r.Institution, r.Place, r.StatusLabel}, "\x00"))
	}
	return r.hay
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10%10), byte('0'+n%10)) }

// appendDate writes TT.MM.JJJJ without fmt: 100 000 rows are formatted on
// every load.
func appendDate(b []byte, y, m, d int) []byte {
	b = append(append2(b, d), '.')
	b = append(append2(b, m), '.')
	return append(append2(b, y/100), append2(nil, y%100)...)
}

// timeRange is "09:00–10:30".
func (r *vrow) timeRange() string {
	if r.End.IsZero() || !r.End.After(r.Start) {
		return r.clock
	}
	return r.clock + "–" + model.FormatTime(r.End)
}
