// Package form wraps huh v2 forms for the tabs: German key help and
// messages, the program's colours, sizing to the content box, record-level
// errors shown above the fields, and "unsaved input" tracking for the
// quit question. It also holds the small yes/no confirm dialog.
package form

import (
	"errors"
	"slices"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

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

	// focused is the field that had the focus after the last update; fresh
	// is true while its prefilled value is still untouched and shown as
	// selected (typing replaces it).
	focused huh.Field
	fresh   bool
	// snap is the form as it looked before the key that completed it: huh
	// draws nothing once completed, and the form stays on screen until the
	// owner has saved.
	snap string
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
		WithTheme(huh.ThemeFunc(func(bool) *huh.Styles { return f.theme() })).
		// The keys go to the root's help line (ShortHelp): huh's own help
		// line was cut off below the fields of a long form.
		WithShowHelp(false).
		WithShowErrors(true)
	f.huh.SubmitCmd = func() tea.Msg { return SubmittedMsg{ID: f.id} }
	if f.readOnly != "" {
		f.huh.SubmitCmd = func() tea.Msg { return CancelledMsg{ID: f.id} }
	}
	f.huh.CancelCmd = func() tea.Msg { return CancelledMsg{ID: f.id} }
	f.focused, f.fresh = nil, false
	f.resize()
}

// theme is the program's huh theme; a prefilled value that typing would
// replace is drawn selected.
func (f *Form) theme() *huh.Styles { return cachedTheme(f.ctx.Styles, f.fresh) }

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
func (f *Form) Init() tea.Cmd {
	cmd := f.huh.Init()
	f.track()
	return cmd
}

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

// Saving is true between the last field (or ctrl+s) and the owner's
// answer: the form swallows every key meanwhile.
func (f *Form) Saving() bool { return f.huh.State != huh.StateNormal }

// Asking is true while "Eingaben verwerfen?" is open.
func (f *Form) Asking() bool { return f.ask != nil }

// Update passes messages to huh. esc leaves the form, asking first when
// input would be lost; ctrl+s saves from any field; the first key typed
// into a prefilled field replaces its value. Every key ends here: nothing
// typed into a form ever reaches the screen behind it.
func (f *Form) Update(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	if f.init != nil {
		cmds = append(cmds, f.init)
		f.init = nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return f.key(k, cmds)
	}
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		f.SetSize(ws.Width, ws.Height)
		return tea.Batch(cmds...)
	}
	if p, ok := msg.(tea.PasteMsg); ok && !f.Saving() {
		f.dirty = true
		cmds = append(cmds, f.replaceFresh(tea.KeyPressMsg{Text: p.Content})...)
	}
	return f.passOn(msg, cmds)
}

// key handles a key press: the open question takes it first; a read-only
// form only moves; while saving keys are swallowed.
func (f *Form) key(k tea.KeyPressMsg, cmds []tea.Cmd) tea.Cmd {
	if f.ask != nil {
		cmd := f.ask.Update(k)
		if f.ask.Done() {
			f.ask = nil
		}
		return tea.Batch(append(cmds, cmd)...)
	}
	if f.readOnly != "" {
		switch k.String() {
		case "esc":
			return func() tea.Msg { return CancelledMsg{ID: f.id} }
		case "tab", "shift+tab", "enter", "up", "down", "pgup", "pgdown":
		default:
			return tea.Batch(cmds...) // a read-only form takes no input
		}
	}
	if f.Saving() {
		return tea.Batch(cmds...) // waiting for the owner: keys are swallowed
	}
	switch {
	case k.String() == "esc" && !fieldTakesEsc(f.huh.GetFocusedField()):
		if f.dirty {
			f.ask = Ask("Eingaben verwerfen?", f.cancel)
			return tea.Batch(cmds...)
		}
		return tea.Batch(append(cmds, f.cancel())...)
	case k.String() == "ctrl+s":
		f.snap = f.body()
		return tea.Batch(append(cmds, f.submitNow())...)
	}
	if isEdit(k) {
		f.dirty = true
	}
	cmds = append(cmds, f.replaceFresh(k)...)
	f.snap = f.body()
	return f.passOn(k, cmds)
}

// passOn gives msg to huh and notes where the focus went.
func (f *Form) passOn(msg tea.Msg, cmds []tea.Cmd) tea.Cmd {
	cmds = append(cmds, f.pass(msg))
	f.track()
	return tea.Batch(cmds...)
}

