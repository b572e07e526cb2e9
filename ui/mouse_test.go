package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/store"
)

// at is the cell where text first shows on the screen (line, column), or
// fails the test.
func (h *harness) at(text string) (x, y int) {
	h.t.Helper()
	for i, l := range strings.Split(h.screen(), "\n") {
		if j := strings.Index(l, text); j >= 0 {
			return ansi.StringWidth(l[:j]), i
		}
	}
	h.t.Fatalf("%q is not on the screen:\n%s", text, h.screen())
	return 0, 0
}

func (h *harness) click(x, y int) {
	h.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	h.send(tea.MouseReleaseMsg{X: x, Y: y, Button: tea.MouseLeft})
}

// current is the number of the Einsatz selected in tab 1.
func current(t *testing.T, m *Model) string {
	t.Helper()
	c, ok := m.tabs[m.active].(interface{ Current() (string, string) })
	if !ok {
		t.Fatalf("tab %d names no record", m.active)
	}
	_, id := c.Current()
	var number string
	err := m.ctx.Store.View(func(tx *store.Tx) error {
		e, err := store.Einsaetze.Get(tx, id)
		if err == nil {
			number = e.Number
		}
		return err
	})
	if err != nil {
		t.Fatalf("selected %q: %v", id, err)
	}
	return number
}

// A click on a tab's name shows that tab, on every tab (issue 18: "clicking
// a tab switches it"); the program takes clicks and the wheel only (no
// motion events).
func TestMouseClickOnATabShowsIt(t *testing.T) {
	hs := walkModel(t, demoStore(t), 120, 40, true)
	if v := hs.m.View(); v.MouseMode != tea.MouseModeCellMotion {
		t.Fatalf("mouse mode %v, want cell motion", v.MouseMode)
	}
	for _, c := range []struct {
		label string
		tab   int
		shows string
	}{
		{"3 Netzwerk", 2, "Veranstaltungen"},
		{"4 Berichte", 3, "Berichte"},
		{"2 Kostenerstattungen", 1, "Anträge"},
		{"1 Sprachmittlung", 0, "E-2026-"},
	} {
		x, y := hs.at(c.label)
		hs.click(x+2, y)
		if hs.m.active != c.tab {
			t.Fatalf("click on %q: tab %d shown", c.label, hs.m.active+1)
		}
		body := strings.SplitN(hs.screen(), "\n", 2)[1]
		if !strings.Contains(body, c.shows) {
			t.Errorf("click on %q: %q not shown:\n%s", c.label, c.shows, body)
		}
	}
	// over an overlay the tab bar does nothing: esc closes it first
	hs.key("p")
	x, y := hs.at("3 Netzwerk")
	hs.click(x, y)
	if hs.m.active != 0 || hs.m.directory == nil {
		t.Errorf("a click on the tab bar behind Personen: tab %d, directory open %v", hs.m.active+1, hs.m.directory != nil)
	}
}

// A click on a row selects it, a second click on it opens it; the wheel
// moves through the list.
func TestMouseClickSelectsARowAndOpensIt(t *testing.T) {
	hs := walkModel(t, demoStore(t), 120, 40, true)
	first := current(t, hs.m)
	lines := strings.Split(hs.screen(), "\n")
	// the fourth Einsatz below the selected one
	_, y := hs.at(first)
	target := ""
	for _, f := range strings.Fields(lines[y+4]) {
		if strings.HasPrefix(f, "E-2026-") {
			target = f
		}
	}
	if target == "" {
		t.Fatalf("no Einsatz on line %d: %q", y+4, lines[y+4])
	}
	hs.click(10, y+4)
	if got := current(t, hs.m); got == first {
		t.Fatalf("the click selected nothing (still %s)", got)
	}
	if !strings.Contains(hs.m.tabs[0].View(), target) {
		t.Fatalf("%s not on the list", target)
	}
	hs.click(10, y+4)
	if screen := hs.screen(); !strings.Contains(screen, "Einsatz "+target) || !strings.Contains(screen, "Termin") {
		t.Fatalf("the second click did not open %s:\n%s", target, screen)
	}
	hs.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	// the wheel: three rows per notch, down and up again
	before := current(t, hs.m)
	_, y0 := hs.at(before)
	hs.send(tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelDown})
	after := current(t, hs.m)
	_, y1 := hs.at(after)
	if after == before || y1-y0 != wheelLines {
		t.Errorf("wheel down: from %s (line %d) to %s (line %d)", before, y0, after, y1)
	}
	hs.send(tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelUp})
	if got := current(t, hs.m); got != before {
		t.Errorf("wheel up: %s, want %s", got, before)
	}
	// the same in the overlay Personen & Einrichtungen (p)
	hs.key("p")
	x, y := hs.at("Abdi Warsame")
	hs.click(x, y)
	hs.click(x, y)
	hs.wantScreen("Person bearbeiten: Abdi Warsame")
}

