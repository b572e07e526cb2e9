package ui

import (
	"flag"
	"fmt"
	"image/color"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/demo"
	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/uitest"
)

var update = flag.Bool("update", false, "golden-Dateien neu schreiben")

// walkNow is the "today" of the walk: Thursday 19.11.2026, 10:00, the day
// the demo data is built around.
var walkNow = model.At(model.NewDate(2026, 11, 19), 10*60)

// walkStep is one step of the walk: keys pressed, then – if shot is set –
// the screen checked and kept for the golden file. list marks screens whose
// rows (a table, the week grid, search hits) may shorten a long name to
// their column: the table's last line spells out what the selected row
// shortened, and enter opens the record whole.
type walkStep struct {
	keys []string
	shot string
	list bool
}

func keysThen(shot string, keys ...string) walkStep { return walkStep{keys: keys, shot: shot} }
func listThen(shot string, keys ...string) walkStep {
	return walkStep{keys: keys, shot: shot, list: true}
}

// open filters the Einsatz list for a number and opens it.
func open(number string) []string { return []string{"/", number, "enter", "enter"} }

// walk is a new user's day on the demo: every screen of the three tabs and
// of the overlays, each left again with esc (and j where a question asks).
var walk = []walkStep{
	listThen("sprachmittlung-liste"),
	listThen("sprachmittlung-liste-filter", "/", "tigr"),
	keysThen("", "esc"),
	listThen("sprachmittlung-zeitraum", "z"),
	keysThen("", "esc"),
	// a past Einsatz, done and paid: detail, texts, Nachweis, Verlauf
	keysThen("sprachmittlung-einsatz", open("E-2026-0267")...),
	keysThen("sprachmittlung-einsatz-unten", "pgdown", "pgdown"),
	keysThen("sprachmittlung-texte", "a"),
	keysThen("", "esc"),
	keysThen("sprachmittlung-nachweis", "x"),
	keysThen("", "esc"),
	keysThen("sprachmittlung-bearbeiten", "e"),
	keysThen("", "esc"),
	keysThen("sprachmittlung-verlauf", "V"),
	keysThen("", "esc", "esc", "esc"),
	// one still looking for an interpreter: the candidates
	keysThen("sprachmittlung-offen", open("E-2026-0407")...),
	keysThen("sprachmittlung-kandidaten", "m"),
	keysThen("sprachmittlung-kandidaten-hilfe", "?"),
	keysThen("", "esc", "esc", "esc", "esc"),
	// one booked for today: status menu and the Absage
	keysThen("sprachmittlung-status", append(open("E-2026-0270"), "s")...),
	keysThen("sprachmittlung-absage", "down", "enter"),
	keysThen("sprachmittlung-absage-verwerfen", "right", "esc"),
	keysThen("", "j", "esc", "esc"),
	keysThen("sprachmittlung-agenda-tag", "w"),
	listThen("sprachmittlung-agenda-woche", "w"),
	keysThen("", "esc"),
	listThen("sprachmittlung-pool", "i"),
	listThen("sprachmittlung-sprachmittlerin", "enter"),
	keysThen("sprachmittlung-profil", "e"),
	keysThen("", "esc", "esc", "esc"),
	listThen("sprachmittlung-anfrage-einrichtung", "n"),
	keysThen("sprachmittlung-anfrage", "down", "enter"),
	keysThen("sprachmittlung-anfrage-verwerfen", "Herr Otto", "esc"),
	keysThen("", "j"),
	keysThen("sprachmittlung-hilfe", "?"),
	keysThen("", "esc"),

	listThen("kosten-antraege", "2"),
	listThen("kosten-antraege-filter", "F", "F"),
	keysThen("", "F", "F", "F", "F", "F", "F", "F", "F", "F"),
	keysThen("kosten-antrag", "enter"),
	keysThen("kosten-antrag-hilfe", "?"),
	keysThen("", "esc", "esc"),
	listThen("kosten-neuer-antrag", "n"),
	keysThen("", "esc"),
	keysThen("kosten-foerdertoepfe", "t"),
	keysThen("kosten-konto", "K"),
	keysThen("", "esc"),
	listThen("kosten-engagierte", "v"),
	keysThen("kosten-bankverbindung", "enter"),
	keysThen("", "esc"),
	keysThen("kosten-jahresbescheinigung", "b"),
	keysThen("", "esc"),
	listThen("kosten-zahllaeufe", "z"),
	listThen("kosten-zahllauf-neu", "n"),
	keysThen("", "esc", "a"),
	listThen("kosten-einsaetze-person", "E"),
	listThen("kosten-einsaetze", "down", "enter"),
	keysThen("", "esc"),
	keysThen("kosten-hilfe", "?"),
	keysThen("", "esc"),

	listThen("netzwerk-liste", "3"),
	listThen("netzwerk-veranstaltung", "enter"),
	listThen("netzwerk-einlass", "c"),
	keysThen("", "esc"),
	keysThen("netzwerk-protokoll", "o"),
	keysThen("", "esc"),
	keysThen("netzwerk-aufgabe", "+"),
	keysThen("", "esc"),
	listThen("netzwerk-aufgaben-der-veranstaltung", "t"),
	keysThen("", "esc"),
	listThen("netzwerk-anmelden", "a"),
	keysThen("", "esc"),
	keysThen("netzwerk-bearbeiten", "e"),
	listThen("netzwerk-bearbeiten-gespeichert", "ctrl+s"),
	keysThen("netzwerk-hilfe", "?"),
	keysThen("", "esc", "esc"),
	listThen("netzwerk-alle-aufgaben", "t"),
	keysThen("", "esc"),
	listThen("netzwerk-verteiler", "v"),
	listThen("netzwerk-gremium", "enter"),
	keysThen("", "esc", "esc"),

	keysThen("berichte", "4"),
	keysThen("berichte-bereich-2", "right"),
	keysThen("berichte-bereich-3", "right"),
	keysThen("berichte-bereich-4", "right"),
	listThen("berichte-datensaetze", "enter"),
	keysThen("", "esc"),
	keysThen("berichte-filter", "f"),
	keysThen("", "esc"),
	keysThen("berichte-zeitraum", "Z"),
	keysThen("", "esc"),
	keysThen("berichte-hilfe", "?"),
	keysThen("", "esc"),

	listThen("suche", "ctrl+k", "tigr"),
	keysThen("", "esc"),
	listThen("personen", "p"),
	listThen("einrichtungen", "tab"),
	keysThen("einrichtung-bearbeiten", "down", "enter"),
	keysThen("", "esc", "esc"),
	keysThen("regeln-tarife", "R"),
	keysThen("regeln-annahmeregeln", "tab"),
	keysThen("regeln-kmsaetze", "tab"),
	keysThen("regeln-freibetraege", "tab"),
	keysThen("regeln-neuer-freibetrag", "n"),
	keysThen("", "esc"),
	keysThen("regeln-rollen", "tab"),
	keysThen("regeln-zugriffe", "tab"),
	keysThen("regeln-hilfe", "?"),
	keysThen("", "esc", "esc"),
	keysThen("beenden-fragt", "1", "n", "down", "enter", "Frau Meier", "ctrl+c"),
	keysThen("", "n", "esc", "j"),
}

