package store

import (
	"errors"
	"time"

	"stabsstelle/model"
)

// CheckIn marks a registration as present ("da"). Someone from the waiting
// list who comes anyway is let in: at the door the team decides. At a
// Grundschulung Sprachmittlung the person is recorded as trained.
func CheckIn(tx *Tx, regID string) (*model.Registration, error) {
	if err := tx.act(model.PermNetwork); err != nil {
		return nil, err
	}
	defer tx.endAct()
	r, ev, err := loadRegistration(tx, regID)
	if err != nil {
		return nil, err
	}
	if r.Status == model.RegTeilgenommen {
		return r, nil
	}
	r.Status = model.RegTeilgenommen
	r.CheckedInAt = tx.Now()
	if err := Registrations.Put(tx, r); err != nil {
		return nil, err
	}
	if ev.Grundschulung {
		if err := markGrundschulung(tx, ev, r); err != nil {
			return nil, err
		}
		// markGrundschulung stored the previous dates on r.
	}
	return r, nil
}

// UndoCheckIn takes a check-in back (wrong person ticked): the registration
// is "angemeldet" again (a walk-in too; abmelden removes it from the list)
// and Grundschulung dates set by the check-in are restored.
func UndoCheckIn(tx *Tx, regID string) (*model.Registration, error) {
	if err := tx.act(model.PermNetwork); err != nil {
		return nil, err
	}
	defer tx.endAct()
	r, ev, err := loadRegistration(tx, regID)
	if err != nil {
		return nil, err
	}
	if r.Status != model.RegTeilgenommen {
		return r, nil
	}
	if ev.Grundschulung {
		if err := unmarkGrundschulung(tx, ev, r); err != nil {
			return nil, err
		}
	}
	r.Status = model.RegAngemeldet
	r.CheckedInAt = time.Time{}
	if err := Registrations.Put(tx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// markGrundschulung records the event day as Grundschulung on the person:
// in the interpreter profile if there is one, and always in the network
// profile (an interpreter profile cannot be created here: it needs at least
// one language, which only the Sprachmittlung tab asks for).
func markGrundschulung(tx *Tx, ev *model.Event, r *model.Registration) error {
	p, err := People.Get(tx, r.PersonID)
	if err != nil {
		return err
	}
	day := model.DateOf(ev.Start)
	if p.Network == nil {
		p.Network = &model.NetworkProfile{}
	}
	r.GrundschulungNetBefore = p.Network.Grundschulung
	p.Network.Grundschulung = day
	if p.Interpreter != nil {
		r.GrundschulungBefore = p.Interpreter.Grundschulung
		p.Interpreter.Grundschulung = day
	}
	if err := People.Put(tx, p); err != nil {
		return err
	}
	return Registrations.Put(tx, r)
}

func unmarkGrundschulung(tx *Tx, ev *model.Event, r *model.Registration) error {
	p, err := People.Get(tx, r.PersonID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	day := model.DateOf(ev.Start)
	changed := false
	if p.Network != nil && p.Network.Grundschulung == day {
		p.Network.Grundschulung = r.GrundschulungNetBefore
		changed = true
	}
	if p.Interpreter != nil && p.Interpreter.Grundschulung == day {
		p.Interpreter.Grundschulung = r.GrundschulungBefore
		changed = true
	}
	r.GrundschulungBefore, r.GrundschulungNetBefore = model.Date{}, model.Date{}
	if !changed {
		return nil
	}
	return People.Put(tx, p)
}
