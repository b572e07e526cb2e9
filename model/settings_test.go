package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// fieldMsg returns the message about field in err, or "".
func fieldMsg(t *testing.T, err error, field string) string {
	t.Helper()
	var v ValidationError
	if err == nil {
		return ""
	}
	if !errors.As(err, &v) {
		t.Fatalf("%v is no ValidationError", err)
	}
	return v.For(field)
}

func TestTariffValidateRejectsAbsurdValues(t *testing.T) {
	ok := DefaultTariffs()[0]
	if err := ok.Validate(); err != nil {
		t.Fatalf("default tariff invalid: %v", err)
	}
	cases := []struct {
		name  string
		edit  func(*Tariff)
		field string
		want  string
	}{
		{"no date", func(t *Tariff) { t.ValidFrom = Date{} }, "validFrom", "ab wann"},
		{"year typo", func(t *Tariff) { t.ValidFrom = NewDate(1026, 1, 1) }, "validFrom", "Tippfehler"},
		{"negative rate", func(t *Tariff) { t.RatePerHour = -100 }, "ratePerHour", "zwischen 0 und 1.000"},
		{"rate in cents typed as euros", func(t *Tariff) { t.RatePerHour = 150000 }, "ratePerHour", "Stundensatz"},
		{"zero unit", func(t *Tariff) { t.UnitMinutes = 0 }, "unitMinutes", "Abrechnungseinheit"},
		{"negative minimum", func(t *Tariff) { t.MinimumUnits = -1 }, "minimumUnits", "Mindesteinheiten"},
		{"km rate 30 €", func(t *Tariff) { t.KmRate = 3000 }, "kmRate", "Kilometersatz"},
		{"cancel hours", func(t *Tariff) { t.CancelHours = 1000 }, "cancelHours", "Absagefrist"},
		{"cancel units", func(t *Tariff) { t.CancelUnits = -2 }, "cancelUnits", "Ausfalleinheiten"},
		{"name with newline", func(t *Tariff) { t.Name = "a\nb" }, "name", "Zeilenumbrüche"},
		{"long note", func(t *Tariff) { t.Note = strings.Repeat("x", 121) }, "note", "höchstens 120"},
	}
	for _, c := range cases {
		tr := ok
		c.edit(&tr)
		if msg := fieldMsg(t, tr.Validate(), c.field); !strings.Contains(msg, c.want) {
			t.Errorf("%s: message for %s = %q, want %q", c.name, c.field, msg, c.want)
		}
	}
}

func TestValidateTariffsNeedsOneAndDistinctDates(t *testing.T) {
	if msg := fieldMsg(t, ValidateTariffs(nil), "tariffs"); !strings.Contains(msg, "mindestens einen Tarif") {
		t.Errorf("empty table: %q", msg)
	}
	a := DefaultTariffs()[0]
	b := a
	b.RatePerHour = 1800
	msg := fieldMsg(t, ValidateTariffs([]Tariff{a, b}), "validFrom")
	if !strings.Contains(msg, "Ab dem 01.01.2018 gilt schon ein Tarif") {
		t.Errorf("duplicate date: %q", msg)
	}
	b.ValidFrom = NewDate(2027, 1, 1)
	if err := ValidateTariffs([]Tariff{a, b}); err != nil {
		t.Errorf("two dates: %v", err)
	}
	b.KmRate = -1
	if msg := fieldMsg(t, ValidateTariffs([]Tariff{a, b}), "kmRate"); !strings.HasPrefix(msg, "Tarif ab 01.01.2027: ") {
		t.Errorf("entry problem does not name the entry: %q", msg)
	}
}

func TestIntakeRulesValidate(t *testing.T) {
	if err := DefaultIntakeRules().Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	cases := []struct {
		name  string
		edit  func(*IntakeRules)
		field string
		want  string
	}{
		{"negative lead", func(r *IntakeRules) { r.LeadWorkingDays = -1 }, "leadWorkingDays", "Vorlauf"},
		{"lead of a year", func(r *IntakeRules) { r.LeadWorkingDays = 250 }, "leadWorkingDays", "60 Werktagen"},
		{"negative duration", func(r *IntakeRules) { r.MaxDuration = -time.Hour }, "maxDuration", "Höchstdauer"},
		{"two days", func(r *IntakeRules) { r.MaxDuration = 48 * time.Hour }, "maxDuration", "12 Stunden"},
		{"unknown topic", func(r *IntakeRules) { r.Topics = map[Topic]TopicRule{"astrologie": TopicExcluded} }, "topics", "Unbekannter Themenbereich"},
		{"unknown rule", func(r *IntakeRules) { r.Topics = map[Topic]TopicRule{TopicSchule: "vielleicht"} }, "topics", "Unbekannte Regel"},
		{"unknown org kind", func(r *IntakeRules) { r.AllowedOrgKinds = []OrgKind{"ufo"} }, "allowedOrgKinds", "Unbekannte Art"},
		{"org kind twice", func(r *IntakeRules) { r.AllowedOrgKinds = []OrgKind{OrgKita, OrgKita} }, "allowedOrgKinds", "doppelt"},
	}
	for _, c := range cases {
		r := DefaultIntakeRules()
		c.edit(&r)
		if msg := fieldMsg(t, r.Validate(), c.field); !strings.Contains(msg, c.want) {
			t.Errorf("%s: %q, want %q", c.name, msg, c.want)
		}
	}
}

