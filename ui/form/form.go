// Package form wraps huh v2 forms for the tabs: German key help and
// messages, the program's colours, sizing to the content box, record-level
// errors shown above the fields, and "unsaved input" tracking for the
// quit question. It also holds the small yes/no confirm dialog.
package form

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/ui/common"
)

// SubmittedMsg: the user finished the form; the values are in the variables
// bound with .Value(&x). The tab validates the record, saves it in a command
// and calls SetError if that fails.
type SubmittedMsg struct{ ID string }

// CancelledMsg: the user left the form with esc (after confirming if input
// would be lost).
type CancelledMsg struct{ ID string }

// Form is one open form.
type Form struct {
	ctx    *common.Context
	id     string
	title  string
	groups []*huh.Group
	huh    *huh.Form
	errs   []string
	dirty  bool
	w, h   int
	ask    *Confirm // "Eingaben verwerfen?" while open
	init   tea.Cmd  // pending Init of a rebuilt form
	// readOnly: the member may look the record up but not change it
	// (their roles do not allow it): typing is ignored, and leaving the
	// last field closes the form instead of saving.
	readOnly string
}

// New builds a form titled title from groups; id comes back in the
// messages so a tab with several forms knows which one finished.
func New(ctx *common.Context, id, title string, groups ...*huh.Group) *Form {
	f := &Form{ctx: ctx, id: id, title: title, groups: groups, w: ctx.Width, h: ctx.Height}
	f.build()
	return f
}

func (f *Form) build() {
	f.huh = huh.NewForm(f.groups...).
		WithKeyMap(GermanKeyMap()).
		WithTheme(huh.ThemeFunc(func(bool) *huh.Styles { return Theme(f.ctx.Styles) })).
		WithShowHelp(true).
		WithShowErrors(true)
	f.huh.SubmitCmd = func() tea.Msg { return SubmittedMsg{ID: f.id} }
	if f.readOnly != "" {
		f.huh.SubmitCmd = func() tea.Msg { return CancelledMsg{ID: f.id} }
	}
	f.huh.CancelCmd = func() tea.Msg { return CancelledMsg{ID: f.id} }
	f.resize()
}

// ReadOnly makes the form a view of the record: why (one German sentence,
// e.g. which role may change it) shows under the title; keys that would
// change a field are dropped; enter at the end and esc close it.
func (f *Form) ReadOnly(why string) *Form {
	f.readOnly = why
	f.build()
	return f
}

// IsReadOnly reports whether ReadOnly was called.
func (f *Form) IsReadOnly() bool { return f.readOnly != "" }

// ID is the form's id.
func (f *Form) ID() string { return f.id }

// Init focuses the first field.
func (f *Form) Init() tea.Cmd { return f.huh.Init() }

// SetSize fits the form into the content box.
func (f *Form) SetSize(w, h int) {
	f.w, f.h = w, h
	f.resize()
}

func (f *Form) resize() {
	if f.w <= 0 {
		return
	}
	head := 3 + len(f.errs)
	if f.readOnly != "" {
		head++
	}
	f.huh.WithWidth(min(f.w, 100)).WithHeight(max(5, f.h-head))
}

// SetError shows why saving failed (a model.ValidationError lists every
// field) and gives the form back to the user with everything typed kept.
func (f *Form) SetError(err error) {
	f.errs = nil
	var ve model.ValidationError
	switch {
	case err == nil:
	case errors.As(err, &ve):
		for _, fe := range ve {
			f.errs = append(f.errs, fe.Msg)
		}
	default:
		f.errs = []string{err.Error()}
	}
	if f.huh.State != huh.StateNormal {
		// huh cannot reopen a completed form; a new form over the same
		// groups keeps every field's value.
		f.build()
		f.init = f.huh.Init()
	}
	f.resize()
}

// Dirty is true once the user typed into a field.
func (f *Form) Dirty() bool { return f.dirty }

