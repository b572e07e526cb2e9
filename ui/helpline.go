package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/ui/form"
)

// helpBindings are the keys the help line offers now: the open screen's
// first, then – unless a text field or dialog has the keys – the ones that
// work everywhere; must are shown even when the line is short.
func (m *Model) helpBindings() (bs, must []key.Binding) {
	g := m.ctx.Global
	switch {
	case m.askQuit != nil:
		return form.ConfirmKeys, nil
	case m.welcome:
		return []key.Binding{welcomeStart, g.Tab1, g.Tab2, g.Tab3, g.Tab4, g.Quit}, nil
	case m.showHelp:
		return helpScreenKeys, nil
	case m.search != nil:
		return searchKeys, nil
	case m.history != nil:
		bs = m.history.ShortHelp()
	case m.settings != nil:
		bs = m.settings.ShortHelp()
	case m.abgleich != nil:
		bs = m.abgleich.ShortHelp()
	case m.directory != nil:
		bs = m.directory.ShortHelp()
		if !m.directory.Editing() && !m.directory.Filtering() {
			bs = append(bs, directoryToggle)
		}
	default:
		tab := m.tabs[m.active]
		bs = tab.ShortHelp()
		// While a field or a dialog takes the keys, ? q ctrl+k are input
		// for it, not the program's: offering them would mislead.
		if !tab.Capturing() {
			return bs, g.ShortHelp()
		}
		return bs, nil
	}
	if !m.overlayTyping() {
		return bs, []key.Binding{g.Help}
	}
	return bs, nil
}

var (
	welcomeStart   = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "weiter"))
	helpScreenKeys = []key.Binding{
		key.NewBinding(key.WithKeys("down"), key.WithHelp("↑↓", "blättern")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc/q", "schließen")),
	}
	searchKeys = []key.Binding{
		key.NewBinding(key.WithKeys("down"), key.WithHelp("↑↓", "wählen")),
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "öffnen")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "zurück")),
	}
)

// helpItem is one key of the help line and the cells it takes.
type helpItem struct {
	b      key.Binding
	x0, x1 int // columns [x0, x1)
}

const helpSep = " • "

// helpItems lays the help line out: whole items only, never a cut one
// ("e bearbei…"); what does not fit stays on the ? screen. The first of
// the global keys (? Hilfe) keeps its place at the end; the others follow
// where there is room.
func (m *Model) helpItems() []helpItem {
	bs, global := m.helpBindings()
	width := func(b key.Binding) int { return ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc) }
	sep := ansi.StringWidth(helpSep)
	room := m.w
	mustW := 0
	if len(global) > 0 {
		mustW = width(global[0]) + sep
	}
	var items []helpItem
	x := 0
	add := func(b key.Binding) {
		if x > 0 {
			x += sep
		}
		items = append(items, helpItem{b: b, x0: x, x1: x + width(b)})
		x += width(b)
	}
	seen := map[string]bool{}
	for _, b := range bs {
		h := b.Help()
		if !b.Enabled() || h.Key == "" || seen[h.Key+" "+h.Desc] {
			continue
		}
		if x+sep+width(b)+mustW > room {
			break
		}
		seen[h.Key+" "+h.Desc] = true
		add(b)
	}
	for _, b := range global {
		if b.Enabled() && x+sep+width(b) <= room {
			add(b)
		}
	}
	return items
}

func (m *Model) helpLine() string {
	st := m.ctx.Styles
	var b strings.Builder
	for i, it := range m.helpItems() {
		if i > 0 {
			b.WriteString(st.Muted.Render(helpSep))
		}
		h := it.b.Help()
		b.WriteString(st.HelpKey.Render(h.Key) + " " + st.HelpDesc.Render(h.Desc))
	}
	return b.String()
}
