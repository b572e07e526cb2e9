package netzwerk

import (
	"charm.land/bubbles/v2/key"

	"stabsstelle/model"
	"stabsstelle/ui/common"
)

// KeyMap are the tab's own keys (the list keys ↑↓ enter n e / esc come from
// the context, the table's j k g G s S / from ui/table).
type KeyMap struct {
	// event list
	Scope, Tasks, Mail key.Binding
	// event detail
	Register, Cancel, Promote, Role, CheckIn, Protokoll, AddTask, EventTasks, Erase, NoShow key.Binding
	TakeOut                                                                                 key.Binding
	// check-in mode
	Toggle, WalkIn, Clear key.Binding
	// task list
	Done key.Binding
	// mailing list
	WriteFile, AddMember, RemoveMember key.Binding
	// Protokoll editor
	SavePe, SwitchPe, NewLinePe key.Binding
}

// DefaultKeyMap returns the defaults; none of them collides with the root's
// keys (1 2 3 tab q ? ctrl+k p) or the table's.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Scope:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "kommende/alle")),
		Tasks:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "offene Aufgaben")),
		Mail:       key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "Verteiler")),
		Register:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "anmelden")),
		Cancel:     key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "abmelden")),
		Promote:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "nachrücken")),
		Role:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "Haupt-/Ehrenamt")),
		CheckIn:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "Einlass (Check-in)")),
		Protokoll:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "Protokoll & Beschlüsse")),
		AddTask:    key.NewBinding(key.WithKeys("+"), key.WithHelp("+", "Aufgabe")),
		EventTasks: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "Aufgaben")),
		Erase:      key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "Kontaktdaten löschen")),
		NoShow:     key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "nicht erschienen")),
		TakeOut:    key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "für Außentermin mitnehmen")),
		Toggle:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "da / rückgängig")),
		WalkIn:     key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "spontan dabei")),
		Clear:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "Suche leeren / zurück")),
		Done:       key.NewBinding(key.WithKeys("space", "x"), key.WithHelp("leer/x", "erledigt")),
		WriteFile:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "in Datei schreiben")),
		// a Gremium's members (the same keys as registering: a, x)
		AddMember:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "Mitglied aufnehmen")),
		RemoveMember: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "Mitglied entfernen")),
		SavePe:       key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "speichern")),
		SwitchPe:     key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "Protokoll/Beschlüsse")),
		NewLinePe:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "neue Zeile")),
	}
}

// gate disables the keys the member's roles do not allow (the store would
// refuse them anyway). The Protokoll (o) and a task (enter) stay open to
// everyone to read; their editors are read-only without "netzwerk".
func (k *KeyMap) gate(ctx *common.Context) {
	for _, b := range []*key.Binding{&k.Register, &k.Cancel, &k.Promote, &k.Role, &k.CheckIn, &k.AddTask, &k.NoShow, &k.Done, &k.Toggle, &k.WalkIn, &k.AddMember, &k.RemoveMember, &k.SavePe} {
		ctx.Gate(b, model.PermNetwork)
	}
	ctx.Gate(&k.Erase, model.PermErase)
}
