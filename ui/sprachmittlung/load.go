package sprachmittlung

import (
	"errors"

	"stabsstelle/model"
	"stabsstelle/store"
)

// names labels the compact rows with people's and institutions' names.
type names struct{ people, orgs map[string]string }

func loadNames(tx *store.Tx) (names, error) {
	p, o, err := store.NameMaps(tx)
	return names{p, o}, err
}

// labels shares the strings many rows have in common (days, times,
// languages), so loading 100 000 rows does not allocate 300 000 strings.
type labels struct {
	days  map[int64]dayLabel // by Unix day of the Berlin wall clock
	langs map[[2]string]string
}

type dayLabel struct {
	day  model.Date
	text string
}

func newLabels() *labels {
	return &labels{days: map[int64]dayLabel{}, langs: map[[2]string]string{}}
}

func (l *labels) language(r store.EinsatzRow) string {
	if r.Dialect == "" {
		return r.Language
	}
	k := [2]string{r.Language, r.Dialect}
	s, ok := l.langs[k]
	if !ok {
		s = r.LanguageLabel()
		l.langs[k] = s
	}
	return s
}

var clockText [24 * 60]string

func init() {
	for i := range clockText {
		clockText[i] = model.Clock(i).String()
	}
}

// setTimes fills Day, date and clock of v from its start.
func (l *labels) setTimes(v *vrow) {
	if v.Start.IsZero() {
		v.date = "—"
		return
	}
	b := v.Start.In(model.Berlin)
	_, off := b.Zone()
	wall := v.Start.Unix() + int64(off)
	dayKey := wall / 86400
	if wall < 0 && wall%86400 != 0 {
		dayKey--
	}
	dl, ok := l.days[dayKey]
	if !ok {
		y, m, d := b.Date()
		dl = dayLabel{day: model.Date{Year: y, Month: m, Day: d}}
		var buf [16]byte
		dl.text = string(appendDate(buf[:0], y, int(m), d))
		l.days[dayKey] = dl
	}
	v.Day, v.date = dl.day, dl.text
	v.clock = clockText[b.Hour()*60+b.Minute()]
}

// toRow turns the store's index row into what the screens show.
func (n names) toRow(r store.EinsatzRow) vrow { return n.toRowL(r, newLabels()) }

func (n names) toRowL(r store.EinsatzRow, l *labels) vrow {
	v := vrow{
		ID: r.ID, Number: r.Number, Start: r.Start, End: r.End,
		Language: l.language(r), InterpreterID: r.InterpreterID, OrganisationID: r.OrganisationID,
		Interpreter: n.people[r.InterpreterID], Institution: n.orgs[r.OrganisationID], Place: r.Place,
		Status: string(r.Status), StatusLabel: r.Status.Label(),
		Open: r.Status.Open(), Confirmed: r.Status == model.StatusVermittelt,
		Blocks: r.Status.BlocksInterpreter(), Urgent: r.Urgent,
	}
	switch r.Status {
	case model.StatusNichtVermittelbar:
		v.Bad = true
	}
	if r.Urgent && v.Open {
		v.StatusLabel += " · eilt"
	}
	l.setTimes(&v)
	return v
}

func (n names) toRows(rs []store.EinsatzRow) []vrow {
	out := make([]vrow, len(rs))
	l := newLabels()
	for i, r := range rs {
		out[i] = n.toRowL(r, l)
	}
	return out
}

// loadAll reads every Einsatz from the start index (no record decoded).
// The names come back too, so later single changes can be labelled
// without reading everybody again.
func loadAll(st *store.Store) ([]vrow, names, error) {
	var out []vrow
	var n names
	err := st.View(func(tx *store.Tx) error {
		var err error
		if n, err = loadNames(tx); err != nil {
			return err
		}
		rs, err := store.LoadEinsatzRows(tx)
		if err != nil {
			return err
		}
		out = n.toRows(rs)
		return nil
	})
	return out, n, err
}

// loadChanged reads the rows of a few changed Einsätze. n is only read
// (the UI replaces, never mutates, its names). full is true when a row
// names a person or institution n does not know: then only a full load
// labels it right.
func loadChanged(st *store.Store, n names, ids []string) (rows []vrow, gone []string, full bool, err error) {
	err = st.View(func(tx *store.Tx) error {
		l := newLabels()
		for _, id := range ids {
			e, err := store.Einsaetze.Get(tx, id)
			if errors.Is(err, store.ErrNotFound) {
				gone = append(gone, id)
				continue
			}
			if err != nil {
				return err
			}
			r := store.RowOf(e)
			if _, ok := n.people[r.InterpreterID]; r.InterpreterID != "" && !ok {
				full = true
			}
			if _, ok := n.orgs[r.OrganisationID]; r.OrganisationID != "" && !ok {
				full = true
			}
			rows = append(rows, n.toRowL(r, l))
		}
		return nil
	})
	return rows, gone, full, err
}

// loadRange reads the Einsätze starting on the Berlin days [from, to).
func loadRange(st *store.Store, from, to model.Date) ([]vrow, error) {
	var out []vrow
	err := st.View(func(tx *store.Tx) error {
		n, err := loadNames(tx)
		if err != nil {
			return err
		}
		rs, err := store.EinsaetzeBetween(tx, from.Midnight(), to.Midnight())
		if err != nil {
			return err
		}
		out = n.toRows(rs)
		return nil
	})
	return out, err
}
