package demo

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func TestDemoIBANValid(t *testing.T) {
	for i := uint64(0); i < 2000; i++ {
		iban := DemoIBAN(demoBLZ[i%uint64(len(demoBLZ))], i*7919+13)
		if !iban.Valid() {
			t.Fatalf("%s invalid", iban)
		}
	}
}

// TestDemoKostenSmall checks the small demo: every status, a volunteer close
// to 960 €, approvals by two different users, funds with the expected names.
func TestDemoKostenSmall(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	st, err := store.Open(filepath.Join(t.TempDir(), "d.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var stages []string
	last := time.Now()
	if err := Run(st, Options{Seed: 1, Now: now, Who: "demo", Progress: func(stage string, done, total int) {
		if done == total {
			stages = append(stages, stage+" "+time.Since(last).String())
		}
		last = time.Now()
	}}); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("DEMO_TIMES") != "" {
		t.Log(stages)
	}
	st.View(func(tx *store.Tx) error {
		rows, _ := store.LoadClaimRows(tx)
		seen := map[model.ClaimStatus]int{}
		for _, r := range rows {
			seen[r.Status]++
		}
		for _, s := range model.ClaimStatuses {
			if seen[s] == 0 {
				t.Errorf("no claim in status %s: %v", s, seen)
			}
		}
		near := false
		for pid, used := range store.PersonAllowances(rows, 2026) {
			if used >= 90000 && used <= 100000 {
				near = true
				_ = pid
			}
		}
		if !near {
			t.Error("nobody close to 960 €")
		}
		twoUsers := false
		for _, r := range rows {
			if r.Status == model.ClaimAusgezahlt {
				c, _ := store.Claims.Get(tx, r.ID)
				twoUsers = c.Sachlich != nil && c.Rechnerisch != nil && c.Sachlich.By != c.Rechnerisch.By
				if !twoUsers {
					t.Fatalf("%s signed by %+v / %+v", c.Number, c.Sachlich, c.Rechnerisch)
				}
			}
		}
		// Claims made from Einsätze, corrections and Rückforderungen
		// (issue 12): at least ten from Einsätze, some with km, booked on
		// the Topf für Sprachmittlung, whose budget shows them.
		set, _ := store.LoadKostenSettings(tx)
		smFund := set.SprachmittlungFund(2026)
		fromEinsaetze, withKm, onFund := 0, 0, 0
		kinds := map[string]int{}
		for _, r := range rows {
			c, _ := store.Claims.Get(tx, r.ID)
			if c.Kind != model.ClaimNormal {
				kinds[string(c.Kind)+" "+string(c.Status)]++
				continue
			}
			if len(c.EinsatzIDs()) == 0 {
				continue
			}
			fromEinsaetze++
			if c.TotalOf(model.LineFahrt) > 0 {
				withKm++
			}
			if c.FundID == smFund && smFund != "" {
				onFund++
			}
			if twice, _ := store.ClaimKmTwice(tx, c); len(twice) > 0 {
				t.Errorf("%s pays km twice", c.Number)
			}
		}
		if fromEinsaetze < 10 || withKm == 0 || onFund != fromEinsaetze {
			t.Errorf("claims from Einsätze: %d, with km %d, on the Topf für Sprachmittlung %d", fromEinsaetze, withKm, onFund)
		}
		for _, want := range []string{"storno storniert", "storno verbucht", "korrektur verbucht"} {
			if kinds[want] == 0 {
				t.Errorf("no %s in the demo: %v", want, kinds)
			}
		}
		reclaims, _ := store.Reclaims.All(tx)
		rs := map[model.ReclaimStatus]int{}
		for _, r := range reclaims {
			rs[r.Status]++
		}
		if rs[model.ReclaimOffen] == 0 || rs[model.ReclaimVerrechnet] == 0 {
			t.Errorf("Rückforderungen: %v", rs)
		}
		funds, _ := store.AllFunds(tx)
		if u := store.FundUsages(funds, rows)[smFund]; u.Paid+u.Committed <= 0 {
			t.Errorf("the Sprachmittlung budget shows nothing spent: %+v", u)
		}
		if f, _ := store.KmTwiceFindings(tx); len(f) != 0 {
			t.Errorf("check findings on the demo: %v", f)
		}
		names := map[string]bool{}
		for _, f := range funds {
			names[f.Name] = true
		}
		if !names["Bürgerschaftliches Engagement 2026"] || !names["Integrationslotsen 2026"] {
			t.Errorf("funds: %v", names)
		}
		return nil
	})
}

func BenchmarkDemoKostenLarge(b *testing.B) {
	for range b.N {
		st, err := store.Open(filepath.Join(b.TempDir(), "l.db"), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		g := &Gen{Store: st, Large: true, Now: time.Now(), Who: "demo"}
		g.Rand = newRandForTest()
		if err := genShared(g); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := genKosten(g); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/kosten-step")
		st.Close()
	}
}

func newRandForTest() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }
