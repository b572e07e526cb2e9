package sprachmittlung

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/history"
	"stabsstelle/ui/uitest"
)

// What a user saw walking the README's Sprachmittlung steps at 80×24.

func TestNachweisBeforeTheEinsatzIsRefused(t *testing.T) {
	f := newFixture(t, true, 80, 21) // Monday; the Einsatz is on Thursday
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "x")
	v := f.view(t)
	if !strings.Contains(v, "noch nicht begonnen") {
		t.Fatalf("a Nachweis before the Einsatz should be marked:\n%s", v)
	}
	f.press(t, "ctrl+s")
	var e *model.Einsatz
	f.st.View(func(tx *store.Tx) error { e, _ = store.Einsaetze.Get(tx, f.e1); return nil })
	if e.Nachweis != nil || e.Status != model.StatusVermittelt {
		t.Fatalf("nothing may be stored: %+v %s", e.Nachweis, e.Status)
	}
	if f.tab.screen != scrNachweis {
		t.Errorf("the form stays open with what was typed")
	}
}

// shown80 are the help-line entries the root shows at 80 columns: whole
// entries in order while they fit beside " • ? Hilfe".
func shown80(bs []key.Binding) []string {
	var out []string
	w := len(" • ? Hilfe")
	for _, b := range bs {
		n := ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc)
		if len(out) > 0 {
			n += 3 // " • "
		}
		if w+n > 80 {
			break
		}
		w += n
		out = append(out, b.Help().Key+" "+b.Help().Desc)
	}
	return out
}

// Each screen's help line and ? screen come from one KeyMap: no key twice,
// nothing in the line that the ? screen says otherwise; the keys one needs
// most are in the line at 80 columns.
func TestHelpIsOneKeyMapPerScreen(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	check := func(screen string, wantShort ...string) {
		t.Helper()
		var global [][]key.Binding
		if !f.tab.Capturing() {
			global = f.ctx.Global.FullHelp()
		}
		for _, p := range uitest.HelpProblems(f.tab.ShortHelp(), f.tab.FullHelp(), global) {
			t.Errorf("%s: %s", screen, p)
		}
		line := strings.Join(shown80(f.tab.ShortHelp()), " • ")
		for _, w := range wantShort {
			if !strings.Contains(line, w) {
				t.Errorf("%s: the help line at 80 columns lacks %q: %s", screen, w, line)
			}
		}
	}
	check("Liste", "enter öffnen", "n neu", "/ filtern", "w wer wann wo")
	full := ""
	for _, c := range f.tab.FullHelp() {
		for _, b := range c {
			full += b.Help().Key + " " + b.Help().Desc + "\n"
		}
	}
	for _, want := range []string{"s Sortierspalte", "S Sortierung umkehren", "f offen/vermittelt/alle", "t heute", "i Sprachmittler:innen"} {
		if !strings.Contains(full, want) {
			t.Errorf("the list's ? help lacks %q:\n%s", want, full)
		}
	}
	if strings.Contains(full, "Status ändern") {
		t.Errorf("the list's ? help shows detail keys (s is sort here):\n%s", full)
	}
	f.openByNumber(t, "E-2026-0002")
	check("Einsatz", "s Status ändern", "m Sprachmittler:in suchen", "a Texte", "x Nachweis")
	f.press(t, "m")
	// the candidate search has its own help (it showed the detail's)
	check("Suche", "enter einteilen", "esc zurück")
	for _, c := range f.tab.FullHelp() {
		for _, b := range c {
			if b.Help().Key == "s" || b.Help().Key == "x" {
				t.Errorf("the search's ? help shows the detail's %q", b.Help().Key+" "+b.Help().Desc)
			}
		}
	}
	f.press(t, "esc", "esc", "w")
	check("Agenda", "d Tag", "w Woche", "enter öffnen")
	f.press(t, "esc", "i")
	check("Pool", "enter öffnen", "/ filtern")
	f.press(t, "enter")
	check("Person", "enter Einsatz öffnen", "e Profil bearbeiten")
}

func TestNotesFieldOffersNoExternalEditor(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.press(t, "n", "/", "jobcenter", "enter")
	if f.tab.screen == scrPicker {
		f.press(t, "down", "enter")
	}
	// enter through the form up to the notes (the last field)
	for i := 0; i < 40 && !strings.Contains(f.help(), "neue Zeile"); i++ {
		f.press(t, "enter")
	}
	v := f.view(t) + "\n" + f.help()
	if !strings.Contains(v, "neue Zeile") {
		t.Fatalf("notes field not reached:\n%s", v)
	}
	if strings.Contains(v, "editor") || strings.Contains(v, "ctrl+e") {
		t.Errorf("the notes field offers an editor (on the server machine in team mode, in English):\n%s", v)
	}
}

func TestTextViewShowsTheNachweisAndWritesNoFilesInTeamMode(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.ctx.Remote = true
	dir := t.TempDir()
	ExportDir = dir
	defer func() { ExportDir = "" }()
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "a")
	if !strings.Contains(strings.Join(f.tab.text.scroll.lines, "\n"), "EINSATZNACHWEIS SPRACHMITTLUNG") {
		t.Errorf("the printable Einsatznachweis should be on screen to copy")
	}
	if v := f.view(t); !strings.Contains(v, "▼ noch") || !strings.Contains(v, "mit der Maus") {
		t.Errorf("text view should say there is more and how to copy:\n%s", v)
	}
	f.press(t, "w")
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) != 0 {
		t.Errorf("files written on the server: %v", m)
	}
	if f.lastStatus.Err == nil || !strings.Contains(f.lastStatus.Err.Error(), "Teambetrieb") {
		t.Errorf("status: %+v", f.lastStatus)
	}
	if wd, _ := os.Getwd(); wd != "" {
		if m, _ := filepath.Glob(filepath.Join(wd, "E-2026-0001_*")); len(m) != 0 {
			t.Errorf("files written into the working directory: %v", m)
		}
	}
}

func TestDetailSaysMoreIsBelow(t *testing.T) {
	f := newFixture(t, true, 80, 16)
	f.openByNumber(t, "E-2026-0001")
	v := f.view(t)
	if !strings.Contains(v, "▼ noch") {
		t.Fatalf("the Einsatz is taller than 16 lines; the screen should say so:\n%s", v)
	}
	for i := 0; i < 30; i++ {
		f.press(t, "down")
	}
	if v := f.view(t); strings.Contains(v, "▼ noch") || !strings.Contains(v, "Verlauf") {
		t.Errorf("at the end no marker, the Verlauf is shown:\n%s", v)
	}
	// a message on the page (here: no interpreter yet) keeps the marker
	f.press(t, "esc", "esc")
	f.openByNumber(t, "E-2026-0002")
	f.press(t, "i")
	if v := f.view(t); !strings.Contains(v, "noch keine Sprachmittler:in") || !strings.Contains(v, "▼ noch") {
		t.Errorf("message and marker:\n%s", v)
	}
}

func TestPersonPageShowsAllPapersAtEightyColumns(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "i")
	v := f.view(t)
	for _, want := range []string{"Schweigepflicht 10.01.2025", "Führungszeugnis bis 01.01.2030", "Grundschulung 10.01.2025",
		"Vereinbarung 10.01.2025", "wohnt in Gifhorn"} {
		if !strings.Contains(v, want) {
			t.Errorf("person page lacks %q:\n%s", want, v)
		}
	}
}

func TestParseDateRange(t *testing.T) {
	today := model.NewDate(2026, 11, 22) // Sunday
	d := func(m, day int) model.Date { return model.NewDate(2026, time.Month(m), day) }
	for in, want := range map[string]dateRange{
		"":                      {},
		"26.11.2026":            {d(11, 26), d(11, 26)},
		"Do":                    {d(11, 26), d(11, 26)},
		"1.12.–31.12.":          {d(12, 1), d(12, 31)},
		"1.12.-24.12.":          {d(12, 1), d(12, 24)},
		"1.12. - 24.12.2026":    {d(12, 1), d(12, 24)},
		"1.12. bis 24.12.":      {d(12, 1), d(12, 24)},
		"ab 1.12.":              {from: d(12, 1)},
		"bis 30.11.2026":        {to: d(11, 30)},
		"2026-12-01":            {d(12, 1), d(12, 1)},
		"2026-12-01–2026-12-03": {d(12, 1), d(12, 3)},
	} {
		got, err := parseDateRange(in, today)
		if err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"31.12.–1.12.", "morgen bis gestern?", "32.1.", "ab"} {
		if _, err := parseDateRange(in, today); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func TestListDateRange(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	// one more Einsatz on Friday 6 March
	f.run(t, f.ctx.Write(func(tx *store.Tx) error {
		return store.Einsaetze.Put(tx, &model.Einsatz{OrganisationID: f.jobcenter, Language: "Dari", Setting: model.SettingPhone,
			Start: model.At(model.NewDate(2026, 3, 6), 9*60).UTC(), Duration: time.Hour, Status: model.StatusSuche})
	}, nil))
	if v := f.view(t); !strings.Contains(v, "4 von 4") {
		t.Fatalf("four Einsätze expected:\n%s", v)
	}
	f.press(t, "z")
	if !f.tab.Capturing() || !strings.Contains(f.view(t), "Zeitraum:") {
		t.Fatalf("z should ask for the range:\n%s", f.view(t))
	}
	f.press(t, "Fr", "enter")
	v := f.view(t)
	if !strings.Contains(v, "1 von 4") || !strings.Contains(v, "am Fr 06.03.2026") || !strings.Contains(v, "E-2026-0004") ||
		strings.Contains(v, "E-2026-0001") {
		t.Fatalf("only Friday's Einsatz:\n%s", v)
	}
	f.press(t, "z", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace",
		"6.3.–1.3.", "enter")
	if v := f.view(t); !f.tab.list.rangeIn.active || !strings.Contains(v, "liegt vor dem Anfang") {
		t.Fatalf("a backwards range is refused where it is typed:\n%s", v)
	}
	f.press(t, "esc")
	f.press(t, "f") // status group and range together: open ones on Friday
	if v := f.view(t); !strings.Contains(v, "1 von 4") || !strings.Contains(v, "offen") {
		t.Errorf("group and range combine:\n%s", v)
	}
	f.press(t, "f", "f", "z")
	for range 12 {
		f.press(t, "backspace")
	}
	f.press(t, "enter")
	if v := f.view(t); !strings.Contains(v, "4 von 4") || strings.Contains(v, "am Fr") {
		t.Errorf("an empty range shows all again:\n%s", v)
	}
}

func TestListReadableAtEightyColumns(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	v := f.view(t)
	for _, want := range []string{"Sprachmittle", "Amanuel Tesf", "Jobcenter Gi", "vermittelt", "Status", "Arabisch ("} {
		if !strings.Contains(v, want) {
			t.Errorf("list at 80 columns lacks %q:\n%s", want, v)
		}
	}
}

// The Verlauf (V) of an Einsatz names both team members and reads like the
// rest of the program, not like the stored JSON.
func TestVerlaufOfAnEinsatzIsReadable(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.openByNumber(t, "E-2026-0003")
	f.absage(t, model.CancelByInterpreter, "", "krank", "")
	f.now = f.now.Add(time.Hour)
	if err := f.st.Update("Ben Becker", func(tx *store.Tx) error {
		e, err := store.Einsaetze.Get(tx, f.e3)
		if err != nil {
			return err
		}
		e.MeetingPoint, e.Duration = "Empfang", 90*time.Minute
		return store.SaveEinsatz(tx, e)
	}); err != nil {
		t.Fatal(err)
	}
	m := history.New(f.ctx, store.KindEinsatz, f.e3)
	m.SetSize(80, 40)
	(&uitest.Drainer{Update: m.Update}).Run(t, m.Init())
	v := ansi.Strip(m.View())
	for _, want := range []string{
		"Ben Becker  geändert",
		"Termin: Do 05.03.2026, 14:00–15:00 → Do 05.03.2026, 14:00–15:30",
		"Treffpunkt: — → Empfang",
		"tester  geändert",
		"Status: vermittelt → Suche",
		"Grund: Sprachmittler:in abgesprungen: krank",
		"Sprachmittler:in: Rana Haddad → —",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("Verlauf lacks %q:\n%s", want, v)
		}
	}
	for _, bad := range []string{"_", "statusHistory", "interpreterId", "{\"", f.rana} {
		if strings.Contains(v, bad) {
			t.Errorf("Verlauf shows stored data %q:\n%s", bad, v)
		}
	}
}

func TestSearchAfterDropOutOffersSomebodyElseFirst(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.openByNumber(t, "E-2026-0001") // Amanuel, Tigrinya
	f.absage(t, model.CancelByInterpreter, "", "krank", "")
	f.press(t, "m")
	if f.tab.screen != scrMatch || len(f.tab.match.rows) < 2 {
		t.Fatalf("match list:\n%s", f.view(t))
	}
	first, ok := f.tab.match.selected()
	if !ok || first.PersonID == f.amanuel {
		t.Errorf("enter would book Amanuel again:\n%s", f.view(t))
	}
	if v := f.view(t); !strings.Contains(v, "hat diesen Einsatz abgesagt") {
		t.Errorf("the dropped-out interpreter should be marked:\n%s", v)
	}
}

func TestHistoryTablesGiveThePagesColumnTheRoom(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "i")
	if v := f.view(t); !strings.Contains(v, "Jobcenter Gifhorn") {
		t.Errorf("the interpreter's page should name the institution in full:\n%s", v)
	}
	f.press(t, "esc", "o")
	v := f.view(t)
	for _, want := range []string{"Amanuel Tesfay", "Rana Haddad", "vermittelt"} {
		if !strings.Contains(v, want) {
			t.Errorf("institution history lacks %q:\n%s", want, v)
		}
	}
}

// On the phone one types "Do" into the date field; it used to hold the
// default date as text already, so "27.11.2026Do" was refused.
func TestNewRequestDefaultsDoNotGetInTheWayOfTyping(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.press(t, "n", "/", "jobcenter", "enter")
	if f.tab.screen == scrPicker {
		f.press(t, "down", "enter")
	}
	for i := 0; i < 30 && !strings.Contains(f.view(t), "┃ Datum"); i++ {
		f.press(t, "enter")
	}
	v := f.view(t)
	if !strings.Contains(v, "┃ Datum") || !strings.Contains(v, "leer = 09.03.2026") {
		t.Fatalf("date field with its default:\n%s", v)
	}
	f.press(t, "Do", "enter", "09:30")
	for i := 0; i < 20 && f.tab.screen == scrForm; i++ {
		f.press(t, "ctrl+s")
	}
	if f.tab.screen != scrOverride {
		t.Fatalf("expected the lead-time warning (Thursday is 3 working days away):\n%s", f.view(t))
	}
	f.press(t, "u", "Gerichtstermin", "enter")
	var e *model.Einsatz
	f.st.View(func(tx *store.Tx) error { e, _ = store.Einsaetze.ByNumber(tx, "E-2026-0004"); return nil })
	if e == nil {
		t.Fatalf("not saved:\n%s", f.view(t))
	}
	if got := model.FormatDateTime(e.Start); got != "05.03.2026 09:30" || e.Duration != time.Hour {
		t.Errorf("stored %s for %v, want 05.03.2026 09:30 for 1h", got, e.Duration)
	}
}

// A tariff changed on "Regeln & Sätze" while the Nachweis form was open:
// nothing is saved with the old rate; the form shows the amount at the new
// rate, and the next save stores that.
func TestNachweisWithTariffChangedMeanwhile(t *testing.T) {
	f := newFixture(t, false, 80, 21)
	f.now = afterTheEinsaetze
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "x")
	if v := f.view(t); f.tab.screen != scrNachweis || !strings.Contains(v, "15,00 €") {
		t.Fatalf("one hour at 15 €/h should show 15,00 €:\n%s", v)
	}
	if err := f.st.Update("schulz", func(tx *store.Tx) error {
		set, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return err
		}
		for i := range set.Tariffs {
			set.Tariffs[i].RatePerHour = 2000
		}
		return store.SaveSprachmittlungSettings(tx, set)
	}); err != nil {
		t.Fatal(err)
	}
	f.press(t, "ctrl+s")
	var e *model.Einsatz
	f.st.View(func(tx *store.Tx) error { e, _ = store.Einsaetze.Get(tx, f.e1); return nil })
	if e.Nachweis != nil {
		t.Fatalf("saved with the tariff of when the form opened: %+v", e.Nachweis)
	}
	v := f.view(t)
	if f.tab.screen != scrNachweis || !strings.Contains(v, "20,00 €") || !strings.Contains(v, "Betrag neu berechnet, bitte prüfen.") {
		t.Fatalf("form should show the new amount and say why (status %q):\n%s", f.lastStatus.Text, v)
	}
	f.press(t, "ctrl+s")
	f.st.View(func(tx *store.Tx) error { e, _ = store.Einsaetze.Get(tx, f.e1); return nil })
	if e.Nachweis == nil || e.Nachweis.Amount != 2000 || e.Nachweis.Tariff.RatePerHour != 2000 {
		t.Fatalf("second save: %+v", e.Nachweis)
	}
}

// V (Verlauf) works on the pages of an interpreter and an institution and
// in the pool, not only on Einsätze: it said "Kein Datensatz ausgewählt"
// on a person's own page.
func TestCurrentRecordOnEveryPage(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	want := func(where, kind, id string) {
		t.Helper()
		if k, got := f.tab.Current(); k != kind || got != id || id == "" {
			t.Errorf("%s: Current() = %q %q, want %q %q", where, k, got, kind, id)
		}
	}
	f.press(t, "i")
	if k, id := f.tab.Current(); k != store.KindPerson || id == "" {
		t.Errorf("pool: Current() = %q %q, want the selected interpreter", k, id)
	}
	f.press(t, "esc")
	f.openByNumber(t, "E-2026-0001")
	want("detail", store.KindEinsatz, f.e1)
	f.press(t, "i")
	want("interpreter page", store.KindPerson, f.amanuel)
	f.press(t, "esc", "o")
	want("institution page", store.KindOrganisation, f.jobcenter)
}
