package demo

import (
	"fmt"
	"slices"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// The interpreters' Einsätze of the months before last are billed the way
// the team bills them, through the program's own functions – so every
// abgerechnet Einsatz belongs to a claim and every paid claim to a payout
// run, and the Topf für Sprachmittlung shows a real burn-down:
//
//   - early in the following month, per interpreter, a claim made from
//     chosen Einsätze (store.ClaimFromEinsaetze, booked on the year's Topf
//     für Sprachmittlung), eingereicht and sachlich richtig by one person,
//     rechnerisch richtig and angeordnet by another the next day;
//   - the month's payout run (store.CreatePayoutRun) executed by the
//     Kreiskasse (store.ConfirmPayoutRun), which bills the Einsätze;
//   - a Storno of one paid claim whose Rückforderung is netted against the
//     person's next payout, and a Korrektur of another whose Rückforderung
//     the person pays back.
//
// Every step is written on its day (store.BulkAt). The large demo has far
// more Einsätze than a real pool of 50 people could do within the tax-free
// Ehrenamtspauschale, so at most historyPerMonth Einsätze per interpreter
// and month are billed, and no interpreter more than historyCap of
// allowances in a year; the rest stays durchgeführt, not yet claimed. The
// months since are left for genInterpreterClaims (claims in every step)
// and for a new user to try.

// historyCap keeps every interpreter's yearly allowances from the history
// well below the Ehrenamtspauschale (the current month's claims come on
// top).
const historyCap model.Money = 60000

// historyMonth is one month of Einsätze to bill: per interpreter, in the
// order the interpreters first appear.
type historyMonth struct {
	start    model.Date // first day of the month
	order    []string
	byInterp map[string][]string
}

func billInterpreterHistory(g *Gen) error {
	perMonth := 8
	if g.Large {
		perMonth = 2
	}
	today := model.Today(g.Now)
	// Months up to the one before last: claims of last month are still
	// being handed in and signed (genInterpreterClaims).
	until := addMonths(model.Date{Year: today.Year, Month: today.Month, Day: 1}, -1)
	months, err := historyMonths(g, until, perMonth)
	if err != nil || len(months) == 0 {
		return err
	}
	if err := bankDetailsOfInterpreters(g, months); err != nil {
		return err
	}
	used := map[string]model.Money{} // interpreter|year → allowances billed
	for i, m := range months {
		ids, err := billMonth(g, m, used)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			continue
		}
		paid, err := payMonth(g, addMonths(m.start, 1), ids)
		if err != nil {
			return err
		}
		// Corrections of paid claims in between two runs, so the
		// records stay in the order of their days.
		switch i {
		case len(months) - 4:
			err = historyStorno(g, paid)
		case len(months) - 3:
			err = historyKorrektur(g, paid)
		}
		if err != nil {
			return err
		}
		g.Progress("Abrechnung Sprachmittlung", i+1, len(months))
	}
	return nil
}

// historyMonths: the done (or kurzfristig cancelled) Einsätze before
// until, by month and interpreter, at most perMonth of each interpreter
// in a month.
func historyMonths(g *Gen, until model.Date, perMonth int) ([]*historyMonth, error) {
	var months []*historyMonth
	err := g.Store.View(func(tx *store.Tx) error {
		rows, err := store.EinsaetzeBetween(tx, time.Time{}, until.Midnight())
		if err != nil {
			return err
		}
		var cur *historyMonth
		for _, r := range rows {
			if r.InterpreterID == "" || r.Status != model.StatusDurchgefuehrt && r.Status != model.StatusStorniertKurzfristig {
				continue
			}
			d := model.DateOf(r.Start)
			first := model.Date{Year: d.Year, Month: d.Month, Day: 1}
			if cur == nil || cur.start != first {
				cur = &historyMonth{start: first, byInterp: map[string][]string{}}
				months = append(months, cur)
			}
			ids := cur.byInterp[r.InterpreterID]
			if len(ids) == 0 {
				cur.order = append(cur.order, r.InterpreterID)
			}
			if len(ids) < perMonth {
				cur.byInterp[r.InterpreterID] = append(ids, r.ID)
			}
		}
		return nil
	})
	return months, err
}

