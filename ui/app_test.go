package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/uitest"
)

// harness drives the root model synchronously through uitest.Drainer, the
// one harness of the UI tests: every command is run and its message fed
// back, like the Bubble Tea runtime would, except the change-feed waiter
// (it waits for the next commit) and timers.
type harness struct {
	t    testing.TB
	m    *Model
	st   *store.Store
	quit bool
	// wait is how long a command may take before the test fails with its
	// name (10 s unless set).
	wait time.Duration
	// held keeps the commands that messages returned instead of running
	// them (hold: true), to measure one step without what follows it.
	hold bool
	held []tea.Cmd
}

func newHarness(t *testing.T, w, h int, tabs func(*common.Context) []common.Tab) *harness {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "ui.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m := New(Options{Store: st, User: "anna", Tabs: tabs, Dark: true})
	hs := &harness{t: t, m: m, st: st}
	hs.run(m.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// isFeedWait names the root's change-feed waiter: it returns only after
// the next commit, which a test makes itself and then sends as changedMsg.
func isFeedWait(c tea.Cmd) bool { return strings.Contains(uitest.FuncName(c), "waitFeed") }

func (h *harness) drainer() *uitest.Drainer {
	d := &uitest.Drainer{Update: func(msg tea.Msg) tea.Cmd { _, c := h.m.Update(msg); return c },
		Wait: h.wait, Skip: isFeedWait, Quit: func() { h.quit = true }}
	if h.hold {
		d.Hold = &h.held
	}
	return d
}

// run runs cmd and everything that follows from it.
func (h *harness) run(cmd tea.Cmd) { h.drainer().Run(h.t, cmd) }

func (h *harness) send(msg tea.Msg) {
	_, cmd := h.m.Update(msg)
	if h.hold {
		if cmd != nil {
			h.held = append(h.held, cmd)
		}
		return
	}
	h.run(cmd)
}

func (h *harness) key(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (h *harness) special(code rune, mod tea.KeyMod) { h.send(tea.KeyPressMsg{Code: code, Mod: mod}) }

func (h *harness) screen() string { return ansi.Strip(h.m.render()) }

func (h *harness) wantScreen(substr string) {
	h.t.Helper()
	if s := h.screen(); !strings.Contains(s, substr) {
		h.t.Fatalf("screen lacks %q:\n%s", substr, s)
	}
}

func TestScreenFitsExactlyAndShowsTabsAndStatus(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := newHarness(t, size[0], size[1], nil)
		h.special(tea.KeyEnter, 0) // leave the welcome screen
		lines := strings.Split(h.screen(), "\n")
		if len(lines) != size[1] {
			t.Fatalf("%v: %d lines, want %d", size, len(lines), size[1])
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("%v: line %d is %d wide: %q", size, i, w, l)
			}
		}
		for _, want := range []string{"1 Sprachmittlung", "2 Kostenerstattungen", "3 Netzwerk", "anna", "ui.db"} {
			if !strings.Contains(h.screen(), want) {
				t.Errorf("%v: screen lacks %q", size, want)
			}
		}
	}
}

func TestTooSmallNamesTheSizeNeeded(t *testing.T) {
	h := newHarness(t, 70, 20, nil)
	h.wantScreen("Terminal zu klein")
	h.wantScreen("80×24")
	h.wantScreen("70×20")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if strings.Contains(h.screen(), "zu klein") {
		t.Error("still too small at 80×24")
	}
}

func TestWelcomeOnEmptyDatabaseOnly(t *testing.T) {
	h := newHarness(t, 80, 24, nil)
	h.wantScreen("Willkommen")
	h.wantScreen("make demo")
	h.special(tea.KeyEnter, 0)
	if strings.Contains(h.screen(), "Willkommen") {
		t.Error("welcome stays after enter")
	}
	h.st.Update("anna", func(tx *store.Tx) error { return store.People.Put(tx, &model.Person{Name: "Amina Haddad"}) })
	h2 := New(Options{Store: h.st, User: "anna"})
	hs := &harness{t: t, m: h2, st: h.st}
	hs.run(checkEmpty(h.st))
	hs.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if strings.Contains(hs.screen(), "Willkommen") {
		t.Error("welcome shown although the database has data")
	}
}

func TestTabKeysSwitchAndQQuits(t *testing.T) {
	h := newHarness(t, 80, 24, nil)
	h.special(tea.KeyEnter, 0)
	for _, c := range []struct {
		key  string
		want int
	}{{"2", 1}, {"3", 2}, {"1", 0}} {
		h.key(c.key)
		if h.m.active != c.want {
			t.Fatalf("after %q active = %d, want %d", c.key, h.m.active, c.want)
		}
	}
	h.special(tea.KeyTab, 0)
	if h.m.active != 1 {
		t.Errorf("tab: active = %d", h.m.active)
	}
	h.special(tea.KeyTab, tea.ModShift)
	if h.m.active != 0 {
		t.Errorf("shift+tab: active = %d", h.m.active)
	}
	h.key("q")
	if !h.quit {
		t.Error("q did not quit")
	}
}

func TestQInATextFieldIsALetterAndCtrlCAsks(t *testing.T) {
	h := newHarness(t, 80, 24, nil)
	h.special(tea.KeyEnter, 0)
	h.key("p") // people directory
	h.wantScreen("neue Person anlegen")
	h.key("n") // new person form, name field focused
	h.wantScreen("Neue Person")
	h.key("quast")
	if h.quit {
		t.Fatal("q typed into the name field quit the program")
	}
	h.wantScreen("quast")
	h.special('c', tea.ModCtrl)
	if h.quit {
		t.Fatal("ctrl+c with unsaved input quit without asking")
	}
	h.wantScreen("verwerfen")
	h.key("n")
	h.wantScreen("quast")
	h.special('c', tea.ModCtrl)
	h.key("j")
	if !h.quit {
		t.Error("confirmed ctrl+c did not quit")
	}
}

func TestCreatePersonFromDirectoryIsSavedWithUser(t *testing.T) {
	h := newHarness(t, 100, 40, nil)
	h.special(tea.KeyEnter, 0)
	h.key("p")
	h.key("n")
	h.key("Hevin Barzani")
	for i := 0; i < 7; i++ { // through the remaining fields to the notes
		h.special(tea.KeyEnter, 0)
	}
	h.special('s', tea.ModCtrl) // in the notes enter is a new line; ctrl+s saves
	var got []*model.Person
	h.st.View(func(tx *store.Tx) error { got, _ = store.People.All(tx); return nil })
	if len(got) != 1 || got[0].Name != "Hevin Barzani" || got[0].CreatedBy != "anna" {
		t.Fatalf("stored people = %+v\nscreen:\n%s", got, h.screen())
	}
	h.wantScreen("Hevin Barzani gespeichert")
}

func TestInvalidEmailShowsGermanMessageAndSavesNothing(t *testing.T) {
	h := newHarness(t, 100, 40, nil)
	h.special(tea.KeyEnter, 0)
	h.key("p")
	h.key("n")
	h.key("Hevin Barzani")
	h.special(tea.KeyEnter, 0) // to Geschlecht
	h.special(tea.KeyEnter, 0) // to E-Mail
	h.key("hevin-at-example")
	h.special(tea.KeyEnter, 0)
	h.wantScreen("keine gültige E-Mail-Adresse")
	h.wantScreen("Hevin Barzani") // nothing typed is lost
	n := 0
	h.st.View(func(tx *store.Tx) error { n = store.People.Count(tx); return nil })
	if n != 0 {
		t.Errorf("%d people stored despite the invalid e-mail", n)
	}
}

func TestSearchFindsPersonAcrossTabs(t *testing.T) {
	h := newHarness(t, 80, 24, nil)
	h.st.Update("anna", func(tx *store.Tx) error {
		return store.People.Put(tx, &model.Person{Name: "Tsega Tesfaye", City: "Wittingen"})
	})
	h.special(tea.KeyEnter, 0)
	h.special('k', tea.ModCtrl)
	h.key("tesf")
	h.wantScreen("Tsega Tesfaye")
	h.wantScreen("1 Treffer")
	h.special(tea.KeyEscape, 0)
	if h.m.search != nil {
		t.Error("esc did not close the search")
	}
}

// TestSearchTakesDatesAndKindsInItsText: "Tigrinya ab 1.3." in ctrl+k
// finds the Einsätze from 1 March on, not the earlier one and not the
// interpreter (people have no date); "bis" and "nur" work the same way.
func TestSearchTakesDatesAndKindsInItsText(t *testing.T) {
	h := newHarness(t, 100, 30, nil)
	var nums []string
	h.st.Update("anna", func(tx *store.Tx) error {
		org := &model.Organisation{Name: "Jobcenter Gifhorn", Kind: model.OrgJobcenter, City: "Gifhorn"}
		if err := store.Organisations.Put(tx, org); err != nil {
			return err
		}
		if err := store.People.Put(tx, &model.Person{Name: "Yonas Tesfaye", Interpreter: &model.InterpreterProfile{
			Languages: []model.LanguageSkill{{Language: "Tigrinya"}}, Active: true}}); err != nil {
			return err
		}
		for _, d := range []model.Date{model.NewDate(2026, 2, 20), model.NewDate(2026, 3, 1), model.NewDate(2026, 3, 30)} {
			e := &model.Einsatz{OrganisationID: org.ID, Language: "Tigrinya", Setting: model.SettingOnSite, Place: "Gifhorn",
				Start: model.At(d, model.Clock(9*60)), Duration: time.Hour, Status: model.StatusSuche}
			if err := store.Einsaetze.Put(tx, e); err != nil {
				return err
			}
			nums = append(nums, e.Number)
		}
		return nil
	})
	h.special(tea.KeyEnter, 0)
	h.special('k', tea.ModCtrl)
	h.key("Tigrinya")
	h.wantScreen("Yonas Tesfaye")
	h.wantScreen("4 Treffer")
	h.key(" ab 1.3.2026")
	h.wantScreen("Filter: ab 01.03.2026")
	h.wantScreen("2 Treffer")
	scr := h.screen()
	if !strings.Contains(scr, nums[1]) || !strings.Contains(scr, nums[2]) || strings.Contains(scr, nums[0]) || strings.Contains(scr, "Yonas") {
		t.Errorf("ab 1.3.2026:\n%s", scr)
	}
	h.key(" bis 29.3.2026")
	h.wantScreen("1 Treffer")
	h.wantScreen(nums[1])
	for range len(" ab 1.3.2026 bis 29.3.2026") {
		h.special(tea.KeyBackspace, 0)
	}
	h.key(" nur Personen")
	h.wantScreen("Filter: nur Person")
	h.wantScreen("1 Treffer")
	h.wantScreen("Yonas Tesfaye")
}

func TestCtrlZUndoesTheUsersLastChange(t *testing.T) {
	h := newHarness(t, 100, 40, nil)
	h.special(tea.KeyEnter, 0)
	p := &model.Person{Name: "Tsega Tesfaye"}
	h.st.Update("anna", func(tx *store.Tx) error { return store.People.Put(tx, p) })
	p.City = "Wittingen"
	h.st.Update("anna", func(tx *store.Tx) error { return store.People.Put(tx, p) })
	h.special('z', tea.ModCtrl)
	h.wantScreen("Rückgängig")
	h.st.View(func(tx *store.Tx) error {
		got, err := store.People.Get(tx, p.ID)
		if err != nil || got.City != "" {
			t.Errorf("after one undo: %+v %v, want the city gone", got, err)
		}
		return nil
	})
	h.special('z', tea.ModCtrl)
	h.st.View(func(tx *store.Tx) error {
		if _, err := store.People.Get(tx, p.ID); err == nil {
			t.Error("second undo did not take back the creation")
		}
		return nil
	})
}

func TestVerlaufShowsWhoChangedWhat(t *testing.T) {
	h := newHarness(t, 100, 40, nil)
	h.special(tea.KeyEnter, 0)
	h.key("V") // Sprachmittlung with an empty list: nothing to show
	h.wantScreen("kein Datensatz ausgewählt")

	start := time.Now().Add(72 * time.Hour)
	ev := &model.Event{Title: "Arbeitskreis Bildung", Type: model.EventArbeitskreis, Region: model.RegionZentrum,
		Start: start, End: start.Add(2 * time.Hour), Venue: "Kreishaus I", Status: model.EventGeplant}
	if err := h.st.Update("anna", func(tx *store.Tx) error { return store.SaveEvent(tx, ev) }); err != nil {
		t.Fatal(err)
	}
	ev.Venue = "Schloss Gifhorn"
	if err := h.st.Update("bernd", func(tx *store.Tx) error { return store.SaveEvent(tx, ev) }); err != nil {
		t.Fatal(err)
	}
	// The feed waiter does not run in this harness; deliver the change.
	h.send(changedMsg{events: []store.Event{{Who: "bernd", Changes: []store.Change{{Kind: store.KindEvent, ID: ev.ID}}}}})
	h.key("3") // Netzwerk: the event is the selected row
	h.wantScreen("Arbeitskreis Bildung")
	h.key("V")
	h.wantScreen("Verlauf")
	h.wantScreen("bernd")
	h.wantScreen("Schloss Gifhorn")
	h.special(tea.KeyEscape, 0)
	if h.m.history != nil {
		t.Error("esc did not close the Verlauf")
	}
}

func TestRegelnUndSaetzeOpensWithRAndClosesWithEsc(t *testing.T) {
	h := newHarness(t, 80, 24, nil)
	h.special(tea.KeyEnter, 0)
	h.key("2")
	h.key("R")
	if h.m.settings == nil {
		t.Fatalf("R did not open the settings:\n%s", h.screen())
	}
	h.wantScreen("Regeln & Sätze")
	h.wantScreen("01.01.2018") // the default tariff
	h.wantScreen("esc zurück") // the screen's keys in the help line
	lines := strings.Split(h.screen(), "\n")
	if len(lines) != 24 {
		t.Errorf("%d lines, want 24", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d wide: %q", i, w, l)
		}
	}
	// A form with typed input: ctrl+c asks first.
	h.key("n")
	h.wantScreen("Neuer Tarif")
	h.key("1.1.2030")
	h.special('c', tea.ModCtrl)
	if h.quit {
		t.Fatal("ctrl+c with unsaved settings input quit without asking")
	}
	h.wantScreen("verwerfen")
	h.key("n")
	h.special(tea.KeyEscape, 0) // leave the form …
	h.key("j")                  // … discarding the input
	h.special(tea.KeyEscape, 0) // and the screen
	if h.m.settings != nil {
		t.Fatalf("esc did not close the settings:\n%s", h.screen())
	}
	if h.m.active != 1 {
		t.Errorf("back on tab %d, want the Kosten tab", h.m.active)
	}
	h.wantScreen("2 Kostenerstattungen")

	// In a text field R is a letter, in a tab as in the people directory.
	h.key("1")
	h.key("/")
	h.key("R")
	if h.m.settings != nil {
		t.Fatal("R typed into the list filter opened the settings")
	}
	h.special(tea.KeyEscape, 0)
	h.key("p")
	h.key("n")
	h.key("Rana")
	if h.m.settings != nil {
		t.Fatal("R typed into a name field opened the settings")
	}
	h.wantScreen("Rana")
}

func TestHelpListsRegelnUndSaetze(t *testing.T) {
	h := newHarness(t, 100, 40, nil)
	h.special(tea.KeyEnter, 0)
	h.key("?")
	h.wantScreen("Regeln & Sätze")
}

// TestHelpFitsAt80x24AndScrolls: the ? screen of every tab stays inside
// an 80×24 terminal (it ran off the right edge and the bottom), what does
// not fit the height is reached with ↓, and any other key closes it.
func TestHelpFitsAt80x24AndScrolls(t *testing.T) {
	h := newHarness(t, 80, 24, nil)
	h.special(tea.KeyEnter, 0)
	fits := func() {
		t.Helper()
		lines := strings.Split(h.screen(), "\n")
		if len(lines) != 24 {
			t.Fatalf("help is %d lines high", len(lines))
		}
		for i, l := range lines[:23] { // the status bar may shorten the path
			if strings.Contains(l, "…") && !strings.Contains(l, "▼ noch") {
				t.Errorf("line %d cut: %q", i, l)
			}
			if w := ansi.StringWidth(l); w > 80 {
				t.Errorf("line %d is %d wide", i, w)
			}
		}
	}
	for _, tab := range []string{"1", "2", "3", "4"} {
		h.key(tab + "?")
		fits()
		h.wantScreen("Überall")
		for range 40 {
			h.special(tea.KeyDown, 0)
		}
		fits()
		h.wantScreen("bei ungespeicherten Eingaben")
		h.key("x")
		if h.m.showHelp {
			t.Error("x did not close the help")
		}
	}
	// Scrolling, on a screen smaller than the help.
	h.key("?")
	small := strings.Join([]string{h.m.helpView(80, 10)}, "")
	if !strings.Contains(ansi.Strip(small), "▼ noch") {
		t.Fatalf("help in 10 lines does not say there is more:\n%s", ansi.Strip(small))
	}
	before := ansi.Strip(h.m.helpView(80, 10))
	h.m.helpTop = 0
	h.m.h = 13 // helpKey scrolls by the content box: 10 lines
	h.m.helpKey("down")
	h.m.h = 24
	if after := ansi.Strip(h.m.helpView(80, 10)); after == before {
		t.Error("↓ did not scroll the help")
	}
	h.special(tea.KeyEscape, 0)
	if h.m.showHelp {
		t.Error("esc did not close the help")
	}
	h.key("?")
	h.wantScreen("Überall") // opens at the top again
}

// q on the help, the Verlauf, Regeln & Sätze and the directory closes
// them; it never quits from an overlay (issue 18: q in the help quit the
// program). ? there shows the overlay's own keys.
func TestQAndEscCloseOverlaysAndQuestionMarkShowsTheirKeys(t *testing.T) {
	h := newHarness(t, 100, 40, nil)
	h.special(tea.KeyEnter, 0)
	seedEvent(t, h)
	h.key("3")
	open := map[string]func(){
		"help":      func() { h.key("?") },
		"verlauf":   func() { h.key("V") },
		"settings":  func() { h.key("R") },
		"directory": func() { h.key("p") },
	}
	isOpen := func() bool {
		return h.m.showHelp || h.m.history != nil || h.m.settings != nil || h.m.directory != nil
	}
	for _, name := range []string{"help", "verlauf", "settings", "directory"} {
		for _, close := range []string{"q", "esc"} {
			open[name]()
			if !isOpen() {
				t.Fatalf("%s did not open:\n%s", name, h.screen())
			}
			if name != "help" {
				h.key("?")
				if !h.m.showHelp {
					t.Fatalf("%s: ? did not show the help", name)
				}
				if strings.Contains(h.screen(), "Überall") {
					t.Errorf("%s: the help shows the tab's keys, not the overlay's:\n%s", name, h.screen())
				}
				h.special(tea.KeyEscape, 0) // back to the overlay
				if h.m.showHelp || !isOpen() {
					t.Fatalf("%s: esc on its help closed more than the help", name)
				}
			}
			if close == "q" {
				h.key("q")
			} else {
				h.special(tea.KeyEscape, 0)
			}
			if h.quit {
				t.Fatalf("%s: %s quit the program", name, close)
			}
			if isOpen() {
				t.Fatalf("%s: %s did not close it:\n%s", name, close, h.screen())
			}
		}
	}
}

// TestHelpLineOffersNoGlobalKeysWhileTyping: while a form field has the
// keys, q ? ctrl+k are letters for it; the help line must not offer
// "q beenden" then.
func TestHelpLineOffersNoGlobalKeysWhileTyping(t *testing.T) {
	h := newHarness(t, 200, 40, nil) // wide enough for the whole line
	h.special(tea.KeyEnter, 0)
	h.key("3")
	if !strings.Contains(ansi.Strip(h.m.helpLine()), "q beenden") {
		t.Fatalf("list help line lacks q beenden: %q", ansi.Strip(h.m.helpLine()))
	}
	h.key("n") // new event, title field focused
	h.wantScreen("Neue Veranstaltung")
	if line := ansi.Strip(h.m.helpLine()); strings.Contains(line, "beenden") || strings.Contains(line, "suchen") {
		t.Errorf("help line while typing offers global keys: %q", line)
	}
}

// TestControlCharactersPastedIntoAFormNeverReachTheStore: text pasted into
// the person form with an escape sequence, a bell and a zero byte (what a
// copied web page or a hostile file can carry) is saved without them; a
// multi-line notes field keeps its line break.
func TestControlCharactersPastedIntoAFormNeverReachTheStore(t *testing.T) {
	h := newHarness(t, 100, 40, nil)
	h.special(tea.KeyEnter, 0)
	h.key("p")
	h.key("n")
	h.send(tea.PasteMsg{Content: "Eve\x1b[31m Evil\x07\x00"})
	for range 7 { // to Notizen
		h.special(tea.KeyEnter, 0)
	}
	h.send(tea.PasteMsg{Content: "Zeile 1\x1b[2J\nZeile 2\x9b31m"})
	h.special('s', tea.ModCtrl) // save (enter in the notes is a new line)
	var people []*model.Person
	h.st.View(func(tx *store.Tx) error {
		var err error
		people, err = store.People.All(tx)
		return err
	})
	if len(people) != 1 {
		t.Fatalf("%d people stored; screen:\n%s", len(people), h.screen())
	}
	p := people[0]
	for _, s := range []string{p.Name, p.Notes} {
		if model.TextProblem("x", s, true) != "" {
			t.Errorf("a control character reached the store: %q", s)
		}
	}
	if !strings.HasPrefix(p.Name, "Eve") || !strings.Contains(p.Name, "Evil") {
		t.Errorf("name %q", p.Name)
	}
}

// TestTabSwitchBeforeFirstScreenStillStartsEveryTab: a user who presses 2
// before the first tab's screen is there (a slow start over SSH) sees the
// claims once they are loaded – the tab switched to is started too, not
// left empty as "Anträge (0)".
func TestTabSwitchBeforeFirstScreenStillStartsEveryTab(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "ui.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	claim := &model.Claim{PeriodFrom: model.NewDate(2026, 1, 1), PeriodTo: model.NewDate(2026, 1, 31), Project: "Integrationslotsen",
		Lines: []model.ClaimLine{{Kind: model.LineBeleg, Date: model.NewDate(2026, 1, 5), ReceiptNo: "R-1", Description: "Stifte", Amount: 1250}}}
	if err := st.Update("ben", func(tx *store.Tx) error {
		p := &model.Person{Name: "Vera Volunteer", City: "Gifhorn", Volunteer: &model.VolunteerProfile{IBAN: "DE89370400440532013000"}}
		if err := store.People.Put(tx, p); err != nil {
			return err
		}
		claim.PersonID = p.ID
		return store.SaveClaim(tx, claim)
	}); err != nil {
		t.Fatal(err)
	}
	m := New(Options{Store: st, User: "anna", Dark: true})
	h := &harness{t: t, m: m, st: st}
	start := m.Init() // not run yet: the first screen is still loading
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.key("2")
	h.run(start)
	h.wantScreen(claim.Number)
}