func (f *Form) cancel() tea.Cmd {
	id := f.id
	return func() tea.Msg { return CancelledMsg{ID: id} }
}

// pass gives msg to huh.
func (f *Form) pass(msg tea.Msg) tea.Cmd {
	m, cmd := f.huh.Update(msg)
	if hf, ok := m.(*huh.Form); ok {
		f.huh = hf
	}
	return cmd
}

// track notes a change of the focused field: a text field that arrives
// with a value is fresh, its value selected.
func (f *Form) track() {
	if f.huh.State != huh.StateNormal {
		return
	}
	cur := f.huh.GetFocusedField()
	if cur == f.focused {
		return
	}
	f.focused = cur
	in, ok := cur.(*huh.Input)
	f.fresh = ok && in.GetValue().(string) != "" && f.readOnly == ""
}

// replaceFresh handles a key on a fresh field: a character or a paste
// replaces the value, backspace and delete empty it, a cursor key keeps it
// for editing. It returns the commands of the keys it sent huh.
func (f *Form) replaceFresh(k tea.KeyPressMsg) []tea.Cmd {
	if !f.fresh {
		return nil
	}
	switch {
	case k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0:
	case k.String() == "backspace" || k.String() == "delete":
	default:
		if isEdit(k) || k.String() == "left" || k.String() == "right" || k.String() == "home" || k.String() == "end" {
			f.fresh = false
		}
		return nil
	}
	f.fresh = false
	// home + ctrl+k: the text input's "delete to the end of the line".
	return []tea.Cmd{f.pass(tea.KeyPressMsg{Code: tea.KeyHome}), f.pass(tea.KeyPressMsg{Code: 'k', Mod: tea.ModCtrl})}
}

// submitNow is ctrl+s: it walks the remaining fields the way enter would,
// so every field's check runs, and submits when all pass. It stops on the
// first field with a problem, with the focus there.
func (f *Form) submitNow() tea.Cmd {
	var cmds []tea.Cmd
	for range 500 {
		if f.huh.State != huh.StateNormal {
			break
		}
		before := f.huh.GetFocusedField()
		cmd := f.huh.NextField()
		after := f.huh.GetFocusedField()
		if after != before && !after.Skip() {
			cmds = append(cmds, cmd)
			continue
		}
		// The group's last field was left (the command would only say
		// "next group", which happens right here instead).
		cmd = f.huh.NextGroup()
		if f.huh.State != huh.StateNormal {
			cmds = append(cmds, cmd) // completed: the submit message
			break
		}
		if f.huh.GetFocusedField() != after {
			cmds = append(cmds, cmd) // on to the next group
			continue
		}
		// A field of this group has a problem: back to the first one.
		cmds = append(cmds, f.focusProblem(after))
		break
	}
	f.track()
	return tea.Batch(cmds...)
}

// focusProblem moves from the last field of a group back to the nearest
// field with a problem and gives it the focus.
func (f *Form) focusProblem(last huh.Field) tea.Cmd {
	if last.Error() != nil {
		return last.Focus()
	}
	var cmds []tea.Cmd
	cur := last
	for range 100 {
		cmd := f.huh.PrevField()
		next := f.huh.GetFocusedField()
		if next == cur {
			break // the group's first field: prevGroup is not wanted
		}
		cmds = append(cmds, cmd)
		cur = next
		if cur.Error() != nil {
			break
		}
	}
	return tea.Batch(cmds...)
}

// fieldTakesEsc: a list being filtered uses esc itself (its help line
// says "esc Filter setzen"/"Filter löschen").
func fieldTakesEsc(fl huh.Field) bool {
	if fl == nil {
		return false
	}
	if s, ok := fl.(interface{ GetFiltering() bool }); ok && s.GetFiltering() {
		return true
	}
	for _, b := range fl.KeyBinds() {
		if b.Enabled() && slices.Contains(b.Keys(), "esc") {
			return true
		}
	}
	return false
}

// isEdit tells typing from moving around, for Dirty.
func isEdit(k tea.KeyPressMsg) bool {
	switch k.String() {
	case "tab", "shift+tab", "enter", "up", "down", "left", "right", "pgup", "pgdown", "home", "end", "ctrl+s":
		return false
	}
	return true
}
