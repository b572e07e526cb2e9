package form

import (
	"testing"

	"charm.land/huh/v2"
)

// TestNotesOfferNoExternalEditor: huh enables "ctrl+e" per text field
// when its key list is built, whatever the key map says; a notes field of
// ours must not offer it (in team mode it would start an editor on the
// server).
func TestNotesOfferNoExternalEditor(t *testing.T) {
	var notes string
	f := Notes("Notizen", &notes, 3)
	f.WithKeyMap(GermanKeyMap())
	for _, b := range f.KeyBinds() {
		if b.Enabled() && b.Help().Key == "ctrl+e" {
			t.Fatalf("notes field offers %q %q", b.Help().Key, b.Help().Desc)
		}
	}
	// The same field built the plain huh way does offer it: the check above
	// looks at the right binding.
	plain := huh.NewText().Value(&notes)
	plain.WithKeyMap(GermanKeyMap())
	found := false
	for _, b := range plain.KeyBinds() {
		found = found || (b.Enabled() && len(b.Keys()) > 0 && b.Keys()[0] == "ctrl+e")
	}
	if !found {
		t.Fatal("a plain huh text field should offer ctrl+e; the test no longer sees the binding")
	}
}