// Update passes messages to huh; esc leaves the form, asking first when
// input would be lost.
func (f *Form) Update(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	if f.init != nil {
		cmds = append(cmds, f.init)
		f.init = nil
	}
	if f.ask != nil {
		if c, ok := msg.(ConfirmedMsg); ok && c.ID == f.id+":discard" {
			f.ask = nil
			if c.Yes {
				return func() tea.Msg { return CancelledMsg{ID: f.id} }
			}
			return nil
		}
		if _, ok := msg.(tea.KeyPressMsg); ok {
			return f.ask.Update(msg)
		}
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && f.readOnly != "" {
		switch k.String() {
		case "esc":
			return func() tea.Msg { return CancelledMsg{ID: f.id} }
		case "tab", "shift+tab", "enter", "up", "down", "pgup", "pgdown":
		default:
			return tea.Batch(cmds...) // a read-only form takes no input
		}
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if k.String() == "esc" {
			if f.dirty {
				f.ask = NewConfirm(f.id+":discard", "Eingaben verwerfen?")
				return nil
			}
			return func() tea.Msg { return CancelledMsg{ID: f.id} }
		}
		if isEdit(k) {
			f.dirty = true
		}
	}
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		f.SetSize(ws.Width, ws.Height)
		return tea.Batch(cmds...)
	}
	m, cmd := f.huh.Update(msg)
	if hf, ok := m.(*huh.Form); ok {
		f.huh = hf
	}
	cmds = append(cmds, cmd)
	return tea.Batch(cmds...)
}

// isEdit tells typing from moving around, for Dirty.
func isEdit(k tea.KeyPressMsg) bool {
	switch k.String() {
	case "tab", "shift+tab", "enter", "up", "down", "left", "right", "pgup", "pgdown", "home", "end":
		return false
	}
	return true
}

// View draws the title, any save errors and the fields.
func (f *Form) View() string {
	st := f.ctx.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(f.title))
	if f.readOnly != "" {
		b.WriteString(st.Muted.Render("  (nur lesen)"))
		b.WriteString("\n")
		b.WriteString(st.Warning.Render(ansi.Truncate(f.readOnly, f.w, "…")))
	}
	b.WriteString("\n")
	for _, e := range f.errs {
		b.WriteString(st.Error.Render(ansi.Truncate("✗ "+e, f.w, "…")))
		b.WriteString("\n")
	}
	// The focused field's problem also goes right under the title: huh
	// prints it below the last field, which a small terminal cuts off.
	if errs := f.huh.Errors(); len(errs) > 0 && f.huh.State == huh.StateNormal {
		b.WriteString(st.Error.Render(ansi.Truncate("✗ "+errs[0].Error(), f.w, "…")))
	}
	b.WriteString("\n")
	body := colourFix(st, f.huh.View())
	if f.ask != nil {
		body = lipgloss.Place(f.w, max(1, f.h-2-len(f.errs)), lipgloss.Center, lipgloss.Center, f.ask.View(f.ctx))
	}
	b.WriteString(body)
	return clip(b.String(), f.w, f.h)
}

// clip cuts a view to w×h so a form never pushes the status bar away.
func clip(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if h > 0 && len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}

// Clip is exported for tabs that compose their own screens.
func Clip(s string, w, h int) string { return clip(s, w, h) }

// GermanKeyMap is huh's key map with German help texts.
func GermanKeyMap() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	set := func(b *key.Binding, k, d string) { b.SetHelp(k, d) }
	set(&km.Input.Next, "enter", "weiter")
	set(&km.Input.Prev, "shift+tab", "zurück")
	set(&km.Input.Submit, "enter", "speichern")
	set(&km.Input.AcceptSuggestion, "ctrl+e", "Vorschlag übernehmen")
	set(&km.Text.Next, "tab", "weiter")
	set(&km.Text.Prev, "shift+tab", "zurück")
	set(&km.Text.Submit, "enter", "speichern")
	set(&km.Text.NewLine, "alt+enter", "neue Zeile")
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
