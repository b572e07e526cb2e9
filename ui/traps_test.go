package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
)

// Traps found by a new user (issue 18): each test drives the whole program
// (root model and real tabs) with keys and reads the screen.

// seedEvent stores one event a few days ahead; the Netzwerk list shows it
// first.
func seedEvent(t *testing.T, h *harness) *model.Event {
	t.Helper()
	start := time.Now().Add(72 * time.Hour)
	ev := &model.Event{Title: "Arbeitskreis Bildung", Type: model.EventArbeitskreis, Region: model.RegionZentrum,
		Start: start, End: start.Add(2 * time.Hour), Venue: "Kreishaus I", Status: model.EventGeplant}
	if err := h.st.Update("anna", func(tx *store.Tx) error { return store.SaveEvent(tx, ev) }); err != nil {
		t.Fatal(err)
	}
	h.send(changedMsg{events: []store.Event{{Who: "anna", Changes: []store.Change{{Kind: store.KindEvent, ID: ev.ID}}}}})
	return ev
}

// openPersonForm reaches "＋ neue Person anlegen" of the person picker of a
// tab and types a name into it.
func openPersonForm(t *testing.T, h *harness, tab string) {
	t.Helper()
	switch tab {
	case "kosten":
		h.key("2")
		h.key("n") // new claim: pick the person first
	case "netzwerk":
		h.key("3")
		h.special(tea.KeyEnter, 0) // the event
		h.key("a")                 // register somebody
	}
	h.wantScreen("＋ neue Person anlegen")
	h.special(tea.KeyEnter, 0) // the first row: a new person
	h.wantScreen("Neue Person")
	h.key("Tesfay")
}

// The discard dialog of a form opened from the person picker answers j, n,
// enter and esc (issue 18: in Kostenerstattungen it ignored all four, and
// only ctrl+c – quitting the program – got out; in Netzwerk j kept the
// form).
func TestPickerFormDiscardDialogAnswersEveryKey(t *testing.T) {
	for _, tab := range []string{"kosten", "netzwerk"} {
		for _, c := range []struct {
			key     string
			discard bool
		}{{"j", true}, {"y", true}, {"n", false}, {"esc", false}, {"enter", false}} {
			t.Run(tab+"/"+c.key, func(t *testing.T) {
				h := newHarness(t, 80, 24, nil)
				h.special(tea.KeyEnter, 0) // welcome
				if tab == "netzwerk" {
					seedEvent(t, h)
				}
				openPersonForm(t, h, tab)
				h.special(tea.KeyEscape, 0)
				h.wantScreen("Eingaben verwerfen?")
				switch c.key {
				case "esc":
					h.special(tea.KeyEscape, 0)
				case "enter":
					h.special(tea.KeyEnter, 0) // "Nein" is marked
				default:
					h.key(c.key)
				}
				s := h.screen()
				if strings.Contains(s, "Eingaben verwerfen?") {
					t.Fatalf("%s: the dialog is still open:\n%s", c.key, s)
				}
				if c.discard {
					if strings.Contains(s, "Neue Person") || !strings.Contains(s, "Person auswählen") {
						t.Fatalf("%s: expected the picker's list again:\n%s", c.key, s)
					}
					return
				}
				if !strings.Contains(s, "Neue Person") || !strings.Contains(s, "Tesfay") {
					t.Fatalf("%s: expected the form with what was typed:\n%s", c.key, s)
				}
				// the form works on: typing goes into the name field
				h.key("x")
				h.wantScreen("Tesfayx")
			})
		}
	}
}

