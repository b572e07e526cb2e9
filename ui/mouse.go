package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// The mouse, as office users expect it: a click on a tab shows it, a
// click on a key of the help line presses that key (the help line is the
// row of buttons: "n neu", "j ja", …), a click on a dialog's „Ja“ or
// „Nein“ answers it, a click on a row of a list selects it and a second
// click opens it, the wheel scrolls. The hit areas are computed from what
// was drawn (the tab bar's labels, the help line's items, the dialog's
// buttons, the list's header line), so they cannot drift from the screen.
// Members who want the terminal's own mouse (selecting text) switch it off
// under R; that choice is theirs alone (store.BedienungSettings).

// wheelLines is how far one notch of the wheel moves.
const wheelLines = 3

type mouseLoadedMsg struct{ off bool }

// loadMouse reads whether the member has switched the mouse off.
func loadMouse(st *store.Store, user string) tea.Cmd {
	return func() tea.Msg {
		var s store.BedienungSettings
		_ = st.View(func(tx *store.Tx) error {
			var err error
			s, err = store.LoadBedienungSettings(tx, user)
			return err // unreadable: check names it; the mouse stays on
		})
		return mouseLoadedMsg{off: s.MouseOff}
	}
}

// mouseOn: the program takes the mouse now.
func (m *Model) mouseOn() bool { return !m.mouseOff && !m.tooSmall() }

// click handles a press of the left button.
func (m *Model) click(c tea.MouseClickMsg) tea.Cmd {
	if !m.mouseOn() || c.Button != tea.MouseLeft {
		return nil
	}
	switch {
	case c.Y == m.h-2:
		return m.clickHelp(c.X)
	case c.Y == 0:
		return m.clickTab(c.X)
	case c.Y > 0 && c.Y < m.h-2:
		if cmd, ok := m.clickButton(c.X, c.Y); ok {
			return cmd
		}
		if m.settings != nil && !m.showHelp && m.askQuit == nil {
			m.settings.ClickAt(c.X, c.Y-1)
			return nil
		}
		if cl, ok := m.tabs[m.active].(common.Clicker); ok && !m.overlayShown() && !m.tabs[m.active].Capturing() {
			if handled, cmd := cl.Click(c.X, c.Y-1); handled {
				return cmd
			}
		}
		return m.clickRow(c.Y - 1)
	}
	return nil
}

// clickButton answers the yes/no dialog shown whoever asks (the quit
// question, a tab's, a form's "Eingaben verwerfen?"): a click on „Ja“ is
// j, on „Nein“ n. The buttons are found on the line clicked, as drawn.
func (m *Model) clickButton(x, y int) (tea.Cmd, bool) {
	lines := strings.Split(ansi.Strip(m.render()), "\n")
	if y >= len(lines) {
		return nil, false
	}
	line := lines[y]
	i := strings.Index(line, form.YesButton+"   "+form.NoButton)
	if i < 0 {
		return nil, false
	}
	yes0 := ansi.StringWidth(line[:i])
	no0 := yes0 + ansi.StringWidth(form.YesButton+"   ")
	switch {
	case x >= yes0 && x < yes0+ansi.StringWidth(form.YesButton):
		return m.handleKey(keyPress("j")), true
	case x >= no0 && x < no0+ansi.StringWidth(form.NoButton):
		return m.handleKey(keyPress("n")), true
	}
	return nil, true // beside the buttons: nothing, and no row below
}

// clickHelp presses the key of the help-line item under x.
func (m *Model) clickHelp(x int) tea.Cmd {
	for _, it := range m.helpItems() {
		if x >= it.x0 && x < it.x1 && len(it.b.Keys()) > 0 {
			return m.handleKey(keyPress(it.b.Keys()[0]))
		}
	}
	return nil
}

// tabSpans are the columns [x0, x1) of each tab's label in the tab bar.
func (m *Model) tabSpans() [][2]int {
	st := m.ctx.Styles
	spans := make([][2]int, len(m.tabs))
	x := 0
	for i, t := range m.tabs {
		label := st.TabInactive.Render(tabLabel(i, t))
		if i == m.active && !m.welcome {
			label = st.TabActive.Render(tabLabel(i, t))
		}
		w := ansi.StringWidth(label)
		spans[i] = [2]int{x, x + w}
		x += w + 1
	}
	return spans
}

