package netzwerk

import (
	"charm.land/bubbles/v2/key"

	"stabsstelle/ui/form"
	"stabsstelle/ui/table"
)

// ShortHelp is the help line of the open overlay or of the current screen:
// its most used keys, the same bindings as on the ? screen (FullHelp).
func (t *Tab) ShortHelp() []key.Binding {
	if help, ok := t.overlayHelp(); ok {
		return help
	}
	if s, ok := screens[t.screen]; ok {
		return s.help(t)
	}
	return t.listHelp()
}

func (t *Tab) listHelp() []key.Binding {
	if t.list.Filtering() {
		return t.list.ShortHelp()
	}
	l, k := t.eventKeys, t.keys
	return []key.Binding{l.Open, l.New, l.Edit, table.UserKeyMap().Filter, k.Scope, k.Tasks, k.Mail}
}

func (t *Tab) detailHelp() []key.Binding {
	if t.regs.Filtering() {
		return t.regs.ShortHelp()
	}
	l, k := t.eventKeys, t.keys
	return []key.Binding{k.Register, k.Cancel, k.CheckIn, k.Protokoll, k.AddTask, k.TakeOut, l.Edit, l.Back}
}

func (t *Tab) checkInHelp() []key.Binding {
	if t.ci != nil && t.ci.walk != nil {
		return t.ci.walk.ShortHelp()
	}
	k := t.keys
	return []key.Binding{k.Toggle, k.WalkIn, k.Clear}
}

func (t *Tab) tasksHelp() []key.Binding {
	if t.tl != nil && t.tl.table.Filtering() {
		return t.tl.table.ShortHelp()
	}
	l, k := t.eventKeys, t.keys
	return []key.Binding{l.New, l.Edit, k.Done, table.UserKeyMap().Filter, l.Back}
}

func (t *Tab) mailShortHelp() []key.Binding { return t.mailHelp()[0] }

// overlayHelp is the help line of the open dialog, picker, form or
// Protokoll editor (the check-in's walk-in form has its own line).
func (t *Tab) overlayHelp() ([]key.Binding, bool) {
	l, k := t.eventKeys, t.keys
	switch {
	case t.confirm != nil:
		return form.ConfirmKeys, true
	case t.pick != nil:
		return t.pick.ShortHelp(), true
	case t.frm != nil && t.screen != scrCheckIn:
		return t.frm.ShortHelp(), true
	case t.pe != nil && t.pe.readOnly:
		return []key.Binding{k.SwitchPe, l.Back}, true
	case t.pe != nil:
		return []key.Binding{k.SavePe, k.SwitchPe, k.NewLinePe, l.Back}, true
	}
	return nil, false
}

// mailHelp are the keys of the Verteiler: the list of Gremien, one
// Gremium with its members, or (team mode) its whole list.
func (t *Tab) mailHelp() [][]key.Binding {
	l, k := t.eventKeys, t.keys
	write := k.WriteFile
	if t.ctx.Remote {
		write = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "ganze Liste"))
	}
	m := t.mail
	switch {
	case m != nil && m.shown != nil && m.full:
		return [][]key.Binding{{key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "Mitglieder")), l.Back}}
	case m != nil && m.shown != nil:
		if m.members.Filtering() {
			return [][]key.Binding{m.members.ShortHelp()}
		}
		return [][]key.Binding{{write, k.AddMember, k.RemoveMember, l.Back}, {l.Up, l.Down}}
	case m != nil && m.table.Filtering():
		return [][]key.Binding{m.table.ShortHelp()}
	}
	return [][]key.Binding{{l.Open, write, l.Back}, {l.Up, l.Down}}
}

// FullHelp is the ? screen: every key of the current screen, once.
func (t *Tab) FullHelp() [][]key.Binding {
	if s, ok := screens[t.screen]; ok {
		return s.fullHelp(t)
	}
	return t.listFullHelp()
}

// tableHelp are the keys every table understands.
func tableHelp() [][]key.Binding {
	tk := table.UserKeyMap()
	return [][]key.Binding{
		{tk.Up, tk.Down, tk.PageUp, tk.PageDown, tk.Home, tk.End},
		{tk.Filter, tk.Sort, tk.SortReverse},
	}
}

func (t *Tab) listFullHelp() [][]key.Binding {
	l, k := t.eventKeys, t.keys
	return append([][]key.Binding{{l.Open, l.New, l.Edit, k.Scope, k.Tasks, k.Mail}}, tableHelp()...)
}

func (t *Tab) detailFullHelp() [][]key.Binding {
	l, k := t.eventKeys, t.keys
	return append([][]key.Binding{
		{k.Register, k.Cancel, k.Promote, k.Role, k.CheckIn, k.Protokoll},
		{k.AddTask, k.EventTasks, k.NoShow, k.Erase, k.TakeOut, l.Edit, l.Back},
	}, tableHelp()...)
}

func (t *Tab) checkInFullHelp() [][]key.Binding {
	k := t.keys
	return [][]key.Binding{{k.Toggle, k.WalkIn, k.Clear}, {helpOnly("↑/↓", "wählen")}}
}

func (t *Tab) tasksFullHelp() [][]key.Binding {
	l, k := t.eventKeys, t.keys
	return append([][]key.Binding{{l.New, l.Edit, k.Done, l.Back}}, tableHelp()...)
}

// helpOnly is a help entry for keys handled elsewhere.
func helpOnly(k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc))
}
