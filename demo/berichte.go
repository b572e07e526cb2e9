package demo

import (
	"fmt"
	"slices"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// The Berichte need paid money on the Sprachmittlung Fördertopf: the step
// bills the interpreters' finished Einsätze of the past months, month by
// month, pays them out on the Sprachmittlung fund of their year, and takes
// one payment back (a Storno ordered: a Rückforderung), so the burn-down and
// the Verwendungsnachweis have something to show.
func init() {
	Register(Step{Order: 60, Name: "Abrechnung Sprachmittlung", Run: genSprachmittlungPayments})
}

func genSprachmittlungPayments(g *Gen) error {
	maxClaims := 60
	if g.Large {
		maxClaims = 900
	}
	thisMonth := model.Today(g.Now)
	thisMonth.Day = 1
	var funds map[int]*model.Fund
	type key struct {
		interp string
		month  string
	}
	groups := map[key][]string{}
	var order []key
	var used map[string]model.Money // allowances per person this year
	err := g.Store.View(func(tx *store.Tx) error {
		claims, err := store.LoadClaimRows(tx)
		if err != nil {
			return err
		}
		used = store.PersonAllowances(claims, thisMonth.Year)
		all, err := store.AllFunds(tx)
		if err != nil {
			return err
		}
		funds = map[int]*model.Fund{}
		for _, f := range all {
			if len(f.Name) >= 14 && f.Name[:14] == "Sprachmittlung" {
				funds[f.Year] = f
			}
		}
		from := model.NewDate(thisMonth.Year-1, time.January, 1)
		rows, err := store.EinsaetzeBetween(tx, from.Midnight(), thisMonth.Midnight())
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.Status != model.StatusDurchgefuehrt || r.InterpreterID == "" {
				continue
			}
			d := model.DateOf(r.Start)
			k := key{r.InterpreterID, model.MonthKey(d.Year, d.Month)}
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			if len(groups[k]) < 8 {
				groups[k] = append(groups[k], r.ID)
			}
		}
		return nil
	})
	if err != nil || len(funds) == 0 {
		return err
	}
	// The newest months first, so the current year's fund fills up.
	slices.SortStableFunc(order, func(a, b key) int {
		if a.month != b.month {
			if a.month > b.month {
				return -1
			}
			return 1
		}
		return 0
	})
	if len(order) > maxClaims {
		order = order[:maxClaims]
	}
	var paid []*model.Claim
	err = g.Batch(func(tx *store.Tx) error {
		for _, k := range order {
			c, err := store.ClaimFromEinsaetze(tx, k.interp, groups[k])
			if err != nil {
				continue // e.g. an Einsatz without Nachweis: skip in the demo
			}
			f := funds[c.PeriodTo.Year]
			// Keep everybody well below the Ehrenamtspauschale: the demo's
			// one person near the limit stays the only one.
			if f == nil || c.Year() == thisMonth.Year && used[k.interp]+c.AllowanceTotal() > 70000 {
				if err := store.DeleteClaim(tx, c.ID); err != nil {
					return err
				}
				continue
			}
			if c.Year() == thisMonth.Year {
				used[k.interp] += c.AllowanceTotal()
			}
			c.FundID = f.ID
			// Signed and paid in the first days of the following month.
			at := c.PeriodTo.AddDays(1).Midnight().Add(9 * time.Hour)
			if d := model.DateOf(at); d.Day < 3 {
				at = at.AddDate(0, 0, 3-d.Day)
			}
			step := func(a model.ClaimAction, st model.ClaimStatus, who string, h int) *model.Signature {
				s := &model.Signature{By: who, At: at.Add(time.Duration(h) * time.Hour).UTC()}
				c.Steps = append(c.Steps, model.ClaimStep{Action: a, By: who, At: s.At})
				c.Status = st
				return s
			}
			c.Submitted = step(model.ActSubmit, model.ClaimEingereicht, "mueller", 0)
			c.Sachlich = step(model.ActSachlich, model.ClaimSachlich, "mueller", 1)
			c.Rechnerisch = step(model.ActRechnerisch, model.ClaimRechnerisch, "yilmaz", 24)
			c.Angeordnet = step(model.ActAnordnen, model.ClaimAngeordnet, "yilmaz", 25)
			c.Paid = step(model.ActPay, model.ClaimAusgezahlt, "kasse", 72)
			if err := store.Claims.Put(tx, c); err != nil {
				return err
			}
			for _, id := range c.EinsatzIDs() {
				e, err := store.Einsaetze.Get(tx, id)
				if err != nil {
					return err
				}
				if err := e.Transition(model.StatusAbgerechnet, "ausgezahlt mit "+c.Number, c.Paid.At, "kasse", model.Tariff{}); err != nil {
					return err
				}
				if err := store.Einsaetze.Put(tx, e); err != nil {
					return err
				}
			}
			paid = append(paid, c)
		}
		if len(paid) == 0 {
			return nil
		}
		// One payment was made twice by mistake: a Storno, ordered back.
		orig := paid[len(paid)/2]
		s := model.NewCorrection(orig, model.ClaimStorno, "Doppelt ausgezahlt – Betrag wird zurückgefordert")
		at := orig.Paid.At.Add(10 * 24 * time.Hour)
		if at.After(g.Now) {
			at = g.Now
		}
		for _, st := range []struct {
			a   model.ClaimAction
			s   model.ClaimStatus
			who string
		}{{model.ActSubmit, model.ClaimEingereicht, "mueller"}, {model.ActSachlich, model.ClaimSachlich, "mueller"},
			{model.ActRechnerisch, model.ClaimRechnerisch, "yilmaz"}, {model.ActAnordnen, model.ClaimAngeordnet, "yilmaz"}} {
			sig := &model.Signature{By: st.who, At: at.UTC()}
			s.Steps = append(s.Steps, model.ClaimStep{Action: st.a, By: st.who, At: sig.At})
			s.Status = st.s
			switch st.a {
			case model.ActSubmit:
				s.Submitted = sig
			case model.ActSachlich:
				s.Sachlich = sig
			case model.ActRechnerisch:
				s.Rechnerisch = sig
			case model.ActAnordnen:
				s.Angeordnet = sig
			}
		}
		if err := store.Claims.Put(tx, s); err != nil {
			return err
		}
		return tx.Note("demo", fmt.Sprintf("%d Abrechnungen der Sprachmittlung ausgezahlt, 1 Rückforderung", len(paid)))
	})
	return err
}