var walkKeys = map[string]tea.KeyPressMsg{
	"enter":     {Code: tea.KeyEnter},
	"esc":       {Code: tea.KeyEscape},
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"down":      {Code: tea.KeyDown},
	"up":        {Code: tea.KeyUp},
	"pgdown":    {Code: tea.KeyPgDown},
	"ctrl+k":    {Code: 'k', Mod: tea.ModCtrl},
	"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	"ctrl+s":    {Code: 's', Mod: tea.ModCtrl},
}

func (h *harness) press(keys ...string) {
	for _, k := range keys {
		if msg, ok := walkKeys[k]; ok {
			h.send(msg)
			continue
		}
		h.key(k)
	}
}

// demoStore is the small demo made around walkNow, with the clock fixed.
func demoStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "walk.db"), store.Options{Now: func() time.Time { return walkNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := demo.Run(st, demo.Options{Seed: 1, Now: walkNow, Who: "demo"}); err != nil {
		t.Fatal(err)
	}
	return st
}

// walkModel is the whole program on st at w×h on a dark or light terminal.
func walkModel(t *testing.T, st *store.Store, w, h int, dark bool) *harness {
	m := New(Options{Store: st, User: "anna", Dark: dark, Now: func() time.Time { return walkNow }, NoDailyBackup: true})
	hs := &harness{t: t, m: m, st: st}
	hs.run(m.Init())
	bg := color.Color(color.Black)
	if !dark {
		bg = color.White
	}
	hs.send(tea.BackgroundColorMsg{Color: bg})
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	t.Cleanup(m.Close)
	return hs
}

// TestWalkEveryScreen walks every screen at 80×24, 120×40 and 200×50 on a
// dark and a light terminal (issue 18). Each screen fills the terminal
// exactly, reads the same on both backgrounds (and is legible on each: no
// text under 3:1), cuts no number, no name and no key hint, and offers
// each key once with the same words in the help line and on the ? screen.
// The screens (ANSI stripped) are in testdata/walk_<size>.golden.
func TestWalkEveryScreen(t *testing.T) {
	if testing.Short() {
		t.Skip("walks the whole demo")
	}
	names := knownNames(t, demoStore(t))
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 50}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			var shots [2][]string
			for i, dark := range []bool{true, false} {
				// The walk changes the data (it bills, books, checks in):
				// every walk starts from a fresh demo, or one would show
				// what the walk before it did.
				hs := walkModel(t, demoStore(t), w, h, dark)
				for _, s := range walk {
					hs.press(s.keys...)
					if hs.quit {
						t.Fatalf("the program quit at %v", s.keys)
					}
					if s.shot == "" {
						continue
					}
					raw := hs.m.render()
					// the file lies in a new temporary folder each run
					screen := tempPath.ReplaceAllString(ansi.Strip(raw), "…/walk.db")
					checkNames := names
					if s.list {
						checkNames = nil
					}
					for _, p := range screenProblems(screen, w, h, checkNames) {
						t.Errorf("%s (%s): %s", s.shot, themeName(dark), p)
					}
					if bad := uitest.LowContrast(raw, dark, 3); len(bad) > 0 {
						t.Errorf("%s (%s): schwer lesbar: %v", s.shot, themeName(dark), bad)
					}
					for _, p := range helpProblems(hs.m) {
						t.Errorf("%s: %s", s.shot, p)
					}
					// the folder files are proposed in is the machine's
					// (documents, downloads, home): the golden file says "~"
					shot := strings.ReplaceAll(screen, store.OutputDir(), "~")
					shots[i] = append(shots[i], "=== "+s.shot+" ===\n"+shot)
				}
			}
			for i := range shots[0] {
				if shots[0][i] != shots[1][i] {
					t.Errorf("dark and light differ:\n%s\n%s", shots[0][i], shots[1][i])
				}
			}
			uitest.Golden(t, fmt.Sprintf("walk_%dx%d", w, h), strings.Join(shots[0], "\n"), *update)
		})
	}
}

