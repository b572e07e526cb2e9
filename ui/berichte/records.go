package berichte

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/ui/common"
	"stabsstelle/ui/table"
)

// recordsView lists the records behind a bar in the project's table
// (filter with /, sort with s); enter shows one in its own tab.
type recordsView struct {
	title string
	tbl   *table.Model[record]
	n, w  int
}

func newRecordsView(ctx *common.Context, _ KeyMap, title string, recs []record) *recordsView {
	cols := []table.Column[record]{
		{Title: "Nr.", Width: 12, Value: func(r record) string { return r.Number }},
		{Title: "Datum", Width: 16, Value: func(r record) string { return r.Date }, Less: func(a, b record) bool { return a.sort < b.sort }},
		{Title: "Was", MinWidth: 14, Value: func(r record) string { return r.What }},
		{Title: "Wer", MinWidth: 12, Value: func(r record) string { return r.Who }},
		{Title: "Status", Width: 16, Value: func(r record) string { return r.State }},
	}
	tbl := table.New(cols, table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)),
		table.WithEmptyText("Keine Datensätze hinter diesem Balken."))
	tbl.SetFilterText(func(r record) string { return r.Number + " " + r.Date + " " + r.What + " " + r.Who + " " + r.State })
	tbl.SetRows(recs, func(r record) string { return r.Kind + r.ID + r.sort })
	return &recordsView{title: title, tbl: tbl, n: len(recs)}
}

func (v *recordsView) setSize(w, h int) {
	v.w = w
	v.tbl.SetSize(w, max(3, h-1))
}

func (v *recordsView) restyle(ctx *common.Context) {
	v.tbl.SetStyles(table.DefaultStyles(ctx.Styles.IsDark))
}

func (v *recordsView) capturing() bool { return v.tbl.Filtering() }

// update handles a key; back reports that the user left the list.
func (v *recordsView) update(msg tea.KeyPressMsg) (cmd tea.Cmd, back bool) {
	if v.tbl.Filtering() {
		return v.tbl.Update(msg), false
	}
	switch msg.String() {
	case "esc":
		return nil, true
	case "enter":
		r, ok := v.tbl.Selected()
		if !ok || r.ID == "" {
			return nil, false
		}
		return func() tea.Msg { return common.OpenRecordMsg{Kind: r.Kind, ID: r.ID} }, false
	}
	return v.tbl.Update(msg), false
}

func (v *recordsView) view(ctx *common.Context) string {
	head := ctx.Styles.Title.Render(ansi.Truncate(fmt.Sprintf("%s · %d Datensätze", v.title, v.n), max(v.w, 10), "…"))
	return head + "\n" + v.tbl.View()
}

func (v *recordsView) shortHelp(ctx *common.Context) []key.Binding {
	if v.tbl.Filtering() {
		return v.tbl.ShortHelp()
	}
	tk := table.DefaultKeyMap()
	return []key.Binding{ctx.List.Open, ctx.List.Back, tk.Filter, tk.Sort}
}

// fullHelp is the ? screen of the list: the same keys and the table's.
func (v *recordsView) fullHelp(ctx *common.Context) [][]key.Binding {
	tk := table.DefaultKeyMap()
	return [][]key.Binding{
		{ctx.List.Open, ctx.List.Back},
		{tk.Up, tk.Down, tk.PageUp, tk.PageDown, tk.Home, tk.End},
		{tk.Filter, tk.Sort, tk.SortReverse},
	}
}
