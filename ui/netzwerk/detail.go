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
	l, k := t.eventKeys, t.keys
	sel, hasSel := t.regs.Selected()
	erased := !t.ev.Erased.IsZero()
	switch {
	case key.Matches(kp, l.Back) && !t.regs.Handles(kp):
		t.screen, t.flash = scrList, ""
		return nil
	case key.Matches(kp, l.Edit):
		return t.openEventForm(t.ev)
	case key.Matches(kp, k.Register):
		if erased {
			return t.fail(store.ErrErased)
		}
		t.pick = picker.NewPerson(t.ctx, "register", nil)
		t.pick.SetSize(t.w, t.h)
		return t.pick.Init()
	case key.Matches(kp, k.CheckIn):
		if erased {
			return t.fail(store.ErrErased)
		}
		t.ci = newCheckIn(t.ctx, t.keys, t.ev, t.att, t.orgs)
		t.screen = scrCheckIn
		t.flash = "" // an old message would be stale after the door
		return t.ci.input.Focus()
	case key.Matches(kp, k.Cancel) && hasSel && !erased:
		if sel.Reg.Status == model.RegAbgemeldet {
			return t.fail(errors.New(sel.Name + " ist schon abgemeldet."))
		}
		t.confirm = form.Ask(sel.Name+" von „"+t.ev.Title+"“ abmelden?", func() tea.Cmd { return t.cancelReg(sel) })
		return nil
	case key.Matches(kp, k.Promote) && hasSel && !erased:
		return t.promote(sel.Reg.ID, sel.Name)
	case key.Matches(kp, k.Role) && hasSel && !erased:
		return t.cycleRole(sel.Reg.ID)
	case key.Matches(kp, k.Protokoll):
		return t.openProtokollForm()
	case key.Matches(kp, k.AddTask):
		return t.openTaskForm(nil)
	case key.Matches(kp, k.EventTasks):
		return t.openTasks(t.ev.ID, scrDetail)
	case key.Matches(kp, k.TakeOut):
		return t.openTakeOut()
	case key.Matches(kp, k.NoShow) && !erased:
		id := t.ev.ID
		n := 0
		for _, a := range t.att {
			if a.Reg.Status == model.RegAngemeldet {
				n++
			}
		}
		if n == 0 {
			return t.fail(errors.New("Niemand ist mehr nur „angemeldet“ – es gibt nichts zu vermerken."))
		}
		t.confirm = form.Ask(fmt.Sprintf("Alle %d noch „angemeldet“en als „nicht erschienen“ vermerken?", n), func() tea.Cmd {
			return t.ctx.Write(func(tx *store.Tx) error {
				_, err := store.MarkNoShows(tx, id)
				return err
			}, func(err error) tea.Msg {
				return regDoneMsg{text: "Wer nicht da war, ist als „nicht erschienen“ vermerkt.", err: err}
			})
		})
		return nil
	case key.Matches(kp, k.Erase):
		if erased {
			return t.fail(errors.New("Die Kontaktdaten wurden bereits gelöscht."))
		}
		if !t.ev.Past(t.ctx.Now()) && t.ev.Status != model.EventAbgesagt {
			return t.fail(errors.New("Die Veranstaltung ist noch nicht vorbei – Kontaktdaten werden erst danach gelöscht."))
		}
		id := t.ev.ID
		t.confirm = form.Ask(fmt.Sprintf("Kontaktdaten aller %d Anmeldungen löschen?\nDie Zahlen (angemeldet, da, Haupt-/Ehrenamt) bleiben erhalten.\nAuch im Journal geschwärzt; Strg+Z holt nichts zurück.", len(t.att)), func() tea.Cmd {
			var res store.EraseResult
			return t.ctx.Write(func(tx *store.Tx) (err error) {
				res, err = store.EraseContactData(tx, id)
				return err
			}, func(err error) tea.Msg { return erasedMsg{res: res, err: err} })
		})
		return nil
	default:
		return t.regs.Update(kp)
	}
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
	add(st.Text, strings.Join(info, " · "))
	c := t.counts()
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
	line := fmt.Sprintf("angemeldet %d · da %d · Warteliste %d · abgemeldet %d", c.Occupied(), c.Teilgenommen, c.Warteliste, c.Abgemeldet)
	if c.NichtErschienen > 0 {
		line += fmt.Sprintf(" · nicht erschienen %d", c.NichtErschienen)
	}
	add(st.Bold, line)
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
	add(st.Text, strings.Join(extra, " · "))
	return out
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
