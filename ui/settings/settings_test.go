package settings

import (
	"flag"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/theme"
	"stabsstelle/ui/uitest"
)

var update = flag.Bool("update", false, "golden-Dateien neu schreiben")

// testNow is Thursday 05.03.2026, 10:00 in Berlin.
var testNow = model.At(model.NewDate(2026, 3, 5), model.Clock(10*60))

type fixture struct {
	st     *store.Store
	m      *Model
	events <-chan []store.Event
	status []common.StatusMsg
	closed bool
}

func newFixture(t testing.TB, dark bool, w, h int) *fixture {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := &common.Context{Store: st, User: "anna", Roles: model.AllTeamRoles, Styles: theme.New(dark), Global: keys.DefaultGlobal(),
		List: keys.DefaultList(), Now: func() time.Time { return testNow }, Width: w, Height: h}
	f := &fixture{st: st, m: New(ctx), events: uitest.Events(t, st)}
	f.send(t, tea.WindowSizeMsg{Width: w, Height: h})
	f.run(t, f.m.Init())
	return f
}

func (f *fixture) run(t testing.TB, cmd tea.Cmd) {
	t.Helper()
	(&uitest.Drainer{Update: func(msg tea.Msg) tea.Cmd {
		if _, ok := msg.(ClosedMsg); ok {
			f.closed = true
			return nil
		}
		return f.m.Update(msg)
	}, Events: f.events, Status: func(s common.StatusMsg) { f.status = append(f.status, s) }}).Run(t, cmd)
}

func (f *fixture) send(t testing.TB, msg tea.Msg) { t.Helper(); f.run(t, f.m.Update(msg)) }

var special = map[string]tea.KeyPressMsg{
	"enter":     {Code: tea.KeyEnter},
	"esc":       {Code: tea.KeyEscape},
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"up":        {Code: tea.KeyUp},
	"down":      {Code: tea.KeyDown},
	"clear":     {Code: 'u', Mod: tea.ModCtrl}, // deletes the field's text before the cursor
	"ctrl+s":    {Code: 's', Mod: tea.ModCtrl}, // saves a form from any field
}

