package form

import (
	"charm.land/bubbles/v2/key"
	"charm.land/huh/v2"
)

// GermanKeyMap is huh's key map with German help texts.
func GermanKeyMap() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	set := func(b *key.Binding, k, d string) { b.SetHelp(k, d) }
	set(&km.Input.Next, "enter", "weiter")
	set(&km.Input.Prev, "shift+tab", "zurück")
	set(&km.Input.Submit, "enter", "speichern")
	set(&km.Input.AcceptSuggestion, "ctrl+e", "Vorschlag übernehmen")
	// In a text of several lines enter starts a new line, as everywhere
	// else: it used to save the whole form, and what was typed next acted
	// as commands on the screen behind it. tab goes on, ctrl+s saves.
	set(&km.Text.Next, "tab", "weiter")
	km.Text.Next.SetKeys("tab")
	set(&km.Text.Prev, "shift+tab", "zurück")
	set(&km.Text.Submit, "tab", "speichern")
	km.Text.Submit.SetKeys("tab")
	set(&km.Text.NewLine, "enter", "neue Zeile")
	km.Text.NewLine.SetKeys("enter", "alt+enter", "ctrl+j")
	km.Text.Editor.SetEnabled(false)
	set(&km.Select.Next, "enter", "auswählen")
	set(&km.Select.Prev, "shift+tab", "zurück")
	set(&km.Select.Submit, "enter", "speichern")
	set(&km.Select.Up, "↑", "hoch")
	set(&km.Select.Down, "↓", "runter")
	set(&km.Select.Left, "←", "vorige")
	set(&km.Select.Right, "→", "nächste")
	set(&km.Select.Filter, "/", "filtern")
	set(&km.Select.SetFilter, "esc", "Filter setzen")
	set(&km.Select.ClearFilter, "esc", "Filter löschen")
	set(&km.MultiSelect.Next, "enter", "weiter")
	set(&km.MultiSelect.Prev, "shift+tab", "zurück")
	set(&km.MultiSelect.Submit, "enter", "speichern")
	set(&km.MultiSelect.Toggle, "x", "an/aus")
	set(&km.MultiSelect.Up, "↑", "hoch")
	set(&km.MultiSelect.Down, "↓", "runter")
	set(&km.MultiSelect.Filter, "/", "filtern")
	set(&km.MultiSelect.SelectAll, "ctrl+a", "alle")
	set(&km.MultiSelect.SelectNone, "ctrl+a", "keine")
	set(&km.Confirm.Next, "enter", "weiter")
	set(&km.Confirm.Prev, "shift+tab", "zurück")
	set(&km.Confirm.Submit, "enter", "speichern")
	set(&km.Confirm.Toggle, "←/→", "wechseln")
	set(&km.Confirm.Accept, "j", "ja")
	km.Confirm.Accept.SetKeys("j", "J", "y")
	set(&km.Confirm.Reject, "n", "nein")
	set(&km.Note.Next, "enter", "weiter")
	set(&km.Note.Prev, "shift+tab", "zurück")
	set(&km.Note.Submit, "enter", "speichern")
	// ctrl+c belongs to the root model (it asks before quitting).
	km.Quit.SetEnabled(false)
	return km
}
