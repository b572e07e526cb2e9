package model

import (
	"strings"
	"testing"
	"time"
)

func TestReclaimSettles(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	r := &Reclaim{PersonID: "p", PersonName: "Anna", Amount: 9000, Reason: "Storno K-2026-0002: doppelt", Due: NewDate(2026, 12, 20), Net: true, Status: ReclaimOffen}
	r.Number = "R-2026-001"
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	// 90,00 − 50,00 netted = 40,00 € left, still open
	r.Netted(5000, "run", "A-2026-003", NewDate(2026, 11, 23), "kasse", now)
	if r.Left() != 4000 || !r.Open() || !strings.Contains(r.StatusText(), "offen 40,00 € von 90,00 €") {
		t.Fatalf("after netting: %s %s", r.Left(), r.StatusText())
	}
	// paying back: not in the future, not without a name
	if err := r.PayBack(NewDate(2026, 11, 21), "mueller", now, ""); err == nil {
		t.Error("paid back in the future")
	}
	if err := r.PayBack(NewDate(2026, 11, 19), " ", now, ""); err == nil {
		t.Error("paid back by nobody")
	}
	r.PayoutRunID = "other"
	if err := r.PayBack(NewDate(2026, 11, 19), "mueller", now, ""); err == nil {
		t.Error("paid back while reserved in a run")
	}
	r.PayoutRunID = ""
	if err := r.PayBack(NewDate(2026, 11, 19), "mueller", now, "Überweisung"); err != nil {
		t.Fatal(err)
	}
	// the rest, 40,00 €, closes it
	if r.Status != ReclaimZurueckgezahlt || r.Left() != 0 || r.Settlements[1].Amount != 4000 || r.Frozen() {
		t.Fatalf("%+v", r)
	}
	if err := r.PayBack(NewDate(2026, 11, 19), "mueller", now, ""); err == nil {
		t.Error("closed twice")
	}
	if !strings.Contains(r.StatusText(), "zurückgezahlt am 19.11.2026 (mueller)") {
		t.Errorf("%q", r.StatusText())
	}
	bad := *r
	bad.Settlements = append(bad.Settlements, ReclaimSettlement{Kind: ReclaimVerrechnet, Amount: 1})
	if err := bad.Validate(); err == nil {
		t.Error("more settled than owed accepted")
	}
}

func TestFinalClaimStatuses(t *testing.T) {
	// storniert counts nowhere; verbucht counts like paid (negative: net).
	for _, c := range []struct {
		s                                ClaimStatus
		counts, committed, settled, froz bool
	}{
		{ClaimEntwurf, false, false, false, false},
		{ClaimAngeordnet, true, true, false, true},
		{ClaimAusgezahlt, true, false, true, true},
		{ClaimStorniert, false, false, false, true},
		{ClaimVerbucht, true, false, true, true},
	} {
		if c.s.Counts() != c.counts || c.s.Committed() != c.committed || c.s.Settled() != c.settled || c.s.Frozen() != c.froz {
			t.Errorf("%s: counts %v committed %v settled %v frozen %v", c.s, c.s.Counts(), c.s.Committed(), c.s.Settled(), c.s.Frozen())
		}
	}
	f := &Fund{Amount: 100000}
	f.ID = "f"
	claim := func(s ClaimStatus, amt Money) *Claim {
		return &Claim{FundID: "f", Status: s, Lines: []ClaimLine{{Kind: LinePauschale, Amount: amt}}}
	}
	// 300 paid − 100 verbucht = 200 paid; 50 storniert and 70 in draft not at all; 40 committed
	u := f.Usage([]*Claim{claim(ClaimAusgezahlt, 30000), claim(ClaimVerbucht, -10000), claim(ClaimStorniert, 5000),
		claim(ClaimEntwurf, 7000), claim(ClaimEingereicht, 4000)})
	if u.Paid != 20000 || u.Committed != 4000 || u.Left != 76000 {
		t.Errorf("%+v", u)
	}
	c := claim(ClaimStorniert, 100)
	if err := c.Apply(ActReject, "x", time.Now(), "r", nil); err == nil || !strings.Contains(err.Error(), "storniert") || strings.Contains(err.Error(), "Storno-") {
		t.Errorf("reject storniert: %v", err)
	}
}
