package netzwerk

import (
	"fmt"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/uitest"
)

// Found by walking through the Netzwerk scenario (issue 5) at 80×24 and
// 120×40 in a real terminal.

// The arrows of an inline choice (Rolle at the door, Status of an event)
// are explained in German; the help line said "← left • → right".
func TestInlineChoiceHelpInGerman(t *testing.T) {
	seed, _ := seedEvent(1, "Anna Becker")
	f := newFixture(t, true, 80, 21, seed)
	f.press(t, "enter", "c", "Jana Neu", "ctrl+n", "enter", "enter") // on to Rolle
	v := f.view(t)
	if !strings.Contains(v, "Rolle") || strings.Contains(v, "left") || strings.Contains(v, "right") {
		t.Fatalf("English keys in the help:\n%s", v)
	}
	if !strings.Contains(v, "← vorige") || !strings.Contains(v, "→ nächste") {
		t.Fatalf("arrows not explained:\n%s", v)
	}
}

// The description of an event offers no "ctrl+e open editor": an external
// editor would start on the team server, not on the member's computer.
func TestEventDescriptionWithoutExternalEditor(t *testing.T) {
	f := newFixture(t, true, 80, 21, nil)
	f.press(t, "n", "Fachtag Integration", "enter", "enter", "10.3.", "enter", "enter", "enter") // group 1
	f.press(t, "enter", "enter", "enter", "enter")                                               // group 2
	f.press(t, "enter", "enter", "enter", "enter", "enter")                                      // group 3
	f.press(t, "enter", "enter", "enter")                                                        // places, deadline, Grundschulung
	v := f.view(t)
	if !strings.Contains(v, "Beschreibung") {
		t.Fatalf("not at the description:\n%s", v)
	}
	if strings.Contains(v, "editor") || strings.Contains(v, "ctrl+e") {
		t.Fatalf("external editor offered:\n%s", v)
	}
}

// Coming back from the door, the message line does not repeat what was
// said before (e.g. "… steht auf der Warteliste", although that person was
// just let in).
func TestNoStaleMessageAfterCheckIn(t *testing.T) {
	seed, ev := seedEvent(1, "Anna Becker")
	var late *model.Person
	f := newFixture(t, true, 80, 21, func(tx *store.Tx) error {
		if err := seed(tx); err != nil {
			return err
		}
		late = &model.Person{Name: "Bilal Hassan"}
		return store.People.Put(tx, late)
	})
	f.press(t, "enter")
	f.run(t, f.tab.registerPerson(late.ID, late.Name))
	if v := f.view(t); !strings.Contains(v, "Bilal Hassan steht auf der Warteliste") {
		t.Fatalf("registration message:\n%s", v)
	}
	f.press(t, "c", "bil", "enter", "esc")
	if got := f.statusOf(t, ev.ID, "Bilal Hassan"); got != model.RegTeilgenommen {
		t.Fatalf("Bilal: %s", got)
	}
	if v := f.view(t); strings.Contains(v, "steht auf der Warteliste") {
		t.Fatalf("stale message after the door:\n%s", v)
	}
}

// The walk-in form at the door shows its own keys only; the help line used
// to offer "enter da / rückgängig" of the list behind it.
func TestWalkInFormHelpLine(t *testing.T) {
	seed, _ := seedEvent(1, "Anna Becker")
	f := newFixture(t, true, 80, 21, seed)
	f.press(t, "enter", "c")
	if len(f.tab.ShortHelp()) == 0 {
		t.Fatal("check-in without help")
	}
	f.press(t, "ctrl+n")
	if h := f.tab.ShortHelp(); h != nil {
		t.Fatalf("walk-in form: help %v", h)
	}
}

// At 80 columns the status of someone who came spontaneously is shown
// whole ("teilgenommen (s…" before).
func TestWalkInStatusWholeAt80(t *testing.T) {
	seed, _ := seedEvent(1, "Anna Becker")
	f := newFixture(t, true, 80, 21, seed)
	f.press(t, "enter", "c", "Jana Neu", "ctrl+n", "enter", "enter", "enter", "esc")
	if v := f.view(t); !strings.Contains(v, "teilgenommen (spontan)") {
		t.Fatalf("status cut:\n%s", v)
	}
}

