package sprachmittlung

import (
	"bytes"
	"os"
	"path/filepath"
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

// Monday, 2 March 2026, 09:00 in Gifhorn.
var testNow = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// afterTheEinsaetze is Thursday 5 March 2026, 17:00, when the fixture's
// Einsätze of that day have taken place (for Einsatznachweise).
var afterTheEinsaetze = time.Date(2026, 3, 5, 16, 0, 0, 0, time.UTC)

type fixture struct {
	st                   *store.Store
	ctx                  *common.Context
	tab                  *Tab
	jobcenter, schule    string
	amanuel, selam, rana string
	e1, e2, e3           string // E-2026-0001 … 0003
	paused               string
	lastStatus           common.StatusMsg
	events               <-chan []store.Event
	timeout              time.Duration // see wait
	now                  time.Time     // the clock of store and screens (testNow)
}

func trained(langs ...model.LanguageSkill) *model.InterpreterProfile {
	d := model.NewDate(2025, 1, 10)
	return &model.InterpreterProfile{Languages: langs, Active: true, HomePlace: "Gifhorn",
		Schweigepflicht: d, Grundschulung: d, Ehrenamtsvereinbarung: d,
		FuehrungszeugnisSeen: d, FuehrungszeugnisValidUntil: model.NewDate(2030, 1, 1)}
}

func newFixture(t testing.TB, isDark bool, w, h int) *fixture {
	t.Helper()
	f := &fixture{now: testNow}
	st, err := store.Open(filepath.Join(t.TempDir(), "test.db"), store.Options{Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f.st = st
	thu := model.NewDate(2026, 3, 5)
	err = st.Update("test", func(tx *store.Tx) error {
		jc := &model.Organisation{Name: "Jobcenter Gifhorn", Kind: model.OrgJobcenter, City: "Gifhorn"}
		gs := &model.Organisation{Name: "Grundschule Wittingen", Kind: model.OrgSchule, City: "Wittingen"}
		for _, o := range []*model.Organisation{jc, gs} {
			if err := store.Organisations.Put(tx, o); err != nil {
				return err
			}
		}
		f.jobcenter, f.schule = jc.ID, gs.ID
		am := &model.Person{Name: "Amanuel Tesfay", Gender: model.GenderMale, Interpreter: trained(model.LanguageSkill{Language: "Tigrinya"})}
		se := &model.Person{Name: "Selam Haile", Gender: model.GenderFemale, Interpreter: trained(model.LanguageSkill{Language: "Tigrinya"}, model.LanguageSkill{Language: "Amharisch"})}
		ra := &model.Person{Name: "Rana Haddad", Gender: model.GenderFemale, Interpreter: trained(model.LanguageSkill{Language: "Arabisch", Dialect: "Syrisch"})}
		pa := &model.Person{Name: "Paula Pause", Gender: model.GenderFemale, Interpreter: &model.InterpreterProfile{Languages: []model.LanguageSkill{{Language: "Farsi"}}}}
		for _, p := range []*model.Person{am, se, ra, pa} {
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
		}
		f.amanuel, f.selam, f.rana, f.paused = am.ID, se.ID, ra.ID, pa.ID
		mk := func(lang, dialect, org string, c model.Clock, interp string) (*model.Einsatz, error) {
			e := &model.Einsatz{OrganisationID: org, Language: lang, Dialect: dialect, Setting: model.SettingOnSite,
				Place: "Gifhorn", Address: "Am Schillerplatz 1", Start: model.At(thu, c).UTC(), Duration: time.Hour,
				Topic: model.TopicArbeit, Status: model.StatusSuche, ClientRef: "A. K."}
			if interp != "" {
				e.InterpreterID, e.Status = interp, model.StatusVermittelt
			}
			return e, store.Einsaetze.Put(tx, e)
		}
		e1, err := mk("Tigrinya", "", jc.ID, 10*60, am.ID)
		if err != nil {
			return err
		}
		e2, err := mk("Tigrinya", "", gs.ID, 10*60+30, "")
		if err != nil {
			return err
		}
		e3, err := mk("Arabisch", "Syrisch", jc.ID, 14*60, ra.ID)
		if err != nil {
			return err
		}
		f.e1, f.e2, f.e3 = e1.ID, e2.ID, e3.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f.events = uitest.Events(t, st)
	f.ctx = &common.Context{Store: st, User: "tester", Roles: model.AllTeamRoles, Styles: theme.New(isDark), Global: keys.DefaultGlobal(),
		List: keys.DefaultList(), Now: func() time.Time { return f.now }, Width: w, Height: h}
	f.tab = New(f.ctx)
	f.send(t, tea.WindowSizeMsg{Width: w, Height: h})
	f.run(t, f.tab.Init())
	return f
}

// run executes cmd and feeds every resulting message back into the tab,
// with the store's change events, until nothing is left.
func (f *fixture) run(t testing.TB, cmd tea.Cmd) {
	t.Helper()
	(&uitest.Drainer{Update: f.tab.Update, Events: f.events, Wait: f.wait(),
		Status: func(m common.StatusMsg) { f.lastStatus = m }}).Run(t, cmd)
}

// wait is how long a command may take before it counts as a timer tick.
func (f *fixture) wait() time.Duration {
	if f.timeout > 0 {
		return f.timeout
	}
	return 10 * time.Second
}

func (f *fixture) send(t testing.TB, msg tea.Msg) { t.Helper(); f.run(t, f.tab.Update(msg)) }

// press sends keys: "enter", "esc", "down", "ctrl+s" … or plain text typed
// letter by letter.
// help is the root's help line for the tab: its ShortHelp as text.
func (f *fixture) help() string {
	var parts []string
	for _, b := range f.tab.ShortHelp() {
		if b.Enabled() {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(parts, " · ")
}

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

var special = map[string]tea.KeyPressMsg{
	"enter":     {Code: tea.KeyEnter},
	"esc":       {Code: tea.KeyEscape},
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"up":        {Code: tea.KeyUp},
	"down":      {Code: tea.KeyDown},
	"left":      {Code: tea.KeyLeft},
	"right":     {Code: tea.KeyRight},
	"backspace": {Code: tea.KeyBackspace},
	"ctrl+s":    {Code: 's', Mod: tea.ModCtrl},
	"end":       {Code: tea.KeyEnd},
	"space":     {Code: tea.KeySpace, Text: " "},
}

// absage enters an Absage on the open Einsatz by keys: s, the menu's
// "Absage erfassen", the party (→ from Einrichtung), the time of receipt
// when not "" (typed over the default "now"), the reason and, when
// override is not "", the override with that reason; then ctrl+s. It
// returns the dialog as it looked just before saving.
func (f *fixture) absage(t *testing.T, by model.CancelParty, received, reason, override string) string {
	t.Helper()
	f.press(t, "s")
	if f.tab.screen != scrStatus {
		t.Fatalf("s should open the status menu:\n%s", f.view(t))
	}
	for i := 0; i < 10 && !f.tab.menu.options[f.tab.menu.sel].absage; i++ {
		f.press(t, "down")
	}
	f.press(t, "enter")
	if f.tab.screen != scrAbsage {
		t.Fatalf("„Absage erfassen“ should open the dialog:\n%s", f.view(t))
	}
	for f.tab.abs.party() != by {
		f.press(t, "right")
	}
	f.press(t, "tab")
	if received != "" {
		for range 20 {
			f.press(t, "backspace")
		}
		f.press(t, received)
	}
	f.press(t, "tab", reason)
	if override != "" {
		f.press(t, "tab", "space", "tab", override)
	}
	v := f.view(t)
	f.press(t, "ctrl+s")
	return v
}

func (f *fixture) view(t testing.TB) string {
	t.Helper()
	v := f.tab.View()
	checkBox(t, v, f.tab.width, f.tab.height)
	return ansi.Strip(v)
}

func checkBox(t testing.TB, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("line %d is %d cells wide (max %d): %q", i, lw, w, ansi.Strip(l))
		}
	}
}

func TestListShowsRowsAndFilters(t *testing.T) {
	f := newFixture(t, true, 120, 37)
	v := f.view(t)
	for _, want := range []string{"E-2026-0001", "Amanuel Tesfay", "Jobcenter Gifhorn", "Tigrinya", "Arabisch (Syrisch)", "3 von 3"} {
		if !strings.Contains(v, want) {
			t.Errorf("list lacks %q:\n%s", want, v)
		}
	}
	f.press(t, "/", "syrisch")
	if !f.tab.Capturing() {
		t.Error("the tab must capture keys while the filter has focus")
	}
	v = f.view(t)
	if !strings.Contains(v, "E-2026-0003") || strings.Contains(v, "E-2026-0001") {
		t.Errorf("filter „syrisch“ should leave only E-2026-0003:\n%s", v)
	}
	f.press(t, "esc", "f")
	v = f.view(t)
	if !strings.Contains(v, "offen") || !strings.Contains(v, "E-2026-0002") || strings.Contains(v, "E-2026-0001") {
		t.Errorf("status group „offen“ should show only E-2026-0002:\n%s", v)
	}
}

func TestNewRequestByKeys(t *testing.T) {
	f := newFixture(t, false, 80, 21)
	f.press(t, "n")
	if f.tab.screen != scrPicker {
		t.Fatalf("n should open the organisation picker, screen %d:\n%s", f.tab.screen, f.view(t))
	}
	f.press(t, "/", "jobcenter", "enter")
	// filter accepted; move from "neu anlegen" to the Jobcenter and pick it
	if f.tab.screen == scrPicker {
		f.press(t, "down", "enter")
	}
	if f.tab.screen != scrForm {
		t.Fatalf("picking an organisation should open the form:\n%s", f.view(t))
	}
	f.view(t)
	f.press(t, "Frau Meier", "enter", "05371 82-0")
	before := countEinsaetze(t, f.st)
	for i := 0; i < 40 && countEinsaetze(t, f.st) == before; i++ {
		f.press(t, "ctrl+s")
		if f.tab.screen == scrOverride {
			t.Fatalf("unexpected intake warnings:\n%s", f.view(t))
		}
	}
	if countEinsaetze(t, f.st) != before+1 {
		t.Fatalf("no Einsatz stored; screen:\n%s", f.view(t))
	}
	var e *model.Einsatz
	f.st.View(func(tx *store.Tx) error {
		var err error
		e, err = store.Einsaetze.ByNumber(tx, "E-2026-0004")
		return err
	})
	if e == nil || e.ContactName != "Frau Meier" || e.OrganisationID != f.jobcenter || e.Status != model.StatusAnfrage {
		t.Fatalf("stored request wrong: %+v", e)
	}
	v := f.view(t)
	if f.tab.screen != scrDetail || !strings.Contains(v, "E-2026-0004 angelegt") {
		t.Errorf("after saving the detail should show „E-2026-0004 angelegt“:\n%s", v)
	}
	if f.lastStatus.Text != "E-2026-0004 angelegt" {
		t.Errorf("status bar: %+v", f.lastStatus)
	}
	f.press(t, "esc")
	if v := f.view(t); !strings.Contains(v, "4 von 4") || !strings.Contains(v, "E-2026-0004") {
		t.Errorf("the new request should be in the list:\n%s", v)
	}
}

func TestIntakeWarningOverride(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.press(t, "n", "/", "schule", "enter")
	if f.tab.screen == scrPicker {
		f.press(t, "down", "enter")
	}
	if f.tab.screen != scrForm {
		t.Fatalf("no form:\n%s", f.view(t))
	}
	f.tab.req.date = "morgen" // too short notice
	f.tab.req.build()
	f.tab.req.setSize(80, 21)
	f.run(t, f.tab.req.form.Init())
	before := countEinsaetze(t, f.st)
	for i := 0; i < 40 && f.tab.screen == scrForm; i++ {
		f.press(t, "ctrl+s")
	}
	v := f.view(t)
	if f.tab.screen != scrOverride || !strings.Contains(v, "Vorlauf") {
		t.Fatalf("expected the lead-time warning:\n%s", v)
	}
	f.press(t, "u", "Gerichtstermin kurzfristig", "enter")
	if countEinsaetze(t, f.st) != before+1 {
		t.Fatalf("override did not save:\n%s", f.view(t))
	}
	var e *model.Einsatz
	f.st.View(func(tx *store.Tx) error { e, _ = store.Einsaetze.ByNumber(tx, "E-2026-0004"); return nil })
	if e == nil || !e.Overridden(model.RuleLeadTime) || e.Overrides[0].Reason != "Gerichtstermin kurzfristig" {
		t.Fatalf("override reason not stored: %+v", e)
	}
}

func countEinsaetze(t testing.TB, st *store.Store) int {
	n := 0
	st.View(func(tx *store.Tx) error { n = store.Einsaetze.Count(tx); return nil })
	return n
}

func (f *fixture) openByNumber(t *testing.T, number string) {
	t.Helper()
	f.press(t, "/", number, "enter", "enter")
	if f.tab.screen != scrDetail {
		t.Fatalf("could not open %s:\n%s", number, f.view(t))
	}
	if v := f.view(t); !strings.Contains(v, "Einsatz "+number) {
		t.Fatalf("detail of %s not shown:\n%s", number, v)
	}
}

func TestAssignConflictIsRefused(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.openByNumber(t, "E-2026-0002")
	f.press(t, "m")
	v := f.view(t)
	if f.tab.screen != scrMatch || !strings.Contains(v, "Selam Haile") || !strings.Contains(v, "belegt: E-2026-0001") {
		t.Fatalf("match list should offer Selam and show Amanuel as booked:\n%s", v)
	}
	for i, r := range f.tab.match.rows {
		if r.PersonID == f.amanuel {
			for j := 0; j < i; j++ {
				f.press(t, "down")
			}
		}
	}
	f.press(t, "enter")
	v = f.view(t)
	if !strings.Contains(v, "E-2026-0001") || !strings.Contains(v, "schon für") {
		t.Fatalf("refusal naming E-2026-0001 expected:\n%s", v)
	}
	if f.lastStatus.Err == nil || !strings.Contains(f.lastStatus.Err.Error(), "E-2026-0001") {
		t.Errorf("status bar should carry the refusal: %+v", f.lastStatus)
	}
	// Selam is free: assigning works and the Einsatz becomes vermittelt.
	f.press(t, "up", "up", "up")
	for f.tab.match.rows[f.tab.match.sel].PersonID != f.selam {
		f.press(t, "down")
	}
	f.press(t, "enter")
	var e *model.Einsatz
	f.st.View(func(tx *store.Tx) error { e, _ = store.Einsaetze.Get(tx, f.e2); return nil })
	if e.InterpreterID != f.selam || e.Status != model.StatusVermittelt {
		t.Fatalf("assignment not stored: %s %s", e.InterpreterID, e.Status)
	}
	if v := f.view(t); f.tab.screen != scrDetail || !strings.Contains(v, "Selam Haile") {
		t.Errorf("detail should show Selam:\n%s", v)
	}
	// the list got the changed row from the change feed
	f.press(t, "esc", "esc")
	v = f.view(t)
	if f.tab.screen != scrList || !strings.Contains(v, "Selam Ha") || !strings.Contains(v, "3 von 3") {
		t.Errorf("list should show the assignment:\n%s", v)
	}
}

func TestNachweisComputesAmount(t *testing.T) {
	f := newFixture(t, false, 80, 21)
	f.now = afterTheEinsaetze
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "x")
	v := f.view(t)
	if f.tab.screen != scrNachweis || !strings.Contains(v, "15,00 €") {
		t.Fatalf("one hour at 15 €/h should show 15,00 €:\n%s", v)
	}
	f.press(t, "tab", "tab", "tab", "tab", "backspace", "12")
	v = f.view(t)
	if !strings.Contains(v, "18,60 €") {
		t.Fatalf("with 12 km the amount should be 18,60 €:\n%s", v)
	}
	f.press(t, "ctrl+s")
	var e *model.Einsatz
	f.st.View(func(tx *store.Tx) error { e, _ = store.Einsaetze.Get(tx, f.e1); return nil })
	if e.Nachweis == nil || e.Nachweis.Amount != 1860 || e.Nachweis.Tariff.RatePerHour != 1500 || e.Status != model.StatusDurchgefuehrt {
		t.Fatalf("Nachweis not stored right: %+v status %s", e.Nachweis, e.Status)
	}
	if !strings.Contains(f.lastStatus.Text, "18,60 €") {
		t.Errorf("status: %+v", f.lastStatus)
	}
}

func TestAgendaDayShowsInterpretersSideBySide(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.press(t, "w")
	if f.tab.screen != scrAgenda {
		t.Fatal("w should open the agenda")
	}
	f.press(t, "right", "right", "right") // Monday → Thursday
	v := f.view(t)
	if !strings.Contains(v, "Do 05.03.2026") {
		t.Fatalf("agenda should show Thursday:\n%s", v)
	}
	side := false
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "Amanuel Tesfay") && strings.Contains(l, "Rana Haddad") {
			side = true
		}
	}
	if !side {
		t.Fatalf("Amanuel and Rana should be columns side by side:\n%s", v)
	}
	if id, _ := f.tab.agenda.selectedInterpreter(); id != f.amanuel {
		t.Errorf("the first column should be selected")
	}
	f.send(t, tea.KeyPressMsg{Code: tea.KeyPgDown})
	if id, _ := f.tab.agenda.selectedInterpreter(); id != f.rana {
		t.Errorf("Bild↓ should select Rana's column")
	}
	f.press(t, "/", "tigr", "enter")
	v = f.view(t)
	if strings.Contains(v, "Rana Haddad") || !strings.Contains(v, "Amanuel Tesfay") {
		t.Fatalf("filter tigr should leave the Tigrinya bookings:\n%s", v)
	}
	f.press(t, "w")
	v = f.view(t)
	if !strings.Contains(v, "Woche") || !strings.Contains(v, "Amanuel Tesfay") || !strings.Contains(v, "10:00 Tigri") {
		t.Fatalf("week view:\n%s", v)
	}
	f.press(t, "t")
	if f.tab.agenda.anchor != model.Today(testNow) {
		t.Error("t should jump to today")
	}
}

func TestPersonAndOrgPages(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.press(t, "i")
	v := f.view(t)
	if f.tab.screen != scrPool || !strings.Contains(v, "Paula Pause") || !strings.Contains(v, "fehlt") {
		t.Fatalf("pool should mark Paula's missing papers:\n%s", v)
	}
	f.press(t, "esc")
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "i")
	v = f.view(t)
	if f.tab.screen != scrPerson || !strings.Contains(v, "Amanuel Tesfay") || !strings.Contains(v, "E-2026-0001") {
		t.Fatalf("interpreter page:\n%s", v)
	}
	f.press(t, "esc", "o")
	v = f.view(t)
	if f.tab.screen != scrOrg || !strings.Contains(v, "Jobcenter Gifhorn") || !strings.Contains(v, "2 Einsätze") {
		t.Fatalf("institution history:\n%s", v)
	}
}

func TestConfirmationTextsAndFiles(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	dir := t.TempDir()
	ExportDir = dir
	defer func() { ExportDir = "" }()
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "a")
	v := f.view(t)
	if f.tab.screen != scrText || !strings.Contains(v, "E-2026-0001") {
		t.Fatalf("confirmation text:\n%s", v)
	}
	if !strings.Contains(v, "w schreibt nach "+dir) {
		t.Fatalf("the folder is shown before writing:\n%s", v)
	}
	f.press(t, "w")
	if !strings.Contains(f.lastStatus.Text, dir) {
		t.Fatalf("status should name the directory: %+v", f.lastStatus)
	}
	m, _ := filepath.Glob(filepath.Join(dir, "E-2026-0001_*"))
	if len(m) != 4 {
		t.Fatalf("want 3 texts and the PDF, got %v", m)
	}
	// A second time nothing is replaced: the printed PDF and a text
	// changed by hand stay, the new files get their own names (-2).
	os.WriteFile(m[0], []byte("von Hand geändert"), 0o600)
	f.press(t, "w")
	if b, _ := os.ReadFile(m[0]); string(b) != "von Hand geändert" {
		t.Fatalf("a file was replaced: %q", b)
	}
	pdfs, _ := filepath.Glob(filepath.Join(dir, "E-2026-0001_Einsatznachweis*.pdf"))
	if len(pdfs) != 2 || !strings.Contains(f.lastStatus.Text, "E-2026-0001_Einsatznachweis-2.pdf") {
		t.Errorf("PDFs %v, Meldung %q", pdfs, f.lastStatus.Text)
	}
	if b, _ := os.ReadFile(pdfs[0]); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Error("keine PDF-Datei")
	}
	m2, _ := filepath.Glob(filepath.Join(dir, "E-2026-0001_*-2.txt"))
	if len(m2) != 3 || !strings.Contains(f.lastStatus.Text, "-2") {
		t.Fatalf("second w: %v, %q", m2, f.lastStatus.Text)
	}
}