// clickTab shows the tab under x. Over a question, the help or an overlay
// the tab bar does nothing (esc closes those first, as with the digits).
func (m *Model) clickTab(x int) tea.Cmd {
	if m.askQuit != nil || m.showHelp || m.search != nil || m.overlayOpen() {
		return nil
	}
	for i, s := range m.tabSpans() {
		if x >= s[0] && x < s[1] {
			m.welcome = false
			return m.switchTab(i)
		}
	}
	return nil
}

// overlayShown: something covers the tab (a question, the help, the
// welcome, an overlay).
func (m *Model) overlayShown() bool {
	return m.askQuit != nil || m.showHelp || m.welcome || m.search != nil || m.overlayOpen()
}

// clickRow selects the row under line y of the content box; a click on
// the selected row opens it (enter).
func (m *Model) clickRow(y int) tea.Cmd {
	if m.askQuit != nil || m.showHelp || m.welcome || m.search != nil || m.history != nil || m.settings != nil {
		return nil
	}
	var (
		lister common.Lister
		view   string
	)
	if m.directory != nil {
		if m.directory.Editing() {
			return nil
		}
		lister, view = m.directory, m.directory.View()
	} else {
		tab := m.tabs[m.active]
		l, ok := tab.(common.Lister)
		if !ok {
			return nil
		}
		lister, view = l, tab.View()
	}
	list := lister.ShownList()
	if list == nil {
		return nil
	}
	hit, again := list.ClickAt(view, y)
	if hit && again {
		return m.handleKey(tea.KeyPressMsg{Code: tea.KeyEnter})
	}
	return nil
}

// wheel scrolls what is shown: the help screen, a list, a page. A form
// or a question keeps its fields as they are.
func (m *Model) wheel(w tea.MouseWheelMsg) tea.Cmd {
	if !m.mouseOn() || m.askQuit != nil || m.welcome {
		return nil
	}
	var k tea.KeyPressMsg
	switch w.Button {
	case tea.MouseWheelDown:
		k = tea.KeyPressMsg{Code: tea.KeyDown}
	case tea.MouseWheelUp:
		k = tea.KeyPressMsg{Code: tea.KeyUp}
	default:
		return nil
	}
	if !m.showHelp && m.search == nil {
		if m.overlayOpen() && m.overlayTyping() {
			return nil
		}
		if !m.overlayOpen() && m.tabs[m.active].Capturing() {
			return nil
		}
	}
	var cmds []tea.Cmd
	for range wheelLines {
		cmds = append(cmds, m.handleKey(k))
	}
	return tea.Batch(cmds...)
}

// keyPress is the key press a binding's key name stands for ("n", "N",
// "enter", "ctrl+s", "shift+tab").
func keyPress(name string) tea.KeyPressMsg {
	var mod tea.KeyMod
	for {
		switch {
		case strings.HasPrefix(name, "ctrl+"):
			mod |= tea.ModCtrl
			name = name[len("ctrl+"):]
			continue
		case strings.HasPrefix(name, "alt+"):
			mod |= tea.ModAlt
			name = name[len("alt+"):]
			continue
		case strings.HasPrefix(name, "shift+"):
			mod |= tea.ModShift
			name = name[len("shift+"):]
			continue
		}
		break
	}
	if code, ok := namedKeys[name]; ok {
		return tea.KeyPressMsg{Code: code, Mod: mod}
	}
	r, _ := utf8.DecodeRuneInString(name)
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	return tea.KeyPressMsg{Code: r, Text: name}
}

var namedKeys = map[string]rune{
	"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "space": tea.KeySpace,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
	"backspace": tea.KeyBackspace, "delete": tea.KeyDelete,
	"f1": tea.KeyF1, "f2": tea.KeyF2, "f3": tea.KeyF3, "f4": tea.KeyF4, "f5": tea.KeyF5,
}

func tabLabel(i int, t common.Tab) string { return fmt.Sprintf("%d %s", i+1, t.Title()) }
