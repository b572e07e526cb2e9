package form

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// SaveKey, CancelKey: the keys every form adds to its fields' own.
var (
	SaveKey   = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "speichern"))
	CancelKey = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "abbrechen"))
	closeKey  = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "schließen"))
)

// ShortHelp is the help line while the form is open: the focused field's
// keys (huh's), then ctrl+s and esc; the dialog's keys while it asks.
func (f *Form) ShortHelp() []key.Binding {
	if f.ask != nil {
		return ConfirmKeys
	}
	if f.Saving() {
		return nil
	}
	var out []key.Binding
	seen := map[string]bool{}
	if fl := f.huh.GetFocusedField(); fl != nil {
		for _, b := range fl.KeyBinds() {
			h := b.Help()
			if !b.Enabled() || h.Key == "" || seen[h.Key] {
				continue
			}
			seen[h.Key] = true
			out = append(out, b)
		}
	}
	switch {
	case f.readOnly != "":
		return append(out, closeKey)
	case fieldTakesEsc(f.huh.GetFocusedField()):
		return append(out, SaveKey)
	}
	return append(out, SaveKey, CancelKey)
}

// body is huh's drawing of the fields, in the program's colours.
func (f *Form) body() string { return colourFix(f.ctx.Styles, f.huh.View()) }

// View draws the title, any save errors and the fields.
func (f *Form) View() string {
	st := f.ctx.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(f.title))
	if f.Saving() {
		b.WriteString(st.Muted.Render("  · wird gespeichert …"))
	}
	if f.readOnly != "" {
		b.WriteString(st.Muted.Render("  (nur lesen)"))
		b.WriteString("\n")
		b.WriteString(st.Warning.Render(ansi.Truncate(f.readOnly, f.w, "…")))
	}
	b.WriteString("\n")
	for _, e := range f.errs {
		for _, l := range strings.Split(wrapText("✗ "+e, f.w), "\n") {
			b.WriteString(st.Error.Render(l))
			b.WriteString("\n")
		}
	}
	// The focused field's problem also goes right under the title: huh
	// prints it below the last field, which a small terminal cuts off.
	if errs := f.huh.Errors(); len(errs) > 0 && !f.Saving() {
		b.WriteString(st.Error.Render(ansi.Truncate("✗ "+errs[0].Error(), f.w, "…")))
	}
	b.WriteString("\n")
	body := f.snap
	if !f.Saving() {
		body = f.body()
	}
	if f.ask != nil {
		body = lipgloss.Place(f.w, max(1, f.h-2-len(f.errs)), lipgloss.Center, lipgloss.Center, f.ask.View(f.ctx))
	}
	b.WriteString(body)
	return clip(b.String(), f.w, f.h)
}

// wrapText breaks s into lines of at most w cells at spaces.
func wrapText(s string, w int) string {
	if w <= 0 || ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Wrap(s, w, "")
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
