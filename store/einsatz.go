package store

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"stabsstelle/model"
)

// KindEinsatz is the kind of interpreter bookings in the journal and feed.
const KindEinsatz = "einsatz"

// Index names of Einsaetze. Every entry's value of the start index is an
// encoded EinsatzRow; the report's facts index (IdxEinsatzFacts,
// einsatz_facts.go) has the same keys.
const (
	IdxEinsatzStart       = "start"       // key: UTC RFC 3339 start
	IdxEinsatzInterpreter = "interpreter" // key: interpreter ID + "|" + start
	IdxEinsatzOrg         = "org"         // key: organisation ID + "|" + start
)

// Einsaetze holds the interpreter requests and bookings (E-2026-0042).
// Its indexes carry a compact row as value, so lists, the agenda, `today`
// and search never decode whole records.
var Einsaetze = &Collection[model.Einsatz, *model.Einsatz]{
	Kind:    KindEinsatz,
	Label:   "Einsatz",
	Prefix:  "E",
	Digits:  4,
	Indexes: einsatzIndexes,
}

// EinsatzRow is the compact copy of an Einsatz kept in the indexes: what
// lists, the agenda, conflict checks and `today` need.
type EinsatzRow struct {
	ID             string
	Number         string
	Start, End     time.Time // planned, UTC
	Status         model.Status
	Language       string
	Dialect        string
	InterpreterID  string
	OrganisationID string
	Place          string
	Setting        model.Setting
	Topic          model.Topic
	Urgent         bool
}

// Booking is the row as the matching code sees it.
func (r EinsatzRow) Booking() model.Booking {
	return model.Booking{EinsatzID: r.ID, Number: r.Number, InterpreterID: r.InterpreterID,
		Start: r.Start, End: r.End, OnSite: r.Setting == model.SettingOnSite || r.Setting == ""}
}

// LanguageLabel is "Arabisch (Syrisch)" or just "Tigrinya".
func (r EinsatzRow) LanguageLabel() string {
	if r.Dialect == "" {
		return r.Language
	}
	return r.Language + " (" + r.Dialect + ")"
}

// RowOf builds the index row of an Einsatz.
func RowOf(e *model.Einsatz) EinsatzRow {
	return EinsatzRow{ID: e.ID, Number: e.Number, Start: e.Start.UTC(), End: e.End().UTC(), Status: e.Status,
		Language: e.Language, Dialect: e.Dialect, InterpreterID: e.InterpreterID, OrganisationID: e.OrganisationID,
		Place: e.Place, Setting: e.Setting, Topic: e.Topic, Urgent: e.Urgent}
}

const rowSep = '\x1f'

// encodeRow writes the row as "1" + fields separated by 0x1f; times as
// Unix seconds. Field values never contain 0x1f (it is stripped).
func encodeRow(r EinsatzRow) []byte {
	clean := func(s string) string { return strings.ReplaceAll(s, string(rune(rowSep)), "") }
	urgent := "0"
	if r.Urgent {
		urgent = "1"
	}
	fields := []string{"1", clean(r.Number), strconv.FormatInt(r.Start.Unix(), 10), strconv.FormatInt(r.End.Unix(), 10),
		string(r.Status), clean(r.Language), clean(r.Dialect), r.InterpreterID, r.OrganisationID, clean(r.Place),
		string(r.Setting), string(r.Topic), urgent}
	return []byte(strings.Join(fields, string(rune(rowSep))))
}

// decodeRow reads a value written by encodeRow; ok is false for values it
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

