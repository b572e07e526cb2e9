package store

import (
	"testing"

	"stabsstelle/model"
)

// A Storno that takes a paid claim back in full leaves its Einsätze unpaid:
// they go back from "abgerechnet" to "durchgeführt", a new claim may pay
// them, and that claim's payout is netted with the Rückforderung, so the
// money is never paid twice.
func TestStornoOfPaidClaimFreesItsEinsaetze(t *testing.T) {
	f := newEinsatzFx(t)
	e1 := f.done(3, "09:05", "10:20", 10, 24, handTariff) // 22,50 + 7,20 = 29,70 €
	c := f.claimFrom(e1)
	approve(t, f.s, c.ID)
	run, _ := payout(t, f.s, []string{c.ID})
	confirm(t, f.s, run.ID)
	if e := getEinsatz(t, f.s, e1.ID); e.Status != model.StatusAbgerechnet || e.ClaimID != c.ID {
		t.Fatalf("after the payout: %s %q", e.Status, e.ClaimID)
	}

	st := correction(t, f.s, c.ID, model.ClaimStorno, "falsche Person")
	// Before the Storno is angeordnet the Einsatz stays paid.
	if e := getEinsatz(t, f.s, e1.ID); e.Status != model.StatusAbgerechnet {
		t.Fatalf("Storno not yet in effect, Einsatz %s", e.Status)
	}
	approve(t, f.s, st.ID)

	if got := getClaim(t, f.s, c.ID); got.Status != model.ClaimAusgezahlt || got.ReversedBy != st.Number {
		t.Fatalf("original: %s reversed by %q", got.Status, got.ReversedBy)
	}
	e := getEinsatz(t, f.s, e1.ID)
	if e.Status != model.StatusDurchgefuehrt || e.ClaimID != "" {
		t.Fatalf("Einsatz after the Storno: %s %q", e.Status, e.ClaimID)
	}
	last := e.StatusHistory[len(e.StatusHistory)-1]
	if last.From != model.StatusAbgerechnet || last.To != model.StatusDurchgefuehrt || last.Who != "weber" {
		t.Errorf("history %+v", last)
	}
	f.s.View(func(tx *Tx) error {
		free, _ := UnclaimedEinsaetze(tx, f.interp.ID, model.Date{Year: 2026, Month: 11, Day: 1}, model.Date{Year: 2026, Month: 11, Day: 30})
		if len(free) != 1 || free[0].ID != e1.ID {
			t.Errorf("Einsatz not free for a new claim: %d", len(free))
		}
		if n, _, _ := ClaimPaying(tx, e1.ID); n != "" {
			t.Errorf("still paid by %s", n)
		}
		rs, _ := OpenReclaimsOf(tx, f.interp.ID)
		if len(rs) != 1 || rs[0].Amount != 2970 {
			t.Errorf("Rückforderung %+v", rs)
		}
		return nil
	})

	// Claimed again: 29,70 € owed back and 29,70 € claimed net to nothing
	// transferred; the Einsatz is abgerechnet by the new claim.
	again := f.claimFrom(e1)
	if again.Total() != 2970 {
		t.Fatalf("new claim %s", again.Total())
	}
	approve(t, f.s, again.ID)
	run, _ = payout(t, f.s, []string{again.ID})
	if it := run.Items[0]; it.Amount != 0 || it.Netted != 2970 {
		t.Fatalf("payout of the new claim %+v", it)
	}
	confirm(t, f.s, run.ID)
	if e := getEinsatz(t, f.s, e1.ID); e.Status != model.StatusAbgerechnet || e.ClaimID != again.ID {
		t.Fatalf("after the second payout: %s %q", e.Status, e.ClaimID)
	}
	// The file is consistent: no claim pays km twice, no index differs.
	f.s.View(func(tx *Tx) error {
		fs, err := KmTwiceFindings(tx)
		if err != nil || len(fs) != 0 {
			t.Errorf("findings %v %v", err, fs)
		}
		return nil
	})
}

// A Korrektur below 0 € takes back part of a paid claim: its Einsätze stay
// paid by it.
func TestNegativeKorrekturKeepsEinsaetzePaid(t *testing.T) {
	f := newEinsatzFx(t)
	e1 := f.done(3, "09:05", "10:20", 10, 24, handTariff)
	c := f.claimFrom(e1)
	approve(t, f.s, c.ID)
	run, _ := payout(t, f.s, []string{c.ID})
	confirm(t, f.s, run.ID)
	k := correction(t, f.s, c.ID, model.ClaimKorrektur, "km zu hoch")
	k.Lines = []model.ClaimLine{{Kind: model.LineBeleg, Date: model.Date{Year: 2026, Month: 11, Day: 3}, ReceiptNo: "B-1", Description: "zu viel gezahlt", Amount: -300}}
	k.FundID = f.fund.ID
	if err := f.s.Update("meier", func(tx *Tx) error { return SaveClaim(tx, k) }); err != nil {
		t.Fatal(err)
	}
	approve(t, f.s, k.ID)
	if got := getClaim(t, f.s, k.ID); got.Status != model.ClaimVerbucht {
		t.Fatalf("Korrektur %s", got.Status)
	}
	if got := getClaim(t, f.s, c.ID); got.ReversedBy != "" {
		t.Errorf("a Korrektur reversed the claim: %q", got.ReversedBy)
	}
	if e := getEinsatz(t, f.s, e1.ID); e.Status != model.StatusAbgerechnet || e.ClaimID != c.ID {
		t.Errorf("Einsatz %s %q", e.Status, e.ClaimID)
	}
}

func getEinsatz(t *testing.T, s *Store, id string) *model.Einsatz {
	t.Helper()
	var e *model.Einsatz
	if err := s.View(func(tx *Tx) (err error) { e, err = Einsaetze.Get(tx, id); return }); err != nil {
		t.Fatal(err)
	}
	return e
}
