package netzwerk

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/form"
	"stabsstelle/ui/picker"
	"stabsstelle/ui/table"
)

func (t *Tab) loadEvent(id string) tea.Cmd {
	return func() tea.Msg {
		var m eventLoadedMsg
		m.err = t.ctx.Store.View(func(tx *store.Tx) error {
			ev, err := store.Events.Get(tx, id)
			if err != nil {
				return err
			}
			m.ev = ev
			if m.att, err = store.Attendees(tx, id); err != nil {
				return err
			}
			if m.tasks, err = store.TasksOf(tx, id); err != nil {
				return err
			}
			// For the walk-in form's suggestions (a county has a few
			// hundred institutions at most).
			m.orgs = map[string]orgRef{}
			return store.Organisations.Each(tx, func(o *model.Organisation) error {
				m.orgs[strings.ToLower(o.Name)] = orgRef{ID: o.ID, Name: o.Name}
				return nil
			})
		})
		return m
	}
}

func (t *Tab) openEvent(id string) tea.Cmd {
	t.screen, t.flash = scrDetail, ""
	if t.ev == nil || t.ev.ID != id {
		t.ev, t.att, t.tasks = nil, nil, nil
		t.regs.SetRows(nil, func(a store.Attendee) string { return a.Reg.ID })
	}
	return t.loadEvent(id)
}

// detailKey handles a key on the event screen: the event's own keys, the
// keys on the selected registration, the event's tools, else the table.
func (t *Tab) detailKey(kp tea.KeyPressMsg) tea.Cmd {
	if t.regs.Filtering() {
		return t.regs.Update(kp)
	}
	if t.ev == nil {
		if key.Matches(kp, t.ctx.List.Back) {
			t.screen = scrList
		}
		return nil
	}
	for _, handle := range []func(tea.KeyPressMsg) (tea.Cmd, bool){t.eventKey, t.regKey, t.eventToolKey} {
		if cmd, ok := handle(kp); ok {
			return cmd
		}
	}
	return t.regs.Update(kp)
}

// eventKey: back to the list, edit, register someone, open the door.
func (t *Tab) eventKey(kp tea.KeyPressMsg) (tea.Cmd, bool) {
	l, k := t.eventKeys, t.keys
	erased := !t.ev.Erased.IsZero()
	switch {
	case key.Matches(kp, l.Back) && !t.regs.Handles(kp):
		t.screen, t.flash = scrList, ""
		return nil, true
	case key.Matches(kp, l.Edit):
		return t.openEventForm(t.ev), true
	case key.Matches(kp, k.Register):
		if erased {
			return t.fail(store.ErrErased), true
		}
		t.pick = picker.NewPerson(t.ctx, "register", nil)
		t.pick.SetSize(t.w, t.h)
		return t.pick.Init(), true
	case key.Matches(kp, k.CheckIn):
		if erased {
			return t.fail(store.ErrErased), true
		}
		t.ci = newCheckIn(t.ctx, t.keys, t.ev, t.att, t.orgs)
		t.screen = scrCheckIn
		t.flash = "" // an old message would be stale after the door
		return t.ci.input.Focus(), true
	}
	return nil, false
}

// regKey: the keys on the selected registration (none once the contact
// data are erased).
func (t *Tab) regKey(kp tea.KeyPressMsg) (tea.Cmd, bool) {
	sel, hasSel := t.regs.Selected()
	if !hasSel || !t.ev.Erased.IsZero() {
		return nil, false
	}
	k := t.keys
	switch {
	case key.Matches(kp, k.Cancel):
		if sel.Reg.Status == model.RegAbgemeldet {
			return t.fail(errors.New(sel.Name + " ist schon abgemeldet.")), true
		}
		t.confirm = form.Ask(sel.Name+" von „"+t.ev.Title+"“ abmelden?", func() tea.Cmd { return t.cancelReg(sel) })
		return nil, true
	case key.Matches(kp, k.Promote):
		return t.promote(sel.Reg.ID, sel.Name), true
	case key.Matches(kp, k.Role):
		return t.cycleRole(sel.Reg.ID), true
	}
	return nil, false
}

// eventToolKey: Protokoll, tasks, Mitnahme, no-shows, erasing.
func (t *Tab) eventToolKey(kp tea.KeyPressMsg) (tea.Cmd, bool) {
	k := t.keys
	switch {
	case key.Matches(kp, k.Protokoll):
		return t.openProtokollForm(), true
	case key.Matches(kp, k.AddTask):
		return t.openTaskForm(nil), true
	case key.Matches(kp, k.EventTasks):
		return t.openTasks(t.ev.ID, scrDetail), true
	case key.Matches(kp, k.TakeOut):
		return t.openTakeOut(), true
	case key.Matches(kp, k.NoShow) && t.ev.Erased.IsZero():
		return t.askNoShows(), true
	case key.Matches(kp, k.Erase):
		return t.askErase(), true
	}
	return nil, false
}

func (t *Tab) detailView() string {
	st := t.ctx.Styles
	if t.ev == nil {
		return st.Muted.Render("lädt …")
	}
	// The keys are in the root's help line (ShortHelp) and on the ? screen.
	return strings.Join(t.detailHead(), "\n") + "\n" + t.regs.View() + "\n" + t.flashLine()
}

