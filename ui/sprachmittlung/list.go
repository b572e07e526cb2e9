package sprachmittlung

import (
	"slices"
	"sort"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/table"
)

// statusGroup is the quick filter on `f`.
type statusGroup int

const (
	groupAll statusGroup = iota
	groupOpen
	groupConfirmed
)

func (g statusGroup) label() string {
	switch g {
	case groupOpen:
		return "offen (Anfrage/Prüfung/Suche)"
	case groupConfirmed:
		return "vermittelt"
	}
	return "alle"
}

// einsatzList is the default screen: every Einsatz in a table.
type einsatzList struct {
	ctx   *common.Context
	keys  KeyMap
	table *table.Model[*vrow]

	all     []vrow  // everything loaded
	names   names   // of the last full load, for patches
	shown   []*vrow // after the status group
	group   statusGroup
	days    dateRange   // `z`: only Einsätze on these days
	rangeIn rangePrompt // the input of `z`
	loading bool
	loaded  bool
	loadN   int
	// patchIDs are the Einsätze changed since the last load or patch that
	// landed: a patch brings them all.
	patchIDs []string
	groupN   int  // numbers regroup's commands: only the last one counts
	grouping bool // a regroup command is on its way
	err      error
	first    bool   // select the first Einsatz from today on after the first load
	jumped   string // the Einsatz that selected, until the whole list is there

	width, height int
}

type listLoadedMsg struct {
	n     int
	ready *listReady // nil on error
	names names
	err   error
	// first: only the Einsätze around today, for the first screen; the
	// full load follows (loadFirst).
	first bool
}

// listPatchMsg carries the list with a few changed rows (one commit's
// worth, or those of the commits since the last patch that landed).
type listPatchMsg struct {
	n     int
	ready *listReady // nil on error or full
	full  bool
	err   error
}

// listReady is a load or a patch worked out in its command: the whole
// list, the rows of the status group and date range, and the table's rows
// prepared (table.Prepare). The UI goroutine only swaps them in: at
// 1 000 000 Einsätze merging one changed row, picking the group and
// filtering the table took 0,6 s (BENCHMARKS.md), and a save, one's own or
// a colleague's, would have frozen the screen that long.
type listReady struct {
	all   []vrow
	shown []*vrow
	group statusGroup
	days  dateRange
	table *table.Prepared[*vrow]
}

func vrowID(r *vrow) string { return r.ID }

func newEinsatzList(ctx *common.Context, keys KeyMap) *einsatzList {
	cols := []table.Column[*vrow]{
		{Title: "Datum", Width: 10, Value: func(r *vrow) string { return r.date() },
			Less: func(a, b *vrow) bool { return a.startsBefore(b) }},
		{Title: "Zeit", Width: 5, Value: func(r *vrow) string { return r.clock() },
			Less: func(a, b *vrow) bool { return a.minute < b.minute }},
		{Title: "Nr.", Width: 11, Value: func(r *vrow) string { return r.Number }},
		// The minimum widths keep names and status readable at 80
		// columns; Ort comes last and is what gives way there (the
		// institution mostly says where, and `/` still finds it).
		{Title: "Sprache", MinWidth: 11, Value: func(r *vrow) string { return r.Language }},
		{Title: "Sprachmittler:in", MinWidth: 13, Value: func(r *vrow) string { return r.Interpreter }},
		{Title: "Einrichtung", MinWidth: 13, Value: func(r *vrow) string { return r.Institution }},
		{Title: "Status", MinWidth: 11, Value: func(r *vrow) string { return r.StatusLabel }},
		{Title: "Ort", MinWidth: 10, Value: func(r *vrow) string { return r.Place }},
	}
	t := table.New(cols,
		table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)),
		table.WithEmptyText("Noch keine Einsätze. Mit n eine Anfrage aufnehmen."),
		table.WithSort(0, false), table.WithLazyFilter())
	return &einsatzList{ctx: ctx, keys: keys, table: t, first: true, rangeIn: newRangePrompt(ctx.Styles.IsDark)}
}

