package netzwerk

import "stabsstelle/ui/keys"

func init() {
	keys.Register("netzwerk", func() keys.Scope { k := DefaultKeyMap(); return k.KeyScope() })
}

// KeyScope names the tab's keys for keys.toml, with the screens where
// each works (a key may serve one action per screen).
func (k *KeyMap) KeyScope() keys.Scope {
	list, event := []string{"veranstaltungen"}, []string{"veranstaltung"}
	checkIn, pe, mail := []string{"einlass"}, []string{"protokoll-bearbeiten"}, []string{"verteiler"}
	return keys.Scope{Name: "netzwerk", Title: "Netzwerk", Capturing: append(checkIn, pe...), Actions: []keys.Action{
		{Name: "kommende-alle", Binding: &k.Scope, Views: list},
		{Name: "offene-aufgaben", Binding: &k.Tasks, Views: list},
		{Name: "verteiler", Binding: &k.Mail, Views: list},
		{Name: "anmelden", Binding: &k.Register, Views: event},
		{Name: "abmelden", Binding: &k.Cancel, Views: event},
		{Name: "nachrücken", Binding: &k.Promote, Views: event},
		{Name: "haupt-ehrenamt", Binding: &k.Role, Views: event},
		{Name: "einlass", Binding: &k.CheckIn, Views: event},
		{Name: "protokoll", Binding: &k.Protokoll, Views: event},
		{Name: "aufgabe", Binding: &k.AddTask, Views: event},
		{Name: "aufgaben", Binding: &k.EventTasks, Views: event},
		{Name: "kontaktdaten-löschen", Binding: &k.Erase, Views: event},
		{Name: "nicht-erschienen", Binding: &k.NoShow, Views: event},
		{Name: "außentermin", Binding: &k.TakeOut, Views: event},
		{Name: "da", Binding: &k.Toggle, Views: checkIn},
		{Name: "spontan-dabei", Binding: &k.WalkIn, Views: checkIn},
		{Name: "suche-leeren", Binding: &k.Clear, Views: checkIn},
		{Name: "erledigt", Binding: &k.Done, Views: []string{"aufgaben"}},
		{Name: "in-datei", Binding: &k.WriteFile, Views: mail},
		{Name: "mitglied-aufnehmen", Binding: &k.AddMember, Views: mail},
		{Name: "mitglied-entfernen", Binding: &k.RemoveMember, Views: mail},
		{Name: "protokoll-speichern", Binding: &k.SavePe, Views: pe},
		{Name: "protokoll-beschlüsse", Binding: &k.SwitchPe, Views: pe},
		{Name: "neue-zeile", Binding: &k.NewLinePe, Views: pe},
	}}
}

// userKeyMap returns the defaults with keys.toml applied.
func userKeyMap() KeyMap {
	k := DefaultKeyMap()
	keys.Apply(k.KeyScope())
	return k
}
