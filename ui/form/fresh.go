package form

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/ui/theme"
)

// Fresh makes a prefilled text input behave as if its value were selected
// when it gets the focus, as in any office program: the first character
// typed replaces the value ("10:00" and then 1 0 : 0 5 gives "10:05", not
// "10:0010:05"), backspace empties it, a cursor key keeps it for editing.
// The huh forms do the same (Form); Fresh is for the hand-made ones.
type Fresh struct{ on bool }

// Arm marks in as fresh if it holds a value; call it when in gets the
// focus.
func (f *Fresh) Arm(in *textinput.Model) { f.on = strings.TrimSpace(in.Value()) != "" }

// On reports whether the value is still selected.
func (f *Fresh) On() bool { return f.on }

// Key prepares in for the key k: a character empties it first, backspace
// and delete empty it and are used up (true: do not pass k on), anything
// else ends the selection and keeps the value.
func (f *Fresh) Key(in *textinput.Model, k tea.KeyPressMsg) (used bool) {
	if !f.on {
		return false
	}
	f.on = false
	switch {
	case k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0:
		in.SetValue("")
	case k.String() == "backspace" || k.String() == "delete":
		in.SetValue("")
		return true
	}
	return false
}

// Paste replaces the value of a fresh input with what is pasted.
func (f *Fresh) Paste(in *textinput.Model) {
	if f.on {
		in.SetValue("")
		f.on = false
	}
}

// View draws in; a fresh value in the selected style.
func (f *Fresh) View(in textinput.Model, selected lipgloss.Style) string {
	if !f.on || !in.Focused() {
		return in.View()
	}
	v := in.Prompt + selected.Render(in.Value())
	if pad := in.Width() - ansi.StringWidth(in.Value()); pad > 0 {
		v += strings.Repeat(" ", pad)
	}
	return v
}

// InputStyles are the program's colours for a text input: bubbles' defaults
// draw the prompt in light grey whatever the background (1.3:1 on a light
// terminal). The cursor is a steady reversed cell in the terminal's colour.
func InputStyles(st *theme.Styles) textinput.Styles {
	is := textinput.DefaultStyles(st.IsDark)
	for _, s := range []*textinput.StyleState{&is.Focused, &is.Blurred} {
		s.Prompt = st.Bold
		s.Text = lipgloss.NewStyle()
		s.Placeholder = st.Muted
	}
	is.Blurred.Text = st.Muted
	is.Cursor.Color = lipgloss.NoColor{}
	is.Cursor.Blink = false
	return is
}