func (l *einsatzList) capturing() bool { return l.table.Filtering() || l.rangeIn.active }

func (l *einsatzList) setSize(w, h int) {
	l.width, l.height = w, h
	l.table.SetSize(w, h-1)
}

// loadFirst reads the Einsätze around today only – a few hundred of
// 100 000, through the date index, the same number however many there are
// – so the first screen does not wait for the whole list; setRows then
// loads everything (after the first frame).
func (l *einsatzList) loadFirst() tea.Cmd {
	l.loadN++
	l.loading = true
	n := l.loadN
	st := l.ctx.Store
	today := model.Today(l.ctx.Now())
	prep := l.preparer()
	return func() tea.Msg {
		rows, names, err := loadWindow(st, today)
		if err != nil {
			return listLoadedMsg{n: n, err: err, first: true}
		}
		return listLoadedMsg{n: n, ready: prep(rows), names: names, first: true}
	}
}

func (l *einsatzList) load() tea.Cmd {
	l.loadN++
	l.loading = true
	l.patchIDs = nil // the full load has them
	n := l.loadN
	st := l.ctx.Store
	prep := l.preparer()
	return func() tea.Msg {
		rows, names, err := loadAll(st)
		if err != nil {
			return listLoadedMsg{n: n, err: err}
		}
		return listLoadedMsg{n: n, ready: prep(rows), names: names}
	}
}

// preparer returns the function a load or patch command runs on the rows
// it brings: it picks the rows of the group and range as they are now and
// prepares the table for them.
func (l *einsatzList) preparer() func(all []vrow) *listReady {
	group, days := l.group, l.days
	prep := l.table.Prepare(vrowID)
	return func(all []vrow) *listReady {
		shown := shownOf(all, group, days)
		return &listReady{all: all, shown: shown, group: group, days: days, table: prep(shown)}
	}
}

// install shows what a command prepared.
func (l *einsatzList) install(r *listReady) tea.Cmd {
	l.all = r.all
	if r.group != l.group || r.days != l.days {
		// `f` or `z` while the command ran.
		l.applyGroup()
		return nil
	}
	l.shown = r.shown
	return l.table.Install(r.table)
}

// maxPatch is the most changed Einsätze applied one by one; beyond that a
// full load is cheaper.
const maxPatch = 200

// reload brings the list up to date after a commit: the changed rows only
// when the events touch nothing but a few Einsätze, else everything.
func (l *einsatzList) reload(msg common.ChangedMsg) tea.Cmd {
	if !l.loaded || l.loading || msg.Touches(store.KindPerson, store.KindOrganisation) {
		return l.load()
	}
	seen := map[string]bool{}
	for _, id := range l.patchIDs {
		seen[id] = true
	}
	added := false
	for _, ev := range msg.Events {
		for _, c := range ev.Changes {
			if c.Kind == store.KindEinsatz && !seen[c.ID] {
				seen[c.ID] = true
				l.patchIDs = append(l.patchIDs, c.ID)
				added = true
			}
		}
	}
	if !added {
		return nil
	}
	if len(l.patchIDs) > maxPatch {
		return l.load()
	}
	// A patch still on its way is dropped when this one starts (loadN):
	// this one brings its rows too, on the same base.
	l.loadN++
	n, st, nm, base, ids := l.loadN, l.ctx.Store, l.names, l.all, slices.Clone(l.patchIDs)
	prep := l.preparer()
	return func() tea.Msg {
		rows, gone, full, err := loadChanged(st, nm, ids)
		if err != nil || full {
			return listPatchMsg{n: n, full: full, err: err}
		}
		return listPatchMsg{n: n, ready: prep(mergeRows(base, rows, gone))}
	}
}