// detailHead is the part of the event screen above the registrations,
// wrapped to the width (a long place or title was cut at 80 columns).
func (t *Tab) detailHead() []string {
	st := t.ctx.Styles
	ev := t.ev
	var out []string
	add := func(style lipgloss.Style, s string) {
		for _, l := range strings.Split(ansi.Wrap(s, max(10, t.w), ""), "\n") {
			out = append(out, style.Render(l))
		}
	}
	add(st.Title, joinDot(ev.Number, ev.Title))
	add(st.Muted, joinDot(string(ev.Type), ev.ThemenLabel(), regionLabel(ev.Region), ev.When()))
	add(st.Text, joinDot("Ort: "+orDash(ev.Place()), ev.Accessibility, ev.OnlineLink))
	add(st.Text, eventInfo(ev))
	c := t.counts()
	line := fmt.Sprintf("angemeldet %d · da %d · Warteliste %d · abgemeldet %d", c.Occupied(), c.Teilgenommen, c.Warteliste, c.Abgemeldet)
	if c.NichtErschienen > 0 {
		line += fmt.Sprintf(" · nicht erschienen %d", c.NichtErschienen)
	}
	add(st.Bold, line)
	add(st.Text, t.followUp())
	return out
}

// eventInfo is the line with status, places, deadline and Gremium.
func eventInfo(ev *model.Event) string {
	info := []string{"Status: " + string(ev.Status)}
	if ev.Capacity > 0 {
		info = append(info, fmt.Sprintf("%d Plätze", ev.Capacity))
	} else {
		info = append(info, "Plätze unbegrenzt")
	}
	if !ev.Deadline.IsZero() {
		info = append(info, "Anmeldeschluss "+ev.Deadline.String())
	}
	if ev.Grundschulung {
		info = append(info, "Grundschulung Sprachmittlung")
	}
	if ev.Gremium != "" {
		info = append(info, ev.Gremium)
	}
	return strings.Join(info, " · ")
}

// followUp is the line with what is left to do after the event: tasks,
// Protokoll, Beschlüsse, and whether the contact data are gone.
func (t *Tab) followUp() string {
	st := t.ctx.Styles
	ev := t.ev
	open, overdue := 0, 0
	today := model.Today(t.ctx.Now())
	for _, tk := range t.tasks {
		if tk.Status == model.TaskOffen {
			open++
			if tk.Overdue(today) {
				overdue++
			}
		}
	}
	extra := []string{fmt.Sprintf("Aufgaben: %d offen", open)}
	if overdue > 0 {
		extra = append(extra, st.BadgeErr.Render(fmt.Sprintf("%d überfällig", overdue)))
	}
	if ev.Protokoll != "" {
		extra = append(extra, "Protokoll ✓")
	} else if ev.Past(t.ctx.Now()) {
		extra = append(extra, "noch kein Protokoll")
	}
	if len(ev.Decisions) > 0 {
		extra = append(extra, fmt.Sprintf("%d Beschlüsse", len(ev.Decisions)))
	}
	if !ev.Erased.IsZero() {
		extra = append(extra, st.Warning.Render("Kontaktdaten am "+model.FormatDate(ev.Erased)+" gelöscht, Zahlen erhalten"))
	}
	return strings.Join(extra, " · ")
}

// sizeRegs gives the registrations what the event's head leaves.
func (t *Tab) sizeRegs() {
	head := 6
	if t.ev != nil {
		head = len(t.detailHead())
	}
	t.regs.SetSize(t.w, max(t.h-head-1, 2)) // the message line below
}

// counts of the shown event: from the registrations, or the kept numbers
// after erasing.
func (t *Tab) counts() model.AttendanceCounts {
	var c model.AttendanceCounts
	for _, a := range t.att {
		c.Add(a.Reg.Status, a.Reg.Role)
	}
	if t.ev != nil && t.ev.CountsAfterErase != nil && len(t.att) == 0 {
		return *t.ev.CountsAfterErase
	}
	return c
}

func regColumns() []table.Column[store.Attendee] {
	return []table.Column[store.Attendee]{
		{Title: "Name", MinWidth: 14, Value: func(a store.Attendee) string {
			if a.Reg.Erased {
				return "(Kontaktdaten gelöscht)"
			}
			return a.Name
		}},
		{Title: "Einrichtung", MinWidth: 10, Value: func(a store.Attendee) string { return a.Organisation }},
		{Title: "Rolle", Width: 8, Value: func(a store.Attendee) string { return roleShort(a.Reg.Role) }},
		{Title: "Status", Width: 22, Value: func(a store.Attendee) string { // "teilgenommen (spontan)"
			s := string(a.Reg.Status)
			if a.Reg.WalkIn {
				s += " (spontan)"
			}
			return s
		}},
		{Title: "da um", Width: 5, Value: func(a store.Attendee) string { return model.FormatTime(a.Reg.CheckedInAt) }},
	}
}

func regionLabel(r model.Region) string {
	if r == "" {
		return ""
	}
	return "Region " + string(r)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
