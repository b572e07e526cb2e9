package sprachmittlung

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/ui/common"
	"stabsstelle/ui/table"
)

// agenda is "Wer ist wann wo?": the Einsätze of one day or week with the
// interpreters side by side. It holds only the rows of the visible range,
// loaded with the store's date index, so drawing does not depend on how
// many Einsätze the database holds.
type agenda struct {
	ctx  *common.Context
	keys KeyMap

	week   bool
	anchor model.Date // the day shown, or any day of the week shown
	loaded [2]model.Date
	rows   []vrow
	loadN  int // sequence number of the last load asked for
	busy   bool
	err    error

	filter    textinput.Model
	filtering bool

	// derived in rebuild, never in View
	groups []agGroup
	count  int
	sel    int // selected group (week) or booking (day, index into flat)
	flat   []agRef
	colOff int
	rowOff int

	width, height int
}

type agGroup struct {
	name, id string
	rows     []*vrow
}

type agRef struct{ g, i int }

type agendaLoadedMsg struct {
	n        int
	from, to model.Date
	rows     []vrow
	err      error
}

func newAgenda(ctx *common.Context, keys KeyMap) *agenda {
	ti := newInput("/", 60, ctx.Styles.IsDark)
	ti.Placeholder = "Sprache, Einrichtung, Name …"
	// On a weekend or holiday the office plans the next working day.
	day := model.Today(ctx.Now())
	for i := 0; i < 7 && !model.IsWorkingDay(day); i++ {
		day = day.AddDays(1)
	}
	return &agenda{ctx: ctx, keys: keys, filter: ti, anchor: day}
}

// span is the first day and the day after the last day shown.
func (a *agenda) span() (model.Date, model.Date) {
	if a.week {
		s := a.anchor.StartOfWeek()
		return s, s.AddDays(7)
	}
	return a.anchor, a.anchor.AddDays(1)
}

// load asks for the rows of the visible range unless they are loaded.
func (a *agenda) load(force bool) tea.Cmd {
	from, to := a.span()
	if !force && a.loaded == [2]model.Date{from, to} && !a.busy {
		return nil
	}
	a.loadN++
	a.busy = true
	n := a.loadN
	load := loadRange
	st := a.ctx.Store
	return func() tea.Msg {
		rows, err := load(st, from, to)
		return agendaLoadedMsg{n: n, from: from, to: to, rows: rows, err: err}
	}
}

func (a *agenda) setRows(msg agendaLoadedMsg) {
	if msg.n != a.loadN {
		return // an older answer for a range no longer shown
	}
	a.busy = false
	a.err = msg.err
	a.rows = msg.rows
	a.loaded = [2]model.Date{msg.from, msg.to}
	a.rebuild()
}

// rebuild groups the loaded rows by interpreter after the filter. Bookings
// still without an interpreter are a group of their own at the end.
func (a *agenda) rebuild() {
	terms := strings.Fields(strings.ToLower(a.filter.Value()))
	byID := map[string]int{}
	a.groups = a.groups[:0]
	a.count = 0
	for i := range a.rows {
		r := &a.rows[i]
		if !r.Blocks && !r.Open {
			continue // cancelled or refused: nobody goes anywhere
		}
		if len(terms) > 0 && !matchTerms(r.haystack(), terms) {
			continue
		}
		key := r.InterpreterID
		gi, ok := byID[key]
		if !ok {
			name := r.Interpreter
			if key == "" {
				name = "noch offen"
			}
			gi = len(a.groups)
			byID[key] = gi
			a.groups = append(a.groups, agGroup{name: name, id: key})
		}
		a.groups[gi].rows = append(a.groups[gi].rows, r)
		a.count++
	}
	sort.SliceStable(a.groups, func(i, j int) bool {
		gi, gj := a.groups[i], a.groups[j]
		if (gi.id == "") != (gj.id == "") {
			return gj.id == ""
		}
		return strings.ToLower(gi.name) < strings.ToLower(gj.name)
	})
	a.flat = a.flat[:0]
	for gi := range a.groups {
		g := &a.groups[gi]
		sort.SliceStable(g.rows, func(i, j int) bool { return g.rows[i].startsBefore(g.rows[j]) })
		for i := range g.rows {
			a.flat = append(a.flat, agRef{gi, i})
		}
	}
	a.clampSel()
}

func (a *agenda) clampSel() {
	n := len(a.flat)
	if a.week {
		n = len(a.groups)
	}
	if a.sel >= n {
		a.sel = n - 1
	}
	if a.sel < 0 {
		a.sel = 0
	}
}