// mergeRows returns all with the rows gone removed and the changed rows
// replaced, kept in start order. all itself is not changed: the table may
// show it while this runs.
func mergeRows(all, rows []vrow, gone []string) []vrow {
	drop := make(map[string]bool, len(gone)+len(rows))
	for _, id := range gone {
		drop[id] = true
	}
	for _, r := range rows {
		drop[r.ID] = true
	}
	kept := make([]vrow, 0, len(all)+len(rows))
	for _, r := range all {
		if !drop[r.ID] {
			kept = append(kept, r)
		}
	}
	for _, r := range rows {
		i := sort.Search(len(kept), func(i int) bool { return r.startsBefore(&kept[i]) })
		kept = append(kept, vrow{})
		copy(kept[i+1:], kept[i:])
		kept[i] = r
	}
	return kept
}

// patch shows the list with the changed rows.
func (l *einsatzList) patch(msg listPatchMsg) tea.Cmd {
	if msg.n != l.loadN {
		return nil
	}
	l.patchIDs = nil
	if msg.err != nil || msg.full {
		return l.load()
	}
	return l.install(msg.ready)
}

func (l *einsatzList) setRows(msg listLoadedMsg) tea.Cmd {
	if msg.n != l.loadN {
		return nil
	}
	l.loading = false
	l.err = msg.err
	if msg.err != nil {
		if msg.first {
			return firstScreen
		}
		return nil
	}
	l.names = msg.names
	l.loaded = true
	cmd := l.install(msg.ready)
	if l.first {
		l.first = false
		l.jumpToday()
		l.jumped = l.table.SelectedID()
	} else if l.jumped != "" {
		// The whole list after the first screen: today's first Einsatz goes
		// to the top again, unless the user has moved meanwhile.
		if l.table.SelectedID() == l.jumped {
			l.jumpToday()
		}
		l.jumped = ""
	}
	if msg.first {
		return tea.Batch(cmd, l.load(), firstScreen)
	}
	return cmd
}

func firstScreen() tea.Msg { return common.FirstScreenMsg{} }

// applyGroup shows the rows of the status group and date range now.
func (l *einsatzList) applyGroup() {
	l.shown = shownOf(l.all, l.group, l.days)
	l.table.SetRows(l.shown, vrowID)
}

// shownOf picks the rows of a status group and date range, in a new slice,
// never the last one refilled: the table may be building its filter text
// from that one in a command (table.WithLazyFilter). Sized at once, not
// grown by append: 100 000 rows would leave 2–3 MB of garbage while the
// list loads.
func shownOf(all []vrow, group statusGroup, days dateRange) []*vrow {
	shown := make([]*vrow, 0, len(all))
	inDays := days.holder()
	for i := range all {
		r := &all[i]
		switch group {
		case groupOpen:
			if !r.Open {
				continue
			}
		case groupConfirmed:
			if !r.Confirmed {
				continue
			}
		}
		if !days.empty() && !inDays(r) {
			continue
		}
		shown = append(shown, r)
	}
	return shown
}

// jumpToday selects the first Einsatz from today on (in date order) among
// those the list shows, at the top of the window with what follows below
// it. With a filter that is the first match from today on.
func (l *einsatzList) jumpToday() {
	today := model.Today(l.ctx.Now()).Midnight()
	l.table.SelectFirst(func(r *vrow) bool { return !r.Start().Before(today) },
		func(a, b *vrow) bool { return a.startsBefore(b) })
}

func (l *einsatzList) selected() (*vrow, bool) { return l.table.Selected() }

// update handles list keys; handled=false leaves the key to the tab.
func (l *einsatzList) update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case listLoadedMsg:
		return l.setRows(msg), true
	case listPatchMsg:
		return l.patch(msg), true
	case listGroupMsg:
		return l.grouped(msg), true
	case tea.KeyPressMsg:
		if l.table.Filtering() {
			return l.table.Update(msg), true
		}
		if l.rangeIn.active {
			cmd, days, done := l.rangeIn.update(msg, model.Today(l.ctx.Now()))
			if done {
				l.days = days
				cmd = tea.Batch(cmd, l.regroup())
			}
			return cmd, true
		}
		switch {
		case key.Matches(msg, l.keys.Range):
			return l.rangeIn.open(l.days), true
		case key.Matches(msg, l.keys.StatusGroup):
			l.group = (l.group + 1) % 3
			return l.regroup(), true
		case key.Matches(msg, l.keys.Today):
			l.jumpToday()
			return nil, true
		}
		if l.table.Handles(msg) {
			return l.table.Update(msg), true
		}
	}
	return nil, false
}

