// Package keys holds the key bindings as data (docs/ARCHITECTURE.md §4), so
// they can be shown in the help and remapped later. Never bind ctrl+m, ctrl+i, ctrl+h or
// ctrl+[: many terminals send them for enter, tab, backspace and esc.
package keys

import "charm.land/bubbles/v2/key"

// Global are the keys the root model handles when no text field has focus
// (ctrl+c and ctrl+z work always).
type Global struct {
	Tab1, Tab2, Tab3, NextTab, PrevTab key.Binding
	Tab4, Reports                      key.Binding
	Help, Quit, ForceQuit, Search      key.Binding
	Undo, People, History, Settings    key.Binding
}

// List are the keys shared by every list screen.
type List struct {
	Up, Down, Open, New, Edit, Filter, Back key.Binding
}

// DefaultGlobal returns the default keys (docs/ARCHITECTURE.md §4).
func DefaultGlobal() Global {
	return Global{
		Tab1:      key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "Sprachmittlung")),
		Tab2:      key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "Kostenerstattungen")),
		Tab3:      key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "Netzwerk")),
		Tab4:      key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "Berichte")),
		Reports:   key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "Berichte")),
		NextTab:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "nächster Reiter")),
		PrevTab:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "voriger Reiter")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "Hilfe")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "beenden")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "sofort beenden")),
		Search:    key.NewBinding(key.WithKeys("ctrl+k"), key.WithHelp("ctrl+k", "überall suchen")),
		Undo:      key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "rückgängig")),
		People:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "Personen & Einrichtungen")),
		History:   key.NewBinding(key.WithKeys("V"), key.WithHelp("V", "Verlauf des Datensatzes")),
		Settings:  key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "Regeln & Sätze")),
	}
}

// DefaultList returns the list keys.
func DefaultList() List {
	return List{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "hoch")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "runter")),
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "öffnen")),
		New:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "neu")),
		Edit:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "bearbeiten")),
		Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filtern")),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "zurück")),
	}
}

// ShortHelp is the one-line help of the global keys.
func (g Global) ShortHelp() []key.Binding {
	return []key.Binding{g.Help, g.Search, g.Quit}
}

// FullHelp groups the global keys for the ? screen.
func (g Global) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{g.Tab1, g.Tab2, g.Tab3, g.Tab4, g.Reports, g.NextTab, g.PrevTab},
		{g.Search, g.People, g.History, g.Settings, g.Undo, g.Help, g.Quit, g.ForceQuit},
	}
}