func matchTerms(hay string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(hay, t) {
			return false
		}
	}
	return true
}

// selected returns the booking under the cursor (day view) or the first of
// the selected interpreter (week view).
func (a *agenda) selected() (*vrow, bool) {
	if a.week {
		if a.sel < len(a.groups) && len(a.groups[a.sel].rows) > 0 {
			return a.groups[a.sel].rows[0], true
		}
		return nil, false
	}
	if a.sel < len(a.flat) {
		f := a.flat[a.sel]
		return a.groups[f.g].rows[f.i], true
	}
	return nil, false
}

// selectedInterpreter is the interpreter of the selected column or row.
func (a *agenda) selectedInterpreter() (id, name string) {
	if a.week {
		if a.sel < len(a.groups) {
			return a.groups[a.sel].id, a.groups[a.sel].name
		}
		return "", ""
	}
	if r, ok := a.selected(); ok {
		return r.InterpreterID, r.Interpreter
	}
	return "", ""
}

func (a *agenda) capturing() bool { return a.filtering }

// update handles keys and its own messages; it returns handled=false for
// keys the tab should see (esc on an empty filter, enter, i).
func (a *agenda) update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case agendaLoadedMsg:
		a.setRows(msg)
		return nil, true
	case tea.KeyPressMsg:
		if a.filtering {
			return a.filterKey(msg), true
		}
		return a.key(msg)
	}
	return nil, false
}

// filterKey types into the filter, which applies with every keystroke;
// enter keeps it, esc clears it.
func (a *agenda) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		a.filtering = false
		a.filter.Blur()
		return nil
	case "esc":
		a.filtering = false
		a.filter.Blur()
		a.filter.SetValue("")
		a.rebuild()
		return nil
	}
	var cmd tea.Cmd
	a.filter, cmd = a.filter.Update(msg)
	a.rebuild()
	return cmd
}

// key moves through days, views and the selection; a table of the
// agenda's keys, each a line or a call.
func (a *agenda) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	l := a.ctx.List
	switch {
	case key.Matches(msg, l.Filter):
		a.filtering = true
		return a.filter.Focus(), true
	case key.Matches(msg, l.Back) && a.filter.Value() != "":
		a.filter.SetValue("")
		a.rebuild()
		return nil, true
	case key.Matches(msg, a.keys.Prev):
		return a.step(-1), true
	case key.Matches(msg, a.keys.Next):
		return a.step(1), true
	case key.Matches(msg, a.keys.Today):
		a.anchor = model.Today(a.ctx.Now())
		return a.load(false), true
	case key.Matches(msg, a.keys.DayView):
		return a.showWeek(false), true
	case key.Matches(msg, a.keys.WeekView):
		return a.showWeek(true), true
	case key.Matches(msg, a.keys.NextColumn):
		a.jumpGroup(1)
		return nil, true
	case key.Matches(msg, a.keys.PrevColumn):
		a.jumpGroup(-1)
		return nil, true
	case key.Matches(msg, l.Up):
		if a.sel > 0 {
			a.sel--
		}
		return nil, true
	case key.Matches(msg, l.Down):
		a.sel++
		a.clampSel()
		return nil, true
	}
	return nil, false
}

// step moves a day or, in the week view, a week.
func (a *agenda) step(d int) tea.Cmd {
	if a.week {
		d *= 7
	}
	a.anchor = a.anchor.AddDays(d)
	return a.load(false)
}

// showWeek switches between the day and the week view and keeps the
// interpreter selected; the day shown is the anchor day.
func (a *agenda) showWeek(week bool) tea.Cmd {
	if a.week == week {
		return nil
	}
	id, _ := a.selectedInterpreter()
	a.week = week
	if !week {
		a.anchor = a.dayOfSelection()
	}
	cmd := a.load(false)
	a.selectInterpreter(id)
	return cmd
}

// jumpGroup moves to the next or previous interpreter: in the day view to
// the first booking of the neighbouring column.
func (a *agenda) jumpGroup(d int) {
	if a.week {
		for i := 0; i < 5; i++ { // a page of rows
			a.sel += d
		}
		a.clampSel()
		return
	}
	if a.sel >= len(a.flat) {
		return
	}
	g := a.flat[a.sel].g + d
	if g < 0 || g >= len(a.groups) {
		return
	}
	for i, f := range a.flat {
		if f.g == g {
			a.sel = i
			return
		}
	}
}

