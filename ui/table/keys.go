package table

import (
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// KeyMap are the table's bindings, as data so they can be remapped.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
	// Filter focuses the filter input; AcceptFilter leaves it keeping the
	// query; ClearFilter clears the query (in or out of the input).
	Filter, AcceptFilter, ClearFilter key.Binding
	// Sort cycles the sort column (… → last column → data order → first);
	// SortReverse flips the direction.
	Sort, SortReverse key.Binding
}

// DefaultKeyMap returns the default keys (docs/ARCHITECTURE.md §4).
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "hoch")),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "runter")),
		PageUp:       key.NewBinding(key.WithKeys("pgup"), key.WithHelp("bild↑", "Seite hoch")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("bild↓", "Seite runter")),
		Home:         key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("pos1/g", "zum Anfang")),
		End:          key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("ende/G", "zum Ende")),
		Filter:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filtern")),
		AcceptFilter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "Filter übernehmen")),
		ClearFilter:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "Filter löschen")),
		Sort:         key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "Sortierspalte")),
		SortReverse:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "Sortierung umkehren")),
	}
}

// Styles are the table's styles. They must not add padding, margins or
// borders: every line is laid out to exactly the table's width in cells
// (anything wider is cut).
type Styles struct {
	Header   lipgloss.Style // the column titles
	Cell     lipgloss.Style // an ordinary row
	Selected lipgloss.Style // the row under the cursor, across the full width
	Muted    lipgloss.Style // status line, empty text
	Filter   lipgloss.Style // the filter query and its prompt
	Match    lipgloss.Style // the parts of cells that match the filter
}

// DefaultStyles returns styles that read well on a dark or light
// background. Text keeps the terminal's colour; colour marks state only.
func DefaultStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	return Styles{
		Header:   lipgloss.NewStyle().Bold(true).Underline(true),
		Cell:     lipgloss.NewStyle(),
		Selected: lipgloss.NewStyle().Background(ld(lipgloss.Color("153"), lipgloss.Color("24"))).Foreground(ld(lipgloss.Color("16"), lipgloss.Color("231"))),
		Muted:    lipgloss.NewStyle().Foreground(ld(lipgloss.Color("242"), lipgloss.Color("245"))),
		Filter:   lipgloss.NewStyle().Foreground(ld(lipgloss.Color("25"), lipgloss.Color("75"))),
		Match:    lipgloss.NewStyle().Bold(true).Underline(true).Foreground(ld(lipgloss.Color("90"), lipgloss.Color("177"))),
	}
}

// derivedStyles are combinations computed once per SetStyles.
type derivedStyles struct {
	cellMatch     lipgloss.Style // a match in an ordinary row
	selectedMatch lipgloss.Style // a match in the selected row: keeps its colours
}

func deriveStyles(s Styles) derivedStyles {
	return derivedStyles{
		cellMatch:     s.Match.Inherit(s.Cell),
		selectedMatch: s.Selected.Inherit(s.Match),
	}
}
