package settings

import (
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
)

func roleList(t *testing.T, st *store.Store) model.TeamRoleList {
	t.Helper()
	var l model.TeamRoleList
	if err := st.View(func(tx *store.Tx) (err error) { l, err = store.LoadRoleList(tx); return err }); err != nil {
		t.Fatal(err)
	}
	return l
}

// TestRoleListThroughTheScreen: Verwaltung keeps the role list on R →
// Rollen; the first entry is the one who writes it, with Verwaltung.
func TestRoleListThroughTheScreen(t *testing.T) {
	f := newFixture(t, true, 100, 30)
	f.press(t, "tab", "tab", "tab", "tab")
	f.wantView(t, "Rollen im Team", "Noch keine Rollenliste")
	f.press(t, "n")
	f.wantView(t, "Neues Teammitglied", "anna")
	f.press(t, "enter", "enter")
	if l := roleList(t, f.st); len(l) != 1 || l[0].Name != "anna" || l[0].Roles != model.TeamRolesOf(model.TeamSachbearbeitung, model.TeamVerwaltung) {
		t.Fatalf("list after the first entry: %+v", l)
	}
	f.wantView(t, "anna", "Sachbearbeitung, Verwaltung", "Wer nicht in der Liste steht, darf nur nachschlagen")
	f.press(t, "n", "clear", "ben", "enter", "enter")
	if l := roleList(t, f.st); len(l) != 2 || l[1].Name != "ben" || l[1].Roles != model.TeamRolesOf(model.TeamSachbearbeitung) {
		t.Fatalf("list after ben: %+v", l)
	}
	// Nobody would be left with Verwaltung: refused, the form stays.
	f.press(t, "up", "up", "e", "enter", "down", "down", "down", "x", "enter")
	f.wantView(t, "Mindestens eine Person braucht die Rolle Verwaltung")
	f.press(t, "esc", "j") // discard the change
	if f.m.Editing() {
		t.Fatal("form still open")
	}
	f.press(t, "down", "d", "j")
	if l := roleList(t, f.st); len(l) != 1 || l[0].Name != "anna" {
		t.Fatalf("list after deleting ben: %+v", l)
	}

	// The access trail: sessions, newest first, for Verwaltung.
	f.press(t, "tab")
	f.wantView(t, "Zugriffe", "Noch keine Sitzung")
	a := &store.Access{Who: "ben", Fingerprint: "SHA256:abcdef", From: "10.0.0.7:51234", Start: testNow.Add(-time.Hour)}
	if err := store.AccessStarted(f.st, a); err != nil {
		t.Fatal(err)
	}
	if err := store.AccessEnded(f.st, a, testNow.Add(-15*time.Minute), "abgemeldet"); err != nil {
		t.Fatal(err)
	}
	f.run(t, f.m.load())
	f.wantView(t, "ben", "05.03.2026 09:00", "45 min", "10.0.0.7:51234", "abgemeldet", "abcdef")

	// Sachbearbeitung: the list is readable, n e d are refused, the trail
	// is not shown.
	f.m.ctx.SetRoles(store.RoleGrant{Roles: model.TeamRolesOf(model.TeamSachbearbeitung), From: store.FromList})
	f.send(t, common.RolesMsg{})
	f.wantView(t, "Das Zugriffsprotokoll sehen nur Personen mit der Rolle Verwaltung")
	if strings.Contains(f.view(), "10.0.0.7") {
		t.Fatalf("the access trail shows without Verwaltung:\n%s", f.view())
	}
	f.press(t, "shift+tab")
	f.wantView(t, "Rollen im Team", "anna")
	f.press(t, "n")
	if f.m.Editing() || !strings.Contains(f.lastStatus().Err.Error(), "Nur mit Rolle Verwaltung") {
		t.Fatalf("n for Sachbearbeitung: editing %v, status %+v", f.m.Editing(), f.lastStatus())
	}
	for _, b := range f.m.ShortHelp() {
		if b.Enabled() && (b.Help().Desc == "neu ab Datum" || b.Help().Desc == "bearbeiten" || b.Help().Desc == "löschen") {
			t.Errorf("help offers %q", b.Help().Desc)
		}
	}
	// Tariffs too: rules are Verwaltung's.
	f.press(t, "shift+tab", "shift+tab", "shift+tab", "shift+tab")
	f.press(t, "e")
	if f.m.Editing() {
		t.Fatal("Sachbearbeitung opened a tariff form")
	}
}
