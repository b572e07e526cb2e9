package berichte

import "stabsstelle/ui/keys"

func init() {
	keys.Register("berichte", func() keys.Scope { k := DefaultKeyMap(); return k.KeyScope() })
}

// KeyScope names the tab's keys for keys.toml.
func (k *KeyMap) KeyScope() keys.Scope {
	return keys.Scope{Name: "berichte", Title: "Berichte", Actions: []keys.Action{
		{Name: "nächster-bereich", Binding: &k.Next},
		{Name: "voriger-bereich", Binding: &k.Prev},
		{Name: "jahr-quartal-monat", Binding: &k.Mode},
		{Name: "früher", Binding: &k.Earlier},
		{Name: "später", Binding: &k.Later},
		{Name: "freier-zeitraum", Binding: &k.Range},
		{Name: "filter", Binding: &k.Filter},
		{Name: "filter-löschen", Binding: &k.Clear},
	}}
}

// userKeyMap returns the defaults with keys.toml applied.
func userKeyMap() KeyMap {
	k := DefaultKeyMap()
	keys.Apply(k.KeyScope())
	return k
}
