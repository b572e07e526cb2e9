package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"stabsstelle/demo"
	"stabsstelle/model"
	"stabsstelle/store"
)

// reportNow is "today" of the report tests: Thursday 19.11.2026.
var reportNow = model.At(model.NewDate(2026, 11, 19), 10*60)

// reportDB is the small demo plus one Storno of a paid claim taken to
// "angeordnet": a Rückforderung.
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
	var origID string
	err = st.View(func(tx *store.Tx) error {
		return store.Claims.Each(tx, func(c *model.Claim) error {
			if origID == "" && c.Status == model.ClaimAusgezahlt && c.Year() == 2026 && c.FundID != "" && c.Kind == model.ClaimNormal {
				origID = c.ID
			}
			return nil
		})
	})
	if err != nil || origID == "" {
		t.Fatalf("kein ausgezahlter Antrag 2026 in den Demodaten (%v)", err)
	}
	if err := st.Update("mueller", func(tx *store.Tx) error {
		storno, err = store.CreateCorrection(tx, origID, model.ClaimStorno, "doppelt gezahlt")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		who string
		a   model.ClaimAction
	}{{"mueller", model.ActSubmit}, {"mueller", model.ActSachlich}, {"yilmaz", model.ActRechnerisch}, {"yilmaz", model.ActAnordnen}} {
		if err := st.Update(s.who, func(tx *store.Tx) error {
			c, err := store.ApplyClaim(tx, storno.ID, 0, s.a, "")
			storno = c
			return err
		}); err != nil {
			t.Fatalf("%s: %v", s.a, err)
		}
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
				money += e.Nachweis.Amount
				minutes += int(e.Nachweis.ActualEnd.Sub(e.Nachweis.ActualStart).Minutes())
			}
			if e.Cancellation != nil {
				money += e.Cancellation.Ausfallpauschale
			}
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

	// Kostenerstattungen: per fund, paid in 2026 less the Rückforderung.
	paid, backs := map[string]model.Money{}, map[string]model.Money{}
	var back model.Money
	_ = st.View(func(tx *store.Tx) error {
		return store.Claims.Each(tx, func(c *model.Claim) error {
			var sum model.Money
			for _, l := range c.Lines {
				sum += l.Amount
			}
			switch {
			case c.Status == model.ClaimAusgezahlt && sum > 0 && c.Paid.At.In(model.Berlin).Year() == 2026:
				paid[c.FundID] += sum
			case sum < 0 && c.Angeordnet != nil && c.Angeordnet.At.In(model.Berlin).Year() == 2026:
				// Storno ordered: money claimed back.
				paid[c.FundID] += sum
				backs[c.FundID] += sum
				back += sum
			}
			return nil
		})
	})
	if backs[storno.FundID] >= 0 {
		t.Fatalf("der Storno hat %s, erwartet einen negativen Betrag", backs[storno.FundID])
	}
	if len(m.Kosten.FundingPots) != 3 {
		t.Fatalf("%d Fördertöpfe 2026, erwartet 3", len(m.Kosten.FundingPots))
	}
	for _, f := range m.Kosten.FundingPots {
		if f.PaidCents != paid[f.ID] {
			t.Errorf("%s: Bericht %s ausgezahlt, Datensätze %s", f.Name, f.PaidCents, paid[f.ID])
		}
		if f.RueckforderungenCents != backs[f.ID] {
			t.Errorf("%s: Rückforderungen %s, erwartet %s", f.Name, f.RueckforderungenCents, backs[f.ID])
		}
	}
	if m.Kosten.Rueckforderungen != back {
		t.Errorf("Rückforderungen gesamt %s, erwartet %s", m.Kosten.Rueckforderungen, back)
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