// Saving the Protokoll says so (it said "Veranstaltung gespeichert."), and
// a saved event names its number.
func TestSaveMessagesSayWhat(t *testing.T) {
	seed, ev := seedEvent(0, "Anna Becker")
	f := newFixture(t, true, 80, 21, seed)
	f.press(t, "enter", "o", "TOP 1 Begrüßung")
	f.send(t, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	if !strings.Contains(f.lastStatus.Text, "Protokoll und Beschlüsse gespeichert") {
		t.Fatalf("status %q", f.lastStatus.Text)
	}
	f.press(t, "e")
	if f.tab.frm == nil {
		t.Fatal("no event form")
	}
	f.run(t, f.tab.submitted("event"))
	if !strings.Contains(f.lastStatus.Text, ev.Number+" gespeichert") {
		t.Fatalf("status %q", f.lastStatus.Text)
	}
}

// Every screen of the scenario is legible on a light and on a dark
// terminal: no text below 3:1 against its background (the options of the
// event form were 235 on black and 252 on white).
func TestPaletteLegible(t *testing.T) {
	for _, dark := range []bool{false, true} {
		seed, _ := seedEvent(1, "Özlem Şahin", "Anna Becker")
		f := newFixture(t, dark, 80, 21, seed)
		screens := map[string]string{"Liste": f.tab.View()}
		f.press(t, "/", "arbeit")
		screens["Filter"] = f.tab.View()
		f.press(t, "enter", "enter")
		screens["Veranstaltung"] = f.tab.View()
		f.press(t, "c", "an")
		screens["Einlass"] = f.tab.View()
		f.press(t, "esc", "enter")
		screens["Einlass nach Check-in"] = f.tab.View()
		f.press(t, "ctrl+n", "Jana Neu", "enter")
		screens["Spontan dabei"] = f.tab.View()
		f.press(t, "esc", "j", "esc", "o", "TOP 1")
		screens["Protokoll"] = f.tab.View()
		f.press(t, "esc", "j", "+")
		screens["Aufgabe"] = f.tab.View()
		f.press(t, "esc", "esc", "n", "Titel", "enter")
		screens["Veranstaltungsformular"] = f.tab.View()
		for name, v := range screens {
			if bad := uitest.LowContrast(v, dark, 3); len(bad) > 0 {
				t.Errorf("dunkel=%v, %s: schlecht lesbar: %s", dark, name, strings.Join(bad, ", "))
			}
		}
	}
}

// In team mode d writes no Verteiler file (it would land on the server, out
// of the member's reach) but shows the whole list for copying, even when it
// is longer than the five lines of the Gremium screen.
func TestMailingListInTeamModeShowsWholeListAndWritesNoFile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	ak := model.ArbeitskreisFor(model.ThemaBildung)
	f := newFixture(t, true, 80, 21, func(tx *store.Tx) error {
		for i := range 12 {
			p := &model.Person{Name: fmt.Sprintf("Mitglied %02d", i), Email: fmt.Sprintf("mitglied.nummer%02d@einrichtung.example.de", i),
				Network: &model.NetworkProfile{Arbeitskreise: []string{ak}}}
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
		}
		return nil
	})
	f.ctx.Remote = true
	f.press(t, "v", "enter")
	if v := f.view(t); !strings.Contains(v, "4 von 12 Adressen zu sehen – alle: d zeigt die ganze Liste") || strings.Contains(v, "in Datei") {
		t.Fatalf("team-mode Gremium screen:\n%s", v)
	}
	f.press(t, "d")
	v := f.view(t)
	flat := strings.Join(strings.Fields(strings.ReplaceAll(v, "\n", " ")), "")
	for i := range 12 {
		if addr := fmt.Sprintf("mitglied.nummer%02d@einrichtung.example.de", i); !strings.Contains(flat, addr) {
			t.Errorf("whole list lacks %s:\n%s", addr, v)
		}
	}
	if got := lipgloss.Height(v); got > 21 {
		t.Errorf("whole list is %d lines high in a 21-line box", got)
	}
	if files, _ := os.ReadDir(home); len(files) != 0 {
		t.Errorf("team mode wrote %d file(s) into the home folder", len(files))
	}
	f.press(t, "d")
	if v := f.view(t); !strings.Contains(v, "Mitglied 00") {
		t.Errorf("d again must show the members:\n%s", v)
	}
}

