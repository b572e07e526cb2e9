package form

import (
	"strings"
	"sync"

	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"stabsstelle/ui/theme"
)

// Theme is huh's Charm theme made readable on both backgrounds. huh
// v2.0.3 swaps the light/dark pair of the option colour: on a dark terminal
// the options of a list are 235 (nearly black on black), on a light one 252
// (pale grey on white). Options therefore keep the terminal's own text
// colour, and the help line takes the program's help colours (huh's grey
// is 2.4:1 on black). On a light terminal the pastel accents (chosen
// option, prompt, arrows, errors, the focused button) are under 3:1 on
// white and take the program's palette as well.
func Theme(st *theme.Styles) *huh.Styles {
	t := huh.ThemeCharm(st.IsDark)
	p := st.Palette
	text := lipgloss.NoColor{} // the terminal's own text colour
	for _, s := range []*huh.FieldStyles{&t.Focused, &t.Blurred} {
		s.Option = s.Option.Foreground(text)
		s.UnselectedOption = s.UnselectedOption.Foreground(text)
	}
	t.Help.ShortKey, t.Help.FullKey = st.HelpKey, st.HelpKey
	t.Help.ShortDesc, t.Help.FullDesc = st.HelpDesc, st.HelpDesc
	t.Help.ShortSeparator, t.Help.FullSeparator = st.Muted, st.Muted
	// huh's placeholder grey is just under 3:1 on black as well.
	t.Focused.TextInput.Placeholder = t.Focused.TextInput.Placeholder.Foreground(p.Muted)
	t.Blurred.TextInput.Placeholder = t.Blurred.TextInput.Placeholder.Foreground(p.Muted)
	// The chosen button of a yes/no field (huh's cream on fuchsia is 2.3:1)
	// in the program's selection colours, on both backgrounds.
	for _, s := range []*huh.FieldStyles{&t.Focused, &t.Blurred} {
		s.FocusedButton = s.FocusedButton.Foreground(p.SelectedFg).Background(p.SelectedBg)
		s.Next = s.FocusedButton
	}
	if st.IsDark {
		return t
	}
	for _, s := range []*huh.FieldStyles{&t.Focused, &t.Blurred} {
		s.SelectedOption = s.SelectedOption.Foreground(p.Success)
		s.SelectedPrefix = s.SelectedPrefix.Foreground(p.Success)
		s.UnselectedPrefix = s.UnselectedPrefix.Foreground(p.Muted)
		s.SelectSelector = s.SelectSelector.Foreground(p.Accent)
		s.MultiSelectSelector = s.MultiSelectSelector.Foreground(p.Accent)
		s.ErrorIndicator = s.ErrorIndicator.Foreground(p.Error)
		s.ErrorMessage = s.ErrorMessage.Foreground(p.Error)
		s.TextInput.Prompt = s.TextInput.Prompt.Foreground(p.Accent)
		s.TextInput.Cursor = s.TextInput.Cursor.Foreground(p.Success)
	}
	t.Focused.NextIndicator = t.Focused.NextIndicator.Foreground(p.Accent)
	t.Focused.PrevIndicator = t.Focused.PrevIndicator.Foreground(p.Accent)
	return t
}

// FieldTheme is Theme(st) made once, for a field that draws before its
// form sets the theme (a select draws its options in Options). The Styles
// depend on the background only (theme.New), so two are kept, whatever
// the number of sessions.
func FieldTheme(st *theme.Styles) huh.Theme {
	themesMu.Lock()
	defer themesMu.Unlock()
	t := themes[st.IsDark]
	if t == nil {
		t = Theme(st)
		themes[st.IsDark] = t
	}
	return huh.ThemeFunc(func(bool) *huh.Styles { return t })
}

var (
	themesMu sync.Mutex
	themes   = map[bool]*huh.Styles{}
)

// blurredInputText is how huh's inputs draw the value of a field without
// focus: bubbles' dark default (ANSI 7, light grey) whatever the theme.
const blurredInputText = "\x1b[37m"

// blurredPlaceholder is how they draw the placeholder of a field without
// focus: bubbles' grey 240, huh sets only the focused one from the theme.
// On black it is under 3:1.
const blurredPlaceholder = "\x1b[38;5;240m"

// colourFix repaints what the theme cannot reach: on a light terminal the
// values of the fields without focus, on a dark one their placeholders.
func colourFix(st *theme.Styles, view string) string {
	bad := blurredInputText
	if st.IsDark {
		bad = blurredPlaceholder
	}
	if !strings.Contains(view, bad) {
		return view
	}
	muted := lipgloss.NewStyle().Foreground(st.Palette.Muted).Render("x")
	return strings.ReplaceAll(view, bad, muted[:strings.Index(muted, "x")])
}
