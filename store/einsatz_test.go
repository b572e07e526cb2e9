package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

type smFixture struct {
	s      *Store
	org    *model.Organisation
	amina  *model.Person // Arabisch (Syrisch), Gifhorn
	yonas  *model.Person // Tigrinya, Wittingen
	paused *model.Person
}

func smAt(y int, m time.Month, d, hh, mm int) time.Time {
	return model.At(model.NewDate(y, m, d), model.Clock(hh*60+mm))
}

func smOpen(t testing.TB) *smFixture {
	t.Helper()
	now := smAt(2026, 3, 2, 8, 0)
	s, err := Open(filepath.Join(t.TempDir(), "sm.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	f := &smFixture{s: s}
	trained := func(name string, g model.Gender, home string, langs ...model.LanguageSkill) *model.Person {
		return &model.Person{Name: name, Gender: g, Interpreter: &model.InterpreterProfile{Languages: langs, HomePlace: home,
			Active: true, Grundschulung: model.NewDate(2025, 1, 1), Schweigepflicht: model.NewDate(2025, 1, 1),
			FuehrungszeugnisSeen: model.NewDate(2025, 1, 1)}}
	}
	f.org = &model.Organisation{Name: "Jobcenter Gifhorn", Kind: model.OrgJobcenter, City: "Gifhorn"}
	f.amina = trained("Amina Haddad", model.GenderFemale, "Gifhorn", model.LanguageSkill{Language: "Arabisch", Dialect: "Syrisch"})
	f.yonas = trained("Yonas Tesfaye", model.GenderMale, "Wittingen", model.LanguageSkill{Language: "Tigrinya"})
	f.paused = trained("Paul Pause", model.GenderMale, "Gifhorn", model.LanguageSkill{Language: "Tigrinya"})
	f.paused.Interpreter.Active = false
	err = s.Update("test", func(tx *Tx) error {
		if err := Organisations.Put(tx, f.org); err != nil {
			return err
		}
		for _, p := range []*model.Person{f.amina, f.yonas, f.paused, {Name: "Nur Kontakt"}} {
			if err := People.Put(tx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *smFixture) add(t *testing.T, lang string, start time.Time, d time.Duration, s model.Setting) *model.Einsatz {
	t.Helper()
	e := &model.Einsatz{OrganisationID: f.org.ID, Language: lang, Setting: s, Place: "Gifhorn", Address: "Am Markt 1",
		Start: start, Duration: d, Status: model.StatusSuche}
	if err := f.s.Update("test", func(tx *Tx) error { return Einsaetze.Put(tx, e) }); err != nil {
		t.Fatal(err)
	}
	return e
}

func (f *smFixture) assign(e *model.Einsatz, p *model.Person) error {
	return f.s.Update("test", func(tx *Tx) error {
		cur, err := Einsaetze.Get(tx, e.ID)
		if err != nil {
			return err
		}
		return AssignInterpreter(tx, e.ID, p.ID, cur.Version)
	})
}

func (f *smFixture) get(t *testing.T, id string) *model.Einsatz {
	t.Helper()
	var e *model.Einsatz
	if err := f.s.View(func(tx *Tx) (err error) { e, err = Einsaetze.Get(tx, id); return }); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEinsatzRowsAndRanges(t *testing.T) {
	f := smOpen(t)
	e1 := f.add(t, "Tigrinya", smAt(2026, 3, 12, 9, 0), time.Hour, model.SettingOnSite)
	e2 := f.add(t, "Arabisch", smAt(2026, 3, 12, 23, 30), 30*time.Minute, model.SettingPhone) // 22:30 UTC
	e3 := f.add(t, "Dari", smAt(2026, 3, 13, 0, 15), time.Hour, model.SettingVideo)           // still 12.03. in UTC
	if e1.Number != "E-2026-0001" || e3.Number != "E-2026-0003" {
		t.Errorf("numbers %s %s", e1.Number, e3.Number)
	}
	_ = f.s.View(func(tx *Tx) error {
		rows, err := LoadEinsatzRows(tx)
		if err != nil || len(rows) != 3 {
			t.Fatalf("%v %d", err, len(rows))
		}
		r := rows[0]
		if r.ID != e1.ID || r.Number != e1.Number || !r.Start.Equal(e1.Start) || !r.End.Equal(e1.End()) ||
			r.Language != "Tigrinya" || r.OrganisationID != f.org.ID || r.Place != "Gifhorn" || r.Status != model.StatusSuche ||
			r.Setting != model.SettingOnSite {
			t.Errorf("row %+v", r)
		}
		day, _ := EinsaetzeOfDay(tx, model.NewDate(2026, 3, 12))
		if len(day) != 2 || day[1].ID != e2.ID {
			t.Errorf("Berlin day 12.03.: %+v", day)
		}
		day, _ = EinsaetzeOfDay(tx, model.NewDate(2026, 3, 13))
		if len(day) != 1 || day[0].ID != e3.ID {
			t.Errorf("Berlin day 13.03.: %+v", day)
		}
		return nil
	})
	// moving an Einsatz moves its index entries
	if err := f.s.Update("test", func(tx *Tx) error {
		e, _ := Einsaetze.Get(tx, e1.ID)
		e.Start = smAt(2026, 3, 20, 9, 0)
		return SaveEinsatz(tx, e)
	}); err != nil {
		t.Fatal(err)
	}
	_ = f.s.View(func(tx *Tx) error {
		rows, _ := LoadEinsatzRows(tx)
		if len(rows) != 3 || rows[2].ID != e1.ID {
			t.Errorf("after move: %+v", rows)
		}
		return nil
	})
}

func TestAssignRefusesOverlapNamingNumber(t *testing.T) {
	f := smOpen(t)
	a := f.add(t, "Tigrinya", smAt(2026, 3, 12, 9, 0), time.Hour, model.SettingOnSite)
	b := f.add(t, "Tigrinya", smAt(2026, 3, 12, 10, 15), time.Hour, model.SettingOnSite) // inside the 30 min buffer
	c := f.add(t, "Tigrinya", smAt(2026, 3, 12, 10, 30), time.Hour, model.SettingOnSite) // just after it
	if err := f.assign(a, f.yonas); err != nil {
		t.Fatal(err)
	}
	if got := f.get(t, a.ID); got.Status != model.StatusVermittelt || got.InterpreterID != f.yonas.ID {
		t.Fatalf("a: %s %s", got.Status, got.InterpreterID)
	}
	err := f.assign(b, f.yonas)
	var booked *ErrBooked
	if !errors.As(err, &booked) || booked.Number != a.Number || !strings.Contains(err.Error(), a.Number) || !strings.Contains(err.Error(), "Yonas Tesfaye") {
		t.Fatalf("overlap: %v", err)
	}
	if got := f.get(t, b.ID); got.Status != model.StatusSuche || got.InterpreterID != "" || got.Version != b.Version {
		t.Errorf("refused assignment changed b: %+v", got)
	}
	if err := f.assign(c, f.yonas); err != nil {
		t.Errorf("after buffer: %v", err)
	}
	if err := f.assign(b, f.paused); err == nil || !strings.Contains(err.Error(), "pausiert") {
		t.Errorf("paused: %v", err)
	}
	// stale version
	err = f.s.Update("test", func(tx *Tx) error { return AssignInterpreter(tx, b.ID, f.amina.ID, b.Version+7) })
	var conflict *ErrConflict
	if !errors.As(err, &conflict) {
		t.Errorf("stale version: %v", err)
	}
	// moving a booked Einsatz into another booking is refused too
	err = f.s.Update("test", func(tx *Tx) error {
		e, _ := Einsaetze.Get(tx, c.ID)
		e.Start = smAt(2026, 3, 12, 9, 30)
		return SaveEinsatz(tx, e)
	})
	if !errors.As(err, &booked) || booked.Number != a.Number {
		t.Errorf("move into booking: %v", err)
	}
	// without buffer (setting) b fits after a? 10:15 > 10:00 yes, but c at 10:30 overlaps b.
	if err := f.s.Update("test", func(tx *Tx) error {
		set, _ := LoadSprachmittlungSettings(tx)
		set.BufferMinutes = 0
		return SaveSprachmittlungSettings(tx, set)
	}); err != nil {
		t.Fatal(err)
	}
	if err := f.assign(b, f.yonas); !errors.As(err, &booked) || booked.Number != c.Number {
		t.Errorf("no buffer, overlap with c: %v", err)
	}
}

func TestAbgesprungenFreesInterpreter(t *testing.T) {
	f := smOpen(t)
	a := f.add(t, "Tigrinya", smAt(2026, 3, 12, 9, 0), time.Hour, model.SettingOnSite)
	if err := f.assign(a, f.yonas); err != nil {
		t.Fatal(err)
	}
	if err := f.s.Update("test", func(tx *Tx) error {
		e, _ := Einsaetze.Get(tx, a.ID)
		if err := e.Cancel(model.Absage{By: model.CancelByInterpreter, Received: tx.Now(), Reason: "krank"}, tx.Now(), tx.Who(), model.DefaultTariffs()[0]); err != nil {
			return err
		}
		return SaveEinsatz(tx, e)
	}); err != nil {
		t.Fatal(err)
	}
	_ = f.s.View(func(tx *Tx) error {
		rows, _ := EinsaetzeOfInterpreter(tx, f.yonas.ID, time.Time{}, time.Time{})
		if len(rows) != 0 {
			t.Errorf("interpreter index still lists %+v", rows)
		}
		return nil
	})
}

func TestMatchCandidatesAndSearch(t *testing.T) {
	f := smOpen(t)
	a := f.add(t, "Tigrinya", smAt(2026, 3, 12, 9, 0), time.Hour, model.SettingOnSite)
	if err := f.assign(a, f.yonas); err != nil {
		t.Fatal(err)
	}
	b := f.add(t, "Tigrinya", smAt(2026, 3, 12, 9, 30), time.Hour, model.SettingOnSite)
	d := f.add(t, "Tigrinya", smAt(2026, 3, 13, 9, 30), time.Hour, model.SettingOnSite)
	_ = f.s.View(func(tx *Tx) error {
		m, err := MatchCandidates(tx, f.get(t, b.ID))
		if err != nil || len(m.Offered) != 0 {
			t.Errorf("b: Yonas is booked, Paul paused: %v %+v", err, m.Offered)
		}
		why := map[string]string{}
		for _, x := range m.Excluded {
			why[x.Person.Name] = x.Reason
		}
		if why["Yonas Tesfaye"] != "belegt: "+a.Number || why["Paul Pause"] != "pausiert" || len(why) != 2 {
			t.Errorf("b: every Tigrinya interpreter with the reason: %v", why)
		}
		m, _ = MatchCandidates(tx, f.get(t, d.ID))
		if cs := m.Offered; len(cs) != 1 || cs[0].Person.ID != f.yonas.ID || cs[0].MonthCount != 1 {
			t.Errorf("d: %+v", cs)
		}
		ps, _ := Interpreters(tx)
		if len(ps) != 3 {
			t.Errorf("interpreters %d", len(ps))
		}
		hits, err := Search(tx, strings.ToLower(a.Number), 10)
		if err != nil || len(hits) == 0 || hits[0].ID != a.ID || hits[0].Rank != 0 || !strings.Contains(hits[0].Summary, "Yonas Tesfaye") {
			t.Errorf("number search: %v %+v", err, hits)
		}
		hits, _ = Search(tx, "tigrinya yonas", 10)
		kinds := map[string]int{}
		for _, h := range hits {
			kinds[h.Kind]++
		}
		if kinds[KindEinsatz] != 1 || kinds[KindPerson] != 1 {
			t.Errorf("tigrinya yonas: %+v", hits)
		}
		hits, _ = Search(tx, "jobcenter tigrinya", 10)
		if len(hits) < 3 {
			t.Errorf("jobcenter tigrinya: %+v", hits)
		}
		return nil
	})
}

func TestSprachmittlungSettings(t *testing.T) {
	f := smOpen(t)
	_ = f.s.View(func(tx *Tx) error {
		set, err := LoadSprachmittlungSettings(tx)
		if err != nil || set.BufferMinutes != 30 || len(set.Tariffs) != 1 || set.Intake.LeadWorkingDays != 5 {
			t.Errorf("defaults %+v %v", set, err)
		}
		return nil
	})
	err := f.s.Update("test", func(tx *Tx) error {
		set, _ := LoadSprachmittlungSettings(tx)
		set.Tariffs = append(set.Tariffs, model.Tariff{ValidFrom: model.NewDate(2027, 1, 1), RatePerHour: 1800, UnitMinutes: 30, MinimumUnits: 2})
		return SaveSprachmittlungSettings(tx, set)
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = f.s.View(func(tx *Tx) error {
		set, _ := LoadSprachmittlungSettings(tx)
		if set.TariffAt(model.NewDate(2026, 12, 31)).RatePerHour != 1500 || set.TariffAt(model.NewDate(2027, 1, 1)).RatePerHour != 1800 {
			t.Errorf("%+v", set.Tariffs)
		}
		return nil
	})
	err = f.s.Update("test", func(tx *Tx) error {
		return SaveSprachmittlungSettings(tx, SprachmittlungSettings{BufferMinutes: -1})
	})
	if err == nil {
		t.Error("invalid settings saved")
	}
}

func TestDecodeRowRejectsGarbage(t *testing.T) {
	for _, v := range []string{"", "1", "2\x1fx", "1\x1fE\x1fx\x1f0", "1\x1fE-1\x1f1\x1f2"} {
		if _, ok := decodeRow("id", []byte(v)); ok {
			t.Errorf("%q decoded", v)
		}
	}
	r := EinsatzRow{ID: "id", Number: "E-2026-0001", Start: time.Unix(1700000000, 0).UTC(), End: time.Unix(1700003600, 0).UTC(),
		Status: model.StatusVermittelt, Language: "Arabisch\x1f", Dialect: "Syrisch", InterpreterID: "p", OrganisationID: "o",
		Place: "Gifhorn", Setting: model.SettingPhone, Topic: model.TopicSchule, Urgent: true}
	got, ok := decodeRow("id", encodeRow(r))
	r.Language = "Arabisch"
	if !ok || got != r {
		t.Errorf("%+v", got)
	}
}

// TestEinsaetzeAround: the first screen's window – the given number of
// Einsätze before a moment and from it on, in start order.
func TestEinsaetzeAround(t *testing.T) {
	f := smOpen(t)
	var starts []time.Time
	for d := 1; d <= 9; d++ {
		e := f.add(t, "Dari", smAt(2026, 3, d, 9, 0), time.Hour, model.SettingOnSite)
		starts = append(starts, e.Start)
	}
	f.s.View(func(tx *Tx) error {
		rows, err := EinsaetzeAround(tx, smAt(2026, 3, 5, 0, 0), 2, 3)
		if err != nil || len(rows) != 5 {
			t.Fatalf("%d rows, %v", len(rows), err)
		}
		for i, r := range rows {
			if !r.Start.Equal(starts[2+i]) {
				t.Errorf("row %d starts %v, want %v", i, r.Start, starts[2+i])
			}
		}
		return nil
	})
}
