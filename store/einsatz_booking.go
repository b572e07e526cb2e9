package store

import (
	"bytes"
	"fmt"
	"sort"
	"time"

	"stabsstelle/model"
)

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
	if err := checkAssignable(tx, e, p, interpreterID); err != nil {
		return err
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

// checkAssignable refuses a person who is no interpreter, is excluded
// from e (see model.Exclusion) or is booked elsewhere at the time.
func checkAssignable(tx *Tx, e *model.Einsatz, p *model.Person, interpreterID string) error {
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
	return nil
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
