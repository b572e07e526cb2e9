package kosten

import (
	"charm.land/bubbles/v2/key"

	"stabsstelle/ui/form"
	"stabsstelle/ui/table"
)

// ShortHelp is the help line of the current screen: its most used keys,
// the same bindings as on the ? screen (FullHelp).
func (t *Tab) ShortHelp() []key.Binding {
	k, l := t.keys, t.ctx.List
	switch {
	case t.confirm != nil:
		return form.ConfirmKeys
	case t.frm != nil:
		return t.frm.ShortHelp()
	case t.pick != nil:
		return t.pick.ShortHelp()
	}
	tk := table.UserKeyMap()
	switch t.screen {
	case scrDetail:
		return t.detailHelp()
	case scrEditor:
		return []key.Binding{k.AddFahrt, k.AddBeleg, k.AddPau, editLine, k.Delete, k.Header, k.Save, discard}
	case scrFunds:
		return []key.Binding{t.fundKeys.New, t.fundKeys.Edit, k.SMFund, k.Account, k.Claims, k.People, k.Runs}
	case scrPeople:
		if t.people.Filtering() {
			return t.people.ShortHelp()
		}
		return []key.Binding{t.peopleKeys.Edit, t.peopleKeys.New, k.Certificate, tk.Filter, k.Claims, k.Funds, k.Runs}
	case scrRuns:
		if t.runs.Filtering() {
			return t.runs.ShortHelp()
		}
		return []key.Binding{t.runKeys.New, k.Confirm, k.Cancel, k.Claims, k.Funds, k.People}
	case scrRunNew:
		if t.payable.Filtering() {
			return t.payable.ShortHelp()
		}
		return []key.Binding{k.Toggle, k.All, writeRun, tk.Filter, l.Back}
	case scrEinsaetze:
		return []key.Binding{k.Check, k.CheckAll, makeClaim, k.PrevPeriod, k.MonthYear, l.Back}
	}
	if t.claims.Filtering() {
		return t.claims.ShortHelp()
	}
	return []key.Binding{l.Open, t.claimKeys.New, k.Einsaetze, k.Status, tk.Filter, k.Funds, k.People, k.Runs}
}

// enter and esc mean something of their own on some screens.
var (
	editLine  = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "Position ändern"))
	writeRun  = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "Dateien schreiben"))
	makeClaim = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "Antrag anlegen"))
	discard   = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "verwerfen"))
)

// FullHelp is the ? screen: every key of the current screen, once.
func (t *Tab) FullHelp() [][]key.Binding {
	k, l := t.keys, t.ctx.List
	tk := table.UserKeyMap()
	screens := func(except key.Binding) []key.Binding {
		var out []key.Binding
		for _, b := range []key.Binding{k.Claims, k.Funds, k.People, k.Runs} {
			if b.Help() != except.Help() {
				out = append(out, b)
			}
		}
		return out
	}
	table := [][]key.Binding{
		{tk.Up, tk.Down, tk.PageUp, tk.PageDown, tk.Home, tk.End},
		{tk.Filter, tk.Sort, tk.SortReverse},
	}
	switch t.screen {
	case scrDetail:
		return [][]key.Binding{t.detailHelp(), {helpOnly("↑/↓", "Positionen blättern")}, screens(k.Claims)}
	case scrEditor:
		return [][]key.Binding{{k.AddFahrt, k.AddBeleg, k.AddPau, editLine, k.Delete}, {l.Up, l.Down, k.Header, k.Save, discard}}
	case scrFunds:
		return [][]key.Binding{{l.Up, l.Down, t.fundKeys.New, t.fundKeys.Edit, k.SMFund, k.Account, l.Back}, screens(k.Funds)}
	case scrPeople:
		return append([][]key.Binding{{t.peopleKeys.Edit, t.peopleKeys.New, k.Certificate, l.Back}, screens(k.People)}, table...)
	case scrRuns:
		return append([][]key.Binding{{t.runKeys.New, k.Confirm, k.Cancel, l.Back}, screens(k.Runs)}, table...)
	case scrRunNew:
		return append([][]key.Binding{{k.Toggle, k.All, writeRun, l.Back}}, table...)
	case scrEinsaetze:
		return [][]key.Binding{{k.Check, k.CheckAll, makeClaim, l.Back}, {l.Up, l.Down, k.PrevPeriod, k.MonthYear}}
	}
	return append([][]key.Binding{{l.Open, t.claimKeys.New, t.claimKeys.Edit, k.Einsaetze, k.Status}, screens(k.Claims)}, table...)
}

// helpOnly is a help entry for keys handled elsewhere.
func helpOnly(k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc))
}
