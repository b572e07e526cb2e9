package store

import (
	"fmt"
	"slices"
	"strings"

	"stabsstelle/model"
)

// Storno and Korrektur of a claim that is angeordnet or paid. A correction
// is a claim of its own (K-number, kind storno or korrektur, the original's
// number and a reason) and goes through the same four eyes. It takes effect
// when it is angeordnet (applyCorrection):
//
//   - Storno of a claim not yet paid: the claim (with any Korrektur waiting
//     to be paid with it) and the Storno become "storniert" – final, in no
//     payout run, counted nowhere; its Einsätze can be claimed again.
//   - Storno of a paid claim, or a Korrektur below 0 € of one: a
//     Rückforderung of the amount (R-number, person, reason, due date) and
//     the correction becomes "verbucht"; totals count it, so they are net.
//   - Korrektur over 0 € of a paid claim: paid by the next payout run.
//   - Korrektur of a claim not yet paid: paid together with it, so the
//     payout run pays the claim and the difference in one transfer.
//
// A claim in a payout run that the Kreiskasse has not confirmed yet cannot
// be corrected: its file may already be at the bank.

// CreateCorrection makes a Storno (every line of the claim and of the
// Korrekturen in effect, negated) or a Korrektur claim for a claim that is
// angeordnet or paid, with the reason. A Korrektur of a claim that pays km
// twice starts with the lines that take the doubled Fahrtkosten back; any
// other starts with one line the user edits.
func CreateCorrection(tx *Tx, origID string, kind model.ClaimKind, reason string) (*model.Claim, error) {
	if err := tx.act(model.PermClaim); err != nil {
		return nil, err
	}
	defer tx.endAct()
	orig, err := Claims.Get(tx, origID)
	if err != nil {
		return nil, err
	}
	if kind != model.ClaimStorno && kind != model.ClaimKorrektur {
		return nil, fmt.Errorf("Unbekannte Antragsart „%s“.", kind)
	}
	if err := correctable(orig); err != nil {
		return nil, err
	}
	corrs, err := correctionsOf(tx, orig)
	if err != nil {
		return nil, err
	}
	if err := noStornoYet(orig, corrs); err != nil {
		return nil, err
	}
	c := model.NewCorrection(orig, kind, reason)
	switch kind {
	case model.ClaimStorno:
		addStornoLines(c, corrs)
	case model.ClaimKorrektur:
		if err := addKorrekturLines(tx, c, orig); err != nil {
			return nil, err
		}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := Claims.Put(tx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// noStornoYet refuses a second Storno of orig while one is not storniert.
func noStornoYet(orig *model.Claim, corrs []*model.Claim) error {
	for _, o := range corrs {
		if o.Kind == model.ClaimStorno && o.Status != model.ClaimStorniert {
			return fmt.Errorf("Zum Antrag %s gibt es schon den Storno %s (%s).", orig.Number, o.Number, o.Status.Label())
		}
	}
	return nil
}

// addStornoLines adds to the Storno c the lines of the Korrekturen in
// effect, negated: what was paid with them is taken back too (the
// original's own lines are c's already).
func addStornoLines(c *model.Claim, corrs []*model.Claim) {
	for _, o := range corrs {
		if o.Kind != model.ClaimKorrektur || !(o.Status == model.ClaimAngeordnet || o.Status.Settled()) {
			continue
		}
		for _, l := range o.Lines {
			l.Amount, l.Km = -l.Amount, -l.Km
			l.EinsatzIDs, l.EinsatzNumbers = nil, nil
			l.Description = strings.TrimSpace(l.Description + " (" + o.Number + ")")
			c.Lines = append(c.Lines, l)
		}
	}
}

// addKorrekturLines starts the Korrektur c of orig: with the lines that
// take doubled Fahrtkosten back, else with one line the user edits.
func addKorrekturLines(tx *Tx, c, orig *model.Claim) error {
	twice, err := ClaimKmTwice(tx, orig)
	if err != nil {
		return err
	}
	for _, k := range twice {
		c.Lines = append(c.Lines, model.ClaimLine{Kind: model.LinePauschale, Date: orig.Lines[k.Line].Date,
			Description: "Fahrtkosten " + k.Einsatz + " doppelt in der Pauschale", Amount: -k.Excess})
	}
	if len(c.Lines) == 0 {
		c.Lines = []model.ClaimLine{{Kind: model.LineBeleg, Date: orig.PeriodTo, ReceiptNo: orig.Number, Description: "Korrektur zu " + orig.Number, Amount: -1}}
	}
	return nil
}

// correctable says why orig cannot get a Storno or Korrektur now, or nil.
func correctable(orig *model.Claim) error {
	switch {
	case orig.Kind != model.ClaimNormal:
		return fmt.Errorf("Der Antrag %s ist selbst ein %s – bitte den ursprünglichen Antrag %s korrigieren.", orig.Number, orig.Kind.Label(), orig.CorrectsNumber)
	case orig.Status == model.ClaimStorniert:
		return fmt.Errorf("Der Antrag %s ist storniert – da gibt es nichts mehr zu korrigieren.", orig.Number)
	case !orig.Frozen():
		return fmt.Errorf("Der Antrag %s ist noch nicht angeordnet – bitte direkt ändern oder ablehnen statt zu stornieren.", orig.Number)
	case orig.Status == model.ClaimAngeordnet && orig.PayoutRunID != "":
		return fmt.Errorf("Der Antrag %s steckt in einem Zahllauf, den die Kreiskasse noch nicht bestätigt hat – bitte den Zahllauf erst bestätigen oder stornieren (Zahlläufe: z).", orig.Number)
	}
	return nil
}

// correctionAllowed checks, before a Storno or Korrektur is angeordnet, that
// its original can still take it.
func correctionAllowed(tx *Tx, c *model.Claim) error {
	orig, err := Claims.Get(tx, c.CorrectsID)
	if err != nil {
		return fmt.Errorf("Der ursprüngliche Antrag %s von %s ist nicht mehr da – %s kann nicht angeordnet werden.", c.CorrectsNumber, c.Number, c.Kind.Label())
	}
	if err := correctable(orig); err != nil {
		return err
	}
	if c.Kind == model.ClaimStorno {
		corrs, err := correctionsOf(tx, orig)
		if err != nil {
			return err
		}
		for _, o := range corrs {
			if o.ID != c.ID && o.Kind == model.ClaimStorno && (o.Status == model.ClaimAngeordnet || o.Status == model.ClaimVerbucht) {
				return fmt.Errorf("Der Antrag %s ist schon mit %s storniert.", orig.Number, o.Number)
			}
		}
	}
	return nil
}

// applyCorrection makes the angeordnet Storno or Korrektur c take effect
// (see the top of this file).
func applyCorrection(tx *Tx, c *model.Claim) error {
	orig, err := Claims.Get(tx, c.CorrectsID)
	if err != nil {
		return err
	}
	note := c.Kind.Label() + " " + c.Number + ": " + c.CorrectionReason
	switch {
	case orig.Status == model.ClaimAngeordnet && c.Kind == model.ClaimStorno:
		return stornoUnpaid(tx, orig, c, note)
	case orig.Status == model.ClaimAngeordnet:
		return nil // a Korrektur is paid with its claim
	case orig.Status.Settled() && c.Total() < 0:
		return reclaimPaid(tx, orig, c, note)
	case orig.Status.Settled() && c.Total() == 0:
		if err := c.Apply(model.ActVerbuchen, tx.Who(), tx.Now(), note, nil); err != nil {
			return err
		}
		return Claims.Put(tx, c)
	}
	return nil // a Korrektur over 0 € of a paid claim: the next payout run pays it
}

// stornoUnpaid makes the Storno c of the unpaid claim orig take effect:
// the claim, the Korrekturen waiting to be paid with it and the Storno
// become "storniert", and the claim's Einsätze are free again.
func stornoUnpaid(tx *Tx, orig, c *model.Claim, note string) error {
	corrs, err := correctionsOf(tx, orig)
	if err != nil {
		return err
	}
	end := []*model.Claim{orig}
	for _, o := range corrs {
		if o.ID != c.ID && o.Status == model.ClaimAngeordnet {
			end = append(end, o)
		}
	}
	end = append(end, c)
	for _, x := range end {
		if err := x.Apply(model.ActStornieren, tx.Who(), tx.Now(), note, nil); err != nil {
			return err
		}
		if err := Claims.Put(tx, x); err != nil {
			return err
		}
	}
	return releaseEinsaetze(tx, orig)
}

// reclaimPaid makes the correction c below 0 € of the paid claim orig take
// effect: c is "verbucht" and its amount becomes a Rückforderung; a Storno
// also frees the claim's Einsätze.
func reclaimPaid(tx *Tx, orig, c *model.Claim, note string) error {
	if err := c.Apply(model.ActVerbuchen, tx.Who(), tx.Now(), note, nil); err != nil {
		return err
	}
	if err := Claims.Put(tx, c); err != nil {
		return err
	}
	if _, err := newReclaim(tx, orig, c, -c.Total()); err != nil {
		return err
	}
	if c.Kind == model.ClaimStorno {
		return reverseEinsaetze(tx, orig, c)
	}
	return nil
}

// releaseEinsaetze frees the Einsätze of a storniert claim, so they can be
// claimed again (the claim's Einsatz index entries are gone with its status).
func releaseEinsaetze(tx *Tx, c *model.Claim) error {
	for _, eid := range c.EinsatzIDs() {
		e, err := Einsaetze.Get(tx, eid)
		if err != nil || e.ClaimID != c.ID {
			continue
		}
		e.ClaimID = ""
		if err := Einsaetze.Put(tx, e); err != nil {
			return err
		}
	}
	return nil
}

// reverseEinsaetze frees the Einsätze of the paid claim orig that the
// Storno st took back in full: they go back from "abgerechnet" to what they
// were, and a new claim may pay them (netted with the Rückforderung).
func reverseEinsaetze(tx *Tx, orig, st *model.Claim) error {
	orig.ReversedBy = st.Number
	if err := Claims.Put(tx, orig); err != nil {
		return err
	}
	for _, eid := range orig.EinsatzIDs() {
		e, err := Einsaetze.Get(tx, eid)
		if err != nil || e.ClaimID != orig.ID {
			continue // deleted, or already paid by another claim
		}
		e.ClaimID = ""
		e.Unbill("Antrag "+orig.Number+" storniert mit "+st.Number, tx.Now(), tx.Who())
		if err := Einsaetze.Put(tx, e); err != nil {
			return err
		}
	}
	return nil
}

// correctionsOf returns the Stornos and Korrekturen of orig, by number. A
// correction keeps its original's person and period, so only that
// person's claims of the year are looked at.
func correctionsOf(tx *Tx, orig *model.Claim) ([]*model.Claim, error) {
	rows, err := ClaimRowsOfPerson(tx, orig.PersonID, orig.Year())
	if err != nil {
		return nil, err
	}
	var out []*model.Claim
	for _, r := range rows {
		if r.Kind == model.ClaimNormal || r.ID == orig.ID {
			continue
		}
		c, err := Claims.Get(tx, r.ID)
		if err != nil {
			return nil, err
		}
		if c.CorrectsID == orig.ID {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b *model.Claim) int { return compareNumbers(a.Number, b.Number) })
	return out, nil
}

// CorrectionsOf is correctionsOf for the screens.
func CorrectionsOf(tx *Tx, orig *model.Claim) ([]*model.Claim, error) { return correctionsOf(tx, orig) }

// pendingCorrection reports whether c is a Storno or Korrektur that is
// angeordnet but has not taken effect: made by an older version, which
// left a Storno "angeordnet" for ever while its claim was still paid. (A
// Korrektur of a claim not yet paid, or one over 0 € of a paid claim, waits
// for its payout and is not pending.)
func pendingCorrection(tx *Tx, c *model.Claim) (bool, *model.Claim) {
	if c.Status != model.ClaimAngeordnet || c.Kind == model.ClaimNormal {
		return false, nil
	}
	orig, err := Claims.Get(tx, c.CorrectsID)
	if err != nil {
		return false, nil
	}
	switch {
	case c.Kind == model.ClaimStorno && orig.Status != model.ClaimStorniert:
		return true, orig
	case c.Kind == model.ClaimKorrektur && orig.Status.Settled() && c.Total() <= 0:
		return true, orig
	}
	return false, nil
}

// MakeCorrectionEffective lets a Storno or Korrektur that an older version
// left "angeordnet" without effect take effect now, as it would today when
// angeordnet: the unpaid claim becomes storniert, or the money paid too
// much becomes a Rückforderung. version is the one the user saw.
func MakeCorrectionEffective(tx *Tx, id string, version uint64) (*model.Claim, error) {
	if err := tx.act(model.PermOrder); err != nil {
		return nil, err
	}
	defer tx.endAct()
	c, err := Claims.Get(tx, id)
	if err != nil {
		return nil, err
	}
	if version != 0 && c.Version != version {
		return nil, &ErrConflict{Kind: KindClaim, Number: c.Number, By: c.UpdatedBy, At: c.Updated}
	}
	if pending, _ := pendingCorrection(tx, c); !pending {
		return nil, fmt.Errorf("%s wartet auf nichts – er ist %s.", c.Number, c.Status.Label())
	}
	if err := correctionAllowed(tx, c); err != nil {
		return nil, err
	}
	if err := applyCorrection(tx, c); err != nil {
		return nil, err
	}
	return Claims.Get(tx, id)
}

// PendingCorrectionFindings names the Stornos and Korrekturen an older
// version left without effect, for `stabsstelle check`.
func PendingCorrectionFindings(tx *Tx) ([]string, error) {
	rows, err := ClaimRowsByStatus(tx, model.ClaimAngeordnet)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rows, func(a, b ClaimRow) int { return compareNumbers(a.Number, b.Number) })
	var out []string
	for _, r := range rows {
		if r.Kind == model.ClaimNormal {
			continue
		}
		c, err := Claims.Get(tx, r.ID)
		if err != nil {
			return nil, err
		}
		if pending, orig := pendingCorrection(tx, c); pending {
			out = append(out, fmt.Sprintf("Der %s %s zu %s ist angeordnet, hat aber nichts bewirkt (ältere Programmversion): %s ist %s, es gibt keine Rückforderung. Bitte im %s mit r wirksam machen.",
				c.Kind.Label(), c.Number, orig.Number, orig.Number, orig.Status.Label(), c.Kind.Label()))
		}
	}
	return out, nil
}

// PendingCorrection reports whether c is a Storno or Korrektur an older
// version left angeordnet without effect (MakeCorrectionEffective).
func PendingCorrection(tx *Tx, c *model.Claim) bool {
	pending, _ := pendingCorrection(tx, c)
	return pending
}