func startKey(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func einsatzIndexes(e *model.Einsatz) []Index {
	row := encodeRow(RowOf(e))
	sk := startKey(e.Start)
	out := []Index{{Name: IdxEinsatzStart, Key: []byte(sk), Value: row},
		{Name: IdxEinsatzFacts, Key: []byte(sk), Value: encodeFactExtra(factExtraOf(e))}}
	// The owner indexes carry no row: it is read from the start index,
	// whose key their key ends with (rowsOfOwner). Three copies of every
	// row were a fifth of the file.
	if e.InterpreterID != "" {
		out = append(out, Index{Name: IdxEinsatzInterpreter, Key: []byte(e.InterpreterID + "|" + sk)})
	}
	if e.OrganisationID != "" {
		out = append(out, Index{Name: IdxEinsatzOrg, Key: []byte(e.OrganisationID + "|" + sk)})
	}
	return out
}

// scanRows walks index from `from` (inclusive) to `to` (exclusive, nil =
// to the end) and hands fn each decoded row; fn returns false to stop. It
// reads the bbolt cursor directly: per row one string allocation holds both
// the record ID and the number, the other fields are interned.
func scanRows(tx *Tx, index string, from, to []byte, reverse bool, fn func(EinsatzRow) bool) error {
	in := interner{}
	return scanRaw(tx, index, from, to, reverse, func(id, val []byte) bool {
		if r, ok := decodeRowInterned(id, val, in); ok {
			return fn(r)
		}
		return true
	})
}

// scanRaw is scanRows without decoding: fn gets the record ID and the
// encoded row, both only valid during the call.
func scanRaw(tx *Tx, index string, from, to []byte, reverse bool, fn func(id, val []byte) bool) error {
	b := tx.btx.Bucket(Einsaetze.idxBucket(index))
	if b == nil {
		return nil
	}
	cur := b.Cursor()
	var k, v []byte
	switch {
	case !reverse && from == nil:
		k, v = cur.First()
	case !reverse:
		k, v = cur.Seek(from)
	case to == nil:
		k, v = cur.Last()
	default:
		if k, _ = cur.Seek(to); k == nil {
			k, v = cur.Last()
		} else {
			k, v = cur.Prev()
		}
	}
	for ; k != nil; k, v = rowCursorStep(cur, reverse) {
		if !reverse && to != nil && bytes.Compare(k, to) >= 0 {
			break
		}
		if reverse && from != nil && bytes.Compare(k, from) < 0 {
			break
		}
		i := bytes.LastIndexByte(k, 0)
		if i < 0 {
			continue
		}
		val, err := tx.unseal(Einsaetze.idxBucket(index), k, v)
		if err != nil {
			return err
		}
		if !fn(k[i+1:], val) {
			break
		}
	}
	return nil
}

func rowCursorStep(cur interface {
	Next() ([]byte, []byte)
	Prev() ([]byte, []byte)
}, reverse bool) ([]byte, []byte) {
	if reverse {
		return cur.Prev()
	}
	return cur.Next()
}

// LoadEinsatzRows returns every Einsatz as a compact row, sorted by start,
// straight from the start index (no record is decoded).
func LoadEinsatzRows(tx *Tx) ([]EinsatzRow, error) {
	out := make([]EinsatzRow, 0, CountEinsaetze(tx))
	err := EachEinsatzRow(tx, func(r EinsatzRow) bool {
		out = append(out, r)
		return true
	})
	return out, err
}

// CountEinsaetze is the number of Einsätze, counted over the keys of the
// start index (cheap: nothing is decoded), so callers can allocate once.
func CountEinsaetze(tx *Tx) int {
	n := 0
	if b := tx.btx.Bucket(Einsaetze.idxBucket(IdxEinsatzStart)); b != nil {
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			n++
		}
	}
	return n
}

// EachEinsatzRow hands fn every Einsatz as a compact row, sorted by start,
// straight from the start index; fn returns false to stop. Unlike
// LoadEinsatzRows it keeps nothing: a caller that turns the rows into its
// own form (the list) never holds both forms of 100 000 rows at once.
// The pages read are given back while the scan goes on (dropWhile): each
// is read once, and holding all of them while the rows pile up on the heap
// put the start of the program over the memory budget.
func EachEinsatzRow(tx *Tx, fn func(EinsatzRow) bool) error {
	tx.readsMuch()
	var err error
	dropWhile(tx.btx, func() { err = scanRows(tx, IdxEinsatzStart, nil, nil, false, fn) })
	return err
}

// EinsaetzeBetween returns the Einsätze starting in [from, to), sorted by
// start.
func EinsaetzeBetween(tx *Tx, from, to time.Time) ([]EinsatzRow, error) {
	var out []EinsatzRow
	err := scanRows(tx, IdxEinsatzStart, []byte(startKey(from)), []byte(startKey(to)), false, func(r EinsatzRow) bool {
		out = append(out, r)
		return true
	})
	return out, err
}

