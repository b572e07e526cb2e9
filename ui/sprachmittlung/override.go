package sprachmittlung

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/ui/common"
)

// override shows the intake warnings of a request; the user goes back to
// the form or saves anyway with a reason that is stored on the Einsatz.
type override struct {
	ctx      *common.Context
	e        *model.Einsatz
	warnings []model.Warning
	asking   bool
	reason   textinput.Model
}

func newOverride(ctx *common.Context, e *model.Einsatz, ws []model.Warning) *override {
	ti := newInput("Grund: ", 300, ctx.Styles.IsDark)
	ti.SetWidth(max(10, ctx.Width-10))
	return &override{ctx: ctx, e: e, warnings: ws, reason: ti}
}

func (t *Tab) overrideKey(msg tea.KeyPressMsg) tea.Cmd {
	o := t.ov
	if o == nil {
		t.pop()
		return nil
	}
	if o.asking {
		switch msg.String() {
		case "esc":
			o.asking = false
			o.reason.Blur()
			return nil
		case "enter":
			e := o.e
			for _, w := range o.warnings {
				if err := e.Override(w.Rule, o.reason.Value(), t.ctx.User, t.ctx.Now()); err != nil {
					return t.fail(err)
				}
			}
			return t.saveEinsatz(e)
		}
		var cmd tea.Cmd
		o.reason, cmd = o.reason.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, t.keys.Override):
		o.asking = true
		return o.reason.Focus()
	case msg.String() == "esc" || msg.String() == "z":
		t.ov = nil
		t.pop()
		t.req.form.SetError(nil)
	}
	return nil
}

func (o *override) view(w, h int, flash string) string {
	st := o.ctx.Styles
	lines := []string{st.Title.Render("Hinweise zur Anfrage"), ""}
	for _, wn := range o.warnings {
		for i, l := range wrap(wn.Text, w-2) {
			p := "⚠ "
			if i > 0 {
				p = "  "
			}
			lines = append(lines, st.Warning.Render(p+l))
		}
	}
	lines = append(lines, "")
	if o.asking {
		lines = append(lines, "Warum wird die Anfrage trotzdem angenommen? (enter speichert, esc zurück)", o.reason.View())
	} else {
		lines = append(lines, "z / esc  zurück zum Formular", "u        trotzdem speichern (mit Begründung)")
	}
	if flash != "" {
		lines = append(lines, "", st.Error.Render(flash))
	}
	return frame(lines, w, h)
}

func (t *Tab) overrideView() string {
	if t.ov == nil {
		return t.blank()
	}
	return t.ov.view(t.width, t.height, t.errFlash())
}

func (t *Tab) overrideHelp() []key.Binding {
	if t.ov != nil && t.ov.asking {
		return []key.Binding{helpOnly("enter", "speichern"), cancelInput}
	}
	return []key.Binding{t.keys.Override, backToForm}
}
