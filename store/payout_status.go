package store

import (
	"fmt"
	"slices"
	"strings"

	"stabsstelle/model"
)

// The life of a payout run after CreatePayoutRun: the Kreiskasse executed
// it (ConfirmPayoutRun) or it is cancelled (CancelPayoutRun).

// ConfirmPayoutRun records that the Kreiskasse executed the run: every
// claim becomes "ausgezahlt" (with the Korrekturen paid with it), the
// Einsätze it pays "abgerechnet", and what was netted is settled on the
// Rückforderungen (closed when nothing is left).
func ConfirmPayoutRun(tx *Tx, runID string) (*model.PayoutRun, error) {
	if err := tx.act(model.PermPayout); err != nil {
		return nil, err
	}
	defer tx.endAct()
	run, err := Payouts.Get(tx, runID)
	if err != nil {
		return nil, err
	}
	if run.Status != model.PayoutErstellt {
		return nil, fmt.Errorf("Der Zahllauf %s ist %s und kann nicht mehr bestätigt werden.", run.Number, run.Status.Label())
	}
	if err := payRunClaims(tx, run); err != nil {
		return nil, err
	}
	if err := settleRunReclaims(tx, run); err != nil {
		return nil, err
	}
	run.Status = model.PayoutAusgefuehrt
	run.Executed = &model.Signature{By: tx.Who(), At: tx.Now()}
	return run, Payouts.Put(tx, run)
}

// payRunClaims marks every claim of the run "ausgezahlt" (with the
// Korrekturen paid with it) and the Einsätze it pays "abgerechnet".
func payRunClaims(tx *Tx, run *model.PayoutRun) error {
	for _, it := range run.Items {
		for _, id := range append([]string{it.ClaimID}, it.JoinedIDs...) {
			c, err := Claims.Get(tx, id)
			if err != nil {
				return err
			}
			if c.PayoutRunID != run.ID {
				return fmt.Errorf("Der Antrag %s gehört nicht mehr zum Zahllauf %s.", c.Number, run.Number)
			}
			if err := c.Apply(model.ActPay, tx.Who(), tx.Now(), run.Number, nil); err != nil {
				return err
			}
			if err := Claims.Put(tx, c); err != nil {
				return err
			}
			if err := billEinsaetze(tx, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// settleRunReclaims settles what the run netted on its Rückforderungen.
func settleRunReclaims(tx *Tx, run *model.PayoutRun) error {
	for _, rs := range run.Reclaims {
		if rs.Netted <= 0 {
			continue
		}
		r, err := Reclaims.Get(tx, rs.ReclaimID)
		if err != nil {
			return err
		}
		if r.PayoutRunID != run.ID {
			return fmt.Errorf("Die Rückforderung %s gehört nicht mehr zum Zahllauf %s.", r.Number, run.Number)
		}
		r.Netted(r.Pending, run.ID, run.Number, run.ExecutionDate, tx.Who(), tx.Now())
		r.PayoutRunID, r.Pending = "", 0
		if err := Reclaims.Put(tx, r); err != nil {
			return err
		}
	}
	return nil
}

// billEinsaetze moves the Einsätze paid by c to "abgerechnet".
func billEinsaetze(tx *Tx, c *model.Claim) error {
	for _, eid := range c.EinsatzIDs() {
		e, err := Einsaetze.Get(tx, eid)
		if err != nil {
			continue // deleted Einsatz: the claim is what counts
		}
		e.ClaimID = c.ID
		if e.Status != model.StatusAbgerechnet && e.Status.CanMoveTo(model.StatusAbgerechnet) {
			if err := e.Transition(model.StatusAbgerechnet, "ausgezahlt mit "+c.Number, tx.Now(), tx.Who(), model.Tariff{}); err != nil {
				return err
			}
		}
		if err := Einsaetze.Put(tx, e); err != nil {
			return err
		}
	}
	return nil
}

// CancelPayoutRun cancels a run that was not executed; its claims and the
// Rückforderungen it netted are free again for another run.
func CancelPayoutRun(tx *Tx, runID, reason string) (*model.PayoutRun, error) {
	if err := tx.act(model.PermPayout); err != nil {
		return nil, err
	}
	defer tx.endAct()
	run, err := Payouts.Get(tx, runID)
	if err != nil {
		return nil, err
	}
	if run.Status != model.PayoutErstellt {
		return nil, fmt.Errorf("Der Zahllauf %s ist %s und kann nicht storniert werden.", run.Number, run.Status.Label())
	}
	for _, it := range run.Items {
		for _, id := range append([]string{it.ClaimID}, it.JoinedIDs...) {
			c, err := Claims.Get(tx, id)
			if err != nil {
				return nil, err
			}
			if c.PayoutRunID != run.ID {
				continue
			}
			if err := c.Apply(model.ActRelease, tx.Who(), tx.Now(), "Zahllauf "+run.Number+" storniert", nil); err != nil {
				return nil, err
			}
			if err := Claims.Put(tx, c); err != nil {
				return nil, err
			}
		}
	}
	for _, rs := range run.Reclaims {
		if rs.Netted <= 0 {
			continue
		}
		r, err := Reclaims.Get(tx, rs.ReclaimID)
		if err != nil || r.PayoutRunID != run.ID {
			continue
		}
		r.PayoutRunID, r.Pending = "", 0
		if err := Reclaims.Put(tx, r); err != nil {
			return nil, err
		}
	}
	run.Status = model.PayoutStorniert
	run.Cancelled = &model.Signature{By: tx.Who(), At: tx.Now()}
	run.CancelReason = strings.TrimSpace(reason)
	return run, Payouts.Put(tx, run)
}

// SetPayoutFile records where the run's SEPA file was written.
func SetPayoutFile(tx *Tx, runID, file string) error {
	if err := tx.act(model.PermPayout); err != nil {
		return err
	}
	defer tx.endAct()
	run, err := Payouts.Get(tx, runID)
	if err != nil {
		return err
	}
	run.File = file
	return Payouts.Put(tx, run)
}

// AllPayouts returns the runs, newest first.
func AllPayouts(tx *Tx) ([]*model.PayoutRun, error) {
	rs, err := Payouts.All(tx)
	slices.Reverse(rs)
	return rs, err
}
