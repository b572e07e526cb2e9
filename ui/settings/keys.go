package settings

import "charm.land/bubbles/v2/key"

// KeyMap holds the screen's keys (a form or dialog, while open, gets every
// key instead).
type KeyMap struct {
	Up, Down, NextSection, PrevSection key.Binding
	New, Edit, Delete, Close           key.Binding
	Mouse                              key.Binding
	Run                                key.Binding // the Löschlauf
}

// DefaultKeyMap is the German default.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "hoch")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "runter")),
		NextSection: key.NewBinding(key.WithKeys("tab", "right", "l"), key.WithHelp("tab", "Bereich")),
		PrevSection: key.NewBinding(key.WithKeys("shift+tab", "left", "h"), key.WithHelp("shift+tab", "Bereich zurück")),
		New:         key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "neu ab Datum")),
		Edit:        key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e", "bearbeiten")),
		Delete:      key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "löschen")),
		// q as well: the screen is an overlay, and q closes overlays.
		Close: key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "zurück")),
		// M: each member's own switch, whatever the section and the roles.
		Mouse: key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "Maus an/aus")),
		Run:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "Löschlauf")),
	}
}
