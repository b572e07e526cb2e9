package history

import "stabsstelle/ui/keys"

func init() {
	keys.Register("verlaufsansicht", func() keys.Scope { k := DefaultKeyMap(); return k.KeyScope() })
}

// KeyScope names the keys of the Verlauf view for keys.toml; the view
// takes every key while it is open.
func (k *KeyMap) KeyScope() keys.Scope {
	return keys.Scope{Name: "verlaufsansicht", Title: "Verlauf eines Datensatzes", Overlay: true, Actions: []keys.Action{
		{Name: "hoch", Binding: &k.Up},
		{Name: "runter", Binding: &k.Down},
		{Name: "seite-hoch", Binding: &k.PageUp},
		{Name: "seite-runter", Binding: &k.PageDown},
		{Name: "anfang", Binding: &k.Top},
		{Name: "ende", Binding: &k.Bottom},
		{Name: "zurück", Binding: &k.Close},
	}}
}

// userKeyMap returns the defaults with keys.toml applied.
func userKeyMap() KeyMap {
	k := DefaultKeyMap()
	keys.Apply(k.KeyScope())
	return k
}
