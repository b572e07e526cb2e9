package store

import (
	"bytes"
	"fmt"
	"slices"

	"stabsstelle/model"
)

// Claims made from the Sprachmittlung's Einsätze: which Einsätze can be
// claimed and which claim pays each.

// ClaimFromEinsaetze turns finished Einsätze of interpreter personID into
// one draft claim in one step, from each Einsatz's parts (EinsatzParts):
// an allowance line with the Aufwandsentschädigung and any
// Ausfallpauschale, and, where km were driven, a Fahrt line with those km
// at the tariff's km rate – each part once. The claim is booked on the
// year's Topf für Sprachmittlung (settings), if one is set. Each Einsatz
// gets the claim's ID at once (so it cannot be claimed twice) and moves to
// "abgerechnet" when the payout run that pays the claim is confirmed.
func ClaimFromEinsaetze(tx *Tx, personID string, einsatzIDs []string) (*model.Claim, error) {
	if err := tx.act(model.PermClaim); err != nil {
		return nil, err
	}
	defer tx.endAct()
	p, err := People.Get(tx, personID)
	if err != nil {
		return nil, fmt.Errorf("Die Sprachmittler:in wurde nicht gefunden.")
	}
	if len(einsatzIDs) == 0 {
		return nil, fmt.Errorf("Bitte mindestens einen durchgeführten Einsatz auswählen.")
	}
	c := &model.Claim{PersonID: p.ID, PersonName: p.Name, Project: "Sprachmittlung", Purpose: "Aufwandsentschädigung Sprachmittlung", Status: model.ClaimEntwurf}
	var es []*model.Einsatz
	for _, id := range einsatzIDs {
		e, err := einsatzToClaim(tx, id, personID, p.Name)
		if err != nil {
			return nil, err
		}
		d := addEinsatzLines(c, p, e)
		if c.PeriodFrom.IsZero() || d.Before(c.PeriodFrom) {
			c.PeriodFrom = d
		}
		if d.After(c.PeriodTo) {
			c.PeriodTo = d
		}
		es = append(es, e)
	}
	if c.PeriodFrom.Year != c.PeriodTo.Year {
		return nil, fmt.Errorf("Die Einsätze liegen in verschiedenen Jahren – bitte für jedes Jahr einen eigenen Antrag anlegen.")
	}
	if c.FundID, err = sprachmittlungFund(tx, c.PeriodFrom.Year); err != nil {
		return nil, err
	}
	if err := SaveClaim(tx, c); err != nil {
		return nil, err
	}
	for _, e := range es {
		e.ClaimID = c.ID
		if err := Einsaetze.Put(tx, e); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// sprachmittlungFund is the year's Topf für Sprachmittlung (settings),
// or "" if none is set or it is gone.
func sprachmittlungFund(tx *Tx, year int) (string, error) {
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return "", err
	}
	if id := set.SprachmittlungFund(year); id != "" {
		if _, err := Funds.Get(tx, id); err == nil {
			return id, nil
		}
	}
	return "", nil
}

// einsatzToClaim reads Einsatz id for a claim of interpreter personID
// (name for the message): it must be theirs, finished with something to
// pay, and in no other claim.
func einsatzToClaim(tx *Tx, id, personID, name string) (*model.Einsatz, error) {
	e, err := Einsaetze.Get(tx, id)
	if err != nil {
		return nil, err
	}
	if e.InterpreterID != personID {
		return nil, fmt.Errorf("Der Einsatz %s gehört nicht zu %s.", e.Number, name)
	}
	if e.ClaimID != "" {
		num := e.ClaimID
		if o, err := Claims.Get(tx, e.ClaimID); err == nil {
			num = o.Number
		}
		return nil, &ErrPaidTwice{Einsatz: e.Number, Claim: num}
	}
	if !claimable(e) {
		return nil, fmt.Errorf("Der Einsatz %s ist %s – abgerechnet werden nur durchgeführte Einsätze mit Einsatznachweis und Absagen mit Ausfallpauschale.", e.Number, e.Status.Label())
	}
	return e, nil
}

// addEinsatzLines adds the lines of Einsatz e of interpreter p to c: the
// allowance line and, where km were driven, a Fahrt line. It returns the
// day of the lines (the day worked by the Nachweis, else the day booked).
func addEinsatzLines(c *model.Claim, p *model.Person, e *model.Einsatz) model.Date {
	parts := e.Parts()
	d := model.DateOf(e.Start)
	desc := "Sprachmittlung " + e.Number + " " + e.Language
	if e.Nachweis != nil {
		d = model.DateOf(e.Nachweis.ActualStart)
	} else {
		desc = "Ausfallpauschale " + e.Number
	}
	if parts.CancelFee > 0 && parts.Allowance > 0 {
		desc += " mit Ausfallpauschale"
	}
	ids, nums := []string{e.ID}, []string{e.Number}
	c.Lines = append(c.Lines, model.ClaimLine{Kind: model.LinePauschale, Date: d, Amount: parts.AllowanceLine(),
		Description: desc, EinsatzIDs: ids, EinsatzNumbers: nums})
	if parts.Travel > 0 {
		from := p.City
		if from == "" {
			from = "Wohnort"
		}
		to := e.Place
		if to == "" {
			to = "Einsatzort"
		}
		c.Lines = append(c.Lines, model.ClaimLine{Kind: model.LineFahrt, Date: d, From: from, To: to,
			Km: parts.Km, Vehicle: model.VehicleAuto, Rate: parts.KmRate, TariffRate: true,
			Description: e.Number, EinsatzIDs: ids, EinsatzNumbers: nums})
	}
	return d
}

// claimable reports whether e is finished and has something to pay: a
// durchgeführt Einsatz with its Nachweis, or a cancelled one (kurzfristig,
// nicht erschienen) with an Ausfallpauschale.
func claimable(e *model.Einsatz) bool {
	switch e.Status {
	case model.StatusDurchgefuehrt:
		return e.Nachweis != nil
	case model.StatusStorniertKurzfristig, model.StatusNichtErschienen:
		return e.Parts().CancelFee > 0
	}
	return false
}

// UnclaimedEinsaetze lists an interpreter's finished Einsätze starting in
// [from, to] (Berlin days) that no claim pays yet (durchgeführt with
// Nachweis, or cancelled at short notice with an Ausfallpauschale), oldest
// first.
func UnclaimedEinsaetze(tx *Tx, personID string, from, to model.Date) ([]*model.Einsatz, error) {
	rows, err := EinsaetzeOfInterpreter(tx, personID, from.Midnight(), to.AddDays(1).Midnight())
	if err != nil {
		return nil, err
	}
	var out []*model.Einsatz
	for _, r := range rows {
		switch r.Status {
		case model.StatusDurchgefuehrt, model.StatusStorniertKurzfristig, model.StatusNichtErschienen:
		default:
			continue
		}
		e, err := Einsaetze.Get(tx, r.ID)
		if err != nil {
			return nil, err
		}
		if e.ClaimID != "" || !claimable(e) {
			continue
		}
		if _, id, err := ClaimPaying(tx, e.ID); err != nil || id != "" {
			continue
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *model.Einsatz) int { return a.Start.Compare(b.Start) })
	return out, nil
}

// OldestUnclaimedYear is the year of the interpreter's oldest unclaimed
// finished Einsatz of the last three years (a claim covers one year), or
// this year if there is none.
func OldestUnclaimedYear(tx *Tx, personID string) (int, error) {
	today := model.Today(tx.Now())
	es, err := UnclaimedEinsaetze(tx, personID, model.Date{Year: today.Year - 3, Month: 1, Day: 1}, today)
	if err != nil || len(es) == 0 {
		return today.Year, err
	}
	return model.DateOf(es[0].Start).Year, nil
}

// EinsatzClaimNumbers maps every Einsatz a claim pays to that claim's
// number (drafts included, storniert claims not), from the index.
func EinsatzClaimNumbers(tx *Tx) (map[string]string, error) {
	out := map[string]string{}
	name := Claims.idxBucket(IdxClaimEinsatz)
	b := tx.btx.Bucket(name)
	if b == nil {
		return out, nil
	}
	err := b.ForEach(func(k, raw []byte) error {
		v, err := tx.unseal(name, k, raw)
		if err != nil {
			return err
		}
		if i := bytes.IndexByte(k, 0); i > 0 {
			out[string(k[:i])] = string(v)
		}
		return nil
	})
	return out, err
}