// TestViewsFit checks every screen at both sizes and both backgrounds.
func TestViewsFit(t *testing.T) {
	for _, size := range [][2]int{{80, 21}, {120, 37}} {
		for _, dark := range []bool{true, false} {
			f := newFixture(t, dark, size[0], size[1])
			f.view(t)
			f.press(t, "w", "right", "right", "right")
			f.view(t)
			f.press(t, "w")
			f.view(t)
			f.press(t, "esc", "/", "E-2026-0002", "enter", "enter")
			f.view(t)
			f.press(t, "m")
			f.view(t)
			f.press(t, "esc", "s")
			f.view(t)
			f.press(t, "esc", "esc", "esc", "/", "E-2026-0001", "enter", "enter", "x")
			f.view(t)
			f.press(t, "esc", "a")
			f.view(t)
			f.press(t, "esc", "e")
			f.view(t)
		}
	}
}

func TestEditAndNestedPages(t *testing.T) {
	f := newFixture(t, true, 120, 37)
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "e")
	if f.tab.screen != scrForm {
		t.Fatalf("e should open the form:\n%s", f.view(t))
	}
	f.press(t, "Herr Otto")
	for i := 0; i < 40 && f.tab.screen == scrForm; i++ {
		f.press(t, "ctrl+s")
	}
	v := f.view(t)
	if f.tab.screen != scrDetail || !strings.Contains(v, "Herr Otto") || !strings.Contains(v, "E-2026-0001 gespeichert") {
		t.Fatalf("edited detail:\n%s", v)
	}
	// Einsatz → interpreter → another Einsatz → back twice
	f.press(t, "i", "enter", "esc")
	if v := f.view(t); f.tab.screen != scrPerson || !strings.Contains(v, "Amanuel Tesfay") {
		t.Fatalf("back on the interpreter page expected:\n%s", v)
	}
	f.press(t, "esc")
	if v := f.view(t); f.tab.screen != scrDetail || !strings.Contains(v, "Einsatz E-2026-0001") {
		t.Fatalf("back on the first detail expected:\n%s", v)
	}
	f.press(t, "esc")
	if f.tab.screen != scrList {
		t.Fatalf("back on the list expected")
	}
}

