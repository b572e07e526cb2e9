package store

import (
	"fmt"

	"stabsstelle/model"
)

// Writing a claim: its content (SaveClaim), its workflow steps
// (ApplyClaim) and deleting a draft (DeleteClaim).

// SaveClaim creates or edits a claim's content (person, period, lines …);
// status changes go through ApplyClaim. Fahrt lines are computed with the
// mileage table; an Einsatz already paid by another claim is refused in the
// same transaction; ordered or paid claims are frozen.
func SaveClaim(tx *Tx, c *model.Claim) error {
	if err := tx.act(model.PermClaim); err != nil {
		return err
	}
	defer tx.endAct()
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return err
	}
	if c.ID != "" {
		old, err := Claims.Get(tx, c.ID)
		if err != nil && err != ErrNotFound {
			return err
		}
		if old != nil {
			if msg := old.EditProblem(); msg != "" {
				return fmt.Errorf("%s", msg)
			}
			// The workflow fields are not the form's to change.
			c.Status, c.Submitted, c.Sachlich, c.Rechnerisch, c.Angeordnet, c.Paid = old.Status, old.Submitted, old.Sachlich, old.Rechnerisch, old.Angeordnet, old.Paid
			c.Steps, c.PayoutRunID, c.Rejection, c.Cancelled = old.Steps, old.PayoutRunID, old.Rejection, old.Cancelled
			c.Kind, c.CorrectsID, c.CorrectsNumber = old.Kind, old.CorrectsID, old.CorrectsNumber
		}
	} else if c.Status == "" {
		c.Status = model.ClaimEntwurf
	}
	if c.PersonID != "" {
		p, err := People.Get(tx, c.PersonID)
		if err != nil {
			return fmt.Errorf("Die Person zum Antrag wurde nicht gefunden – bitte neu auswählen.")
		}
		c.PersonName = p.Name
	}
	if c.FundID != "" {
		if _, err := Funds.Get(tx, c.FundID); err != nil {
			return fmt.Errorf("Der Fördertopf zum Antrag wurde nicht gefunden – bitte neu auswählen.")
		}
	}
	if err := c.Compute(set.KmRates); err != nil {
		return err
	}
	if err := checkEinsaetzeFree(tx, c); err != nil {
		return err
	}
	return Claims.Put(tx, c)
}

// checkEinsaetzeFree refuses a claim that pays an Einsatz twice: in two
// lines of the same kind, or when another claim pays it already.
func checkEinsaetzeFree(tx *Tx, c *model.Claim) error {
	label := func(eid string) string {
		if e, err := Einsaetze.Get(tx, eid); err == nil {
			return e.Number
		}
		return eid
	}
	seen := map[string]bool{}
	for _, l := range c.Lines {
		for _, eid := range l.EinsatzIDs {
			k := string(l.Kind) + "|" + eid
			if seen[k] {
				return fmt.Errorf("Der Einsatz %s steht zweimal im Antrag – bitte nur einmal abrechnen.", label(eid))
			}
			seen[k] = true
		}
	}
	for _, eid := range c.EinsatzIDs() {
		num, id, err := ClaimPaying(tx, eid)
		if err != nil {
			return err
		}
		if id != "" && id != c.ID {
			return &ErrPaidTwice{Einsatz: label(eid), Claim: num}
		}
	}
	return nil
}

// ApplyClaim performs a workflow step on claim id as the transaction's
// user; version must be the one the user saw (else ErrConflict). Payout
// steps are refused here: they belong to the payout run.
func ApplyClaim(tx *Tx, id string, version uint64, a model.ClaimAction, reason string) (*model.Claim, error) {
	if err := tx.act(ClaimActionPermissions(a)...); err != nil {
		return nil, err
	}
	defer tx.endAct()
	switch a {
	case model.ActPay, model.ActReserve, model.ActRelease:
		return nil, fmt.Errorf("Ausgezahlt wird ein Antrag über einen Zahllauf – bitte im Zahllauf bestätigen.")
	}
	c, err := Claims.Get(tx, id)
	if err != nil {
		return nil, err
	}
	if version != 0 && c.Version != version {
		return nil, &ErrConflict{Kind: KindClaim, Number: c.Number, By: c.UpdatedBy, At: c.Updated}
	}
	p, err := People.Get(tx, c.PersonID)
	if err != nil {
		p = nil
	}
	if a == model.ActAnordnen && c.Kind != model.ClaimNormal {
		// A Storno or Korrektur takes effect when it is angeordnet.
		if err := correctionAllowed(tx, c); err != nil {
			return nil, err
		}
	}
	if err := c.Apply(a, tx.Who(), tx.Now(), reason, p); err != nil {
		return nil, err
	}
	if err := Claims.Put(tx, c); err != nil {
		return nil, err
	}
	if a == model.ActAnordnen && c.Kind != model.ClaimNormal {
		if err := applyCorrection(tx, c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// DeleteClaim removes a draft that was never handed in; its Einsätze
// become free to be claimed again.
func DeleteClaim(tx *Tx, id string) error {
	if err := tx.act(model.PermClaim); err != nil {
		return err
	}
	defer tx.endAct()
	c, err := Claims.Get(tx, id)
	if err != nil {
		return err
	}
	if c.Status != model.ClaimEntwurf || c.Submitted != nil || len(c.Steps) > 0 {
		return fmt.Errorf("Der Antrag %s wurde schon eingereicht und kann nicht gelöscht werden – bitte ablehnen oder stornieren.", c.Number)
	}
	for _, eid := range c.EinsatzIDs() {
		e, err := Einsaetze.Get(tx, eid)
		if err == nil && e.ClaimID == c.ID {
			e.ClaimID = ""
			if err := Einsaetze.Put(tx, e); err != nil {
				return err
			}
		}
	}
	return Claims.Delete(tx, id)
}
