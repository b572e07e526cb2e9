package settings

import "stabsstelle/ui/keys"

func init() {
	keys.Register("regelansicht", func() keys.Scope { k := DefaultKeyMap(); return k.KeyScope() })
}

// KeyScope names the keys of "Regeln & Sätze" for keys.toml; the screen
// takes every key while it is open.
func (k *KeyMap) KeyScope() keys.Scope {
	return keys.Scope{Name: "regelansicht", Title: "Regeln & Sätze", Overlay: true, Actions: []keys.Action{
		{Name: "hoch", Binding: &k.Up},
		{Name: "runter", Binding: &k.Down},
		{Name: "nächster-bereich", Binding: &k.NextSection},
		{Name: "voriger-bereich", Binding: &k.PrevSection},
		{Name: "neu", Binding: &k.New},
		{Name: "bearbeiten", Binding: &k.Edit},
		{Name: "löschen", Binding: &k.Delete},
		{Name: "löschlauf", Binding: &k.Run},
		{Name: "zurück", Binding: &k.Close},
		{Name: "maus", Binding: &k.Mouse},
	}}
}

// userKeyMap returns the defaults with keys.toml applied.
func userKeyMap() KeyMap {
	k := DefaultKeyMap()
	keys.Apply(k.KeyScope())
	return k
}