// listGroupMsg brings the rows of a new status group or date range.
type listGroupMsg struct {
	n     int
	sel   string // selected when the key was pressed
	ready *listReady
}

// regroup shows the rows of a changed status group or date range. They
// are picked, filtered and sorted in a command (with a filter at
// 1 000 000 Einsätze a quarter of a second); the selection stays when it
// is still shown.
func (l *einsatzList) regroup() tea.Cmd {
	l.groupN++
	l.grouping = true
	n, sel, all, prep := l.groupN, l.table.SelectedID(), l.all, l.preparer()
	return func() tea.Msg { return listGroupMsg{n: n, sel: sel, ready: prep(all)} }
}

func (l *einsatzList) grouped(msg listGroupMsg) tea.Cmd {
	if msg.n != l.groupN {
		return nil // `f` or `z` again meanwhile
	}
	l.grouping = false
	if r := msg.ready.all; len(r) != len(l.all) || len(r) > 0 && &r[0] != &l.all[0] {
		return nil // a load or patch came meanwhile and showed the group
	}
	cmd := l.install(msg.ready)
	if msg.sel == "" || l.table.SelectedID() != msg.sel {
		l.jumpToday()
	}
	return cmd
}

func (l *einsatzList) view() string {
	st := l.ctx.Styles
	head := st.Title.Render("Einsätze")
	info := ""
	switch {
	case l.loading && !l.loaded:
		info = "lädt …"
	case l.err != nil:
		info = ""
	case l.grouping:
		info = "sucht … · Status: " + l.group.label()
	default:
		info = table.FormatCount(l.table.Len()) + " von " + table.FormatCount(len(l.all)) + " · Status: " + l.group.label()
		if !l.days.empty() {
			info += " · " + l.days.String()
		}
	}
	head += "  " + st.Muted.Render(info)
	var extra []string
	if l.rangeIn.active {
		head = l.rangeIn.in.View() + " " + st.Muted.Render("z. B. 1.12.–31.12., Do, ab 1.12.; leer: alle")
		for _, e := range wrap(l.rangeIn.err, l.width) {
			if e != "" {
				extra = append(extra, st.Error.Render(e))
			}
		}
	}
	if l.err != nil {
		return frame([]string{head, st.Error.Render(l.err.Error())}, l.width, l.height)
	}
	if l.loading && !l.loaded {
		return frame([]string{head, "", st.Muted.Render("lädt …")}, l.width, l.height)
	}
	lines := append(append([]string{cut(head, l.width)}, extra...), splitLines(l.table.View())...)
	return frame(lines, l.width, l.height)
}

func (t *Tab) listKey(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := t.list.update(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, t.ctx.List.Open):
		if r, ok := t.list.selected(); ok {
			return t.openDetail(r.ID)
		}
	case key.Matches(msg, t.einsatzKeys.New):
		return t.newRequest()
	case key.Matches(msg, t.keys.Agenda):
		t.push(scrAgenda)
		return t.agenda.load(false)
	case key.Matches(msg, t.keys.Pool):
		t.push(scrPool)
		return t.pool.load()
	}
	return nil
}

func (t *Tab) listView() string { return t.list.view() }

func (t *Tab) listHelp() []key.Binding {
	switch {
	case t.list.rangeIn.active:
		return []key.Binding{applyRange, cancelInput}
	case t.list.capturing():
		return t.list.table.ShortHelp()
	}
	k := t.keys
	return []key.Binding{t.ctx.List.Open, t.einsatzKeys.New, table.UserKeyMap().Filter, k.Agenda, k.Pool, k.StatusGroup, k.Range, k.Today}
}
