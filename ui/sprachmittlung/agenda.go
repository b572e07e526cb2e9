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
		sort.SliceStable(g.rows, func(i, j int) bool { return g.rows[i].Start.Before(g.rows[j].Start) })
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
			switch msg.String() {
			case "enter":
				a.filtering = false
				a.filter.Blur()
				return nil, true
			case "esc":
				a.filtering = false
				a.filter.Blur()
				a.filter.SetValue("")
				a.rebuild()
				return nil, true
			}
			var cmd tea.Cmd
			a.filter, cmd = a.filter.Update(msg)
			a.rebuild()
			return cmd, true
		}
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
			if a.week {
				a.anchor = a.anchor.AddDays(-7)
			} else {
				a.anchor = a.anchor.AddDays(-1)
			}
			return a.load(false), true
		case key.Matches(msg, a.keys.Next):
			if a.week {
				a.anchor = a.anchor.AddDays(7)
			} else {
				a.anchor = a.anchor.AddDays(1)
			}
			return a.load(false), true
		case key.Matches(msg, a.keys.Today):
			a.anchor = model.Today(a.ctx.Now())
			return a.load(false), true
		case key.Matches(msg, a.keys.DayView):
			if a.week {
				id, _ := a.selectedInterpreter()
				a.week = false
				a.anchor = a.dayOfSelection()
				cmd := a.load(false)
				a.selectInterpreter(id)
				return cmd, true
			}
			return nil, true
		case key.Matches(msg, a.keys.WeekView):
			if !a.week {
				id, _ := a.selectedInterpreter()
				a.week = true
				cmd := a.load(false)
				a.selectInterpreter(id)
				return cmd, true
			}
			return nil, true
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
	}
	return nil, false
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

// dayView: one column per interpreter, bookings as small cards in time
// order. Columns that do not fit scroll with the selection.
func (a *agenda) dayView(w, h int) []string {
	st := a.ctx.Styles
	const minCol = 22
	n := len(a.groups)
	visible := max(1, (w+1)/(minCol+1))
	if visible > n {
		visible = n
	}
	// The columns share the whole width (at 200 columns they stayed at 40
	// cells each and left the rest empty).
	cw := (w - (visible - 1)) / visible
	selG, selI := -1, -1
	if a.sel < len(a.flat) {
		selG, selI = a.flat[a.sel].g, a.flat[a.sel].i
	}
	// keep the selected column in view
	if selG >= 0 {
		if selG < a.colOff {
			a.colOff = selG
		}
		if selG >= a.colOff+visible {
			a.colOff = selG - visible + 1
		}
	}
	if a.colOff > n-visible {
		a.colOff = max(0, n-visible)
	}
	room := max(4, h-3) // lines under the head, one kept for "↓ n weitere"
	cols := make([][]string, 0, visible)
	for gi := a.colOff; gi < a.colOff+visible && gi < n; gi++ {
		g := a.groups[gi]
		head := g.name
		if len(g.rows) > 1 {
			head += fmt.Sprintf(" (%d)", len(g.rows))
		}
		style := st.Subtitle
		if g.id == "" {
			style = st.Warning
		}
		col := []string{style.Render(fit(head, cw)), st.Muted.Render(strings.Repeat("─", cw))}
		// A card is time, language, the institution (wrapped, never cut
		// short: "Jobcenter Landkreis Gifho…") and the place.
		cards := make([][]string, len(g.rows))
		for i, r := range g.rows {
			inst := wrap(r.Institution, cw)
			if len(inst) > 2 {
				inst = append(inst[:1], cut(strings.Join(inst[1:], " "), cw))
			}
			c := []string{r.timeRange() + " " + statusMark(r), r.Language}
			c = append(c, inst...)
			cards[i] = append(c, cut(r.Place, cw))
		}
		start, end := 0, 0
		for {
			used := 0
			for end = start; end < len(cards) && used+len(cards[end]) <= room; end++ {
				used += len(cards[end])
			}
			if gi != selG || selI < end || start >= selI {
				break
			}
			start++ // keep the selected card in view
		}
		end = max(end, min(start+1, len(cards)))
		if start > 0 {
			col[1] = st.Muted.Render(fit(fmt.Sprintf("↑ %d weitere", start), cw))
		}
		for i := start; i < end; i++ {
			for li, l := range cards[i] {
				l = fit(l, cw)
				switch {
				case gi == selG && i == selI && li < len(cards[i])-1:
					l = st.Selected.Render(l)
				case li == 0:
					l = st.Bold.Render(l)
				case li == 1:
					l = st.Accent.Render(l)
				case li == len(cards[i])-1:
					l = st.Muted.Render(l) // the place, apart from a wrapped name
				}
				col = append(col, l)
			}
		}
		if end < len(g.rows) {
			col = append(col, st.Muted.Render(fit(fmt.Sprintf("↓ %d weitere", len(g.rows)-end), cw)))
		}
		cols = append(cols, col)
	}
	out := make([]string, 0, h)
	blank := strings.Repeat(" ", cw)
	for li := 0; li < h; li++ {
		var b strings.Builder
		any := false
		for ci, col := range cols {
			if ci > 0 {
				b.WriteByte(' ')
			}
			if li < len(col) {
				b.WriteString(col[li])
				any = true
			} else {
				b.WriteString(blank)
			}
		}
		if !any {
			break
		}
		out = append(out, b.String())
	}
	if n > visible {
		more := fmt.Sprintf("Spalten %d–%d von %d · ↑↓ Einsatz · Bild↑/Bild↓ Spalte", a.colOff+1, a.colOff+visible, n)
		if len(out) >= h {
			out = out[:h-1]
		}
		out = append(out, st.Muted.Render(cut(more, w)))
	}
	return out
}