func TestEditProfile(t *testing.T) {
	f := newFixture(t, false, 80, 21)
	f.press(t, "i", "/", "paula", "enter", "enter")
	if f.tab.screen != scrPerson {
		t.Fatalf("person page expected:\n%s", f.view(t))
	}
	f.press(t, "e")
	if f.tab.screen != scrProfile {
		t.Fatalf("profile form expected:\n%s", f.view(t))
	}
	f.view(t)
	f.press(t, "end", ", Dari (Afghanisch)") // the value is selected: end keeps it
	for i := 0; i < 30 && f.tab.screen == scrProfile; i++ {
		f.press(t, "ctrl+s")
	}
	var p *model.Person
	f.st.View(func(tx *store.Tx) error { p, _ = store.People.Get(tx, f.paused); return nil })
	if got := p.Interpreter.LanguagesText(); got != "Farsi, Dari (Afghanisch)" {
		t.Fatalf("languages not saved: %q\n%s", got, f.view(t))
	}
	if v := f.view(t); f.tab.screen != scrPerson || !strings.Contains(v, "Dari (Afghanisch)") {
		t.Errorf("person page should show the new language:\n%s", v)
	}
}

func TestOpenMessages(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.send(t, OpenEinsatzMsg{ID: f.e3})
	if v := f.view(t); f.tab.screen != scrDetail || !strings.Contains(v, "E-2026-0003") {
		t.Fatalf("OpenEinsatzMsg:\n%s", v)
	}
	f.send(t, OpenPersonMsg{ID: f.rana})
	if v := f.view(t); f.tab.screen != scrPerson || !strings.Contains(v, "Rana Haddad") {
		t.Fatalf("OpenPersonMsg:\n%s", v)
	}
	f.press(t, "esc")
	if f.tab.screen != scrList {
		t.Fatal("esc should lead back to the list")
	}
}

