package store

import (
	"errors"
	"strings"
	"testing"

	"stabsstelle/model"
)

func TestSettingsSaveRefusesBadTablesAndKeepsThemSorted(t *testing.T) {
	s := openKosten(t)
	// Two tariffs from the same day: refused with the field of the form.
	err := s.Update("meier", func(tx *Tx) error {
		set, _ := LoadSprachmittlungSettings(tx)
		dup := set.Tariffs[0]
		dup.RatePerHour = 1800
		set.Tariffs = append(set.Tariffs, dup)
		return SaveSprachmittlungSettings(tx, set)
	})
	var v model.ValidationError
	if !errors.As(err, &v) || !strings.Contains(v.For("validFrom"), "gilt schon ein Tarif") {
		t.Errorf("duplicate tariff date: %v", err)
	}
	err = s.Update("meier", func(tx *Tx) error {
		set, _ := LoadSprachmittlungSettings(tx)
		set.Intake.LeadWorkingDays = 400
		return SaveSprachmittlungSettings(tx, set)
	})
	if !errors.As(err, &v) || v.For("leadWorkingDays") == "" {
		t.Errorf("absurd lead time: %v", err)
	}
	// A mileage rate of 30 € per km and a missing yearly amount are refused.
	err = s.Update("meier", func(tx *Tx) error {
		set, _ := LoadKostenSettings(tx)
		set.KmRates[0].PerKm = 3000
		return SaveKostenSettings(tx, set)
	})
	if !errors.As(err, &v) || v.For("perKm") == "" {
		t.Errorf("absurd km rate: %v", err)
	}
	err = s.Update("meier", func(tx *Tx) error {
		set, _ := LoadKostenSettings(tx)
		set.Limits = model.Limits{{Kind: model.LimitEhrenamt, FromYear: 2026, Amount: 96000}}
		return SaveKostenSettings(tx, set)
	})
	if !errors.As(err, &v) || !strings.Contains(v.For("kind"), "Übungsleiterpauschale") {
		t.Errorf("kind without amount: %v", err)
	}
	// Valid additions are stored in date order.
	if err := s.Update("meier", func(tx *Tx) error {
		set, _ := LoadKostenSettings(tx)
		set.KmRates = append(model.KmRates{{ValidFrom: model.NewDate(2027, 1, 1), Vehicle: model.VehicleAuto, PerKm: 35, Cap: 15000}}, set.KmRates...)
		set.Limits = append(model.Limits{{Kind: model.LimitEhrenamt, FromYear: 2028, Amount: 100000}}, set.Limits...)
		return SaveKostenSettings(tx, set)
	}); err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *Tx) error {
		set, _ := LoadKostenSettings(tx)
		if r, _ := set.KmRates.For(model.VehicleAuto, model.NewDate(2027, 3, 1)); r.PerKm != 35 {
			t.Errorf("new rate not used: %+v", r)
		}
		if r, _ := set.KmRates.For(model.VehicleAuto, model.NewDate(2026, 12, 31)); r.PerKm != 30 {
			t.Errorf("old rate changed: %+v", r)
		}
		if set.KmRates[0].Vehicle != model.VehicleAuto || set.KmRates[1].ValidFrom != model.NewDate(2027, 1, 1) {
			t.Errorf("km rates not sorted: %+v", set.KmRates)
		}
		if last := set.Limits[3]; last.FromYear != 2028 || set.Limits[4].Kind != model.LimitUebungsleiter {
			t.Errorf("limits not sorted: %+v", set.Limits)
		}
		return nil
	})
}

// TestSettingsChangeCanBeUndone: ctrl+z after a change on "Regeln & Sätze"
// brings the old rates back, and the next ctrl+z goes on to the change
// before it instead of being blocked by the settings entry.
func TestSettingsChangeCanBeUndone(t *testing.T) {
	s := openKosten(t)
	p := &model.Person{Name: "Vorher Angelegt"}
	if err := s.Update("meier", func(tx *Tx) error { return People.Put(tx, p) }); err != nil {
		t.Fatal(err)
	}
	buffer := func() int {
		var b int
		s.View(func(tx *Tx) error {
			set, _ := LoadSprachmittlungSettings(tx)
			b = set.BufferMinutes
			return nil
		})
		return b
	}
	setBuffer := func(who string, m int) {
		t.Helper()
		if err := s.Update(who, func(tx *Tx) error {
			set, _ := LoadSprachmittlungSettings(tx)
			set.BufferMinutes = m
			return SaveSprachmittlungSettings(tx, set)
		}); err != nil {
			t.Fatal(err)
		}
	}
	def := buffer()
	setBuffer("meier", def+10)
	setBuffer("meier", def+20)

	res, err := undoAs(t, s, "meier")
	if err != nil || !strings.Contains(res.Text, "Regeln & Sätze „Sprachmittlung“") {
		t.Fatalf("first undo: %q, %v", res.Text, err)
	}
	if got := buffer(); got != def+10 {
		t.Errorf("after one undo buffer = %d, want %d", got, def+10)
	}
	if _, err := undoAs(t, s, "meier"); err != nil {
		t.Fatalf("second undo: %v", err)
	}
	if got := buffer(); got != def {
		t.Errorf("after two undos buffer = %d, want the default %d", got, def)
	}
	// Not blocked: the person created before the settings changes goes next.
	if _, err := undoAs(t, s, "meier"); err != nil {
		t.Fatalf("third undo: %v", err)
	}
	if _, found := safetyPersonName(t, s, p.ID); found {
		t.Error("the person created before the settings changes is still there")
	}
	mustCheckClean(t, s)

	// Changed by somebody else since: refused, naming who, nothing changed.
	setBuffer("meier", def+30)
	setBuffer("schulz", def+40)
	_, err = undoAs(t, s, "meier")
	if err == nil || !strings.Contains(err.Error(), "seitdem geändert (von schulz am ") {
		t.Fatalf("undo after another's change: %v", err)
	}
	if got := buffer(); got != def+40 {
		t.Errorf("refused undo changed the buffer to %d", got)
	}
}