// billMonth makes the claims of month m on the 3rd of the next month
// (eingereicht and sachlich richtig by mueller) and signs them on the 4th
// (rechnerisch richtig and angeordnet by yilmaz); it returns their IDs.
func billMonth(g *Gen, m *historyMonth, used map[string]model.Money) ([]string, error) {
	next := addMonths(m.start, 1)
	var ids []string
	err := g.Store.BulkAt("mueller", model.At(next.AddDays(2), 9*60), func(tx *store.Tx) error {
		for _, pid := range m.order {
			c, err := store.ClaimFromEinsaetze(tx, pid, m.byInterp[pid])
			if err != nil {
				continue // e.g. an Absage without Ausfallpauschale: left unclaimed
			}
			key := fmt.Sprint(pid, "|", c.Year())
			if used[key]+c.AllowanceTotal() > historyCap {
				if err := store.DeleteClaim(tx, c.ID); err != nil {
					return err
				}
				continue
			}
			used[key] += c.AllowanceTotal()
			for _, a := range []model.ClaimAction{model.ActSubmit, model.ActSachlich} {
				if _, err := store.ApplyClaim(tx, c.ID, 0, a, ""); err != nil {
					return fmt.Errorf("%s: %w", c.Number, err)
				}
			}
			ids = append(ids, c.ID)
		}
		return tx.Note("demo", fmt.Sprintf("%d Abrechnungen der Sprachmittlung %s eingereicht", len(ids), model.MonthLabel(model.MonthKey(m.start.Year, m.start.Month))))
	})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	// rechnerisch richtig by yilmaz, angeordnet an hour later by the
	// Anordnung (§ 42 (4) KomHKVO: not who signed).
	for i, s := range []struct {
		who string
		a   model.ClaimAction
	}{{"yilmaz", model.ActRechnerisch}, {anordnungUser, model.ActAnordnen}} {
		err = g.Store.BulkAt(s.who, model.At(next.AddDays(3), model.Clock(10*60+60*i)), func(tx *store.Tx) error {
			for _, id := range ids {
				if _, err := store.ApplyClaim(tx, id, 0, s.a, ""); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// payMonth puts the claims into a payout run on the 5th of month (executed
// the next banking day) and confirms it the banking day after: the claims
// are ausgezahlt, their Einsätze abgerechnet, open Rückforderungen of the
// same people netted.
func payMonth(g *Gen, month model.Date, ids []string) ([]*model.Claim, error) {
	made := model.At(month.AddDays(4), 9*60)
	var run *model.PayoutRun
	err := g.Store.BulkAt("kasse", made, func(tx *store.Tx) error {
		var err error
		run, err = store.CreatePayoutRun(tx, ids, model.Date{})
		return err
	})
	if err != nil {
		return nil, err
	}
	var paid []*model.Claim
	err = g.Store.BulkAt("kasse", model.At(model.NextBankingDay(run.ExecutionDate.AddDays(1)), 8*60), func(tx *store.Tx) error {
		if _, err := store.ConfirmPayoutRun(tx, run.ID); err != nil {
			return err
		}
		for _, id := range ids {
			c, err := store.Claims.Get(tx, id)
			if err != nil {
				return err
			}
			paid = append(paid, c)
		}
		return tx.Note("demo", "Zahllauf "+run.Number+" ausgeführt")
	})
	return paid, err
}

// correctClaim makes a Storno or Korrektur (with lines, if given) of the
// paid claim orig on day at, signed by two people, angeordnet the next day:
// it is verbucht and its Rückforderung open.
func correctClaim(g *Gen, orig *model.Claim, kind model.ClaimKind, reason string, lines []model.ClaimLine, at time.Time) (*model.Claim, error) {
	var c *model.Claim
	err := g.Store.BulkAt("mueller", at, func(tx *store.Tx) error {
		var err error
		if c, err = store.CreateCorrection(tx, orig.ID, kind, reason); err != nil {
			return err
		}
		if lines != nil {
			c.Lines = lines
			if err := store.SaveClaim(tx, c); err != nil {
				return err
			}
		}
		for _, a := range []model.ClaimAction{model.ActSubmit, model.ActSachlich} {
			if c, err = store.ApplyClaim(tx, c.ID, 0, a, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s zu %s: %w", kind.Label(), orig.Number, err)
	}
	err = g.Store.BulkAt("yilmaz", at.Add(24*time.Hour), func(tx *store.Tx) error {
		_, err := store.ApplyClaim(tx, c.ID, 0, model.ActRechnerisch, "")
		return err
	})
	if err == nil {
		err = g.Store.BulkAt(anordnungUser, at.Add(25*time.Hour), func(tx *store.Tx) error {
			_, err := store.ApplyClaim(tx, c.ID, 0, model.ActAnordnen, "")
			return err
		})
	}
	return c, err
}

// firstOver is the first of the claims paying more than min.
func firstOver(cs []*model.Claim, min model.Money) *model.Claim {
	for _, c := range cs {
		if c.Total() > min {
			return c
		}
	}
	return nil
}

// historyStorno: ten days after a run, one of its claims turns out to pay
// Einsätze already paid – a Storno; its Rückforderung is netted against the
// person's next payout.
func historyStorno(g *Gen, paid []*model.Claim) error {
	orig := firstOver(paid, 1000)
	if orig == nil {
		return nil
	}
	_, err := correctClaim(g, orig, model.ClaimStorno, "Einsätze doppelt abgerechnet (schon mit einem früheren Antrag bezahlt)", nil,
		orig.Paid.At.Add(10*24*time.Hour))
	return err
}

// historyKorrektur: 7,50 € of waiting time were paid that the interpreter
// caused; the Rückforderung is not netted, the person transfers it back.
func historyKorrektur(g *Gen, paid []*model.Claim) error {
	orig := firstOver(paid, 1000)
	if orig == nil {
		return nil
	}
	at := orig.Paid.At.Add(12 * 24 * time.Hour)
	k, err := correctClaim(g, orig, model.ClaimKorrektur, "Wartezeit war selbst verursacht und nicht zu vergüten",
		[]model.ClaimLine{{Kind: model.LinePauschale, Date: orig.PeriodTo, Description: "Wartezeit nicht vergütungsfähig", Amount: -750}}, at)
	if err != nil {
		return err
	}
	back := at.Add(9 * 24 * time.Hour)
	return g.Store.BulkAt("kasse", back, func(tx *store.Tx) error {
		rs, err := store.ReclaimsOfCorrection(tx, k)
		if err != nil || len(rs) == 0 {
			return err
		}
		r, err := store.SetReclaimNetting(tx, rs[0].ID, 0, false)
		if err != nil {
			return err
		}
		_, err = store.MarkReclaimPaidBack(tx, r.ID, 0, model.DateOf(back), "Überweisung der Sprachmittlerin")
		return err
	})
}

// addMonths is the first day of the month n months from the month of d.
func addMonths(d model.Date, n int) model.Date {
	return model.NewDate(d.Year, d.Month+time.Month(n), 1)
}

// bankDetailsOfInterpreters: whoever has Einsätze to claim in the months
// has given bank details (else the claim could not be signed).
func bankDetailsOfInterpreters(g *Gen, months []*historyMonth) error {
	var ids []string // in order, so a seed gives the same demo
	for _, m := range months {
		for _, pid := range m.order {
			if !slices.Contains(ids, pid) {
				ids = append(ids, pid)
			}
		}
	}
	return g.Batch(func(tx *store.Tx) error {
		for _, pid := range ids {
			p, err := store.People.Get(tx, pid)
			if err != nil {
				return err
			}
			if model.PayoutProblem(p) == "" {
				continue
			}
			if p.Volunteer == nil {
				p.Volunteer = &model.VolunteerProfile{LimitKind: model.LimitEhrenamt, Projects: []string{"Sprachmittlung"}}
			}
			p.Volunteer.IBAN = DemoIBAN(Pick(g, demoBLZ), uint64(g.Rand.Int64N(9_999_999_999))+1)
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
		}
		return nil
	})
}
