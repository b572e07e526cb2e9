package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/ui/keys"
)

// useKeys makes text the keys.toml of the screens built afterwards, for
// one test (the keys are the program's, set once at start).
func useKeys(t *testing.T, text string) {
	t.Helper()
	c := keys.Parse([]byte(text), keys.Scopes())
	if len(c.Problems) != 0 {
		t.Fatalf("keys.toml: %v", c.Problems)
	}
	keys.Use(c)
	t.Cleanup(func() { keys.Use(nil) })
}

// TestHelpOnF1FromKeysToml: the "done when": help rebound to F1 in
// keys.toml opens with F1, ? is an ordinary key then, and the help line
// says f1.
func TestHelpOnF1FromKeysToml(t *testing.T) {
	useKeys(t, "[keys]\nhilfe = \"f1\"\n")
	h := newHarness(t, 100, 30, nil)
	h.special(tea.KeyEnter, 0)
	if !strings.Contains(h.screen(), "f1 Hilfe") {
		t.Errorf("help line does not offer f1:\n%s", h.screen())
	}
	h.key("?")
	if h.m.showHelp {
		t.Fatal("? still opens the help")
	}
	h.special(tea.KeyF1, 0)
	if !h.m.showHelp {
		t.Fatal("F1 does not open the help")
	}
	h.wantScreen("Überall")
	h.wantScreen("f1")
	h.special(tea.KeyF1, 0)
	if h.m.showHelp {
		t.Error("F1 does not close the help again")
	}
}

// TestRebindReachesTheTabsAndTables: a tab's key and a table's key from
// keys.toml work in the real screens.
func TestRebindReachesTheTabsAndTables(t *testing.T) {
	useKeys(t, "[keys]\n\"reiter-2\" = \"F2\"\nbeenden = \"ctrl+q\"\nfiltern = \"ctrl+f\"\n")
	h := newHarness(t, 100, 30, nil)
	h.special(tea.KeyEnter, 0)
	h.special(tea.KeyF2, 0)
	if h.m.active != 1 {
		t.Fatalf("F2 did not switch to Kostenerstattungen: %d", h.m.active)
	}
	h.key("q")
	if h.quit {
		t.Fatal("q still quits")
	}
	h.special('f', tea.ModCtrl)
	if !h.m.tabs[h.m.active].Capturing() {
		t.Error("ctrl+f did not open the list filter")
	}
	h.special(tea.KeyEscape, 0)
	h.special('q', tea.ModCtrl)
	if !h.quit {
		t.Error("ctrl+q did not quit")
	}
}
