package sprachmittlung

import (
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
)

// menuEntry is one line of the status menu: a status to move to, or the
// Absage dialog, which decides between "storniert (rechtzeitig)",
// "storniert (kurzfristig)" and, for the interpreter's Absage, "zurück zur
// Suche" – those are never picked by hand.
type menuEntry struct {
	label   string
	to      model.Status
	absage  bool
	blocked string // why it cannot be chosen now; "" = it can
}

// menuEntries lists what an Einsatz in its status can do next, as of now.
func menuEntries(e *model.Einsatz, now time.Time) []menuEntry {
	var out []menuEntry
	absage := false
	for _, s := range e.Status.Next() {
		if s.Cancelled() || s == model.StatusAbgesprungen {
			if !absage {
				absage = true
				out = append(out, menuEntry{label: "Absage erfassen … (die Frist entscheidet über die Ausfallpauschale)", absage: true})
			}
			continue
		}
		m := menuEntry{label: s.Label(), to: s}
		switch s {
		case model.StatusNichtErschienen:
			m.label += " (Ausfallpauschale nach Tarif)"
			if now.Before(e.Start) {
				m.blocked = fmt.Sprintf("„%s“ geht erst ab dem Beginn (%s %s Uhr).", s.Label(), model.DateOf(e.Start).WeekdayShort(), model.FormatDateTime(e.Start))
			}
		case model.StatusVermittelt:
			if e.InterpreterID == "" {
				m.label += " → Sprachmittler:in suchen"
			}
		case model.StatusDurchgefuehrt:
			if e.Nachweis == nil {
				m.label += " (erst mit x den Einsatznachweis erfassen)"
			}
		}
		if s.NeedsReason() {
			m.label += " – mit Grund"
		}
		out = append(out, m)
	}
	return out
}

// statusMenu offers the legal next steps of an Einsatz; statuses that need
// a reason ask for it before anything is written.
type statusMenu struct {
	ctx     *common.Context
	e       *model.Einsatz
	options []menuEntry
	sel     int
	asking  bool
	reason  textinput.Model
	w, h    int
}

func newStatusMenu(ctx *common.Context, e *model.Einsatz) *statusMenu {
	ti := newInput("Grund: ", model.MaxReason, ctx.Styles.IsDark)
	return &statusMenu{ctx: ctx, e: e, options: menuEntries(e, ctx.Now()), reason: ti}
}

func (m *statusMenu) capturing() bool { return m.asking }

// update returns the chosen entry and reason when the user confirms; an
// entry that is blocked comes back with done so the caller shows why.
func (m *statusMenu) update(msg tea.Msg) (cmd tea.Cmd, chosen menuEntry, reason string, done, cancel bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || len(m.options) == 0 && k.String() != "esc" {
		return nil, menuEntry{}, "", false, false
	}
	if m.asking {
		return m.reasonKey(k)
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
		return nil, menuEntry{}, "", false, true
	case "enter":
		o := m.options[m.sel]
		if o.blocked == "" && !o.absage && o.to.NeedsReason() {
			m.asking = true
			m.reason.SetValue("")
			return m.reason.Focus(), menuEntry{}, "", false, false
		}
		return nil, o, "", true, false
	}
	return nil, menuEntry{}, "", false, false
}

// reasonKey types the reason a status needs; enter chooses the entry with
// it, esc goes back to the entries.
func (m *statusMenu) reasonKey(k tea.KeyPressMsg) (cmd tea.Cmd, chosen menuEntry, reason string, done, cancel bool) {
	switch k.String() {
	case "esc":
		m.asking = false
		m.reason.Blur()
		return nil, menuEntry{}, "", false, false
	case "enter":
		return nil, m.options[m.sel], m.reason.Value(), true, false
	}
	m.reason, cmd = m.reason.Update(k)
	return cmd, menuEntry{}, "", false, false
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
	for i, o := range m.options {
		label := o.label
		switch {
		case i == m.sel:
			lines = append(lines, st.Selected.Render(fit("› "+label, min(m.w, 70))))
		case o.blocked != "":
			lines = append(lines, st.Muted.Render("  "+label))
		default:
			lines = append(lines, "  "+label)
		}
	}
	lines = append(lines, "")
	switch {
	case m.asking:
		lines = append(lines, fmt.Sprintf("Grund für „%s“ (enter speichert, esc zurück):", m.options[m.sel].to.Label()), m.reason.View())
	case len(m.options) > 0 && m.options[m.sel].blocked != "":
		lines = append(lines, st.Warning.Render(m.options[m.sel].blocked))
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

func (t *Tab) statusKey(msg tea.KeyPressMsg) tea.Cmd {
	cmd, chosen, reason, done, cancel := t.menu.update(msg)
	switch {
	case cancel:
		t.menu = nil
		t.pop()
	case done:
		return t.choose(chosen, reason)
	}
	return cmd
}

// choose does what the entry chosen in the menu says.
func (t *Tab) choose(chosen menuEntry, reason string) tea.Cmd {
	switch {
	case chosen.blocked != "":
		return t.fail(errors.New(chosen.blocked))
	case chosen.absage:
		return t.openAbsage(t.menu.e.ID)
	case chosen.to == model.StatusVermittelt && t.menu.e.InterpreterID == "":
		// "vermittelt" means choosing somebody: go to the search
		e := t.menu.e
		t.menu = nil
		t.pop()
		return t.showMatch(e)
	}
	return t.changeStatus(chosen.to, reason)
}

func (t *Tab) statusView() string {
	if t.menu == nil {
		return t.blank()
	}
	return t.menu.view(t.errFlash())
}

func (t *Tab) statusHelp() []key.Binding {
	if t.menu != nil && t.menu.capturing() {
		return []key.Binding{helpOnly("enter", "speichern"), cancelInput}
	}
	return []key.Binding{chooseKey, runKey, t.ctx.List.Back}
}

func (t *Tab) changeStatus(to model.Status, reason string) tea.Cmd {
	e := t.menu.e
	id, version := e.ID, e.Version
	return t.ctx.Write(func(tx *store.Tx) error {
		cur, err := store.Einsaetze.Get(tx, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return &store.ErrConflict{Kind: store.KindEinsatz, Number: cur.Number, By: cur.UpdatedBy, At: cur.Updated}
		}
		set, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return err
		}
		if err := cur.Transition(to, reason, tx.Now(), tx.Who(), set.TariffAt(model.DateOf(cur.Start))); err != nil {
			return err
		}
		return store.SaveEinsatz(tx, cur)
	}, func(err error) tea.Msg { return statusSavedMsg{to: to, err: err} })
}

// statusSaved goes back to the Einsatz in its new status.
func (t *Tab) statusSaved(msg statusSavedMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	t.menu = nil
	t.pop()
	return tea.Batch(t.reloadShown(), t.say("Status: "+msg.to.Label()))
}
