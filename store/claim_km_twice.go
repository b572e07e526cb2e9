package store

import (
	"fmt"
	"slices"
	"strings"

	"stabsstelle/model"
)

// Claims that pay an Einsatz's km twice (an older version's mistake): which
// ones, and the finding `stabsstelle check` names for each. The fix is a
// Korrektur (CreateCorrection starts it with the lines that take the
// excess back).

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
	claims, err := claimsPayingEinsaetze(tx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range claims {
		what, err := kmTwiceFinding(tx, c)
		if err != nil {
			return nil, err
		}
		if what != "" {
			out = append(out, what)
		}
	}
	return out, nil
}

// claimsPayingEinsaetze loads every claim that pays an Einsatz (from the
// index), by number: only those can pay km twice.
func claimsPayingEinsaetze(tx *Tx) ([]*model.Claim, error) {
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
	return claims, nil
}

// kmTwiceFinding is the finding for claim c: "" when it pays no km twice
// or its Stornos and Korrekturen in effect took the excess back.
func kmTwiceFinding(tx *Tx, c *model.Claim) (string, error) {
	twice, err := ClaimKmTwice(tx, c)
	if err != nil || len(twice) == 0 {
		return "", err
	}
	var excess model.Money
	var es []string
	for _, k := range twice {
		excess += k.Excess
		es = append(es, k.Einsatz)
	}
	corrs, err := correctionsOf(tx, c)
	if err != nil {
		return "", err
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
		return "", nil
	}
	what := fmt.Sprintf("Der Antrag %s (%s, %s) zahlt die Fahrtkosten von %s doppelt: %s zu viel in der Pauschale.",
		c.Number, c.PersonName, c.Status.Label(), strings.Join(es, ", "), excess)
	if c.Frozen() {
		what += fmt.Sprintf(" Er wird nicht stillschweigend geändert – bitte eine Korrektur anlegen (im Antrag o, dann Korrektur: sie zieht %s ab).", excess)
	} else {
		what += " Bitte den Antrag bearbeiten und die Pauschale um die Fahrtkosten kürzen – oder löschen und neu aus den Einsätzen anlegen (E)."
	}
	return what, nil
}
