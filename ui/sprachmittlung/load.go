package sprachmittlung

import (
	"errors"
	"math"
	"sync"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// names labels the compact rows with people's and institutions' names.
type names struct{ people, orgs map[string]string }

func loadNames(tx *store.Tx) (names, error) {
	p, o, err := store.NameMaps(tx)
	return names{p, o}, err
}

// labels shares what many rows have in common (days, times, languages,
// interpreters, institutions, states), so loading 100 000 rows allocates
// neither 300 000 strings nor a copy of each name per row.
type labels struct {
	n      names
	langs  map[[2]string]string
	wheres map[[2]string]*vwhere
	whos   map[vwho]*vwho
	interp map[string]*vinterp
	inst   map[string]*vinst
	states map[stateKey]*vstate
}

type stateKey struct {
	status model.Status
	urgent bool
}

func (n names) labels() *labels {
	return &labels{n: n, langs: map[[2]string]string{}, wheres: map[[2]string]*vwhere{}, whos: map[vwho]*vwho{},
		interp: map[string]*vinterp{}, inst: map[string]*vinst{}, states: map[stateKey]*vstate{}}
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

func (l *labels) where(r store.EinsatzRow) *vwhere {
	k := [2]string{l.language(r), rowPlace(r)}
	p, ok := l.wheres[k]
	if !ok {
		p = &vwhere{Language: k[0], Place: k[1]}
		l.wheres[k] = p
	}
	return p
}

func (l *labels) who(r store.EinsatzRow) *vwho {
	k := vwho{l.interpreter(r.InterpreterID), l.state(r.Status, r.Urgent)}
	p, ok := l.whos[k]
	if !ok {
		p = &k
		l.whos[k] = p
	}
	return p
}

func (l *labels) interpreter(id string) *vinterp {
	p, ok := l.interp[id]
	if !ok {
		p = &vinterp{InterpreterID: id, Interpreter: l.n.people[id]}
		l.interp[id] = p
	}
	return p
}

func (l *labels) institution(id string) *vinst {
	p, ok := l.inst[id]
	if !ok {
		p = &vinst{OrganisationID: id, Institution: l.n.orgs[id]}
		l.inst[id] = p
	}
	return p
}

func (l *labels) state(status model.Status, urgent bool) *vstate {
	k := stateKey{status, urgent}
	p, ok := l.states[k]
	if !ok {
		p = &vstate{Status: string(status), StatusLabel: status.Label(),
			Open: status.Open(), Confirmed: status == model.StatusVermittelt,
			Blocks: status.BlocksInterpreter(), Urgent: urgent,
			Bad: status == model.StatusNichtVermittelbar}
		if urgent && p.Open {
			p.StatusLabel += " · eilt"
		}
		l.states[k] = p
	}
	return p
}

// clockText is every minute's "HH:MM", made when the list first needs it,
// not at program start: `today` and `search` start this package too.
var clockText = sync.OnceValue(func() *[24 * 60]string {
	var t [24 * 60]string
	for i := range t {
		t[i] = model.Clock(i).String()
	}
	return &t
})

// setTimes fills the start and clock of v.
func setTimes(v *vrow, start time.Time) {
	if start.IsZero() {
		return
	}
	v.start = start.Unix()
	b := start.In(model.Berlin)
	v.minute = int16(b.Hour()*60 + b.Minute() + 1)
}

// rowPlace is where an Einsatz happens as the list and the agenda show it:
// by telephone or video it is "Telefon"/"Video" (the place stored with it
// is the institution's, prefilled – nobody goes there).
func rowPlace(r store.EinsatzRow) string {
	switch r.Setting {
	case model.SettingPhone, model.SettingVideo:
		return r.Setting.Label()
	}
	return r.Place
}

func (l *labels) row(r store.EinsatzRow) vrow {
	v := vrow{
		ID: r.ID, Number: r.Number,
		vwhere: l.where(r), vwho: l.who(r), vinst: l.institution(r.OrganisationID),
	}
	if d := r.End.Sub(r.Start) / time.Second; d > 0 {
		v.dur = int32(min(d, math.MaxInt32))
	}
	setTimes(&v, r.Start)
	return v
}

func (n names) toRows(rs []store.EinsatzRow) []vrow {
	out := make([]vrow, len(rs))
	l := n.labels()
	for i, r := range rs {
		out[i] = l.row(r)
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
		// Row by row into the list's own form: the store's rows are never
		// all held at once (that would be another 20 MB of garbage per load).
		out = make([]vrow, 0, store.CountEinsaetze(tx))
		l := n.labels()
		return store.EachEinsatzRow(tx, func(r store.EinsatzRow) bool {
			out = append(out, l.row(r))
			return true
		})
	})
	return out, n, err
}

// loadWindow reads the Einsätze around the start of day (firstBack before,
// firstAhead from it on) with the names of the people and institutions they
// name – only those, not everybody: the first screen.
func loadWindow(st *store.Store, day model.Date) ([]vrow, names, error) {
	var out []vrow
	n := names{people: map[string]string{}, orgs: map[string]string{}}
	err := st.View(func(tx *store.Tx) error {
		rs, err := store.EinsaetzeAround(tx, day.Midnight(), firstBack, firstAhead)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if _, ok := n.people[r.InterpreterID]; r.InterpreterID != "" && !ok {
				n.people[r.InterpreterID] = store.PersonName(tx, r.InterpreterID)
			}
			if _, ok := n.orgs[r.OrganisationID]; r.OrganisationID != "" && !ok {
				n.orgs[r.OrganisationID] = store.OrganisationName(tx, r.OrganisationID)
			}
		}
		out = n.toRows(rs)
		return nil
	})
	return out, n, err
}

// firstBack and firstAhead are the rows of the first load: a screen and a
// half before today, ten screens from today on.
const firstBack, firstAhead = 60, 400

// loadChanged reads the rows of a few changed Einsätze. n is only read
// (the UI replaces, never mutates, its names). full is true when a row
// names a person or institution n does not know: then only a full load
// labels it right.
func loadChanged(st *store.Store, n names, ids []string) (rows []vrow, gone []string, full bool, err error) {
	err = st.View(func(tx *store.Tx) error {
		l := n.labels()
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
			rows = append(rows, l.row(r))
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