// The help line is a row of buttons: a click on "? Hilfe" opens the help,
// a click on "esc/q schließen" closes it; in the quit question a click on
// "n" answers no, the form stays with what was typed.
func TestMouseClickOnTheHelpLinePressesTheKey(t *testing.T) {
	hs := walkModel(t, demoStore(t), 80, 24, true)
	x, y := hs.at("? Hilfe")
	hs.click(x, y)
	if !hs.m.showHelp {
		t.Fatal("a click on „? Hilfe“ did not open the help")
	}
	hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if hs.m.helpTop == 0 {
		t.Error("the wheel did not scroll the help")
	}
	x, y = hs.at("esc/q schließen")
	hs.click(x+1, y)
	if hs.m.showHelp || hs.quit {
		t.Fatalf("help open %v, quit %v", hs.m.showHelp, hs.quit)
	}
	hs.press("n", "down", "enter")
	hs.key("Frau Meier")
	hs.press("ctrl+c")
	if hs.m.askQuit == nil {
		t.Fatal("ctrl+c with typed input did not ask")
	}
	// the wheel leaves the question alone
	hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	x, y = hs.at("n/esc nein")
	hs.click(x, y)
	if hs.quit || hs.m.askQuit != nil {
		t.Fatalf("quit %v, question open %v", hs.quit, hs.m.askQuit != nil)
	}
	hs.wantScreen("Frau Meier")
	// the dialog's own buttons: „Nein“ keeps the form, „Ja“ answers yes
	hs.press("esc")
	hs.wantScreen("verwerfen")
	x, y = hs.at(" Nein ")
	hs.click(x+2, y)
	hs.wantScreen("Frau Meier")
	hs.press("ctrl+c")
	x, y = hs.at(" Ja ")
	hs.click(x+1, y)
	if !hs.quit {
		t.Fatalf("a click on „Ja“ did not quit:\n%s", hs.screen())
	}
}

// R, M switches the mouse off for this member: the program gives the
// mouse back to the terminal (text can be selected again), clicks do
// nothing, and the switch holds at the next start; M switches it on again.
func TestMouseSwitchedOffInTheSettings(t *testing.T) {
	st := demoStore(t)
	hs := walkModel(t, st, 80, 24, true)
	sub := st.Subscribe()
	defer sub.Close()
	toggle := func() {
		t.Helper()
		hs.key("M")
		evs, ok := sub.Wait()
		if !ok {
			t.Fatal("no change came")
		}
		hs.send(changedMsg{events: evs})
		for _, p := range screenProblems(hs.screen(), 80, 24, nil) {
			t.Error(p) // the message says it whole at 80 columns
		}
	}
	hs.key("R")
	hs.wantScreen("Maus an (M)")
	// a click on a part of the section bar shows it
	x, y := hs.at("Rollen")
	hs.click(x+1, y)
	hs.wantScreen("Rollen im Team – wer was ändern darf")
	x, y = hs.at("Tarife")
	hs.click(x, y)
	hs.wantScreen("€/Std.")
	toggle()
	hs.wantScreen("Maus aus (M)")
	hs.wantScreen("Maus ausgeschaltet")
	if v := hs.m.View(); v.MouseMode != tea.MouseModeNone {
		t.Fatalf("mouse mode %v after switching it off", v.MouseMode)
	}
	hs.press("esc")
	x, y = hs.at("3 Netzwerk")
	hs.click(x, y)
	hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if hs.m.active != 0 {
		t.Error("a click switched the tab with the mouse off")
	}
	// the next start keeps it off; another member's mouse is on
	again := walkModel(t, st, 120, 40, true)
	if again.m.View().MouseMode != tea.MouseModeNone {
		t.Error("the mouse is on again after a restart")
	}
	other := New(Options{Store: st, User: "ben", Now: walkNow.Local, NoDailyBackup: true})
	oh := &harness{t: t, m: other, st: st}
	oh.run(other.Init())
	oh.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	t.Cleanup(other.Close)
	if other.View().MouseMode != tea.MouseModeCellMotion {
		t.Error("ben's mouse is off by anna's switch")
	}
	hs.key("R")
	toggle()
	hs.wantScreen("Maus an (M)")
	if hs.m.View().MouseMode != tea.MouseModeCellMotion {
		t.Error("M did not switch the mouse on again")
	}
	var s store.BedienungSettings
	_ = st.View(func(tx *store.Tx) error { s, _ = store.LoadBedienungSettings(tx, "anna"); return nil })
	if s.MouseOff {
		t.Error("stored: mouse still off")
	}
}

// A click on a help-line item presses the key the binding names: every
// key name the help line can show turns into a press that reads the same.
func TestKeyPressOfEveryKeyName(t *testing.T) {
	names := []string{"n", "N", "?", "/", "+", "enter", "esc", "tab", "shift+tab", "space", "up", "down",
		"left", "right", "pgup", "pgdown", "home", "end", "ctrl+s", "ctrl+k", "ctrl+z", "ctrl+r", "backspace", "delete", "f1"}
	for _, n := range names {
		if got := keyPress(n).String(); got != n {
			t.Errorf("keyPress(%q) reads %q", n, got)
		}
	}
}

// In the Berichte a click on a part shows it, a click on a bar selects
// it, a second click opens the records behind it, and a click on one of
// them selects it.
func TestMouseInTheBerichte(t *testing.T) {
	hs := walkModel(t, demoStore(t), 120, 40, false)
	x, y := hs.at("4 Berichte")
	hs.click(x, y)
	hs.wantScreen("▸ Sprachmittlung")
	x, y = hs.at("  Kostenerstattungen  ")
	hs.click(x+3, y)
	hs.wantScreen("▸ Kostenerstattungen")
	x, y = hs.at("  Sprachmittlung ▸")
	hs.click(x+3, y)
	hs.wantScreen("▸ Sprachmittlung")
	x, y = hs.at("  Nov 2026")
	hs.click(x+4, y)
	hs.wantScreen("› Nov 2026")
	hs.click(x+4, y)
	hs.wantScreen("Einsätze November 2026")
}
