package store

import (
	"bytes"
	"testing"

	"stabsstelle/model"
)

// TestClaimRowsOfPersonFollowTheStatus: the person index carries only the
// status; a person's claims of a year read their rows from the status
// index and follow each step of the workflow (the yearly limits are
// computed from them), and the person index holds no second copy of the
// row (no name, no amount).
func TestClaimRowsOfPersonFollowTheStatus(t *testing.T) {
	s := openKosten(t)
	p := addVolunteer(t, s, "Anna Schmidt", "DE89370400440532013000")
	other := addVolunteer(t, s, "Bernd Brandt", "DE89370400440532013000")
	a, b := draft(p.ID), draft(other.ID)
	if err := s.Update("meier", func(tx *Tx) error {
		if err := SaveClaim(tx, a); err != nil {
			return err
		}
		return SaveClaim(tx, b)
	}); err != nil {
		t.Fatal(err)
	}
	rowsOf := func() []ClaimRow {
		var rows []ClaimRow
		s.View(func(tx *Tx) error {
			var err error
			rows, err = ClaimRowsOfPerson(tx, p.ID, 2026)
			if err != nil {
				t.Fatal(err)
			}
			return nil
		})
		return rows
	}
	// 18,4 km (Km counts tenths) at 30 ct and a receipt of 12,50 €, by hand
	const total = model.Money(184*30/10 + 1250)
	if rows := rowsOf(); len(rows) != 1 || rows[0].ID != a.ID || rows[0].Status != model.ClaimEntwurf || rows[0].Total != total ||
		rows[0].PersonName != "Anna Schmidt" {
		t.Fatalf("draft: %+v", rows)
	}
	if err := step(t, s, "meier", a.ID, model.ActSubmit); err != nil {
		t.Fatal(err)
	}
	if rows := rowsOf(); len(rows) != 1 || rows[0].Status != model.ClaimEingereicht || rows[0].Total != total {
		t.Fatalf("submitted: %+v", rows)
	}
	s.View(func(tx *Tx) error {
		name := Claims.idxBucket(IdxClaimPerson)
		c := tx.btx.Bucket(name).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			val, err := tx.unseal(name, k, v)
			if err != nil || bytes.Contains(val, []byte("Anna")) || bytes.Contains(val, []byte("Bernd")) ||
				(string(val) != string(model.ClaimEingereicht) && string(val) != string(model.ClaimEntwurf)) {
				t.Errorf("person index entry %q: %q %v", k, val, err)
			}
		}
		return nil
	})
	if rep := s.Check(); !rep.OK() {
		t.Errorf("check: %q", rep.Problems)
	}
}
