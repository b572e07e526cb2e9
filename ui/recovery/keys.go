package recovery

import "charm.land/bubbles/v2/key"

// KeyMap are the keys of the recovery screen; what cannot be done at the
// moment is disabled, so the help line shows only what works.
type KeyMap struct {
	Up, Down, Restore, Empty, Quit, ForceQuit key.Binding
}

// DefaultKeyMap: ↑/↓ choose, enter restores, l starts empty, q/esc quit.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "wählen")),
		Down:      key.NewBinding(key.WithKeys("down", "j")),
		Restore:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "zurückspielen")),
		Empty:     key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "leer beginnen")),
		Quit:      key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q", "beenden, nichts ändern")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c")),
	}
}

// ShortHelp is the help line.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Restore, k.Empty, k.Quit}
}

// FullHelp is the same keys in one group (the screen has no ? page).
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
