package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

// rawPut stores records as an older version of the program may have left
// them: without today's validation and stamps.
func rawPut(t *testing.T, s *Store, kind string, recs ...model.Record) {
	t.Helper()
	if err := s.Bulk("test", func(tx *Tx) error {
		b, err := tx.bucket([]byte("rec:" + kind))
		if err != nil {
			return err
		}
		for _, r := range recs {
			m := r.GetMeta()
			if m.ID == "" {
				m.ID = newID()
			}
			m.Version = 1
			raw, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if err := tx.put(b, []byte(m.ID), encodeValue(kind, raw)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) }

func TestRetentionPreviewChangesNothingAndRunDoesEachRule(t *testing.T) {
	now := day(2026, 6, 1)
	s := openNetStore(t, now)
	path := s.Path()
	// Participants: an event that ended 10.01.2026 is due on 10.04.2026,
	// one that ended 01.04.2026 only on 01.07.2026.
	old := newEvent(t, s, 0, day(2026, 1, 10), false)
	recent := newEvent(t, s, 0, day(2026, 4, 1), false)
	for _, ev := range []*model.Event{old, recent} {
		if err := s.Update("test", func(tx *Tx) error {
			_, err := RegisterNewPerson(tx, ev.ID, &model.Person{Name: "Gast " + ev.Number}, RegisterOptions{WalkIn: true})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	// Interpreters: Lina's last Einsatz was 01.01.2024 (due 01.01.2026)
	// and she is also a volunteer; Omar was entered 2023 and never sent;
	// Rita worked 01.09.2025 (not due).
	lina := &model.Person{Meta: model.Meta{Created: day(2023, 1, 1)}, Name: "Lina Alt", Interpreter: &model.InterpreterProfile{}, Volunteer: &model.VolunteerProfile{}}
	omar := &model.Person{Meta: model.Meta{Created: day(2023, 1, 1)}, Name: "Omar Nie", Interpreter: &model.InterpreterProfile{}}
	rita := &model.Person{Meta: model.Meta{Created: day(2023, 1, 1)}, Name: "Rita Neu", Interpreter: &model.InterpreterProfile{}}
	rawPut(t, s, KindPerson, lina, omar, rita)
	// Client initials: 01.01.2024 is due (01.01.2025), 01.09.2025 not.
	e1 := &model.Einsatz{Meta: model.Meta{Number: "E-2025-0001"}, ClientRef: "A. K.", Start: day(2024, 1, 1), InterpreterID: lina.ID, Language: "Arabisch"}
	e2 := &model.Einsatz{Meta: model.Meta{Number: "E-2025-0002"}, ClientRef: "B. L.", Start: day(2025, 9, 1), InterpreterID: rita.ID, Language: "Arabisch"}
	rawPut(t, s, KindEinsatz, e1, e2)
	// Payments: a claim paid in 2017 may go on 01.01.2026, one of 2018
	// only on 01.01.2027.
	c1 := &model.Claim{Meta: model.Meta{Number: "K-2017-0001", Created: day(2017, 3, 1), Updated: day(2017, 3, 1)}, PersonName: "Alte Zahlung"}
	c2 := &model.Claim{Meta: model.Meta{Number: "K-2018-0001", Created: day(2018, 3, 1), Updated: day(2018, 3, 1)}, PersonName: "Neuere Zahlung"}
	rawPut(t, s, KindClaim, c1, c2)

	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var plan *RetentionPlan
	if err := s.View(func(tx *Tx) (err error) { plan, err = PlanRetention(tx); return err }); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the preview changed the file")
	}
	want := map[model.RetentionKind]int{model.RetainParticipants: 1, model.RetainClientRef: 1, model.RetainInterpreters: 2, model.RetainPayments: 1}
	for k, n := range want {
		if plan.Count(k) != n {
			t.Errorf("%s: %d due, want %d (%+v)", k, plan.Count(k), n, plan.Items)
		}
	}
	for _, it := range plan.Items {
		if it.Rule == model.RetainClientRef && it.Due != model.NewDate(2025, 1, 1) {
			t.Errorf("client ref of 01.01.2024 due %s, want 01.01.2025", it.Due)
		}
		if it.Rule == model.RetainPayments && it.Due != model.NewDate(2026, 1, 1) {
			t.Errorf("claim of 2017 due %s, want 01.01.2026", it.Due)
		}
	}
	var res RetentionResult
	if err := s.Update("test", func(tx *Tx) (err error) { _, res, err = RunRetention(tx); return err }); err != nil {
		t.Fatal(err)
	}
	if res.Total != 5 {
		t.Errorf("done %d, want 5: %+v", res.Total, res)
	}
	err = s.View(func(tx *Tx) error {
		if e, _ := Events.Get(tx, old.ID); e.Erased.IsZero() {
			t.Error("old event's contact data not erased")
		}
		if e, _ := Events.Get(tx, recent.ID); !e.Erased.IsZero() {
			t.Error("recent event erased too early")
		}
		if e, _ := Einsaetze.Get(tx, e1.ID); e == nil || e.ClientRef != "" {
			t.Errorf("old client ref kept: %+v", e)
		}
		if e, _ := Einsaetze.Get(tx, e2.ID); e == nil || e.ClientRef != "B. L." {
			t.Errorf("recent client ref lost: %+v", e)
		}
		if p, _ := People.Get(tx, lina.ID); p == nil || p.Interpreter != nil || p.Volunteer == nil {
			t.Errorf("Lina should keep only her volunteer profile: %+v", p)
		}
		if _, err := People.Get(tx, omar.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("Omar should be erased: %v", err)
		}
		if _, err := People.Get(tx, rita.ID); err != nil {
			t.Errorf("Rita lost: %v", err)
		}
		if _, err := Claims.Get(tx, c1.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("claim of 2017 kept: %v", err)
		}
		if _, err := Claims.Get(tx, c2.ID); err != nil {
			t.Errorf("claim of 2018 lost: %v", err)
		}
		list, _ := Ledger(tx)
		if len(list) < 5 {
			t.Errorf("ledger has %d entries", len(list))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A second preview finds nothing due.
	if err := s.View(func(tx *Tx) (err error) { plan, err = PlanRetention(tx); return err }); err != nil || len(plan.Items) != 0 {
		t.Errorf("after the run: %v %+v", err, plan.Items)
	}
}

func TestRetentionRulesAreDataAndValidated(t *testing.T) {
	s := openNetStore(t, day(2026, 6, 1))
	rules := model.DefaultRetentionRules()
	rules[0].Months = 6
	if err := s.Update("test", func(tx *Tx) error { return SaveRetentionRules(tx, rules) }); err != nil {
		t.Fatal(err)
	}
	bad := model.DefaultRetentionRules()
	bad[3].Months = 0
	if err := s.Update("test", func(tx *Tx) error { return SaveRetentionRules(tx, bad) }); err == nil {
		t.Error("a period of 0 months was accepted")
	}
	_ = s.View(func(tx *Tx) error {
		rs, err := LoadRetentionRules(tx)
		if err != nil || rs.Rule(model.RetainParticipants).Months != 6 || rs.Rule(model.RetainPayments).Months != 96 {
			t.Errorf("rules %+v %v", rs, err)
		}
		return nil
	})
}

// A stored rule set that breaks the rules (written by a damaged or foreign
// copy) stops the Löschlauf with a German sentence and is named by check,
// instead of erasing with a period of 0 months.
func TestBrokenRetentionRulesStopTheLöschlauf(t *testing.T) {
	s := openNetStore(t, day(2026, 6, 1))
	if err := s.Update("test", func(tx *Tx) error {
		return settingsKind{}.Restore(tx, retentionID, []byte(`{"rules":[{"kind":"teilnehmende","basis":"x","months":0}]}`))
	}); err != nil {
		t.Fatal(err)
	}
	err := s.View(func(tx *Tx) error { _, err := PlanRetention(tx); return err })
	if err == nil || !strings.Contains(err.Error(), "Löschfristen") {
		t.Errorf("plan with broken rules: %v", err)
	}
	err = s.Update("test", func(tx *Tx) error { _, _, err := RunRetention(tx); return err })
	if err == nil {
		t.Error("the Löschlauf ran with broken rules")
	}
	if rep := s.Check(); rep.OK() {
		t.Error("check does not name the broken rules")
	}
}
