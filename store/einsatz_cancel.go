package store

import "stabsstelle/model"

// ErrDecisionChanged: between showing the Absage dialog and saving it, the
// tariff (or the Einsatz) changed so that the clock now decides otherwise.
// Nothing was saved; Decision is the new one to show.
type ErrDecisionChanged struct {
	Decision model.AbsageDecision
}

func (e *ErrDecisionChanged) Error() string {
	return "Der Tarif wurde inzwischen geändert und die Entscheidung neu berechnet: " + e.Decision.Explain() + ". Bitte prüfen und noch einmal speichern."
}

// CancelEinsatz records an Absage on the Einsatz id, which the caller
// loaded at version, under the tariff of the Einsatz's day, at the store's
// clock. shown is the status the user saw as the decision: if the clock
// decides otherwise now, nothing is saved (ErrDecisionChanged). The
// journal keeps who entered it and the Einsatz before and after, override
// and its reason included.
func CancelEinsatz(tx *Tx, id string, version uint64, a model.Absage, shown model.Status) (model.AbsageDecision, error) {
	if err := tx.act(model.PermEinsatz); err != nil {
		return model.AbsageDecision{}, err
	}
	defer tx.endAct()
	e, err := Einsaetze.Get(tx, id)
	if err != nil {
		return model.AbsageDecision{}, err
	}
	if e.Version != version {
		return model.AbsageDecision{}, &ErrConflict{Kind: KindEinsatz, Number: e.Number, By: e.UpdatedBy, At: e.Updated}
	}
	set, err := LoadSprachmittlungSettings(tx)
	if err != nil {
		return model.AbsageDecision{}, err
	}
	t := set.TariffAt(model.DateOf(e.Start))
	d := e.DecideAbsage(a.By, a.Received, a.Override, t)
	if shown != "" && d.Status != shown {
		return d, &ErrDecisionChanged{Decision: d}
	}
	if err := e.Cancel(a, tx.Now(), tx.Who(), t); err != nil {
		return d, err
	}
	return d, Einsaetze.Put(tx, e)
}
