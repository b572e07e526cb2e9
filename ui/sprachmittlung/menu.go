package sprachmittlung

import (
	"fmt"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/ui/common"
)

// statusMenu offers the legal next statuses of an Einsatz; statuses that
// need a reason ask for it before anything is written.
type statusMenu struct {
	ctx     *common.Context
	e       *model.Einsatz
	options []model.Status
	sel     int
	asking  bool
	reason  textinput.Model
	w, h    int
}

func newStatusMenu(ctx *common.Context, e *model.Einsatz) *statusMenu {
	ti := newInput("Grund: ", 300, ctx.Styles.IsDark)
	return &statusMenu{ctx: ctx, e: e, options: e.Status.Next(), reason: ti}
}

func (m *statusMenu) capturing() bool { return m.asking }

// update returns the chosen status and reason when the user confirms.
func (m *statusMenu) update(msg tea.Msg) (cmd tea.Cmd, to model.Status, reason string, done, cancel bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, "", "", false, false
	}
	if m.asking {
		switch k.String() {
		case "esc":
			m.asking = false
			m.reason.Blur()
			return nil, "", "", false, false
		case "enter":
			if len(m.options) == 0 {
				return nil, "", "", false, false
			}
			return nil, m.options[m.sel], m.reason.Value(), true, false
		}
		m.reason, cmd = m.reason.Update(msg)
		return cmd, "", "", false, false
	}
	switch k.String() {
	case "up", "k":
		if m.sel > 0 {
			m.sel--
		}
	case "down", "j":
		if m.sel < len(m.options)-1 {
			m.sel++
		}
	case "esc":
		return nil, "", "", false, true
	case "enter":
		if len(m.options) == 0 {
			return nil, "", "", false, true
		}
		to := m.options[m.sel]
		if to.NeedsReason() {
			m.asking = true
			m.reason.SetValue("")
			return m.reason.Focus(), "", "", false, false
		}
		return nil, to, "", true, false
	}
	return nil, "", "", false, false
}

func (m *statusMenu) setSize(w, h int) { m.w, m.h = w, h; m.reason.SetWidth(max(10, w-10)) }

func (m *statusMenu) view(flash string) string {
	st := m.ctx.Styles
	lines := []string{
		st.Title.Render("Status ändern · " + m.e.Number),
		"Jetzt: " + statusBadge(st, m.e.Status),
		"",
	}
	if len(m.options) == 0 {
		lines = append(lines, st.Muted.Render("Aus diesem Status gibt es keinen weiteren Schritt."))
	}
	for i, s := range m.options {
		label := s.Label()
		switch s {
		case model.StatusAbgesprungen:
			label += " → zurück zur Suche"
		case model.StatusStorniertKurzfristig, model.StatusNichtErschienen:
			label += " (Ausfallpauschale nach Tarif)"
		case model.StatusVermittelt:
			if m.e.InterpreterID == "" {
				label += " → Sprachmittler:in suchen"
			}
		case model.StatusDurchgefuehrt:
			if m.e.Nachweis == nil {
				label += " (erst mit x den Einsatznachweis erfassen)"
			}
		}
		if s.NeedsReason() {
			label += " – mit Grund"
		}
		if i == m.sel {
			lines = append(lines, st.Selected.Render(fit("› "+label, min(m.w, 70))))
		} else {
			lines = append(lines, "  "+label)
		}
	}
	lines = append(lines, "")
	if m.asking {
		lines = append(lines, fmt.Sprintf("Grund für „%s“ (enter speichert, esc zurück):", m.options[m.sel].Label()), m.reason.View())
	} else {
		lines = append(lines, st.Muted.Render("↑↓ wählen · enter ausführen · esc zurück"))
	}
	if flash != "" {
		lines = append(lines, "", st.Error.Render(flash))
	}
	var out []string
	for _, l := range lines {
		out = append(out, wrapKeep(l, m.w)...)
	}
	return frame(out, m.w, m.h)
}

// wrapKeep wraps a line that is too wide; ansi.Wrap keeps the styles.
func wrapKeep(l string, w int) []string { return wrap(l, w) }
