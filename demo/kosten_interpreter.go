package demo

import (
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

// genInterpreterClaims pays interpreters the way the team does it: claims
// made from chosen finished Einsätze (E), booked on the year's Topf für
// Sprachmittlung, signed by two people and paid in payout runs – with the
// corrections a treasurer must be able to follow: a Storno of a claim not
// yet paid (storniert) and of a paid one (an open Rückforderung), a
// Korrektur of a paid claim whose Rückforderung was netted against the
// next payout. The interpreter with the most unclaimed Einsätze with km is
// left alone, so a new user can try E on them.
func genInterpreterClaims(g *Gen) error {
	if err := setSprachmittlungFunds(g); err != nil {
		return err
	}
	// The months before last: billed and paid on their days.
	if err := billInterpreterHistory(g); err != nil {
		return err
	}
	opens, err := openInterpreterEinsaetze(g, model.Today(g.Now))
	if err != nil || len(opens) == 0 {
		return err
	}
	a1, a2, others := draftInterpreterClaims(g, leaveOneForE(opens))
	if a1 == nil || a2 == nil || len(others) < 4 {
		return nil // a tiny database: the claims stay drafts
	}
	return claimFlow{g}.play(a1, a2, others)
}

// setSprachmittlungFunds makes the Topf für Sprachmittlung of every year
// the one interpreters' claims are booked on.
func setSprachmittlungFunds(g *Gen) error {
	return g.Store.Update("mueller", func(tx *store.Tx) error {
		funds, err := store.AllFunds(tx)
		if err != nil {
			return err
		}
		set, err := store.LoadKostenSettings(tx)
		if err != nil {
			return err
		}
		for _, f := range funds {
			if strings.HasPrefix(f.Name, "Sprachmittlung ") {
				set.SetSprachmittlungFund(f.Year, f.ID)
			}
		}
		return store.SaveKostenSettings(tx, set)
	})
}

// openEinsaetze are the Einsätze one interpreter has to claim.
type openEinsaetze struct {
	pid string
	ids []string
	km  int // how many of them have km
}

// openInterpreterEinsaetze: which Einsätze each interpreter has to claim
// this year, since last month. Whoever has some gets bank details.
func openInterpreterEinsaetze(g *Gen, today model.Date) ([]openEinsaetze, error) {
	var opens []openEinsaetze
	err := g.Store.Update("mueller", func(tx *store.Tx) error {
		interps, err := store.Interpreters(tx)
		if err != nil {
			return err
		}
		for _, p := range interps {
			o, err := openOfInterpreter(g, tx, p, today)
			if err != nil {
				return err
			}
			if len(o.ids) > 0 {
				opens = append(opens, o)
			}
		}
		return nil
	})
	return opens, err
}

func openOfInterpreter(g *Gen, tx *store.Tx, p *model.Person, today model.Date) (openEinsaetze, error) {
	// since last month: the months before are billed (or left
	// unclaimed on purpose) by billInterpreterHistory
	from := addMonths(model.Date{Year: today.Year, Month: today.Month, Day: 1}, -1)
	if from.Year != today.Year {
		from = model.Date{Year: today.Year, Month: 1, Day: 1}
	}
	es, err := store.UnclaimedEinsaetze(tx, p.ID, from, today)
	if err != nil {
		return openEinsaetze{}, err
	}
	if len(es) > 0 && model.PayoutProblem(p) != "" {
		// Whoever has Einsätze to claim has given bank details.
		if p.Volunteer == nil {
			p.Volunteer = &model.VolunteerProfile{LimitKind: model.LimitEhrenamt, Projects: []string{"Sprachmittlung"}}
		}
		p.Volunteer.IBAN = DemoIBAN(Pick(g, demoBLZ), uint64(g.Rand.Int64N(9_999_999_999))+1)
		if err := store.People.Put(tx, p); err != nil {
			return openEinsaetze{}, err
		}
	}
	o := openEinsaetze{pid: p.ID}
	for _, e := range es {
		o.ids = append(o.ids, e.ID)
		if e.Parts().Km > 0 {
			o.km++
		}
	}
	return o, nil
}

// leaveOneForE keeps the one with the most km Einsätze for the user (if
// others remain).
func leaveOneForE(opens []openEinsaetze) []openEinsaetze {
	keep := 0
	for i, o := range opens {
		if o.km > opens[keep].km {
			keep = i
		}
	}
	if len(opens) > 1 && opens[keep].km >= 3 {
		opens = append(opens[:keep:keep], opens[keep+1:]...)
	}
	return opens
}

// draftInterpreterClaims makes one claim per interpreter of up to three
// Einsätze (more stay for E); the first with two or more (A) gets two –
// one Einsatz, then up to three more – so one is corrected after it was
// paid while the other is paid next.
func draftInterpreterClaims(g *Gen, opens []openEinsaetze) (a1, a2 *model.Claim, others []*model.Claim) {
	claim := func(pid string, ids []string) *model.Claim {
		var c *model.Claim
		err := g.Store.Update("mueller", func(tx *store.Tx) error {
			var err error
			c, err = store.ClaimFromEinsaetze(tx, pid, ids)
			return err
		})
		if err != nil {
			return nil // e.g. Einsätze in two years: skipped in the demo
		}
		return c
	}
	for _, o := range opens {
		switch {
		case a1 == nil && len(o.ids) >= 2:
			a1, a2 = claim(o.pid, o.ids[:1]), claim(o.pid, o.ids[1:min(4, len(o.ids))])
		case len(others) < 10:
			if c := claim(o.pid, o.ids[:min(3, len(o.ids))]); c != nil {
				others = append(others, c)
			}
		}
	}
	return a1, a2, others
}

// claimFlow signs, pays and corrects the interpreters' claims as the team
// members would.
type claimFlow struct{ g *Gen }

// steps takes a claim through the four-eyes steps up to upto.
func (f claimFlow) steps(id string, upto model.ClaimAction) error {
	for _, s := range []struct {
		who string
		a   model.ClaimAction
	}{{"mueller", model.ActSubmit}, {"mueller", model.ActSachlich}, {"yilmaz", model.ActRechnerisch}, {anordnungUser, model.ActAnordnen}} {
		if err := f.g.Store.Update(s.who, func(tx *store.Tx) error { _, err := store.ApplyClaim(tx, id, 0, s.a, ""); return err }); err != nil {
			return err
		}
		if s.a == upto {
			break
		}
	}
	return nil
}

// run pays the claims in one confirmed payout run.
func (f claimFlow) run(ids ...string) error {
	return f.g.Store.Update("kasse", func(tx *store.Tx) error {
		r, err := store.CreatePayoutRun(tx, ids, model.Date{})
		if err != nil {
			return err
		}
		_, err = store.ConfirmPayoutRun(tx, r.ID)
		return err
	})
}

// correct makes a Storno or Korrektur of claim id (with lines, when given)
// and takes it through every step.
func (f claimFlow) correct(id string, kind model.ClaimKind, reason string, lines []model.ClaimLine) error {
	var c *model.Claim
	err := f.g.Store.Update("mueller", func(tx *store.Tx) error {
		var err error
		if c, err = store.CreateCorrection(tx, id, kind, reason); err != nil {
			return err
		}
		if lines != nil {
			c.Lines = lines
			return store.SaveClaim(tx, c)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return f.steps(c.ID, model.ActAnordnen)
}

// play: a1 and a2 are one person's (A), others[0] is B's, others[1] C's.
func (f claimFlow) play(a1, a2 *model.Claim, others []*model.Claim) error {
	b1, c1 := others[0], others[1]
	for _, c := range []*model.Claim{a1, a2, b1, c1, others[2], others[3]} {
		if err := f.steps(c.ID, model.ActAnordnen); err != nil {
			return err
		}
	}
	// Run 1 pays A's first claim, B's, and one more.
	if err := f.run(a1.ID, b1.ID, others[2].ID); err != nil {
		return err
	}
	// A Korrektur of A's paid claim: 5,00 € too much → Rückforderung,
	// netted against A's next payout (run 2).
	day := a1.PeriodTo
	if err := f.correct(a1.ID, model.ClaimKorrektur, "Wartezeit war selbst verursacht und nicht zu vergüten",
		[]model.ClaimLine{{Kind: model.LinePauschale, Date: day, Description: "Wartezeit nicht vergütungsfähig", Amount: -500}}); err != nil {
		return err
	}
	if err := f.run(a2.ID); err != nil {
		return err
	}
	// A Storno of B's paid claim: the Rückforderung stays open.
	if err := f.correct(b1.ID, model.ClaimStorno, "Einsatz doppelt erfasst (fand nur einmal statt)", nil); err != nil {
		return err
	}
	// A Storno of C's claim before it was paid: storniert, in no run.
	if err := f.correct(c1.ID, model.ClaimStorno, "Einsätze falsch zugeordnet", nil); err != nil {
		return err
	}
	// The rest in every step of the way; others[3] waits for a payout run,
	// and one stays a draft.
	for i, upto := range []model.ClaimAction{model.ActRechnerisch, model.ActSachlich, model.ActSubmit} {
		if 4+i < len(others)-1 {
			if err := f.steps(others[4+i].ID, upto); err != nil {
				return err
			}
		}
	}
	return nil
}