// EinsaetzeAround returns up to before Einsätze starting before t and up
// to after starting from t on, sorted by start: a window of the list that
// costs the same however many Einsätze there are (the first screen).
func EinsaetzeAround(tx *Tx, t time.Time, before, after int) ([]EinsatzRow, error) {
	var back, out []EinsatzRow
	key := []byte(startKey(t))
	err := scanRows(tx, IdxEinsatzStart, nil, key, true, func(r EinsatzRow) bool {
		back = append(back, r)
		return len(back) < before
	})
	if err != nil {
		return nil, err
	}
	for i := len(back) - 1; i >= 0; i-- {
		out = append(out, back[i])
	}
	n := 0
	err = scanRows(tx, IdxEinsatzStart, key, nil, false, func(r EinsatzRow) bool {
		out = append(out, r)
		n++
		return n < after
	})
	return out, err
}

// EinsaetzeOfDay returns the Einsätze starting on Berlin day d, by start.
func EinsaetzeOfDay(tx *Tx, d model.Date) ([]EinsatzRow, error) {
	return EinsaetzeBetween(tx, d.Midnight(), d.AddDays(1).Midnight())
}

// EinsaetzeOfInterpreter returns an interpreter's Einsätze starting in
// [from, to) (zero times = open ends), by start.
func EinsaetzeOfInterpreter(tx *Tx, interpreterID string, from, to time.Time) ([]EinsatzRow, error) {
	return rowsOfOwner(tx, IdxEinsatzInterpreter, interpreterID, from, to)
}

// EinsaetzeOfOrganisation returns an institution's Einsätze starting in
// [from, to) (zero times = open ends), by start.
func EinsaetzeOfOrganisation(tx *Tx, orgID string, from, to time.Time) ([]EinsatzRow, error) {
	return rowsOfOwner(tx, IdxEinsatzOrg, orgID, from, to)
}

func rowsOfOwner(tx *Tx, index, owner string, from, to time.Time) ([]EinsatzRow, error) {
	if owner == "" {
		return nil, nil
	}
	lo, hi := []byte(owner+"|"), []byte(owner+"}") // '}' follows '|'
	if !from.IsZero() {
		lo = []byte(owner + "|" + startKey(from))
	}
	if !to.IsZero() {
		hi = []byte(owner + "|" + startKey(to))
	}
	b := tx.sealed(Einsaetze.idxBucket(index))
	starts := tx.sealed(Einsaetze.idxBucket(IdxEinsatzStart))
	if b == nil || starts == nil {
		return nil, nil
	}
	var out []EinsatzRow
	in := interner{}
	c := b.Cursor()
	for k, v := c.Seek(lo); k != nil && bytes.Compare(k, hi) < 0; k, v = c.Next() {
		if err := b.Err(); err != nil {
			return nil, err
		}
		i := bytes.LastIndexByte(k, 0)
		if i < 0 || i < len(owner)+1 {
			continue
		}
		id := k[i+1:]
		// key = owner "|" start "\x00" id; the row is under start "\x00" id
		// in the start index (wave-1 files still carry it here).
		val := v
		if len(val) == 0 {
			var err error
			if val, err = starts.Get(k[len(owner)+1:]); err != nil {
				return nil, err
			}
		}
		if r, ok := decodeRowInterned(id, val, in); ok {
			out = append(out, r)
		}
	}
	return out, b.Err()
}

// maxEinsatz bounds how far back a booking can start and still overlap.
const maxEinsatz = 12 * time.Hour

// InterpreterBookings returns the bookings (Einsätze that block their
// interpreter) starting in [from, to), for matching and conflict checks.
func InterpreterBookings(tx *Tx, from, to time.Time) ([]model.Booking, error) {
	var out []model.Booking
	err := scanRows(tx, IdxEinsatzStart, []byte(startKey(from)), []byte(startKey(to)), false, func(r EinsatzRow) bool {
		if r.InterpreterID != "" && r.Status.BlocksInterpreter() {
			out = append(out, r.Booking())
		}
		return true
	})
	return out, err
}

