package sprachmittlung

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/table"
)

// poolRow is one interpreter in the pool list.
type poolRow struct {
	id, name, languages, place, state, issues string
}

type poolLoadedMsg struct {
	rows []poolRow
	err  error
}

// poolView lists every interpreter with marks for missing or expiring
// papers.
type poolView struct {
	ctx    *common.Context
	table  *table.Model[poolRow]
	loaded bool
	busy   bool
	err    error
	count  int
	marked int
	w, h   int
}

func newPoolView(ctx *common.Context) *poolView {
	cols := []table.Column[poolRow]{
		{Title: "Name", MinWidth: 12, Value: func(r poolRow) string { return r.name }},
		{Title: "Sprachen", MinWidth: 12, Value: func(r poolRow) string { return r.languages }},
		{Title: "Wohnort", MinWidth: 8, Value: func(r poolRow) string { return r.place }},
		{Title: "Status", Width: 8, Value: func(r poolRow) string { return r.state }},
		{Title: "Hinweise", MinWidth: 10, Value: func(r poolRow) string { return r.issues }},
	}
	t := table.New(cols, table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)),
		table.WithEmptyText("Noch keine Sprachmittler:innen im Pool."))
	return &poolView{ctx: ctx, table: t}
}

func (p *poolView) capturing() bool { return p.table.Filtering() }

func (p *poolView) setSize(w, h int) {
	p.w, p.h = w, h
	p.table.SetSize(w, h-1)
}

func (p *poolView) load() tea.Cmd {
	p.busy = true
	today := model.Today(p.ctx.Now())
	return common.Read(p.ctx, func(tx *store.Tx) ([]poolRow, error) {
		ps, err := store.Interpreters(tx)
		if err != nil {
			return nil, err
		}
		out := make([]poolRow, 0, len(ps))
		for _, per := range ps {
			ip := per.Interpreter
			r := poolRow{id: per.ID, name: per.Name, languages: ip.LanguagesText(), place: ip.HomePlace, state: "aktiv"}
			if r.place == "" {
				r.place = per.City
			}
			if !ip.Active {
				r.state = "pausiert"
			}
			if is := ip.Issues(today); len(is) > 0 {
				r.issues = "⚠ " + shortIssues(is)
			}
			out = append(out, r)
		}
		return out, nil
	}, func(rows []poolRow, err error) tea.Msg { return poolLoadedMsg{rows: rows, err: err} })
}

func (p *poolView) set(msg poolLoadedMsg) {
	p.busy, p.loaded, p.err = false, true, msg.err
	p.count, p.marked = len(msg.rows), 0
	for _, r := range msg.rows {
		if r.issues != "" {
			p.marked++
		}
	}
	p.table.SetRows(msg.rows, func(r poolRow) string { return r.id })
}

func (p *poolView) selected() (poolRow, bool) { return p.table.Selected() }

func (p *poolView) update(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if p.table.Filtering() || p.table.Handles(msg) {
		return p.table.Update(msg), true
	}
	return nil, false
}

func (p *poolView) view() string {
	st := p.ctx.Styles
	info := "lädt …"
	if p.loaded {
		info = fmt.Sprintf("%d Personen · %d mit Hinweisen · enter öffnet", p.count, p.marked)
	}
	head := st.Title.Render("Sprachmittler:innen") + "  " + st.Muted.Render(info)
	if p.err != nil {
		return frame([]string{head, st.Error.Render(p.err.Error())}, p.w, p.h)
	}
	return frame(append([]string{cut(head, p.w)}, splitLines(p.table.View())...), p.w, p.h)
}

// shortIssues makes the marks fit a list column; the interpreter's page
// shows them in full.
func shortIssues(is []string) string {
	out := make([]string, len(is))
	for i, s := range is {
		for _, r := range issueAbbrev {
			s = strings.Replace(s, r[0], r[1], 1)
		}
		out[i] = s
	}
	return strings.Join(out, ", ")
}

var issueAbbrev = [][2]string{
	{"Führungszeugnis", "FZ"}, {"Schweigepflichterklärung", "Schweigepfl."},
	{"Grundschulung", "Schulung"}, {"Ehrenamtsvereinbarung", "Vereinb."},
	{"abgelaufen am", "abgelaufen"}, {"läuft ab am", "läuft ab"},
}

func (t *Tab) poolKey(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := t.pool.update(msg); ok {
		return cmd
	}
	l := t.ctx.List
	switch {
	case key.Matches(msg, l.Back):
		t.pop()
	case key.Matches(msg, l.Open):
		if p, ok := t.pool.selected(); ok {
			return t.openPerson(p.id)
		}
	}
	return nil
}

func (t *Tab) poolScreen() string { return t.pool.view() }

func (t *Tab) poolHelp() []key.Binding {
	if t.pool.capturing() {
		return t.pool.table.ShortHelp()
	}
	l := t.ctx.List
	return []key.Binding{l.Open, table.UserKeyMap().Filter, l.Back}
}
