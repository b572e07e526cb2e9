package kosten

import (
	"charm.land/bubbles/v2/key"

	"stabsstelle/ui/form"
	"stabsstelle/ui/table"
)

// ShortHelp is the help line of the open overlay or of the current screen:
// its most used keys, the same bindings as on the ? screen (FullHelp).
func (t *Tab) ShortHelp() []key.Binding {
	switch {
	case t.confirm != nil:
		return form.ConfirmKeys
	case t.frm != nil:
		return t.frm.ShortHelp()
	case t.pick != nil:
		return t.pick.ShortHelp()
	}
	if s, ok := screens[t.screen]; ok {
		return s.help(t)
	}
	return t.claimsHelp()
}

// FullHelp is the ? screen: every key of the current screen, once.
func (t *Tab) FullHelp() [][]key.Binding {
	if s, ok := screens[t.screen]; ok {
		return s.fullHelp(t)
	}
	return t.claimsFullHelp()
}

// enter and esc mean something of their own on some screens.
var (
	editLine  = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "Position ändern"))
	writeRun  = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "Dateien schreiben"))
	makeClaim = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "Antrag anlegen"))
	discard   = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "verwerfen"))
)

// otherScreens are the keys to the four main screens but the current one.
func (t *Tab) otherScreens(except key.Binding) []key.Binding {
	k := t.keys
	var out []key.Binding
	for _, b := range []key.Binding{k.Claims, k.Funds, k.People, k.Runs} {
		if b.Help() != except.Help() {
			out = append(out, b)
		}
	}
	return out
}

// tableHelp are the keys every table understands.
func tableHelp() [][]key.Binding {
	tk := table.UserKeyMap()
	return [][]key.Binding{
		{tk.Up, tk.Down, tk.PageUp, tk.PageDown, tk.Home, tk.End},
		{tk.Filter, tk.Sort, tk.SortReverse},
	}
}

func (t *Tab) claimsHelp() []key.Binding {
	if t.claims.Filtering() {
		return t.claims.ShortHelp()
	}
	k, l := t.keys, t.ctx.List
	return []key.Binding{l.Open, t.claimKeys.New, k.Einsaetze, k.Status, table.UserKeyMap().Filter, k.Funds, k.People, k.Runs}
}

func (t *Tab) claimsFullHelp() [][]key.Binding {
	k, l := t.keys, t.ctx.List
	return append([][]key.Binding{{l.Open, t.claimKeys.New, t.claimKeys.Edit, k.Einsaetze, k.Status}, t.otherScreens(k.Claims)}, tableHelp()...)
}

func (t *Tab) detailFullHelp() [][]key.Binding {
	return [][]key.Binding{t.detailHelp(), {helpOnly("↑/↓", "Positionen blättern")}, t.otherScreens(t.keys.Claims)}
}

func (t *Tab) editorHelp() []key.Binding {
	k := t.keys
	return []key.Binding{k.AddFahrt, k.AddBeleg, k.AddPau, editLine, k.Delete, k.Header, k.Save, discard}
}

func (t *Tab) editorFullHelp() [][]key.Binding {
	k, l := t.keys, t.ctx.List
	return [][]key.Binding{{k.AddFahrt, k.AddBeleg, k.AddPau, editLine, k.Delete}, {l.Up, l.Down, k.Header, k.Save, discard}}
}

func (t *Tab) fundsHelp() []key.Binding {
	k := t.keys
	return []key.Binding{t.fundKeys.New, t.fundKeys.Edit, k.SMFund, k.Account, k.Claims, k.People, k.Runs}
}

func (t *Tab) fundsFullHelp() [][]key.Binding {
	k, l := t.keys, t.ctx.List
	return [][]key.Binding{{l.Up, l.Down, t.fundKeys.New, t.fundKeys.Edit, k.SMFund, k.Account, l.Back}, t.otherScreens(k.Funds)}
}

func (t *Tab) peopleHelp() []key.Binding {
	if t.people.Filtering() {
		return t.people.ShortHelp()
	}
	k := t.keys
	return []key.Binding{t.peopleKeys.Edit, t.peopleKeys.New, k.Certificate, table.UserKeyMap().Filter, k.Claims, k.Funds, k.Runs}
}

func (t *Tab) peopleFullHelp() [][]key.Binding {
	k, l := t.keys, t.ctx.List
	return append([][]key.Binding{{t.peopleKeys.Edit, t.peopleKeys.New, k.Certificate, l.Back}, t.otherScreens(k.People)}, tableHelp()...)
}

func (t *Tab) runsHelp() []key.Binding {
	if t.runs.Filtering() {
		return t.runs.ShortHelp()
	}
	k := t.keys
	return []key.Binding{t.runKeys.New, k.Confirm, k.Cancel, k.Claims, k.Funds, k.People}
}

func (t *Tab) runsFullHelp() [][]key.Binding {
	k, l := t.keys, t.ctx.List
	return append([][]key.Binding{{t.runKeys.New, k.Confirm, k.Cancel, l.Back}, t.otherScreens(k.Runs)}, tableHelp()...)
}

func (t *Tab) runNewHelp() []key.Binding {
	if t.payable.Filtering() {
		return t.payable.ShortHelp()
	}
	k, l := t.keys, t.ctx.List
	return []key.Binding{k.Toggle, k.All, writeRun, table.UserKeyMap().Filter, l.Back}
}

func (t *Tab) runNewFullHelp() [][]key.Binding {
	k, l := t.keys, t.ctx.List
	return append([][]key.Binding{{k.Toggle, k.All, writeRun, l.Back}}, tableHelp()...)
}

func (t *Tab) checklistHelp() []key.Binding {
	k, l := t.keys, t.ctx.List
	return []key.Binding{k.Check, k.CheckAll, makeClaim, k.PrevPeriod, k.MonthYear, l.Back}
}

func (t *Tab) checklistFullHelp() [][]key.Binding {
	k, l := t.keys, t.ctx.List
	return [][]key.Binding{{k.Check, k.CheckAll, makeClaim, l.Back}, {l.Up, l.Down, k.PrevPeriod, k.MonthYear}}
}

// helpOnly is a help entry for keys handled elsewhere.
func helpOnly(k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc))
}