// ConflictFor checks whether interpreterID is free for e inside tx, with the
// stored travel buffer; it returns the number of the colliding Einsatz, or
// "" when free.
func ConflictFor(tx *Tx, e *model.Einsatz, interpreterID string) (string, error) {
	set, err := LoadSprachmittlungSettings(tx)
	if err != nil {
		return "", err
	}
	buf := set.Buffer()
	rows, err := EinsaetzeOfInterpreter(tx, interpreterID, e.Start.Add(-maxEinsatz-buf), e.End().Add(buf+time.Minute))
	if err != nil {
		return "", err
	}
	var bs []model.Booking
	for _, r := range rows {
		if r.Status.BlocksInterpreter() {
			bs = append(bs, r.Booking())
		}
	}
	if n, ok := model.Conflict(e, interpreterID, bs, buf); !ok {
		return n, nil
	}
	return "", nil
}

// ErrBooked is returned when an interpreter already has an overlapping
// Einsatz; Number names it.
type ErrBooked struct {
	Interpreter string
	Number      string
}

func (e *ErrBooked) Error() string {
	return fmt.Sprintf("%s ist zu dieser Zeit schon für %s eingeteilt (inklusive Fahrtpuffer). Bitte eine andere Person wählen oder den Termin verschieben.", e.Interpreter, e.Number)
}

// AssignInterpreter books interpreterID for the Einsatz einsatzID, which
// the caller loaded at version. Inside the same transaction it refuses
// whom the candidate list does not offer (model.Exclusion: language,
// paused, papers, training, a required gender, setting, region) and any
// overlap with another booking (ErrBooked, naming the E-number). An Einsatz in Anfrage, Prüfung or Suche moves to
// vermittelt; a vermittelt one changes its interpreter (noted in the
// history).
func AssignInterpreter(tx *Tx, einsatzID, interpreterID string, version uint64) error {
	if err := tx.act(model.PermEinsatz); err != nil {
		return err
	}
	defer tx.endAct()
	e, err := Einsaetze.Get(tx, einsatzID)
	if err != nil {
		return err
	}
	if e.Version != version {
		return &ErrConflict{Kind: KindEinsatz, Number: e.Number, By: e.UpdatedBy, At: e.Updated}
	}
	p, err := People.Get(tx, interpreterID)
	if err != nil {
		return fmt.Errorf("Die gewählte Sprachmittler:in wurde nicht gefunden – vielleicht wurde sie inzwischen gelöscht.")
	}
	if p.Interpreter == nil {
		return fmt.Errorf("%s ist nicht als Sprachmittler:in eingetragen.", p.Name)
	}
	if why := model.Exclusion(e, p, model.Today(tx.Now())); why != "" {
		return fmt.Errorf("%s kann für %s nicht eingeteilt werden: %s.", p.Name, e.Number, why)
	}
	if n, err := ConflictFor(tx, e, interpreterID); err != nil {
		return err
	} else if n != "" {
		return &ErrBooked{Interpreter: p.Name, Number: n}
	}
	set, err := LoadSprachmittlungSettings(tx)
	if err != nil {
		return err
	}
	tariff := set.TariffAt(model.DateOf(e.Start))
	now, who := tx.Now(), tx.Who()
	switch e.Status {
	case model.StatusAnfrage, model.StatusPruefung:
		if err := e.Transition(model.StatusSuche, "", now, who, tariff); err != nil {
			return err
		}
		fallthrough
	case model.StatusSuche:
		e.InterpreterID = interpreterID
		if err := e.Transition(model.StatusVermittelt, "", now, who, tariff); err != nil {
			return err
		}
	case model.StatusVermittelt:
		if e.InterpreterID == interpreterID {
			return nil
		}
		e.StatusHistory = append(e.StatusHistory, model.StatusChange{At: now, Who: who, From: e.Status, To: e.Status,
			Reason: "Sprachmittler:in gewechselt", Interpreter: interpreterID})
		e.InterpreterID = interpreterID
	default:
		return fmt.Errorf("Im Status „%s“ kann keine Sprachmittler:in eingeteilt werden.", e.Status.Label())
	}
	return Einsaetze.Put(tx, e)
}

