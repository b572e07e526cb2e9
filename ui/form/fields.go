package form

import "charm.land/huh/v2"

// Notes is a multi-line notes field without huh's "ctrl+e open editor":
// in team mode the editor would start on the server machine, and even
// locally it leaves the program's screen. The German key map disables the
// key, but huh re-enables it per field unless told otherwise.
func Notes(title string, value *string, lines int) *huh.Text {
	return huh.NewText().Title(title).Value(value).CharLimit(2000).Lines(lines).ExternalEditor(false)
}
