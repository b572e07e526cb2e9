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

// FieldTheme is the program's theme for a field that draws before its
// form sets the theme (a select draws its options in Options).
func FieldTheme(st *theme.Styles) huh.Theme {
	t := cachedTheme(st, false)
	return huh.ThemeFunc(func(bool) *huh.Styles { return t })
}

// cachedTheme is Theme(st), made once per background: huh asks for the
// theme for every field and option it draws, and building it anew each
// time made opening a request form 60–120 ms at 100 000 Einsätze and
// 0,65 s at 1 000 000. The Styles depend on the background only
// (theme.New), so four are kept, whatever the number of sessions. fresh:
// the variant that draws a prefilled value selected (typing replaces it).
func cachedTheme(st *theme.Styles, fresh bool) *huh.Styles {
	themesMu.Lock()
	defer themesMu.Unlock()
	k := themeKey{st.IsDark, fresh}
	t := themes[k]
	if t == nil {
		t = Theme(st)
		if fresh {
			t.Focused.TextInput.Text = st.Selected
		}
		themes[k] = t
	}
	return t
}

type themeKey struct{ dark, fresh bool }

var (
	themesMu sync.Mutex
	themes   = map[themeKey]*huh.Styles{}
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
