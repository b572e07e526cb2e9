package netzwerk

import "stabsstelle/ui/keys"

func init() {
	keys.Register("netzwerk", func() keys.Scope { k := DefaultKeyMap(); return k.KeyScope() })
}

// KeyScope names the tab's keys for keys.toml, with the screens where
// each works (a key may serve one action per screen).
func (k *KeyMap) KeyScope() keys.Scope {
	list, event := []string{"veranstaltungen"}, []string{"veranstaltung"}
	checkIn := []string{"einlass"}
	return keys.Scope{Name: "netzwerk", Title: "Netzwerk", Capturing: checkIn, Actions: []keys.Action{
		{Name: "kommende-alle", Binding: &k.Scope, Views: list},
		{Name: "offene-aufgaben", Binding: &k.Tasks, Views: list},
		{Name: "verteiler", Binding: &k.Mail, Views: list},
		{Name: "anmelden", Binding: &k.Register, Views: []string{"veranstaltung", "verteiler"}},
		{Name: "abmelden", Binding: &k.Cancel, Views: []string{"veranstaltung", "verteiler"}},
		{Name: "nachrücken", Binding: &k.Promote, Views: event},
		{Name: "haupt-ehrenamt", Binding: &k.Role, Views: event},
		{Name: "einlass", Binding: &k.CheckIn, Views: event},
		{Name: "protokoll", Binding: &k.Protokoll, Views: event},
		{Name: "aufgabe", Binding: &k.AddTask, Views: event},
		{Name: "aufgaben", Binding: &k.EventTasks, Views: event},
		{Name: "kontaktdaten-löschen", Binding: &k.Erase, Views: event},
		{Name: "nicht-erschienen", Binding: &k.NoShow, Views: event},
		{Name: "da", Binding: &k.Toggle, Views: checkIn},
		{Name: "spontan-dabei", Binding: &k.WalkIn, Views: checkIn},
		{Name: "suche-leeren", Binding: &k.Clear, Views: checkIn},
		{Name: "erledigt", Binding: &k.Done, Views: []string{"aufgaben"}},
		{Name: "in-datei", Binding: &k.WriteFile, Views: []string{"verteiler"}},
	}}
}

// userKeyMap returns the defaults with keys.toml applied.
func userKeyMap() KeyMap {
	k := DefaultKeyMap()
	keys.Apply(k.KeyScope())
	return k
}