// A new institution made in the request's picker: esc leaves its form back
// to the picker, and ctrl+s saves it and goes on with it to the request
// form (the tab used to keep both messages from the picker: the form could
// be neither left nor saved).
func TestNewInstitutionInTheRequestPicker(t *testing.T) {
	f := newFixture(t, false, 80, 21)
	f.press(t, "n", "enter") // "＋ neue Einrichtung anlegen"
	if f.tab.pick == nil || !f.tab.pick.Editing() {
		t.Fatalf("no form for a new institution:\n%s", f.view(t))
	}
	f.press(t, "esc")
	if f.tab.screen != scrPicker || f.tab.pick.Editing() {
		t.Fatalf("esc did not leave the institution's form:\n%s", f.view(t))
	}
	f.press(t, "enter", "Familienzentrum Nord", "ctrl+s")
	if f.tab.screen != scrForm || f.tab.req == nil {
		t.Fatalf("saving the institution did not go on to the request:\n%s", f.view(t))
	}
	var org *model.Organisation
	f.st.View(func(tx *store.Tx) error {
		return store.Organisations.Each(tx, func(o *model.Organisation) error {
			if o.Name == "Familienzentrum Nord" {
				org = o
			}
			return nil
		})
	})
	if org == nil || f.tab.req.orgID != org.ID {
		t.Fatalf("institution %+v, request for %q", org, f.tab.req.orgID)
	}
}
