package sprachmittlung

import (
	"charm.land/bubbles/v2/key"

	"stabsstelle/model"
	"stabsstelle/ui/common"
)

// KeyMap holds the tab's own keys as data (docs/ARCHITECTURE.md §4). Shared list keys
// (↑↓ enter n e / esc) come from Context.List.
type KeyMap struct {
	// Einsatz list
	StatusGroup, Range, Today, Agenda, Pool key.Binding
	// Detail screen
	Status, Match, Confirm, WriteFiles, Nachweis, Org, Person key.Binding
	// Agenda
	Prev, Next, DayView, WeekView key.Binding
	NextColumn, PrevColumn        key.Binding
	// Dialogs
	Save, Override key.Binding
	// Interpreter's page: Datenschutz
	Auskunft, Erase key.Binding
}

// DefaultKeyMap returns the defaults; the help texts are German.
func DefaultKeyMap() KeyMap {
	b := func(k, help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, help))
	}
	return KeyMap{
		StatusGroup: b("f", "offen/vermittelt/alle", "f"),
		Range:       b("z", "Zeitraum (von–bis)", "z"),
		Today:       b("t", "heute", "t"),
		Agenda:      b("w", "wer wann wo", "w"),
		Pool:        b("i", "Sprachmittler:innen", "i"),

		Status:     b("s", "Status ändern", "s"),
		Match:      b("m", "Sprachmittler:in suchen", "m"),
		Confirm:    b("a", "Texte", "a"),
		WriteFiles: b("w", "Dateien schreiben", "w"),
		Nachweis:   b("x", "Nachweis", "x"),
		Org:        b("o", "Einrichtung", "o"),
		Person:     b("i", "Sprachmittler:in", "i"),

		Prev:       b("←/h", "zurück", "left", "h"),
		Next:       b("→/l", "vor", "right", "l"),
		DayView:    b("d", "Tag", "d"),
		WeekView:   b("w", "Woche", "w"),
		NextColumn: b("bild↓/]", "nächste Person", "pgdown", "]"),
		PrevColumn: b("bild↑/[", "vorige Person", "pgup", "["),

		Save:     b("ctrl+s", "speichern", "ctrl+s"),
		Override: b("u", "trotzdem (mit Grund)", "u"),

		Auskunft: b("A", "Auskunft (Art. 15)", "A"),
		Erase:    b("L", "löschen (Art. 17)", "L"),
	}
}

// gate disables the keys the member's roles do not allow (the store would
// refuse them anyway): changing an Einsatz's status and entering the
// Einsatznachweis need "einsaetze". Searching an interpreter stays: it
// shows who could go; assigning one is asked for in the search itself.
func (k *KeyMap) gate(ctx *common.Context) {
	ctx.Gate(&k.Status, model.PermEinsatz)
	ctx.Gate(&k.Nachweis, model.PermEinsatz)
	ctx.Gate(&k.Auskunft, model.PermDisclose)
	ctx.Gate(&k.Erase, model.PermErase)
}
