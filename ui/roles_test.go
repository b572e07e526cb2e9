package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
)

// writeDescs are the help texts of keys that change data.
var writeDescs = map[string]bool{
	"neu": true, "bearbeiten": true, "neue Anfrage": true, "Status ändern": true, "Einsatznachweis": true,
	"nächsten Schritt zeichnen": true, "ablehnen": true, "einreichen": true, "Storno/Korrektur": true, "löschen": true,
	"anmelden": true, "abmelden": true, "nachrücken": true, "Haupt-/Ehrenamt": true, "Einlass (Check-in)": true,
	"Aufgabe": true, "Kontaktdaten löschen": true, "nicht erschienen": true, "erledigt": true, "+ Fahrt": true,
	"+ Beleg": true, "+ Pauschale": true, "Kopfdaten": true, "speichern": true, "Rückforderung zurückgezahlt": true,
	"verrechnen an/aus": true, "als ausgeführt bestätigen": true, "stornieren": true, "Konto des Landkreises": true,
	"Topf für Sprachmittlung": true, "Einsätze abrechnen": true, "rückgängig": true, "da / rückgängig": true,
	"spontan dabei": true,
}

// rolesHarness is the root model of user over a file whose role list gives
// chef every role and lea only lesen.
func rolesHarness(t *testing.T, user string) *harness {
	t.Helper()
	now := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	st, err := store.Open(filepath.Join(t.TempDir(), "ui.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Update("chef", func(tx *store.Tx) error {
		if err := store.People.Put(tx, &model.Person{Name: "Anton Vorhanden"}); err != nil {
			return err
		}
		return store.SaveRoleList(tx, model.TeamRoleList{{Name: "chef", Roles: model.AllTeamRoles}, {Name: "lea", Roles: model.TeamRolesOf(model.TeamLesen)}})
	}); err != nil {
		t.Fatal(err)
	}
	m := New(Options{Store: st, User: user, Dark: true, Now: func() time.Time { return now }})
	h := &harness{t: t, m: m, st: st}
	h.run(m.Init())
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	return h
}

// offered lists the enabled keys that change data in the help of every
// tab's first screen and the global keys.
func offered(h *harness) []string {
	var out []string
	groups := h.m.ctx.Global.FullHelp()
	for _, tab := range h.m.tabs {
		groups = append(groups, tab.FullHelp()...)
		groups = append(groups, tab.ShortHelp())
	}
	for _, g := range groups {
		for _, b := range g {
			if b.Enabled() && writeDescs[b.Help().Desc] {
				out = append(out, b.Help().Key+" "+b.Help().Desc)
			}
		}
	}
	return out
}

// TestLesenSeesNoKeyThatChangesData: a member with only the role lesen is
// offered no key that changes data, in the help line or on the ? screen;
// pressing one anyway gives a German sentence and opens nothing.
func TestLesenSeesNoKeyThatChangesData(t *testing.T) {
	chef := rolesHarness(t, "chef")
	if len(offered(chef)) < 10 {
		t.Fatalf("chef (every role) is offered only %v", offered(chef))
	}
	h := rolesHarness(t, "lea")
	if o := offered(h); len(o) > 0 {
		t.Errorf("lesen is offered %v", o)
	}
	h.wantScreen("lea · Lesen")
	for i, k := range []string{"1", "2", "3"} {
		h.key(k)
		if h.m.active != i {
			t.Fatalf("tab %s not active", k)
		}
		h.key("n")
		if !h.m.statusErr || !strings.Contains(h.m.status, "Nur mit Rolle Sachbearbeitung: „") {
			t.Errorf("tab %s: n gave status %q", k, h.m.status)
		}
		if h.m.tabs[i].Capturing() {
			t.Errorf("tab %s: n opened a form for lesen:\n%s", k, h.screen())
		}
		h.m.status = ""
	}
	// The sentence names the role that allows the key on this screen.
	h.key("2")
	for scr, want := range map[string]string{"z": "Nur mit Rolle Anordnung: „neu“.", "t": "Nur mit Rolle Verwaltung: „neu“.", "v": "Nur mit Rolle Sachbearbeitung: „neu“."} {
		h.key(scr)
		h.key("n")
		if h.m.status != want {
			t.Errorf("screen %s, n: %q, want %q", scr, h.m.status, want)
		}
	}
	h.special('z', tea.ModCtrl)
	if h.m.status != "Mit der Rolle Lesen lässt sich nichts ändern: „rückgängig“ geht nicht." {
		t.Errorf("ctrl+z: %q", h.m.status)
	}
	h.key("?")
	h.wantScreen("Rollen: Lesen (Rollenliste) – Sie können alles nachschlagen, aber nichts ändern.")
}

// TestRolesFollowTheRoleList: when Verwaltung gives lea a role, her open
// program offers its keys without a restart.
func TestRolesFollowTheRoleList(t *testing.T) {
	h := rolesHarness(t, "lea")
	if err := h.st.Update("chef", func(tx *store.Tx) error {
		return store.SaveRoleList(tx, model.TeamRoleList{{Name: "chef", Roles: model.AllTeamRoles}, {Name: "lea", Roles: model.TeamRolesOf(model.TeamSachbearbeitung)}})
	}); err != nil {
		t.Fatal(err)
	}
	h.send(changedMsg{events: []store.Event{{Who: "chef", Changes: []store.Change{{Kind: store.KindSettings, ID: "settings:rollen"}}}}})
	h.wantScreen("lea · Sachbearbeitung")
	var newKey key.Binding
	for _, b := range h.m.tabs[0].ShortHelp() {
		if b.Help().Key == "n" {
			newKey = b
		}
	}
	if !newKey.Enabled() {
		t.Fatal("n is still off for Sachbearbeitung")
	}
	h.key("n")
	if !h.m.tabs[0].Capturing() {
		t.Fatalf("n opened no form:\n%s", h.screen())
	}
}