// dayOfSelection is the day to show when switching from week to day: the
// anchor day if it is in the week, else Monday.
func (a *agenda) dayOfSelection() model.Date { return a.anchor }

func (a *agenda) selectInterpreter(id string) {
	if a.week {
		for gi, g := range a.groups {
			if g.id == id {
				a.sel = gi
				return
			}
		}
		a.clampSel()
		return
	}
	for fi, f := range a.flat {
		if a.groups[f.g].id == id {
			a.sel = fi
			return
		}
	}
	a.clampSel()
}

func (a *agenda) setSize(w, h int) {
	a.width, a.height = w, h
	a.filter.SetWidth(max(10, w/2))
}

// view draws the agenda into w×h.
func (a *agenda) view() string {
	w, h := a.width, a.height
	st := a.ctx.Styles
	from, to := a.span()
	var title string
	if a.week {
		last := to.AddDays(-1)
		title = fmt.Sprintf("Wer ist wann wo? · Woche %s %s – %s %s", from.WeekdayShort(), from.String()[:6], last.WeekdayShort(), last.String())
	} else {
		title = fmt.Sprintf("Wer ist wann wo? · %s %s", from.WeekdayShort(), from.String())
		if name, ok := model.HolidayName(from); ok {
			title += " · " + name
		}
	}
	info := fmt.Sprintf("%d Einsätze", a.count)
	if n := len(a.groups); n > 0 && a.groups[n-1].id == "" {
		info += fmt.Sprintf(" · %d noch offen", len(a.groups[n-1].rows))
	}
	if a.busy {
		info = "lädt …"
	}
	lines := []string{st.Title.Render(cut(title, w-ansiw(info)-2)) + "  " + st.Muted.Render(info)}
	switch {
	case a.filtering:
		lines = append(lines, cut(a.filter.View(), w))
	case a.filter.Value() != "":
		lines = append(lines, st.Accent.Render(cut("Filter: "+a.filter.Value()+"  (esc: aufheben)", w)))
	default:
		// the keys are in the help line below; here what the marks mean
		lines = append(lines, st.Muted.Render(cut("Zeichen: ✓ vermittelt · ? offen · ! nicht vermittelbar · ohne: durchgeführt", w)))
	}
	body := h - len(lines)
	if a.err != nil {
		lines = append(lines, st.Error.Render(cut(a.err.Error(), w)))
		return frame(lines, w, h)
	}
	if len(a.groups) == 0 {
		msg := "Keine Einsätze an diesem Tag."
		if a.week {
			msg = "Keine Einsätze in dieser Woche."
		}
		if a.busy {
			msg = "lädt …"
		} else if a.filter.Value() != "" {
			msg = "Keine Einsätze passen zum Filter „" + a.filter.Value() + "“."
		}
		lines = append(lines, "", st.Muted.Render(cut(msg, w)))
		return frame(lines, w, h)
	}
	if a.week {
		lines = append(lines, a.weekView(w, body)...)
	} else {
		lines = append(lines, a.dayView(w, body)...)
	}
	return frame(lines, w, h)
}

func ansiw(s string) int { return len([]rune(s)) }

func (t *Tab) agendaKey(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := t.agenda.update(msg); ok {
		return cmd
	}
	l := t.ctx.List
	switch {
	case key.Matches(msg, l.Back):
		t.pop()
	case key.Matches(msg, l.Open):
		return t.agendaOpen()
	case key.Matches(msg, t.keys.Person):
		if id, _ := t.agenda.selectedInterpreter(); id != "" {
			return t.openPerson(id)
		}
	}
	return nil
}

// agendaOpen opens what is selected: the person of a week column, the
// Einsatz of a day row.
func (t *Tab) agendaOpen() tea.Cmd {
	if t.agenda.week {
		if id, _ := t.agenda.selectedInterpreter(); id != "" {
			return t.openPerson(id)
		}
		return nil
	}
	if r, ok := t.agenda.selected(); ok {
		return t.openDetail(r.ID)
	}
	return nil
}

func (t *Tab) agendaView() string { return t.agenda.view() }

func (t *Tab) agendaHelp() []key.Binding {
	if t.agenda.capturing() {
		return []key.Binding{applyRange, helpOnly("esc", "Filter löschen")}
	}
	k, l := t.keys, t.ctx.List
	return []key.Binding{k.Prev, k.Next, k.DayView, k.WeekView, table.UserKeyMap().Filter, l.Open, k.Person, l.Back}
}
