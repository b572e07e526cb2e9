package sprachmittlung

import "stabsstelle/ui/keys"

func init() {
	keys.Register("sprachmittlung", func() keys.Scope { k := DefaultKeyMap(); return k.KeyScope() })
}

// KeyScope names the tab's keys for keys.toml, with the screens where
// each works (a key may serve one action per screen).
func (k *KeyMap) KeyScope() keys.Scope {
	list, agenda, detail := []string{"liste"}, []string{"agenda"}, []string{"detail"}
	return keys.Scope{Name: "sprachmittlung", Title: "Sprachmittlung", Capturing: []string{"formular", "trotzdem"}, Actions: []keys.Action{
		{Name: "statusgruppe", Binding: &k.StatusGroup, Views: list},
		{Name: "zeitraum", Binding: &k.Range, Views: list},
		{Name: "heute", Binding: &k.Today, Views: []string{"liste", "agenda"}},
		{Name: "wer-ist-wann-wo", Binding: &k.Agenda, Views: list},
		{Name: "alle-sprachmittler", Binding: &k.Pool, Views: []string{"liste", "agenda"}},
		{Name: "status-ändern", Binding: &k.Status, Views: detail},
		{Name: "sprachmittler-suchen", Binding: &k.Match, Views: detail},
		{Name: "texte", Binding: &k.Confirm, Views: detail},
		{Name: "einsatznachweis", Binding: &k.Nachweis, Views: detail},
		{Name: "einrichtung", Binding: &k.Org, Views: detail},
		{Name: "sprachmittlerin", Binding: &k.Person, Views: detail},
		{Name: "dateien-schreiben", Binding: &k.WriteFiles, Views: []string{"text"}},
		{Name: "früher", Binding: &k.Prev, Views: agenda},
		{Name: "später", Binding: &k.Next, Views: agenda},
		{Name: "tagesansicht", Binding: &k.DayView, Views: agenda},
		{Name: "wochenansicht", Binding: &k.WeekView, Views: agenda},
		{Name: "nächste-person", Binding: &k.NextColumn, Views: agenda},
		{Name: "vorige-person", Binding: &k.PrevColumn, Views: agenda},
		{Name: "speichern", Binding: &k.Save, Views: []string{"formular"}},
		{Name: "trotzdem", Binding: &k.Override, Views: []string{"trotzdem"}},
		{Name: "auskunft", Binding: &k.Auskunft, Views: []string{"person"}},
		{Name: "person-löschen", Binding: &k.Erase, Views: []string{"person"}},
	}}
}

// userKeyMap returns the defaults with keys.toml applied.
func userKeyMap() KeyMap {
	k := DefaultKeyMap()
	keys.Apply(k.KeyScope())
	return k
}