// press sends special keys by name, anything else as typed text.
func (f *fixture) press(t testing.TB, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if msg, ok := special[k]; ok {
			f.send(t, msg)
			continue
		}
		for _, r := range k {
			f.send(t, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

func (f *fixture) view() string { return ansi.Strip(f.m.View()) }

func (f *fixture) wantView(t testing.TB, subs ...string) {
	t.Helper()
	v := f.view()
	for _, s := range subs {
		if !strings.Contains(v, s) {
			t.Fatalf("screen lacks %q:\n%s", s, v)
		}
	}
}

func (f *fixture) lastStatus() common.StatusMsg {
	if len(f.status) == 0 {
		return common.StatusMsg{}
	}
	return f.status[len(f.status)-1]
}

func (f *fixture) sm(t testing.TB) store.SprachmittlungSettings {
	t.Helper()
	var s store.SprachmittlungSettings
	if err := f.st.View(func(tx *store.Tx) error { var err error; s, err = store.LoadSprachmittlungSettings(tx); return err }); err != nil {
		t.Fatal(err)
	}
	return s
}

func (f *fixture) ks(t testing.TB) store.KostenSettings {
	t.Helper()
	var s store.KostenSettings
	if err := f.st.View(func(tx *store.Tx) error { var err error; s, err = store.LoadKostenSettings(tx); return err }); err != nil {
		t.Fatal(err)
	}
	return s
}

// nachweis records an Einsatznachweis the way the Sprachmittlung tab does:
// the tariff valid on the Einsatz day, copied into the sheet.
func nachweis(t *testing.T, st *store.Store, start time.Time) *model.Einsatz {
	t.Helper()
	org := &model.Organisation{Name: "Jobcenter Gifhorn", Kind: model.OrgJobcenter}
	e := &model.Einsatz{Language: "Tigrinya", Setting: model.SettingOnSite, Place: "Gifhorn", Start: start,
		Duration: time.Hour, Status: model.StatusVermittelt, InterpreterID: "p1"}
	err := st.Update("anna", func(tx *store.Tx) error {
		if err := store.Organisations.Put(tx, org); err != nil {
			return err
		}
		e.OrganisationID = org.ID
		set, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return err
		}
		if err := e.RecordNachweis(model.Einsatznachweis{ActualStart: start, ActualEnd: start.Add(time.Hour), Km: 100},
			set.TariffAt(model.DateOf(start))); err != nil {
			return err
		}
		return store.Einsaetze.Put(tx, e)
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestNewTariffFromAFutureDateIsUsedFromThatDayOn(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	before := nachweis(t, f.st, model.At(model.NewDate(2026, 3, 2), model.Clock(9*60)))
	f.wantView(t, "Regeln & Sätze", "01.01.2018", "15,00 €", "Annahme, bitte mit dem Landkreis abstimmen")

	f.press(t, "n")
	f.wantView(t, "Neuer Tarif", "Gültig ab", "behalten ihre Beträge")
	f.press(t, "01.01.2027", "enter", "enter") // date, name kept
	f.press(t, "clear", "18", "enter")         // Stundensatz
	for i := 0; i < 8; i++ {                   // Takt … Hinweis as prefilled
		f.press(t, "enter")
	}
	if f.m.frm != nil {
		t.Fatalf("form still open:\n%s", f.view())
	}
	if st := f.lastStatus(); st.Err != nil || !strings.Contains(st.Text, "Tarif ab 01.01.2027 gespeichert") {
		t.Errorf("status = %+v", st)
	}
	set := f.sm(t)
	if len(set.Tariffs) != 2 || set.Tariffs[0].ValidFrom != model.NewDate(2018, 1, 1) || set.Tariffs[1].ValidFrom != model.NewDate(2027, 1, 1) {
		t.Fatalf("stored tariffs = %+v", set.Tariffs)
	}
	nt := set.Tariffs[1]
	if nt.RatePerHour != 1800 || nt.UnitMinutes != 30 || nt.MinimumUnits != 2 || !nt.PerStartedUnit || nt.KmRate != 30 ||
		!nt.WaitingPaid || nt.CancelHours != 24 || nt.CancelUnits != 2 || nt.Name != "Standard" || nt.Note != "" {
		t.Errorf("new tariff = %+v, want the current one with 18 €/h and no assumption note", nt)
	}
	if cur := set.TariffAt(model.Today(testNow)); cur != model.DefaultTariffs()[0] {
		t.Errorf("today's tariff changed: %+v", cur)
	}
	f.wantView(t, "● 01.01.2018", "◦ 01.01.2027", "ab 01.01.2027 („Standard“): 18,00 € je Stunde")

	// An Einsatz after the date is computed with the new tariff; the
	// Nachweis computed before keeps its amount.
	after := nachweis(t, f.st, model.At(model.NewDate(2027, 2, 10), model.Clock(9*60)))
	if after.Nachweis.Tariff.RatePerHour != 1800 || after.Nachweis.Amount != 1800+300 {
		t.Errorf("Nachweis after the date: tariff %s, amount %s; want 18,00 €/h, 21,00 €", after.Nachweis.Tariff.RatePerHour, after.Nachweis.Amount)
	}
	dec := nachweis(t, f.st, model.At(model.NewDate(2026, 12, 31), model.Clock(9*60)))
	if dec.Nachweis.Tariff.RatePerHour != 1500 {
		t.Errorf("Nachweis the day before: %s", dec.Nachweis.Tariff.RatePerHour)
	}

	// Editing the old tariff does not touch a computed Nachweis (the cursor
	// is on the new one after saving).
	f.press(t, "up", "e")
	f.wantView(t, "Tarif ab 01.01.2018 bearbeiten", "behalten ihre Beträge")
	f.press(t, "enter", "enter", "clear", "16", "enter")
	for i := 0; i < 8; i++ {
		f.press(t, "enter")
	}
	if got := f.sm(t).Tariffs[0].RatePerHour; got != 1600 {
		t.Fatalf("edited rate = %s\n%s", got, f.view())
	}
	f.st.View(func(tx *store.Tx) error {
		e, err := store.Einsaetze.Get(tx, before.ID)
		if err != nil || e.Nachweis.Amount != before.Nachweis.Amount || e.Nachweis.Tariff.RatePerHour != 1500 {
			t.Errorf("old Nachweis changed: %+v %v", e.Nachweis, err)
		}
		return nil
	})
}

func TestInvalidTariffInputShowsGermanMessageAndKeepsTheForm(t *testing.T) {
	f := newFixture(t, false, 80, 21)
	f.press(t, "n", "01.01.2027", "enter", "clear", "Erhöhung", "enter", "clear", "abc", "enter")
	f.wantView(t, "„abc“ ist kein gültiger Betrag", "abc")
	if f.m.frm == nil || f.m.tariff.validFrom != "01.01.2027" || f.m.tariff.name != "Erhöhung" {
		t.Fatalf("form lost input: %+v", f.m.tariff)
	}
	// A negative rate: the model's rule, at the field.
	f.press(t, "clear", "-5", "enter")
	f.wantView(t, "Stundensatz liegt zwischen 0 und 1.000 €")
	f.press(t, "esc", "j") // discard
	if f.m.frm != nil {
		t.Fatal("esc did not leave the form")
	}

	// The same date as an existing tariff is refused at the field.
	f.press(t, "n", "1.1.2018", "enter")
	f.wantView(t, "Ab dem 01.01.2018 gilt schon ein Tarif", "1.1.2018")

	// A colleague saves a tariff for the same day while the form is open:
	// saving shows why and keeps everything typed.
	f.press(t, "clear", "01.07.2026", "enter", "clear", "Juli", "enter", "clear", "17,5", "enter")
	other := model.DefaultTariffs()[0]
	other.ValidFrom, other.RatePerHour, other.Note = model.NewDate(2026, 7, 1), 2000, ""
	if err := f.st.Update("bernd", func(tx *store.Tx) error {
		s, _ := store.LoadSprachmittlungSettings(tx)
		s.Tariffs = append(s.Tariffs, other)
		return store.SaveSprachmittlungSettings(tx, s)
	}); err != nil {
		t.Fatal(err)
	}
	f.run(t, nil)            // the change feed reloads the list
	for i := 0; i < 8; i++ { // Takt … Hinweis, then save
		f.press(t, "enter")
	}
	f.wantView(t, "Ab dem 01.07.2026 gilt schon ein Tarif")
	if f.m.frm == nil || f.m.tariff.rate != "17,5" || f.m.tariff.name != "Juli" {
		t.Fatalf("form lost input after a refused save: %+v\n%s", f.m.tariff, f.view())
	}
	if got := f.sm(t).Tariffs; len(got) != 2 || got[1].RatePerHour != 2000 {
		t.Errorf("stored = %+v", got)
	}
}

func TestDeleteTariffKeepsAtLeastOne(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.press(t, "d")
	if st := f.lastStatus(); st.Err == nil || !strings.Contains(st.Err.Error(), "letzte Tarif") {
		t.Fatalf("deleting the only tariff: %+v", st)
	}
	if f.m.confirm != nil {
		t.Fatal("asked although it cannot be deleted")
	}
	f.press(t, "n", "01.01.2027", "enter")
	for i := 0; i < 10; i++ {
		f.press(t, "enter")
	}
	f.press(t, "down", "d")
	f.wantView(t, "Tarif ab 01.01.2027 löschen?")
	f.press(t, "j")
	if got := f.sm(t).Tariffs; len(got) != 1 || got[0].ValidFrom != model.NewDate(2018, 1, 1) {
		t.Errorf("after delete: %+v", got)
	}
	if st := f.lastStatus(); !strings.Contains(st.Text, "gelöscht") {
		t.Errorf("status = %+v", st)
	}
}

func TestIntakeRulesAndBufferAreSaved(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.press(t, "tab")
	f.wantView(t, "Annahmeregeln und Fahrtpuffer", "30 Minuten", "5 Werktage", "3:00 h", "Gesundheit", "Standardwerte")
	f.press(t, "e")
	f.press(t, "clear", "45", "enter") // Fahrtpuffer
	f.press(t, "clear", "abc", "enter")
	f.wantView(t, "Vorlauf: „abc“ ist keine ganze Zahl")
	f.press(t, "clear", "3", "enter")   // Vorlauf
	f.press(t, "clear", "2 h", "enter") // Höchstdauer
	f.press(t, "enter")                 // Genehmigung: Gesundheit stays
	f.press(t, "down", "down", "x")     // ausgeschlossen: Gesundheit too
	f.press(t, "enter")
	f.wantView(t, "„Gesundheit“ steht bei „nur nach Genehmigung“ und bei „ausgeschlossen“")
	f.press(t, "x", "up", "up", "x", "enter") // instead: Behörde excluded
	f.press(t, "enter")                       // Einrichtungen as they are
	if f.m.frm != nil {
		t.Fatalf("form still open:\n%s", f.view())
	}
	s := f.sm(t)
	if s.BufferMinutes != 45 || s.Intake.LeadWorkingDays != 3 || s.Intake.MaxDuration != 2*time.Hour ||
		s.Intake.Topics[model.TopicGesundheit] != model.TopicApproval || s.Intake.Topics[model.TopicBehoerde] != model.TopicExcluded ||
		len(s.Intake.AllowedOrgKinds) != len(model.DefaultIntakeRules().AllowedOrgKinds) {
		t.Errorf("stored = %+v buffer %d", s.Intake, s.BufferMinutes)
	}
	f.wantView(t, "45 Minuten", "3 Werktage", "2:00 h", "Behörde")
}

func TestKmRateChangeAffectsNewClaimLinesOnly(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	p := &model.Person{Name: "Jürgen Weiß", Volunteer: &model.VolunteerProfile{IBAN: "DE89370400440532013000"}}
	trip := func(d model.Date) *model.Claim {
		return &model.Claim{PeriodFrom: model.NewDate(2026, 3, 1), PeriodTo: model.NewDate(2026, 3, 31),
			Lines: []model.ClaimLine{{Kind: model.LineFahrt, Date: d, From: "Gifhorn", To: "Wittingen", Km: 1000}}}
	}
	old := trip(model.NewDate(2026, 3, 3))
	if err := f.st.Update("anna", func(tx *store.Tx) error {
		if err := store.People.Put(tx, p); err != nil {
			return err
		}
		old.PersonID = p.ID
		return store.SaveClaim(tx, old)
	}); err != nil {
		t.Fatal(err)
	}
	if old.Lines[0].Amount != 3000 {
		t.Fatalf("old line = %s", old.Lines[0].Amount)
	}

	f.press(t, "tab", "tab")
	f.wantView(t, "km-Sätze je Fahrzeug", "Auto", "0,30 €", "130,00 €", "Annahme")
	// Edit the car rate in force: 0,25 €/km, at most 125 € (NRKVO).
	f.press(t, "e")
	f.wantView(t, "km-Satz Auto ab 01.01.2021 bearbeiten")
	f.press(t, "enter", "enter")         // Fahrzeug, Gültig ab
	f.press(t, "clear", "30 €", "enter") // 30 € per km: a typing accident
	f.wantView(t, "km-Satz liegt zwischen 0 und 2,00 €")
	f.press(t, "clear", "0,25", "enter", "clear", "125", "enter")
	if f.m.frm != nil {
		t.Fatalf("form still open:\n%s", f.view())
	}
	if st := f.lastStatus(); !strings.Contains(st.Text, "km-Satz Auto ab 01.01.2021 geändert") {
		t.Errorf("status = %+v", st)
	}
	// And a new rate for bicycles from July on.
	f.press(t, "down", "down", "n")
	f.wantView(t, "Neuer km-Satz")
	f.press(t, "enter", "01.07.2026", "enter", "clear", "0,15", "enter", "enter")
	ks := f.ks(t)
	if r, _ := ks.KmRates.For(model.VehicleAuto, model.NewDate(2026, 3, 3)); r.PerKm != 25 || r.Cap != 12500 {
		t.Errorf("car rate = %+v", r)
	}
	if r, _ := ks.KmRates.For(model.VehicleFahrrad, model.NewDate(2026, 7, 1)); r.PerKm != 15 {
		t.Errorf("bicycle rate from July = %+v", r)
	}
	if r, _ := ks.KmRates.For(model.VehicleFahrrad, model.NewDate(2026, 6, 30)); r.PerKm != 10 {
		t.Errorf("bicycle rate in June = %+v", r)
	}

	// The saved claim keeps its amount; a new one uses the new rate.
	fresh := trip(model.NewDate(2026, 3, 3))
	fresh.PersonID = p.ID
	if err := f.st.Update("anna", func(tx *store.Tx) error { return store.SaveClaim(tx, fresh) }); err != nil {
		t.Fatal(err)
	}
	f.st.View(func(tx *store.Tx) error {
		c, err := store.Claims.Get(tx, old.ID)
		if err != nil || c.Lines[0].Amount != 3000 || c.Lines[0].Rate != 30 {
			t.Errorf("saved line changed: %+v %v", c.Lines, err)
		}
		return nil
	})
	if l := fresh.Lines[0]; l.Amount != 2500 || l.Rate != 25 || l.Cap != 12500 {
		t.Errorf("new line = %+v, want 25 € at 0,25 €/km", l)
	}
}

func TestKmRateAndLimitDeletionKeepsOnePerKind(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.press(t, "tab", "tab", "d") // Auto has a single rate
	if st := f.lastStatus(); st.Err == nil || !strings.Contains(st.Err.Error(), "Für Auto bleibt kein km-Satz") {
		t.Fatalf("status = %+v", st)
	}
	f.press(t, "tab")
	f.wantView(t, "Ehrenamtspauschale (§ 3 Nr. 26a EStG)", "960,00 €")
	if !regexp.MustCompile(`● Ehrenamtspauschale \(§ 3 Nr. 26a EStG\) +2026`).MatchString(f.view()) {
		t.Errorf("the amount in force is not marked:\n%s", f.view())
	}
	f.press(t, "n")
	f.wantView(t, "Neuer Jahresbetrag")
	f.press(t, "enter", "2026", "enter")
	f.wantView(t, "Für die Ehrenamtspauschale gibt es ab 2026 schon einen Betrag")
	f.press(t, "clear", "2028", "enter", "clear", "1.000", "enter")
	if st := f.lastStatus(); !strings.Contains(st.Text, "Ehrenamtspauschale ab 2028 gespeichert: 1.000,00 €") {
		t.Errorf("status = %+v", st)
	}
	ks := f.ks(t)
	if ks.Limits.For(model.LimitEhrenamt, 2028) != 100000 || ks.Limits.For(model.LimitEhrenamt, 2027) != 96000 {
		t.Errorf("limits = %+v", ks.Limits)
	}
	if !regexp.MustCompile(`◦ Ehrenamtspauschale \(§ 3 Nr. 26a EStG\) +2028`).MatchString(f.view()) {
		t.Errorf("the future amount is not marked:\n%s", f.view())
	}
	// Delete it again: the cursor is on the saved entry.
	f.press(t, "d")
	f.wantView(t, "Ehrenamtspauschale ab 2028 (1.000,00 €) löschen?")
	f.press(t, "j")
	if got := f.ks(t).Limits.For(model.LimitEhrenamt, 2028); got != 96000 {
		t.Errorf("after delete: %s", got)
	}
}

func TestEscClosesAndOtherSessionsChangesArrive(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	if err := f.st.Update("bernd", func(tx *store.Tx) error {
		s, _ := store.LoadKostenSettings(tx)
		s.KmRates = append(s.KmRates, model.KmRate{ValidFrom: model.NewDate(2027, 1, 1), Vehicle: model.VehicleAuto, PerKm: 38, Cap: 12500})
		return store.SaveKostenSettings(tx, s)
	}); err != nil {
		t.Fatal(err)
	}
	f.run(t, nil)
	f.press(t, "tab", "tab")
	f.wantView(t, "01.01.2027", "0,38 €")
	f.press(t, "esc")
	if !f.closed {
		t.Error("esc did not close the screen")
	}
}

// TestScreensFitAndReadTheSameInLightAndDark checks every section at the
// smallest and a large terminal (the content box the root gives it).
func TestScreensFitAndReadTheSameInLightAndDark(t *testing.T) {
	for _, size := range [][2]int{{80, 21}, {120, 37}} {
		dark, light := newFixture(t, true, size[0], size[1]), newFixture(t, false, size[0], size[1])
		for s := 0; s < int(numSections); s++ {
			dv, lv := dark.view(), light.view()
			if dv != lv {
				t.Errorf("%v section %d: dark and light differ:\n%s\n---\n%s", size, s, dv, lv)
			}
			lines := strings.Split(dv, "\n")
			if len(lines) > size[1] {
				t.Errorf("%v section %d: %d lines", size, s, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%v section %d: line %d wide: %q", size, s, w, l)
				}
			}
			dark.press(t, "tab")
			light.press(t, "tab")
		}
	}
}

func TestGolden(t *testing.T) {
	names := []string{"tarife", "annahmeregeln", "kmsaetze", "freibetraege"}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		f := newFixture(t, true, size[0], size[1]-3) // the root's content box
		for s, name := range names {
			if s > 0 {
				f.press(t, "tab")
			}
			if size[0] == 120 && s > 0 {
				continue
			}
			uitest.Golden(t, fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), f.view(), *update)
		}
		f2 := newFixture(t, true, size[0], size[1]-3)
		f2.press(t, "n")
		uitest.Golden(t, fmt.Sprintf("neuer_tarif_%dx%d", size[0], size[1]), f2.view(), *update)
	}
}

func TestLongListScrollsToTheCursor(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	if err := f.st.Update("anna", func(tx *store.Tx) error {
		s, _ := store.LoadSprachmittlungSettings(tx)
		for y := 2019; y <= 2034; y++ {
			tr := model.DefaultTariffs()[0]
			tr.ValidFrom, tr.RatePerHour, tr.Note = model.NewDate(y, 1, 1), model.Money(1500+100*(y-2018)), ""
			s.Tariffs = append(s.Tariffs, tr)
		}
		return store.SaveSprachmittlungSettings(tx, s)
	}); err != nil {
		t.Fatal(err)
	}
	f.run(t, nil)
	f.wantView(t, "›  01.01.2018", "1–7 von 17 · ↑↓ blättern")
	for i := 0; i < 20; i++ {
		f.press(t, "down")
	}
	f.wantView(t, "›◦ 01.01.2034", "31,00 €")
	if v := f.view(); len(strings.Split(v, "\n")) > 21 || strings.Contains(v, "15,00 € 30 min") {
		t.Errorf("not scrolled or too long:\n%s", v)
	}
}