func TestKmRatesValidate(t *testing.T) {
	if err := DefaultKmRates.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	cases := []struct {
		name  string
		edit  func(KmRates) KmRates
		field string
		want  string
	}{
		{"negative rate", func(r KmRates) KmRates { r[0].PerKm = -30; return r }, "perKm", "Auto ab 01.01.2021: Der km-Satz liegt zwischen 0 und 2,00 €"},
		{"30 € per km", func(r KmRates) KmRates { r[0].PerKm = 3000; return r }, "perKm", "km-Satz"},
		{"negative cap", func(r KmRates) KmRates { r[0].Cap = -1; return r }, "cap", "Höchstbetrag"},
		{"unknown vehicle", func(r KmRates) KmRates { r[0].Vehicle = "kutsche"; return r }, "vehicle", "Fahrzeug wählen"},
		{"no date", func(r KmRates) KmRates { r[0].ValidFrom = Date{}; return r }, "validFrom", "ab wann"},
		{"same vehicle and day twice", func(r KmRates) KmRates {
			return append(r, KmRate{ValidFrom: Date{2021, 1, 1}, Vehicle: VehicleAuto, PerKm: 25})
		},
			"validFrom", "Für Auto gilt ab dem 01.01.2021 schon ein km-Satz"},
		{"last car rate gone", func(r KmRates) KmRates { return r[1:] }, "vehicle", "Für Auto bleibt kein km-Satz"},
	}
	for _, c := range cases {
		r := c.edit(append(KmRates(nil), DefaultKmRates...))
		if msg := fieldMsg(t, r.Validate(), c.field); !strings.Contains(msg, c.want) {
			t.Errorf("%s: %q, want %q", c.name, msg, c.want)
		}
	}
	if !DefaultKmRates[0].Assumed() {
		t.Error("default rate not marked as assumption")
	}
	own := DefaultKmRates[0]
	own.PerKm = 25
	if own.Assumed() {
		t.Error("the office's own rate marked as assumption")
	}
}

func TestLimitsValidate(t *testing.T) {
	if err := DefaultLimits.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	cases := []struct {
		name  string
		edit  func(Limits) Limits
		field string
		want  string
	}{
		{"zero amount", func(l Limits) Limits { l[0].Amount = 0; return l }, "amount", "Jahresbetrag"},
		{"absurd amount", func(l Limits) Limits { l[0].Amount = 96000000; return l }, "amount", "20.000,00 €"},
		{"year typo", func(l Limits) Limits { l[0].FromYear = 226; return l }, "fromYear", "2000 und 2100"},
		{"unknown kind", func(l Limits) Limits { l[0].Kind = "sport"; return l }, "kind", "Art wählen"},
		{"same kind and year", func(l Limits) Limits { return append(l, AllowanceLimit{LimitEhrenamt, 2026, 100000}) },
			"fromYear", "Für die Ehrenamtspauschale gibt es ab 2026 schon einen Betrag"},
		{"last Übungsleiter amount gone", func(l Limits) Limits { return l[:3] }, "kind", "Für die Übungsleiterpauschale bleibt kein Betrag"},
	}
	for _, c := range cases {
		l := c.edit(append(Limits(nil), DefaultLimits...))
		if msg := fieldMsg(t, l.Validate(), c.field); !strings.Contains(msg, c.want) {
			t.Errorf("%s: %q, want %q", c.name, msg, c.want)
		}
	}
	s := Limits{{LimitUebungsleiter, 2026, 1}, {LimitEhrenamt, 2026, 2}, {LimitEhrenamt, 2021, 3}}.Sorted()
	if s[0].FromYear != 2021 || s[1].FromYear != 2026 || s[2].Kind != LimitUebungsleiter {
		t.Errorf("sorted: %+v", s)
	}
}
