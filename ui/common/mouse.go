package common

import tea "charm.land/bubbletea/v2"

// RowClicker is a list whose rows a click selects (table.Model): view is
// the screen the list is part of, as it was drawn, y the line clicked.
// again reports a click on the row that was selected already (it opens).
type RowClicker interface {
	ClickAt(view string, y int) (hit, again bool)
}

// Lister is a tab or overlay that names the list it shows now, for the
// mouse; nil when the screen shows none (a form, a detail page).
type Lister interface {
	ShownList() RowClicker
}

// Clicker is a tab with hit areas of its own (parts, bars): it handles a
// click at column x of line y of its content box, and says whether
// anything was there.
type Clicker interface {
	Click(x, y int) (handled bool, cmd tea.Cmd)
}
