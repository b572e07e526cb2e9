package store

import (
	"stabsstelle/model"
)

// EinsatzForm is what the printed Einsatznachweis of Einsatz id needs.
type EinsatzForm struct {
	Einsatz      *model.Einsatz
	Organisation *model.Organisation
	Interpreter  *model.Person
	Tariff       model.Tariff
	Letterhead   model.Letterhead
}

// EinsatzFormOf loads the Einsatz with its institution, interpreter, the
// tariff of its day (or the one its Nachweis was computed with) and the
// letterhead.
func EinsatzFormOf(tx *Tx, id string) (EinsatzForm, error) {
	e, err := Einsaetze.Get(tx, id)
	if err != nil {
		return EinsatzForm{}, err
	}
	f := EinsatzForm{Einsatz: e}
	if e.OrganisationID != "" {
		f.Organisation, _ = Organisations.Get(tx, e.OrganisationID)
	}
	if e.InterpreterID != "" {
		f.Interpreter, _ = People.Get(tx, e.InterpreterID)
	}
	set, err := LoadSprachmittlungSettings(tx)
	if err != nil {
		return f, err
	}
	f.Tariff = set.TariffAt(model.DateOf(e.Start))
	if e.Nachweis != nil && !e.Nachweis.Tariff.ValidFrom.IsZero() {
		f.Tariff = e.Nachweis.Tariff
	}
	f.Letterhead, err = LoadLetterhead(tx)
	return f, err
}
