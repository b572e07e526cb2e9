package store

import (
	"bytes"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

func openKosten(t *testing.T) *Store {
	t.Helper()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s, err := Open(filepath.Join(t.TempDir(), "k.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func addVolunteer(t *testing.T, s *Store, name string, iban model.IBAN) *model.Person {
	t.Helper()
	p := &model.Person{Name: name, City: "Gifhorn", Volunteer: &model.VolunteerProfile{IBAN: iban}}
	if err := s.Update("meier", func(tx *Tx) error { return People.Put(tx, p) }); err != nil {
		t.Fatal(err)
	}
	return p
}

func draft(personID string, lines ...model.ClaimLine) *model.Claim {
	if len(lines) == 0 {
		lines = []model.ClaimLine{
			{Kind: model.LineFahrt, Date: model.Date{Year: 2026, Month: 11, Day: 3}, From: "Gifhorn", To: "Meinersen", Km: 184},
			{Kind: model.LineBeleg, Date: model.Date{Year: 2026, Month: 11, Day: 4}, ReceiptNo: "R-1", Description: "Stifte", Amount: 1250},
		}
	}
	return &model.Claim{PersonID: personID, PeriodFrom: model.Date{Year: 2026, Month: 11, Day: 1}, PeriodTo: model.Date{Year: 2026, Month: 11, Day: 30}, Project: "Integrationslotsen", Lines: lines}
}

func step(t *testing.T, s *Store, who string, id string, a model.ClaimAction) error {
	t.Helper()
	return s.Update(who, func(tx *Tx) error {
		_, err := ApplyClaim(tx, id, 0, a, "")
		return err
	})
}

func TestClaimWorkflowTwoUsers(t *testing.T) {
	s := openKosten(t)
	p := addVolunteer(t, s, "Anna Schmidt", "DE89370400440532013000")
	c := draft(p.ID)
	if err := s.Update("meier", func(tx *Tx) error { return SaveClaim(tx, c) }); err != nil {
		t.Fatal(err)
	}
	if c.Number != "K-2026-0001" || c.Lines[0].Amount != 552 || c.Lines[0].Rate != 30 {
		t.Fatalf("number %s, km amount %s rate %s", c.Number, c.Lines[0].Amount, c.Lines[0].Rate)
	}
	for _, st := range []struct {
		who string
		a   model.ClaimAction
	}{{"meier", model.ActSubmit}, {"meier", model.ActSachlich}} {
		if err := step(t, s, st.who, c.ID, st.a); err != nil {
			t.Fatal(err)
		}
	}
	err := step(t, s, "meier", c.ID, model.ActRechnerisch)
	if err == nil || !strings.Contains(err.Error(), "Vier-Augen") {
		t.Fatalf("same user: %v", err)
	}
	if err := step(t, s, "schulz", c.ID, model.ActRechnerisch); err != nil {
		t.Fatal(err)
	}
	if err := step(t, s, "weber", c.ID, model.ActAnordnen); err != nil {
		t.Fatal(err)
	}
	var got *model.Claim
	s.View(func(tx *Tx) error { got, _ = Claims.Get(tx, c.ID); return nil })
	if got.Sachlich.By != "meier" || got.Rechnerisch.By != "schulz" || got.Status != model.ClaimAngeordnet {
		t.Fatalf("%+v", got)
	}
	// frozen: no edit, no reject
	got.Purpose = "geändert"
	if err := s.Update("meier", func(tx *Tx) error { return SaveClaim(tx, got) }); err == nil || !strings.Contains(err.Error(), "Storno") {
		t.Errorf("edit of frozen claim: %v", err)
	}
	if err := s.Update("meier", func(tx *Tx) error { _, err := ApplyClaim(tx, c.ID, 0, model.ActReject, "x"); return err }); err == nil {
		t.Error("reject of frozen claim accepted")
	}
	// Storno
	var storno *model.Claim
	if err := s.Update("meier", func(tx *Tx) error {
		var err error
		storno, err = CreateCorrection(tx, c.ID, model.ClaimStorno, "doppelt")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if storno.Total() != -got.Total() || storno.CorrectsNumber != c.Number {
		t.Errorf("storno %s %s", storno.Total(), storno.CorrectsNumber)
	}
	// search
	s.View(func(tx *Tx) error {
		hits, err := Search(tx, "k-2026-0001", 10)
		if err != nil || len(hits) == 0 || hits[0].ID != c.ID {
			t.Errorf("search: %v %v", hits, err)
		}
		hits, _ = Search(tx, "anna", 10)
		found := false
		for _, h := range hits {
			found = found || h.Kind == KindClaim
		}
		if !found {
			t.Errorf("search by name: %v", hits)
		}
		return nil
	})
}

func TestClaimNoIBANCannotBeApproved(t *testing.T) {
	s := openKosten(t)
	p := addVolunteer(t, s, "Bernd Ohne", "")
	c := draft(p.ID)
	s.Update("meier", func(tx *Tx) error { return SaveClaim(tx, c) })
	if err := step(t, s, "meier", c.ID, model.ActSubmit); err != nil {
		t.Fatal(err)
	}
	if err := step(t, s, "meier", c.ID, model.ActSachlich); err == nil || !strings.Contains(err.Error(), "keine IBAN") {
		t.Errorf("approval without IBAN: %v", err)
	}
}

func TestEinsatzPaidTwiceRefused(t *testing.T) {
	s := openKosten(t)
	p := addVolunteer(t, s, "Tigist Haile", "DE89370400440532013000")
	line := model.ClaimLine{Kind: model.LinePauschale, Date: model.Date{Year: 2026, Month: 11, Day: 5}, Description: "Einsatz", Amount: 2500, EinsatzIDs: []string{"einsatz-1"}}
	a := draft(p.ID, line)
	if err := s.Update("meier", func(tx *Tx) error { return SaveClaim(tx, a) }); err != nil {
		t.Fatal(err)
	}
	b := draft(p.ID, line)
	err := s.Update("meier", func(tx *Tx) error { return SaveClaim(tx, b) })
	var pt *ErrPaidTwice
	if !errors.As(err, &pt) || !strings.Contains(err.Error(), a.Number) {
		t.Fatalf("second claim for the same Einsatz: %v", err)
	}
	// nothing of b was stored
	s.View(func(tx *Tx) error {
		if n := Claims.Count(tx); n != 1 {
			t.Errorf("%d claims stored", n)
		}
		return nil
	})
	// once a is deleted the Einsatz is free again
	if err := s.Update("meier", func(tx *Tx) error { return DeleteClaim(tx, a.ID) }); err != nil {
		t.Fatal(err)
	}
	b.ID, b.Version, b.Number = "", 0, ""
	if err := s.Update("meier", func(tx *Tx) error { return SaveClaim(tx, b) }); err != nil {
		t.Fatalf("after delete: %v", err)
	}
}

func TestLimitWarningBeforeApproval(t *testing.T) {
	s := openKosten(t)
	p := addVolunteer(t, s, "Olga Nah", "DE89370400440532013000")
	pausch := func(amt model.Money) model.ClaimLine {
		return model.ClaimLine{Kind: model.LinePauschale, Date: model.Date{Year: 2026, Month: 11, Day: 5}, Description: "Kurs", Amount: amt}
	}
	first := draft(p.ID, pausch(90000))
	s.Update("meier", func(tx *Tx) error { return SaveClaim(tx, first) })
	step(t, s, "meier", first.ID, model.ActSubmit)
	next := draft(p.ID, pausch(8000))
	s.Update("meier", func(tx *Tx) error { return SaveClaim(tx, next) })
	var lim Limit
	s.View(func(tx *Tx) error {
		var err error
		lim, err = ClaimLimit(tx, next)
		return err
	})
	if !lim.Warn || lim.Used != 90000 || lim.Limit != 96000 || lim.After != 98000 {
		t.Errorf("%+v", lim)
	}
}

func TestPayoutRun(t *testing.T) {
	s := openKosten(t)
	p := addVolunteer(t, s, "Jürgen Weiß", "DE89370400440532013000")
	f := &model.Fund{Name: "Integrationslotsen 2026", Year: 2026, Amount: 1400000, Haushaltsstelle: "1.3110.5318"}
	s.Update("meier", func(tx *Tx) error { return Funds.Put(tx, f) })
	var ids []string
	for range 3 {
		c := draft(p.ID)
		c.FundID = f.ID
		s.Update("meier", func(tx *Tx) error { return SaveClaim(tx, c) })
		step(t, s, "meier", c.ID, model.ActSubmit)
		step(t, s, "meier", c.ID, model.ActSachlich)
		step(t, s, "schulz", c.ID, model.ActRechnerisch)
		if err := step(t, s, "weber", c.ID, model.ActAnordnen); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	var run *model.PayoutRun
	if err := s.Update("kasse", func(tx *Tx) error {
		var err error
		run, err = CreatePayoutRun(tx, ids[:2], model.Date{Year: 2026, Month: 11, Day: 21}) // Saturday
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if run.Number != "A-2026-001" || run.ExecutionDate != (model.Date{Year: 2026, Month: 11, Day: 23}) || len(run.Items) != 2 || run.Items[0].Haushaltsstelle != "1.3110.5318" {
		t.Fatalf("%+v", run)
	}
	var buf bytes.Buffer
	if err := model.WriteSEPA(&buf, *run, DefaultKostenSettings().Account, time.Now()); err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *Tx) error {
		rows, _ := PayableRows(tx)
		if len(rows) != 1 || rows[0].ID != ids[2] {
			t.Errorf("payable after run: %+v", rows)
		}
		return nil
	})
	// the same claim cannot go into a second run
	if err := s.Update("kasse", func(tx *Tx) error { _, err := CreatePayoutRun(tx, ids[:1], model.Date{}); return err }); err == nil {
		t.Error("claim in two runs")
	}
	if err := s.Update("kasse", func(tx *Tx) error { _, err := CancelPayoutRun(tx, run.ID, "Datei falsch"); return err }); err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *Tx) error {
		rows, _ := PayableRows(tx)
		if len(rows) != 3 {
			t.Errorf("after cancel %d payable", len(rows))
		}
		return nil
	})
	if err := s.Update("kasse", func(tx *Tx) error {
		var err error
		run, err = CreatePayoutRun(tx, ids, model.Date{})
		if err != nil {
			return err
		}
		_, err = ConfirmPayoutRun(tx, run.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *Tx) error {
		rows, _ := ClaimRowsByStatus(tx, model.ClaimAusgezahlt)
		if len(rows) != 3 {
			t.Errorf("%d paid", len(rows))
		}
		funds, _ := AllFunds(tx)
		all, _ := LoadClaimRows(tx)
		u := FundUsages(funds, all)[f.ID]
		if u.Paid != 3*(552+1250) || u.Left != 1400000-u.Paid {
			t.Errorf("%+v", u)
		}
		txt, err := Jahresbescheinigung(tx, p.ID, 2026)
		if err != nil || !strings.Contains(txt, "Jürgen Weiß") {
			t.Errorf("%v %s", err, txt)
		}
		return nil
	})
	if err := s.Update("kasse", func(tx *Tx) error { _, err := ConfirmPayoutRun(tx, run.ID); return err }); err == nil {
		t.Error("confirmed twice")
	}
}

func TestKostenSettings(t *testing.T) {
	s := openKosten(t)
	set := DefaultKostenSettings()
	set.Account.IBAN = "DE00"
	if err := s.Update("meier", func(tx *Tx) error { return SaveKostenSettings(tx, set) }); err == nil {
		t.Error("bad IBAN saved")
	}
	set = DefaultKostenSettings()
	set.Account.BIC = "NOLADE21GFW"
	if err := s.Update("meier", func(tx *Tx) error { return SaveKostenSettings(tx, set) }); err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *Tx) error {
		got, err := LoadKostenSettings(tx)
		if err != nil || got.Account.BIC != "NOLADE21GFW" || len(got.KmRates) == 0 {
			t.Errorf("%+v %v", got, err)
		}
		return nil
	})
}

func BenchmarkLoadClaimRows(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "b.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.Bulk("bench", func(tx *Tx) error {
		for i := range 20000 {
			c := draft("p"+strconv.Itoa(i%300), model.ClaimLine{Kind: model.LineBeleg, Date: model.Date{Year: 2026, Month: 11, Day: 5}, ReceiptNo: "1", Description: "x", Amount: model.Money(100 + i)})
			c.PersonName = "Person " + strconv.Itoa(i%300)
			c.Status = model.ClaimStatuses[i%6]
			if err := Claims.Put(tx, c); err != nil {
				return err
			}
		}
		return nil
	})
	b.ResetTimer()
	for range b.N {
		s.View(func(tx *Tx) error {
			rows, err := LoadClaimRows(tx)
			if err != nil || len(rows) != 20000 {
				b.Fatalf("%d %v", len(rows), err)
			}
			return nil
		})
	}
}

func BenchmarkSearchClaims20k(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "b.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.Bulk("bench", func(tx *Tx) error {
		for i := range 20000 {
			c := draft("p"+strconv.Itoa(i%300), model.ClaimLine{Kind: model.LineBeleg, Date: model.Date{Year: 2026, Month: 11, Day: 5}, ReceiptNo: "1", Description: "x", Amount: model.Money(100 + i)})
			c.PersonName = "Person " + strconv.Itoa(i%300)
			if err := Claims.Put(tx, c); err != nil {
				return err
			}
		}
		return nil
	})
	b.ResetTimer()
	for range b.N {
		s.View(func(tx *Tx) error {
			hits, err := Search(tx, "person 17", 20)
			if err != nil || len(hits) == 0 {
				b.Fatalf("%v %v", hits, err)
			}
			return nil
		})
	}
}
