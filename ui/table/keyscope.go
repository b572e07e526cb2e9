package table

import "stabsstelle/ui/keys"

func init() {
	keys.Register("tabelle", func() keys.Scope { k := DefaultKeyMap(); return k.KeyScope() })
}

// KeyScope names the table's keys for keys.toml.
func (k *KeyMap) KeyScope() keys.Scope {
	return keys.Scope{Name: "tabelle", Title: "Tabellen", Actions: []keys.Action{
		{Name: "hoch", Binding: &k.Up},
		{Name: "runter", Binding: &k.Down},
		{Name: "seite-hoch", Binding: &k.PageUp},
		{Name: "seite-runter", Binding: &k.PageDown},
		{Name: "anfang", Binding: &k.Home},
		{Name: "ende", Binding: &k.End},
		{Name: "filtern", Binding: &k.Filter},
		{Name: "filter-übernehmen", Binding: &k.AcceptFilter},
		{Name: "filter-löschen", Binding: &k.ClearFilter},
		{Name: "sortieren", Binding: &k.Sort},
		{Name: "sortierung-umkehren", Binding: &k.SortReverse},
	}}
}

// UserKeyMap returns the table keys with keys.toml applied: what a table
// uses unless WithKeyMap says otherwise.
func UserKeyMap() KeyMap {
	k := DefaultKeyMap()
	keys.Apply(k.KeyScope())
	return k
}