// esc in a new-event form with typed input asks "Eingaben verwerfen?"; the
// answer belongs to the form. The tab took every answer for its own
// dialogs, so the question never went away and the form could not be left.
func TestDiscardQuestionOfAFormIsAnswered(t *testing.T) {
	f := newFixture(t, true, 80, 21, nil)
	f.press(t, "n")
	if f.tab.frm == nil {
		t.Fatal("n opens no form")
	}
	f.press(t, "A", "K", "esc")
	if v := f.view(t); !strings.Contains(v, "Eingaben verwerfen?") {
		t.Fatalf("no discard question:\n%s", v)
	}
	f.press(t, "n")
	if f.tab.frm == nil || strings.Contains(f.view(t), "Eingaben verwerfen?") {
		t.Fatalf("\"Nein\" must close the question and keep the form:\n%s", f.view(t))
	}
	f.press(t, "esc", "j")
	if f.tab.frm != nil {
		t.Fatalf("\"Ja\" must close the form:\n%s", f.view(t))
	}
}

// The same at the door: the walk-in form's "Eingaben verwerfen?" is
// answered, and "Ja" goes back to the check-in list.
func TestDiscardQuestionOfTheWalkInForm(t *testing.T) {
	seed, _ := seedEvent(1, "Anna Becker")
	f := newFixture(t, true, 80, 21, seed)
	f.press(t, "enter", "c", "Jana Neu", "ctrl+n", "x", "esc")
	if v := f.view(t); !strings.Contains(v, "Eingaben verwerfen?") {
		t.Fatalf("no discard question:\n%s", v)
	}
	f.press(t, "j")
	if f.tab.ci == nil || f.tab.ci.walk != nil {
		t.Fatalf("\"Ja\" must leave the walk-in form for the check-in list:\n%s", f.view(t))
	}
}

// The address list breaks between addresses, never inside one: lipgloss
// broke "ralf.wagner@kita-pusteblume.example" at its hyphen, and a list
// copied with the mouse carried a broken address.
func TestAddressListBreaksBetweenAddresses(t *testing.T) {
	list := "olaf.schneider@otto-hahn-gymnasium-gifhorn.example; ralf.wagner@kita-pusteblume.example; " +
		"dirk.zimmermann@familienzentrum-wittingen.example; a@b.de; sehr.lange.adresse.ueber.die.ganze.breite@beratungsstelle-fuer-migration-und-integration.example"
	lines := wrapAddresses(list, 80)
	if strings.Join(lines, " ") != list {
		t.Errorf("lines do not make up the list again:\n%s", strings.Join(lines, "\n"))
	}
	for i, l := range lines {
		for _, a := range strings.Split(list, "; ") {
			if strings.HasSuffix(l, a[:len(a)/2]) && !strings.HasSuffix(l, a) && !strings.HasSuffix(l, a+";") {
				t.Errorf("line %d ends inside %q: %q", i, a, l)
			}
		}
		if w := len([]rune(l)); w > 80 && strings.Contains(l, "; ") {
			t.Errorf("line %d is %d wide although it could break: %q", i, w, l)
		}
	}
}

// Someone who comes spontaneously to an Arbeitskreis of Hauptamtliche is
// proposed as Hauptamt (it was always Ehrenamt, and the door team had to
// change it for almost everybody).
func TestWalkInRoleFollowsTheEvent(t *testing.T) {
	seed, ev := seedEvent(5, "Anna Becker", "Bilal Hassan")
	f := newFixture(t, true, 80, 21, seed)
	f.press(t, "enter", "c", "Jana Neu", "ctrl+n")
	if got := f.tab.ci.walkRol; got != string(model.RoleHauptamt) {
		t.Errorf("walk-in at an Arbeitskreis of Hauptamtliche proposed as %q", got)
	}
	f.press(t, "enter", "enter", "enter")
	var role model.Role
	_ = f.st.View(func(tx *store.Tx) error {
		att, err := store.Attendees(tx, ev.ID)
		for _, a := range att {
			if a.Name == "Jana Neu" {
				role = a.Reg.Role
			}
		}
		return err
	})
	if role != model.RoleHauptamt {
		t.Errorf("walk-in stored as %q", role)
	}
	// Without registrations the kind of event decides.
	c := &checkIn{ev: &model.Event{Type: model.EventFortbildung}}
	if got := c.usualRole(); got != model.RoleEhrenamt {
		t.Errorf("empty Fortbildung: %q", got)
	}
	c.ev.Type = model.EventSteuerung
	if got := c.usualRole(); got != model.RoleHauptamt {
		t.Errorf("empty Steuerungsgruppe: %q", got)
	}
}
