package demo

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// TestDemoBillingCoherent: what an auditor reads in `export einsaetze|claims
// --json` of the small demo holds together – every abgerechnet Einsatz
// belongs to a claim (the export's "claim", from the claims' Einsatz index)
// that paid it, every ausgezahlt claim to an executed payout run (the
// export's "payoutRun") that lists it – and the Topf für Sprachmittlung
// was spent by claims made from Einsätze.
func TestDemoBillingCoherent(t *testing.T) {
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	st, err := store.Open(filepath.Join(t.TempDir(), "d.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := Run(st, Options{Seed: 3, Now: now, Who: "demo"}); err != nil {
		t.Fatal(err)
	}
	err = st.View(func(tx *store.Tx) error {
		claimOf, err := store.EinsatzClaimNumbers(tx)
		if err != nil {
			return err
		}
		billed := 0
		err = store.Einsaetze.Each(tx, func(e *model.Einsatz) error {
			if e.Status != model.StatusAbgerechnet {
				return nil
			}
			billed++
			if e.ClaimID == "" || claimOf[e.ID] == "" {
				t.Errorf("%s ist abgerechnet ohne Antrag (claim %q, Index %q)", e.Number, e.ClaimID, claimOf[e.ID])
				return nil
			}
			c, err := store.Claims.Get(tx, e.ClaimID)
			if err != nil || c.Number != claimOf[e.ID] || c.Status != model.ClaimAusgezahlt || !slices.Contains(c.EinsatzIDs(), e.ID) {
				t.Errorf("%s: Antrag %s zahlt ihn nicht (%v)", e.Number, claimOf[e.ID], err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if billed < 20 {
			t.Errorf("nur %d abgerechnete Einsätze – der Test prüft wenig", billed)
		}
		paid, fromEinsaetze := 0, 0
		err = store.Claims.Each(tx, func(c *model.Claim) error {
			if c.Status != model.ClaimAusgezahlt {
				return nil
			}
			paid++
			if len(c.EinsatzIDs()) > 0 {
				fromEinsaetze++
			}
			if c.PayoutRunID == "" {
				t.Errorf("%s ist ausgezahlt ohne Zahllauf", c.Number)
				return nil
			}
			run, err := store.Payouts.Get(tx, c.PayoutRunID)
			if err != nil || run.Status != model.PayoutAusgefuehrt {
				t.Errorf("%s: Zahllauf %s fehlt oder ist nicht ausgeführt (%v)", c.Number, c.PayoutRunID, err)
				return nil
			}
			listed := false
			for _, it := range run.Items {
				listed = listed || it.ClaimID == c.ID || slices.Contains(it.JoinedIDs, c.ID)
			}
			if !listed {
				t.Errorf("%s steht nicht im Zahllauf %s", c.Number, run.Number)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if paid < 20 || fromEinsaetze < 10 {
			t.Errorf("%d ausgezahlte Anträge, %d aus Einsätzen", paid, fromEinsaetze)
		}
		// The Topf für Sprachmittlung 2026: its bookings are claims made
		// from Einsätze, spread over more than one month.
		set, err := store.LoadKostenSettings(tx)
		if err != nil {
			return err
		}
		k, err := store.KostenPayments(tx, model.YearPeriod(2026))
		if err != nil {
			return err
		}
		months := map[time.Month]bool{}
		for _, p := range k.Payments {
			if p.FundID != set.SprachmittlungFund(2026) || p.Kind != model.PaymentAuszahlung {
				continue
			}
			months[p.Date.Month] = true
			c, err := store.Claims.Get(tx, p.ClaimID)
			if err != nil || len(c.EinsatzIDs()) == 0 && c.Kind == model.ClaimNormal {
				t.Errorf("%s auf dem Topf für Sprachmittlung ist kein Antrag aus Einsätzen (%v)", p.Number, err)
			}
		}
		if len(months) < 2 {
			t.Errorf("der Topf für Sprachmittlung hat Auszahlungen in %d Monaten", len(months))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
