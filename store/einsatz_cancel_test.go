package store

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

// The Absage is decided by the store's clock and the stored tariff; an
// override is kept with who and when, in the record and the journal.
func TestCancelEinsatzFollowsTheClockAndJournalsTheOverride(t *testing.T) {
	f := smOpen(t)                                                                          // now: 02.03.2026 08:00
	soon := f.add(t, "Tigrinya", smAt(2026, 3, 2, 18, 0), time.Hour, model.SettingOnSite)   // in 10 h
	later := f.add(t, "Tigrinya", smAt(2026, 3, 3, 14, 0), 2*time.Hour, model.SettingPhone) // in 30 h
	for _, e := range []*model.Einsatz{soon, later} {
		if err := f.assign(e, f.yonas); err != nil {
			t.Fatal(err)
		}
	}
	now := smAt(2026, 3, 2, 8, 0)
	cancel := func(e *model.Einsatz, a model.Absage, shown model.Status) (model.AbsageDecision, error) {
		cur := f.get(t, e.ID)
		var d model.AbsageDecision
		err := f.s.Update("anna", func(tx *Tx) error {
			var err error
			d, err = CancelEinsatz(tx, cur.ID, cur.Version, a, shown)
			return err
		})
		return d, err
	}
	d, err := cancel(later, model.Absage{By: model.CancelByEinrichtung, Received: now, Reason: "Termin entfällt"}, model.StatusStorniertRechtzeitig)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.get(t, later.ID); got.Status != model.StatusStorniertRechtzeitig || got.Cancellation.Ausfallpauschale != 0 || d.Before != 30*time.Hour {
		t.Errorf("30 h before: %s %+v", got.Status, got.Cancellation)
	}
	// The dialog showed "rechtzeitig" for the 10-hour Absage (say, an old
	// tariff): the clock says kurzfristig, nothing is saved.
	_, err = cancel(soon, model.Absage{By: model.CancelByKlient, Received: now, Reason: "krank"}, model.StatusStorniertRechtzeitig)
	var changed *ErrDecisionChanged
	if !errors.As(err, &changed) || changed.Decision.Status != model.StatusStorniertKurzfristig {
		t.Fatalf("decision changed must be refused: %v", err)
	}
	if got := f.get(t, soon.ID); got.Status != model.StatusVermittelt {
		t.Fatalf("saved although refused: %s", got.Status)
	}
	why := "Einrichtung hatte am Freitag schon abgesagt, Mail lag im Spam"
	_, err = cancel(soon, model.Absage{By: model.CancelByKlient, Received: now, Reason: "krank", Override: true, OverrideReason: why}, model.StatusStorniertRechtzeitig)
	if err != nil {
		t.Fatal(err)
	}
	got := f.get(t, soon.ID)
	if got.Status != model.StatusStorniertRechtzeitig || got.Cancellation.Late || got.Cancellation.Override != why || got.Cancellation.Ausfallpauschale != 0 {
		t.Errorf("override: %s %+v", got.Status, got.Cancellation)
	}
	if h := got.StatusHistory[len(got.StatusHistory)-1]; h.Who != "anna" || !h.At.Equal(now) || !strings.Contains(h.Reason, why) {
		t.Errorf("history: %+v", h)
	}
	_ = f.s.View(func(tx *Tx) error {
		hist, err := tx.History(soon.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := hist[len(hist)-1]
		var after model.Einsatz
		if err := json.Unmarshal(last.After, &after); err != nil {
			t.Fatal(err)
		}
		if last.Who != "anna" || after.Cancellation == nil || after.Cancellation.Override != why {
			t.Errorf("journal: who %q after %+v", last.Who, after.Cancellation)
		}
		return nil
	})
}

// The store refuses to book whom the list does not offer.
func TestAssignRefusesWhomTheListExcludes(t *testing.T) {
	f := smOpen(t)
	e := f.add(t, "Tigrinya", smAt(2026, 3, 12, 9, 0), time.Hour, model.SettingOnSite)
	noPapers := &model.Person{Name: "Importierte Ida", Gender: model.GenderFemale, Interpreter: &model.InterpreterProfile{
		Languages: []model.LanguageSkill{{Language: "Tigrinya"}}, Active: true}}
	if err := f.s.Update("test", func(tx *Tx) error { return People.Put(tx, noPapers) }); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[*model.Person]string{noPapers: "Unterlagen fehlen", f.paused: "pausiert", f.amina: "spricht Tigrinya nicht"} {
		if err := f.assign(e, p); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", p.Name, err, want)
		}
	}
	e.GenderPref, e.GenderRequired = model.GenderFemale, true
	if err := f.s.Update("test", func(tx *Tx) error { return Einsaetze.Put(tx, e) }); err != nil {
		t.Fatal(err)
	}
	if err := f.assign(f.get(t, e.ID), f.yonas); err == nil || !strings.Contains(err.Error(), "nur weiblich") {
		t.Errorf("required gender: %v", err)
	}
}