// SaveEinsatz stores e after checking, if it has a booked interpreter,
// that the (possibly moved) time does not collide with another booking.
func SaveEinsatz(tx *Tx, e *model.Einsatz) error {
	if err := tx.act(model.PermEinsatz); err != nil {
		return err
	}
	defer tx.endAct()
	if e.InterpreterID != "" && e.Status.BlocksInterpreter() {
		n, err := ConflictFor(tx, e, e.InterpreterID)
		if err != nil {
			return err
		}
		if n != "" {
			name := "Die Sprachmittler:in"
			if p, err := People.Get(tx, e.InterpreterID); err == nil {
				name = p.Name
			}
			return &ErrBooked{Interpreter: name, Number: n}
		}
	}
	return Einsaetze.Put(tx, e)
}

// Interpreters returns every person with an interpreter profile, by name.
//
// Only records whose JSON carries an "interpreter" member are decoded: the
// pool is about 50 of several thousand people.
func Interpreters(tx *Tx) ([]*model.Person, error) {
	var out []*model.Person
	b := tx.btx.Bucket(People.recBucket())
	if b == nil {
		return nil, nil
	}
	marker := []byte(`"interpreter":`)
	err := b.ForEach(func(k, raw []byte) error {
		// The checksum first: a flipped bit in the marker must not drop
		// an interpreter from the pool unnoticed.
		raw, err := tx.unseal(People.recBucket(), k, raw)
		if err != nil {
			return err
		}
		if js, err := decodeValue(raw); err == nil && !bytes.Contains(js, marker) {
			return nil
		}
		p, err := People.decode(raw)
		if err != nil {
			return err
		}
		if p.Interpreter != nil && !p.IsRestricted() { // Art. 18: no matching
			out = append(out, p)
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// MatchCandidates lists every interpreter of e's language, offered or
// excluded with the reason (model.Match), with the bookings of e's month
// and the stored travel buffer.
func MatchCandidates(tx *Tx, e *model.Einsatz) (model.Matching, error) {
	ps, err := Interpreters(tx)
	if err != nil {
		return model.Matching{}, err
	}
	set, err := LoadSprachmittlungSettings(tx)
	if err != nil {
		return model.Matching{}, err
	}
	d := model.DateOf(e.Start)
	from := model.At(model.NewDate(d.Year, d.Month, 1), 0).Add(-maxEinsatz - set.Buffer())
	to := model.At(model.NewDate(d.Year, d.Month+1, 1), 0).Add(maxEinsatz + set.Buffer())
	bs, err := InterpreterBookings(tx, from, to)
	if err != nil {
		return model.Matching{}, err
	}
	return model.Match(e, ps, bs, tx.Now(), set.Buffer()), nil
}

// NameMaps returns ID → name for people and organisations, to label rows.
func NameMaps(tx *Tx) (people, orgs map[string]string, err error) {
	people, orgs = map[string]string{}, map[string]string{}
	err = People.Each(tx, func(p *model.Person) error { people[p.ID] = p.Name; return nil })
	if err != nil {
		return nil, nil, err
	}
	err = Organisations.Each(tx, func(o *model.Organisation) error { orgs[o.ID] = o.Name; return nil })
	return people, orgs, err
}

// einsatzIDsBetween are the IDs of the Einsätze that start on a day from
// first to last (Berlin; a zero Date leaves that side open), from the keys
// of the start index alone.
func einsatzIDsBetween(tx *Tx, first, last model.Date) map[string]bool {
	ids := map[string]bool{}
	b := tx.btx.Bucket(Einsaetze.idxBucket(IdxEinsatzStart))
	if b == nil {
		return ids
	}
	var to []byte
	if !last.IsZero() {
		to = []byte(startKey(model.At(last.AddDays(1), 0)))
	}
	c := b.Cursor()
	k, _ := c.First()
	if !first.IsZero() {
		k, _ = c.Seek([]byte(startKey(model.At(first, 0))))
	}
	for ; k != nil && (to == nil || bytes.Compare(k, to) < 0); k, _ = c.Next() {
		if i := bytes.LastIndexByte(k, 0); i >= 0 {
			ids[string(k[i+1:])] = true
		}
	}
	return ids
}
