package settings

import (
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
)

// TestRetentionSectionShowsDueAndRunsTheLöschlauf: R → Löschfristen shows
// the rules with what is due; e changes a period; x asks and runs the
// Löschlauf; Sachbearbeitung may do neither.
func TestRetentionSectionShowsDueAndRunsTheLöschlauf(t *testing.T) {
	f := newFixture(t, true, 100, 30)
	// An event that ended in December is past its three months on 05.03.
	ev := &model.Event{Title: "Runder Tisch", Type: model.EventArbeitskreis, Region: model.RegionZentrum,
		Start: testNow.AddDate(0, -4, 0), End: testNow.AddDate(0, -4, 0).Add(2 * time.Hour), Venue: "Kreishaus", Status: model.EventGeplant}
	if err := f.st.Update("anna", func(tx *store.Tx) error {
		if err := store.SaveEvent(tx, ev); err != nil {
			return err
		}
		_, err := store.RegisterNewPerson(tx, ev.ID, &model.Person{Name: "Gast Eins"}, store.RegisterOptions{WalkIn: true})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	f.run(t, f.m.load())
	f.press(t, "shift+tab")
	f.wantView(t, "Löschfristen", "Kontaktdaten der Teilnehmenden", "3 Monate", "Heute fällig: 1 Punkte")
	// A longer period: nothing is due any more.
	f.press(t, "e", "clear", "6", "ctrl+s")
	f.wantView(t, "6 Monate", "Heute ist nichts fällig")
	f.press(t, "e", "clear", "3", "ctrl+s")
	f.wantView(t, "3 Monate", "Heute fällig: 1 Punkte")
	f.press(t, "x")
	f.wantView(t, "Löschlauf jetzt ausführen?")
	f.press(t, "j")
	f.wantView(t, "Heute ist nichts fällig")
	_ = f.st.View(func(tx *store.Tx) error {
		e, _ := store.Events.Get(tx, ev.ID)
		if e.Erased.IsZero() {
			t.Error("the Löschlauf did not erase the event's contact data")
		}
		return nil
	})
	f.m.ctx.SetRoles(store.RoleGrant{Roles: model.TeamRolesOf(model.TeamSachbearbeitung), From: store.FromList})
	f.send(t, common.RolesMsg{})
	f.press(t, "x")
	if f.m.confirm != nil {
		t.Error("Sachbearbeitung was asked to run the Löschlauf")
	}
	f.press(t, "e")
	if f.m.Editing() {
		t.Error("Sachbearbeitung opened a rule form")
	}
}
