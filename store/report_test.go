package store_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"stabsstelle/demo"
	"stabsstelle/model"
	"stabsstelle/store"
)

// reportNow is "today" of the report tests: Thursday 19.11.2026.
var reportNow = model.At(model.NewDate(2026, 11, 19), 10*60)

// reportDB is the small demo (with its netted and its open Rückforderung)
// plus one more Storno of a paid claim taken to "angeordnet": verbucht,
// with a Rückforderung that is paid back.
func reportDB(t *testing.T) (*store.Store, *model.Claim) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.Options{Now: func() time.Time { return reportNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := demo.Run(st, demo.Options{Seed: 7, Now: reportNow, Who: "demo"}); err != nil {
		t.Fatal(err)
	}
	var storno *model.Claim
	var candidates []string
	err = st.View(func(tx *store.Tx) error {
		return store.Claims.Each(tx, func(c *model.Claim) error {
			if c.Status == model.ClaimAusgezahlt && c.Year() == 2026 && c.FundID != "" && c.Kind == model.ClaimNormal {
				candidates = append(candidates, c.ID)
			}
			return nil
		})
	})
	if err != nil || len(candidates) == 0 {
		t.Fatalf("kein ausgezahlter Antrag 2026 in den Demodaten (%v)", err)
	}
	for _, id := range candidates { // the first without a Storno yet
		if err = st.Update("mueller", func(tx *store.Tx) error {
			storno, err = store.CreateCorrection(tx, id, model.ClaimStorno, "doppelt gezahlt")
			return err
		}); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		who string
		a   model.ClaimAction
	}{{"mueller", model.ActSubmit}, {"mueller", model.ActSachlich}, {"yilmaz", model.ActRechnerisch}, {"becker", model.ActAnordnen}} {
		if err := st.Update(s.who, func(tx *store.Tx) error {
			c, err := store.ApplyClaim(tx, storno.ID, 0, s.a, "")
			storno = c
			return err
		}); err != nil {
			t.Fatalf("%s: %v", s.a, err)
		}
	}
	// The person paid it back the same day.
	if err := st.Update("kasse", func(tx *store.Tx) error {
		rs, err := store.ReclaimsOfCorrection(tx, storno)
		if err != nil || len(rs) != 1 {
			return fmt.Errorf("Rückforderung des Stornos: %v, %v", rs, err)
		}
		_, err = store.MarkReclaimPaidBack(tx, rs[0].ID, 0, model.DateOf(reportNow), "überwiesen")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return st, storno
}

// TestMonitoringSumsMatchRecords checks every figure of the report against
// sums computed here, straight from the records.
func TestMonitoringSumsMatchRecords(t *testing.T) {
	st, storno := reportDB(t)
	period := model.YearPeriod(2026)
	var m *model.Monitoring
	if err := st.View(func(tx *store.Tx) (err error) {
		m, err = store.Monitoring(tx, period, model.ReportFilter{})
		return err
	}); err != nil {
		t.Fatal(err)
	}

	// Sprachmittlung, from every Einsatz record.
	total, byMonth, byLang, byStatus := 0, map[string]int{}, map[string]int{}, map[string]int{}
	var money model.Money
	minutes := 0
	_ = st.View(func(tx *store.Tx) error {
		return store.Einsaetze.Each(tx, func(e *model.Einsatz) error {
			d := e.Start.In(model.Berlin)
			if d.Year() != 2026 {
				return nil
			}
			total++
			byMonth[d.Format("2006-01")]++
			byLang[e.Language]++
			s := e.Status
			if s == model.StatusAbgerechnet { // what happened before billing
				s = e.StatusHistory[len(e.StatusHistory)-1].From
			}
			byStatus[string(s)]++
			if e.Nachweis != nil {
				minutes += int(e.Nachweis.ActualEnd.Sub(e.Nachweis.ActualStart).Minutes())
			}
			money += einsatzMoneyByHand(t, e)
			return nil
		})
	})
	sm := m.Sprachmittlung
	if total == 0 || sm.Total != total {
		t.Fatalf("Einsätze 2026: Bericht %d, Datensätze %d", sm.Total, total)
	}
	for k, n := range byMonth {
		if sm.ByMonth[k] != n {
			t.Errorf("Monat %s: Bericht %d, Datensätze %d", k, sm.ByMonth[k], n)
		}
	}
	if len(sm.ByMonth) != 12 {
		t.Errorf("byMonth hat %d Monate, erwartet 12", len(sm.ByMonth))
	}
	for k, n := range byLang {
		if sm.ByLanguage[k] != n {
			t.Errorf("Sprache %s: Bericht %d, Datensätze %d", k, sm.ByLanguage[k], n)
		}
	}
	if len(sm.ByStatus) != len(byStatus) {
		t.Errorf("byStatus hat %d Schlüssel, die Datensätze %d: %v", len(sm.ByStatus), len(byStatus), sm.ByStatus)
	}
	for k, n := range byStatus {
		if sm.ByStatus[k] != n {
			t.Errorf("Status %s: Bericht %d, Datensätze %d", k, sm.ByStatus[k], n)
		}
	}
	if got := sm.AllowanceCents + sm.TravelCents + sm.CancelFeeCents; got != money || money == 0 {
		t.Errorf("Kosten der Einsätze: Bericht %s, Datensätze %s", got, money)
	}
	if sm.Minutes != minutes {
		t.Errorf("Minuten: Bericht %d, Datensätze %d", sm.Minutes, minutes)
	}

	// Kostenerstattungen: per fund, what the Kreiskasse paid in 2026 (the
	// lines of every ausgezahlt claim, on its run's execution day), less
	// what came back on Rückforderungen in 2026 (each settlement on its
	// day, on the Topf of the claim it corrects); still open at the end of
	// the year: amount less what came back by then.
	paid, backs, owed := map[string]model.Money{}, map[string]model.Money{}, map[string]model.Money{}
	var back model.Money
	settled := map[model.ReclaimStatus]int{}
	in2026 := func(d model.Date) bool { return d.Year == 2026 }
	_ = st.View(func(tx *store.Tx) error {
		err := store.Claims.Each(tx, func(c *model.Claim) error {
			if c.Status != model.ClaimAusgezahlt {
				return nil
			}
			var sum model.Money
			for _, l := range c.Lines {
				sum += l.Amount
			}
			day := model.DateOf(c.Paid.At)
			if c.PayoutRunID != "" {
				run, err := store.Payouts.Get(tx, c.PayoutRunID)
				if err != nil {
					return err
				}
				day = run.ExecutionDate
			}
			if in2026(day) {
				paid[c.FundID] += sum
			}
			return nil
		})
		if err != nil {
			return err
		}
		return store.Reclaims.Each(tx, func(r *model.Reclaim) error {
			orig, err := store.Claims.Get(tx, r.ClaimID)
			if err != nil {
				return err
			}
			open := r.Amount
			for _, x := range r.Settlements {
				settled[x.Kind]++
				if in2026(x.Date) {
					paid[orig.FundID] -= x.Amount
					backs[orig.FundID] -= x.Amount
					back -= x.Amount
				}
				if x.Date.Year <= 2026 {
					open -= x.Amount
				}
			}
			if model.DateOf(r.Created).Year <= 2026 {
				owed[orig.FundID] += open
			}
			return nil
		})
	})
	if settled[model.ReclaimVerrechnet] == 0 || settled[model.ReclaimZurueckgezahlt] == 0 || back >= 0 {
		t.Fatalf("die Daten haben keine verrechnete und keine zurückgezahlte Rückforderung (%v, %s): der Test prüft nichts", settled, back)
	}
	if backs[storno.FundID] >= 0 {
		t.Fatalf("die Rückzahlung zum Storno fehlt: %s", backs[storno.FundID])
	}
	if len(m.Kosten.FundingPots) != 3 {
		t.Fatalf("%d Fördertöpfe 2026, erwartet 3", len(m.Kosten.FundingPots))
	}
	var owedAll model.Money
	for _, f := range m.Kosten.FundingPots {
		if f.PaidCents != paid[f.ID] {
			t.Errorf("%s: Bericht %s ausgezahlt, Datensätze %s", f.Name, f.PaidCents, paid[f.ID])
		}
		if f.RueckforderungenCents != backs[f.ID] {
			t.Errorf("%s: Rückforderungen %s, erwartet %s", f.Name, f.RueckforderungenCents, backs[f.ID])
		}
		if f.ReclaimsOpenCents != owed[f.ID] {
			t.Errorf("%s: offene Rückforderungen %s, erwartet %s", f.Name, f.ReclaimsOpenCents, owed[f.ID])
		}
		owedAll += owed[f.ID]
	}
	if m.Kosten.Rueckforderungen != back {
		t.Errorf("Rückforderungen gesamt %s, erwartet %s", m.Kosten.Rueckforderungen, back)
	}
	if owedAll <= 0 || m.Kosten.ReclaimsOpenCents != owedAll {
		t.Errorf("offene Rückforderungen gesamt %s, erwartet %s (> 0)", m.Kosten.ReclaimsOpenCents, owedAll)
	}

	// Netzwerk: events of 2026 that were not called off, and who came.
	events, present := 0, 0
	held := map[string]bool{}
	_ = st.View(func(tx *store.Tx) error {
		err := store.Events.Each(tx, func(e *model.Event) error {
			if e.Start.In(model.Berlin).Year() == 2026 && e.Status != model.EventAbgesagt {
				events++
				held[e.ID] = true
				if e.CountsAfterErase != nil {
					present += e.CountsAfterErase.Teilgenommen
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return store.Registrations.Each(tx, func(r *model.Registration) error {
			if held[r.EventID] && r.Status == model.RegTeilgenommen {
				ev, _ := store.Events.Get(tx, r.EventID)
				if ev.CountsAfterErase == nil {
					present++
				}
			}
			return nil
		})
	})
	if m.Netzwerk.Events != events || events == 0 {
		t.Errorf("Veranstaltungen: Bericht %d, Datensätze %d", m.Netzwerk.Events, events)
	}
	if m.Netzwerk.Participants != present {
		t.Errorf("Teilnehmende: Bericht %d, Datensätze %d", m.Netzwerk.Participants, present)
	}
}

// TestMonitoringFilter checks that a language filter keeps only that
// language's Einsätze and leaves the other areas alone.
func TestMonitoringFilter(t *testing.T) {
	st, _ := reportDB(t)
	var all, ar *model.Monitoring
	_ = st.View(func(tx *store.Tx) error {
		in, err := store.LoadReportInput(tx, model.YearPeriod(2026))
		if err != nil {
			return err
		}
		all = model.ComputeMonitoring(in, model.ReportFilter{})
		ar = model.ComputeMonitoring(in, model.ReportFilter{Language: "Arabisch"})
		return nil
	})
	if ar.Sprachmittlung.Total != all.Sprachmittlung.ByLanguage["Arabisch"] || ar.Sprachmittlung.Total == 0 {
		t.Errorf("Filter Arabisch: %d Einsätze, ohne Filter %d auf Arabisch", ar.Sprachmittlung.Total, all.Sprachmittlung.ByLanguage["Arabisch"])
	}
	if len(ar.Sprachmittlung.ByLanguage) != 1 {
		t.Errorf("Filter Arabisch zeigt %d Sprachen", len(ar.Sprachmittlung.ByLanguage))
	}
	if ar.Netzwerk.Events != all.Netzwerk.Events || ar.Kosten.PaidCents != all.Kosten.PaidCents {
		t.Error("der Sprachfilter hat Netzwerk oder Kosten verändert")
	}
}

// einsatzMoneyByHand is what an Einsatz pays, computed here from its record
// without the program's code: the time of the Nachweis (with the waiting
// time if the tariff copy pays it) in billing units, at least the minimum,
// times the hourly rate; km times the km rate if on site; the Ausfall-
// pauschale unless the Einsatz went back to before its Absage.
func einsatzMoneyByHand(t *testing.T, e *model.Einsatz) model.Money {
	var m model.Money
	if n := e.Nachweis; n != nil {
		tr := n.Tariff
		if tr.UnitMinutes <= 0 {
			t.Fatalf("%s: Nachweis ohne Tarifkopie – der Test rechnet nur mit Tarif", e.Number)
		}
		minutes := int(n.ActualEnd.Sub(n.ActualStart) / time.Minute)
		if tr.WaitingPaid {
			minutes += n.WaitingMinutes
		}
		units := minutes / tr.UnitMinutes
		if tr.PerStartedUnit && minutes%tr.UnitMinutes != 0 {
			units++
		}
		units = max(units, tr.MinimumUnits)
		cents := int64(tr.RatePerHour) * int64(units*tr.UnitMinutes)
		if cents%60 != 0 {
			t.Fatalf("%s: %d Einheiten zu %s ergeben keinen ganzen Cent", e.Number, units, tr.RatePerHour)
		}
		m += model.Money(cents / 60)
		if (e.Setting == model.SettingOnSite || e.Setting == "") && n.Km > 0 {
			// Km is in tenths: rate × km / 10, rounded half up once
			m += model.Money((int64(tr.KmRate)*int64(n.Km) + 5) / 10)
		}
	}
	if c := e.Cancellation; c != nil && c.Ausfallpauschale > 0 {
		switch e.Status {
		case model.StatusAnfrage, model.StatusPruefung, model.StatusSuche, model.StatusVermittelt:
		default:
			m += c.Ausfallpauschale
		}
	}
	return m
}