// statusMark is a short mark for a card: ✓ confirmed, ? still searching.
func statusMark(r *vrow) string {
	switch {
	case r.Bad:
		return "!"
	case r.Confirmed:
		return "✓"
	case r.Open:
		return "?"
	}
	return ""
}

// weekView: one row per interpreter, one column per day; each booking one
// line "09:00 Tigrinya Jobcenter".
func (a *agenda) weekView(w, h int) []string {
	st := a.ctx.Styles
	from, _ := a.span()
	nw := 14
	if w >= 110 {
		nw = 18
	}
	// Saturday and Sunday get a column only when something happens then
	// or the screen is wide: at 80 columns five days are readable, seven
	// are not.
	days := 5
	if w >= 110 {
		days = 7
	} else {
		for _, g := range a.groups {
			for _, r := range g.rows {
				if d := from.DaysUntil(r.Day); d >= 5 {
					days = 7
				}
			}
		}
	}
	dw := (w-nw)/days - 1 // one space between days
	if dw < 5 {
		dw = 5
	}
	var hb strings.Builder
	hb.WriteString(st.Header.Render(fit("Wer", nw)))
	today := model.Today(a.ctx.Now())
	for d := 0; d < days; d++ {
		day := from.AddDays(d)
		label := fit(day.WeekdayShort()+" "+day.String()[:5], dw)
		hb.WriteByte(' ')
		if day.Equal(today) {
			hb.WriteString(st.Header.Foreground(st.Palette.Accent).Render(label))
		} else {
			hb.WriteString(st.Header.Render(label))
		}
	}
	out := []string{hb.String()}
	h--
	// Narrow days show a booking on two lines (time and language, then
	// the institution); wide ones on one.
	per := 1
	if dw < 20 {
		per = 2
	}
	const maxBookings = 3
	heights := make([]int, len(a.groups))
	for gi, g := range a.groups {
		count := [7]int{}
		for _, r := range g.rows {
			if d := from.DaysUntil(r.Day); d >= 0 && d < 7 {
				count[d]++
			}
		}
		m := 1
		for _, c := range count {
			m = max(m, min(c, maxBookings))
		}
		heights[gi] = m * per
	}
	// scroll so the selected row is visible
	if a.sel < a.rowOff {
		a.rowOff = a.sel
	}
	for {
		used := 0
		for gi := a.rowOff; gi <= a.sel && gi < len(heights); gi++ {
			used += heights[gi]
		}
		if used <= h-1 || a.rowOff >= a.sel {
			break
		}
		a.rowOff++
	}
	for gi := a.rowOff; gi < len(a.groups); gi++ {
		g := a.groups[gi]
		if len(out)+heights[gi] > h {
			break
		}
		cells := make([][]string, 7)
		n := [7]int{}
		for _, r := range g.rows {
			d := from.DaysUntil(r.Day)
			if d < 0 || d >= 7 {
				continue
			}
			n[d]++
		}
		for _, r := range g.rows {
			d := from.DaysUntil(r.Day)
			if d < 0 || d >= 7 {
				continue
			}
			k := len(cells[d]) / per
			switch {
			case k < maxBookings-1 || (k == maxBookings-1 && n[d] == maxBookings):
				cells[d] = append(cells[d], weekCell(r, dw, per)...)
			case k == maxBookings-1:
				more := []string{fmt.Sprintf("+%d weitere", n[d]-k)}
				if per == 2 {
					more = append(more, "")
				}
				cells[d] = append(cells[d], more...)
			}
		}
		for li := 0; li < heights[gi]; li++ {
			var b strings.Builder
			name := ""
			if li == 0 {
				name = g.name
			}
			name = fit(name, nw)
			switch {
			case gi == a.sel:
				b.WriteString(st.Selected.Render(name))
			case g.id == "":
				b.WriteString(st.Warning.Render(name))
			default:
				b.WriteString(st.Bold.Render(name))
			}
			for d := 0; d < days; d++ {
				b.WriteByte(' ')
				c := ""
				if li < len(cells[d]) {
					c = cells[d][li]
				}
				if per == 2 && li%2 == 1 {
					b.WriteString(st.Muted.Render(fit(c, dw)))
				} else {
					b.WriteString(fit(c, dw))
				}
			}
			out = append(out, b.String())
		}
	}
	if shown := len(a.groups) - a.rowOff; len(out)-1 < sumHeights(heights[a.rowOff:]) && shown > 0 {
		if len(out) >= h+1 {
			out = out[:h]
		}
		out = append(out, st.Muted.Render(cut(fmt.Sprintf("%d Sprachmittler:innen · ↑↓ / Bild↑ Bild↓ blättern", len(a.groups)), w)))
	}
	return out
}

func sumHeights(hs []int) int {
	s := 0
	for _, h := range hs {
		s += h
	}
	return s
}

// weekCell is "09:00 Tigrinya Jobcenter" on one line, or time and
// language on one and the institution on a second line.
func weekCell(r *vrow, w, per int) []string {
	if per == 1 {
		return []string{cut(r.clock+" "+r.Language+" "+r.Institution, w)}
	}
	return []string{cut(r.clock+" "+r.Language, w), cut(r.Institution, w)}
}

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
