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
	for _, o := range corrs {
		if o.Kind == model.ClaimStorno && o.Status != model.ClaimStorniert {
			return nil, fmt.Errorf("Zum Antrag %s gibt es schon den Storno %s (%s).", orig.Number, o.Number, o.Status.Label())
		}
	}
	c := model.NewCorrection(orig, kind, reason)
	switch kind {
	case model.ClaimStorno:
		// What was paid with the Korrekturen in effect is taken back too.
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
	case model.ClaimKorrektur:
		twice, err := ClaimKmTwice(tx, orig)
		if err != nil {
			return nil, err
		}
		for _, k := range twice {
			c.Lines = append(c.Lines, model.ClaimLine{Kind: model.LinePauschale, Date: orig.Lines[k.Line].Date,
				Description: "Fahrtkosten " + k.Einsatz + " doppelt in der Pauschale", Amount: -k.Excess})
		}
		if len(c.Lines) == 0 {
			c.Lines = []model.ClaimLine{{Kind: model.LineBeleg, Date: orig.PeriodTo, ReceiptNo: orig.Number, Description: "Korrektur zu " + orig.Number, Amount: -1}}
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
	case orig.Status == model.ClaimAngeordnet:
		return nil // a Korrektur is paid with its claim
	case orig.Status.Settled() && c.Total() < 0:
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
	case orig.Status.Settled() && c.Total() == 0:
		if err := c.Apply(model.ActVerbuchen, tx.Who(), tx.Now(), note, nil); err != nil {
			return err
		}
		return Claims.Put(tx, c)
	}
	return nil // a Korrektur over 0 € of a paid claim: the next payout run pays it
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

// KmTwice is an Einsatz whose Fahrtkosten a claim pays twice: an older
// version took the Einsatznachweis total (Fahrtkosten included) as the
// allowance line and added a Fahrt line for the same km.
type KmTwice struct {
	Einsatz   string      // E-2026-0042
	EinsatzID string      //
	Line      int         // index of the allowance line
	Excess    model.Money // paid too much in the allowance line: the Fahrtkosten
}

// ClaimKmTwice finds the Einsätze whose km claim c pays twice: an
// allowance line that carries more than the Einsatz's allowance (and
// Ausfallpauschale) by exactly its Fahrtkosten, while a Fahrt line of the
// same claim pays those km again.
func ClaimKmTwice(tx *Tx, c *model.Claim) ([]KmTwice, error) {
	if c.Kind != model.ClaimNormal {
		return nil, nil
	}
	var out []KmTwice
	for i, l := range c.Lines {
		if l.Kind != model.LinePauschale || len(l.EinsatzIDs) != 1 {
			continue
		}
		e, err := Einsaetze.Get(tx, l.EinsatzIDs[0])
		if err == ErrNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		p := e.Parts()
		excess := l.Amount - p.AllowanceLine()
		if p.Travel <= 0 || excess != p.Travel {
			continue
		}
		for _, f := range c.Lines {
			if f.Kind == model.LineFahrt && f.Amount > 0 && (slices.Contains(f.EinsatzIDs, e.ID) || strings.Contains(f.Description, e.Number)) {
				out = append(out, KmTwice{Einsatz: e.Number, EinsatzID: e.ID, Line: i, Excess: excess})
				break
			}
		}
	}
	return out, nil
}

// KmTwiceFindings names every claim that pays km twice and is not yet
// corrected, with what to do: a claim from "angeordnet" on is never changed
// silently – the fix is a Korrektur; an earlier one is edited. German
// sentences for `stabsstelle check`.
func KmTwiceFindings(tx *Tx) ([]string, error) {
	ids := map[string]bool{}
	var order []string
	err := Claims.Scan(tx, IdxClaimEinsatz, nil, nil, func(id string, _, _ []byte) error {
		if !ids[id] {
			ids[id] = true
			order = append(order, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var claims []*model.Claim
	for _, id := range order {
		c, err := Claims.Get(tx, id)
		if err != nil {
			return nil, err
		}
		claims = append(claims, c)
	}
	slices.SortFunc(claims, func(a, b *model.Claim) int { return compareNumbers(a.Number, b.Number) })
	var out []string
	for _, c := range claims {
		twice, err := ClaimKmTwice(tx, c)
		if err != nil || len(twice) == 0 {
			if err != nil {
				return nil, err
			}
			continue
		}
		var excess model.Money
		var es []string
		for _, k := range twice {
			excess += k.Excess
			es = append(es, k.Einsatz)
		}
		corrs, err := correctionsOf(tx, c)
		if err != nil {
			return nil, err
		}
		var corrected model.Money
		stornoed := false
		for _, o := range corrs {
			if !o.Status.Counts() {
				continue // a draft does not correct anything yet
			}
			if o.Kind == model.ClaimStorno {
				stornoed = true
			}
			corrected -= o.Total()
		}
		if stornoed || c.Status == model.ClaimStorniert || corrected >= excess {
			continue
		}
		what := fmt.Sprintf("Der Antrag %s (%s, %s) zahlt die Fahrtkosten von %s doppelt: %s zu viel in der Pauschale.",
			c.Number, c.PersonName, c.Status.Label(), strings.Join(es, ", "), excess)
		if c.Frozen() {
			what += fmt.Sprintf(" Er wird nicht stillschweigend geändert – bitte eine Korrektur anlegen (im Antrag o, dann Korrektur: sie zieht %s ab).", excess)
		} else {
			what += " Bitte den Antrag bearbeiten und die Pauschale um die Fahrtkosten kürzen – oder löschen und neu aus den Einsätzen anlegen (E)."
		}
		out = append(out, what)
	}
	return out, nil
}

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