// A person made with "＋ neue Person anlegen" is saved (ctrl+s from the
// name field) and used at once: in Netzwerk registered, in Kosten the
// claim of that person opens. The picker's "saved" messages used to end in
// the tab that did not know them, leaving an empty, completed form.
func TestPickerNewPersonIsSavedAndUsed(t *testing.T) {
	for _, tab := range []string{"kosten", "netzwerk"} {
		t.Run(tab, func(t *testing.T) {
			h := newHarness(t, 80, 24, nil)
			h.special(tea.KeyEnter, 0)
			if tab == "netzwerk" {
				seedEvent(t, h)
			}
			openPersonForm(t, h, tab)
			h.key(" Haile")
			h.special('s', tea.ModCtrl)
			var people []*model.Person
			h.st.View(func(tx *store.Tx) error { people, _ = store.People.All(tx); return nil })
			if len(people) != 1 || people[0].Name != "Tesfay Haile" {
				t.Fatalf("people stored: %+v\n%s", people, h.screen())
			}
			if tab == "netzwerk" {
				h.wantScreen("Tesfay Haile ist angemeldet")
				return
			}
			h.wantScreen("Antrag von Tesfay Haile")
		})
	}
}

// Letters typed after the last field of a form never act as commands on
// the screen behind it: in the event's description enter starts a new line
// (it saved the form, and the next "x" or "L" acted on the event), and
// keys typed while the form is being saved are swallowed.
func TestEventDescriptionKeepsItsKeys(t *testing.T) {
	h := newHarness(t, 100, 40, nil)
	h.special(tea.KeyEnter, 0)
	h.key("3")
	h.key("n")
	h.key("Fachtag Integration")
	h.special(tea.KeyTab, 0) // Art
	h.special(tea.KeyTab, 0) // Datum
	h.key("10.3.")
	// on to the description, the last field: tab through the rest
	for i := 0; i < 20 && !strings.Contains(helpLineText(h), "neue Zeile"); i++ {
		h.special(tea.KeyTab, 0)
	}
	if !strings.Contains(helpLineText(h), "neue Zeile") {
		t.Fatalf("description not reached:\n%s", h.screen())
	}
	h.key("Erste Zeile")
	h.special(tea.KeyEnter, 0)
	h.key("Lx zweite Zeile")
	if n := countEvents(h); n != 0 {
		t.Fatalf("enter in the description saved the event (%d stored)", n)
	}
	h.wantScreen("Lx zweite Zeile")
	h.special('s', tea.ModCtrl)
	if n := countEvents(h); n != 1 {
		t.Fatalf("ctrl+s did not save: %d events\n%s", n, h.screen())
	}
	h.wantScreen("Fachtag Integration")
	var ev *model.Event
	h.st.View(func(tx *store.Tx) error {
		evs, _ := store.Events.All(tx)
		ev = evs[0]
		return nil
	})
	if ev.Description != "Erste Zeile\nLx zweite Zeile" {
		t.Errorf("description %q", ev.Description)
	}
}

func countEvents(h *harness) int {
	n := 0
	h.st.View(func(tx *store.Tx) error { n = store.Events.Count(tx); return nil })
	return n
}

func helpLineText(h *harness) string {
	lines := strings.Split(h.screen(), "\n")
	return lines[len(lines)-2]
}

// The quit question answers every key: j quits, n/esc/enter (on "Nein")
// go back to the form with what was typed.
func TestQuitDialogAnswersEveryKey(t *testing.T) {
	for _, k := range []string{"n", "esc", "enter", "j"} {
		h := newHarness(t, 80, 24, nil)
		h.special(tea.KeyEnter, 0)
		h.key("p")
		h.key("n")
		h.key("Rana")
		h.special('c', tea.ModCtrl)
		h.wantScreen("Ungespeicherte Eingaben verwerfen und beenden?")
		switch k {
		case "esc":
			h.special(tea.KeyEscape, 0)
		case "enter":
			h.special(tea.KeyEnter, 0)
		default:
			h.key(k)
		}
		if k == "j" {
			if !h.quit {
				t.Error("j did not quit")
			}
			continue
		}
		if h.quit || strings.Contains(h.screen(), "beenden?") {
			t.Fatalf("%s: quit=%v\n%s", k, h.quit, h.screen())
		}
		h.wantScreen("Rana")
	}
}
