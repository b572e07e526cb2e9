package berichte

import "charm.land/bubbles/v2/key"

// KeyMap are the Berichte keys (the list keys come from the context).
type KeyMap struct {
	Next, Prev, Mode, Earlier, Later, Range, Filter, Clear key.Binding
}

// DefaultKeyMap returns the defaults.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:    key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→", "nächster Bereich")),
		Prev:    key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", "Bereich")),
		Mode:    key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "Jahr/Quartal/Monat")),
		Earlier: key.NewBinding(key.WithKeys("["), key.WithHelp("[ ]", "früher/später")),
		Later:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "später")),
		Range:   key.NewBinding(key.WithKeys("Z"), key.WithHelp("Z", "freier Zeitraum")),
		Filter:  key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "Filter")),
		Clear:   key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "Filter löschen")),
	}
}