func themeName(dark bool) string {
	if dark {
		return "dunkel"
	}
	return "hell"
}

// knownNames are the names a screen must never cut: people, institutions,
// events.
func knownNames(t *testing.T, st *store.Store) []string {
	var names []string
	err := st.View(func(tx *store.Tx) error {
		if err := store.People.Each(tx, func(p *model.Person) error { names = append(names, p.Name); return nil }); err != nil {
			return err
		}
		if err := store.Organisations.Each(tx, func(o *model.Organisation) error { names = append(names, o.Name); return nil }); err != nil {
			return err
		}
		return store.Events.Each(tx, func(e *model.Event) error { names = append(names, e.Title); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

var tempPath = regexp.MustCompile(`…[^ ]*/walk\.db`)

var cutNumber = regexp.MustCompile(`[0-9]…|…[0-9]|[0-9][.,]…`)

// screenProblems checks one screen: its size, and that no line cuts a
// number or a name, and the help line no key.
func screenProblems(screen string, w, h int, names []string) []string {
	var out []string
	lines := strings.Split(screen, "\n")
	if len(lines) != h {
		out = append(out, fmt.Sprintf("%d Zeilen statt %d", len(lines), h))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			out = append(out, fmt.Sprintf("Zeile %d ist %d breit", i+1, lw))
		}
		if i == len(lines)-1 {
			// the status bar: the path of the file is shortened on
			// purpose ("…/stabsstelle.db"); a message is not
			if j := strings.LastIndex(l, "✓ "); j >= 0 && strings.HasSuffix(strings.TrimSpace(l), "…") {
				out = append(out, "Meldung abgeschnitten: "+strings.TrimSpace(l[j:]))
			}
			continue
		}
		if i == len(lines)-2 && strings.Contains(l, "…") {
			out = append(out, "Hilfezeile abgeschnitten: "+strings.TrimSpace(l))
		}
		if cutNumber.MatchString(l) {
			out = append(out, "Zahl abgeschnitten: "+strings.TrimSpace(l))
		}
		for _, n := range names {
			if cutName(l, n) {
				out = append(out, fmt.Sprintf("Name „%s“ abgeschnitten: %s", n, strings.TrimSpace(l)))
				break // one is enough for the line
			}
		}
	}
	return out
}

// cutName reports whether line shows name cut short with "…" (at least
// four letters of it).
func cutName(line, name string) bool {
	rs := []rune(name)
	for i := strings.Index(line, "…"); i >= 0; {
		before := []rune(line[:i])
		for k := len(rs) - 1; k >= 4; k-- {
			if len(before) >= k && string(before[len(before)-k:]) == string(rs[:k]) {
				return true
			}
		}
		j := strings.Index(line[i+len("…"):], "…")
		if j < 0 {
			break
		}
		i += len("…") + j
	}
	return false
}

// helpProblems checks the keys of the screen that is open (the ? screen
// of the same state and the help line).
func helpProblems(m *Model) []string {
	if m.showHelp || m.askQuit != nil || m.search != nil {
		return nil
	}
	title, full, global := m.helpSource()
	var short []key.Binding
	var glob [][]key.Binding
	switch {
	case m.history != nil:
		short = m.history.ShortHelp()
	case m.settings != nil:
		short = m.settings.ShortHelp()
	case m.directory != nil:
		short = m.directory.ShortHelp()
	default:
		tab := m.tabs[m.active]
		short = tab.ShortHelp()
		if tab.Capturing() {
			// a form or dialog: its keys only, the ? screen is not reachable
			return uitest.HelpProblems(short, nil, nil)
		}
		if global {
			glob = m.ctx.Global.FullHelp()
		}
	}
	if m.settings != nil && m.settings.Capturing() || m.directory != nil && (m.directory.Editing() || m.directory.Filtering()) {
		return uitest.HelpProblems(short, nil, nil)
	}
	var out []string
	for _, p := range uitest.HelpProblems(short, full, glob) {
		out = append(out, title+": "+p)
	}
	return out
}
