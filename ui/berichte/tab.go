// Package berichte is the fourth tab, "Berichte": the figures the
// Stabsstelle reports every year (Monitoring for Kreistag and
// Fachausschuss, the Fördertöpfe against their budgets, the network's
// reach) as text charts, for a year, quarter, month or free range, with
// filters. Every number comes from model.ComputeMonitoring – the same
// computation as `stabsstelle report monitoring` and its Excel file – and
// every bar opens the records behind it.
//
// The records of a year are read once, when the tab is first shown
// (store.LoadReportInput, in a command, with its progress on screen – not
// at the start, so a session that never opens Berichte never holds a
// year of facts), and kept current from the change feed: changed Einsätze
// are read again one by one, other changes reload the small parts. A
// filter or period change recomputes from the facts in memory, in a
// command.
package berichte

import (
	"errors"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// progressEvery is how often the screen shows how far the first read is.
const progressEvery = 150 * time.Millisecond

// periodMode is how the period steps with [ and ].
type periodMode int

const (
	modeYear periodMode = iota
	modeQuarter
	modeMonth
	modeRange
)

// Tab is the Berichte tab.
type Tab struct {
	ctx  *common.Context
	keys KeyMap
	w, h int

	// in is the data of loaded (read-only once published: changes make a
	// new ReportInput, so a running computation never sees it change).
	in       *model.ReportInput
	loaded   model.ReportPeriod
	loading  bool
	progress *store.Progress // of the read under way
	err      error

	mode   periodMode
	period model.ReportPeriod
	filter model.ReportFilter

	gen     int // generation of the computation wanted; older results are dropped
	report  *model.Monitoring
	items   [numSections][]item
	sec     section
	cursor  [numSections]int // index into items of the selected bar
	offset  [numSections]int
	pending map[string]bool // Einsätze changed while a load ran
	stale   bool            // other records changed while a load ran: read again

	frm     *form.Form
	fv      filterVals
	records *recordsView
}

// New builds the tab; the data are read when it is first shown.
func New(ctx *common.Context) *Tab {
	y := model.Today(ctx.Now()).Year
	return &Tab{ctx: ctx, keys: userKeyMap(), period: model.YearPeriod(y), w: ctx.Width, h: ctx.Height}
}

// Title is the tab's name in the tab bar.
func (t *Tab) Title() string { return "Berichte" }

// Messages of the tab.
type (
	// LoadMsg starts reading the data (Shown sends it).
	LoadMsg struct{}
	// progressMsg redraws the progress of the read under way.
	progressMsg struct{}
	loadedMsg   struct {
		in  *model.ReportInput
		err error
	}
	computedMsg struct {
		gen   int
		m     *model.Monitoring
		items [numSections][]item
	}
	patchedMsg struct {
		in  *model.ReportInput
		err error
	}
	recordsMsg struct {
		title string
		recs  []record
	}
)

// Init reads nothing: the data come when the tab is first shown.
func (t *Tab) Init() tea.Cmd { return nil }

// Shown is called by the root when the tab becomes the active one: the
// first time, it starts reading the year.
func (t *Tab) Shown() tea.Cmd {
	if t.in != nil || t.loading {
		return nil
	}
	return func() tea.Msg { return LoadMsg{} }
}

// Capturing: a form or the records' filter takes every key.
func (t *Tab) Capturing() bool {
	return t.frm != nil || (t.records != nil && t.records.capturing())
}

// Dirty: the filter form holds nothing worth keeping.
func (t *Tab) Dirty() bool { return false }

// Update handles the tab's messages; keys only when it is active.
func (t *Tab) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := t.updateData(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		t.resize(msg.Width, msg.Height)
		return nil
	case tea.BackgroundColorMsg:
		if t.records != nil {
			t.records.restyle(t.ctx)
		}
		return nil
	case recordsMsg:
		t.records = newRecordsView(t.ctx, t.keys, msg.title, msg.recs)
		t.records.setSize(t.w, t.h)
		return nil
	case form.SubmittedMsg:
		return t.formSubmitted(msg.ID)
	case form.CancelledMsg:
		if t.frm != nil && msg.ID == t.frm.ID() {
			t.frm = nil
		}
		return nil
	case tea.KeyPressMsg:
		return t.key(msg)
	}
	if t.frm != nil {
		return t.frm.Update(msg)
	}
	return nil
}

func (t *Tab) resize(w, h int) {
	t.w, t.h = w, h
	if t.frm != nil {
		t.frm.SetSize(t.w, t.h)
	}
	if t.records != nil {
		t.records.setSize(t.w, t.h)
	}
	for s := section(0); s < numSections; s++ {
		t.scroll(s)
	}
}

// updateData takes the messages of reading and computing the report.
func (t *Tab) updateData(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case LoadMsg:
		return t.ensureLoaded(), true
	case progressMsg:
		if t.loading {
			return tickProgress(), true
		}
		return nil, true
	case loadedMsg:
		return t.loadedData(msg), true
	case patchedMsg:
		if msg.err != nil {
			return common.Fail(msg.err), true
		}
		if msg.in != nil && t.in != nil && msg.in.Period == t.loaded {
			t.in = msg.in
			return t.compute(), true
		}
		return nil, true
	case computedMsg:
		t.computed(msg)
		return nil, true
	case common.ChangedMsg:
		return t.changed(msg), true
	}
	return nil, false
}

// loadedData takes the first read, then reads again what changed while it
// ran.
func (t *Tab) loadedData(msg loadedMsg) tea.Cmd {
	t.loading, t.progress = false, nil
	if msg.err != nil {
		t.err = msg.err
		return nil
	}
	t.err = nil
	t.in, t.loaded = msg.in, msg.in.Period
	cmds := []tea.Cmd{t.compute()}
	switch {
	case t.stale:
		cmds = append(cmds, t.reloadParts(t.pending))
	case len(t.pending) > 0:
		cmds = append(cmds, t.patch(t.pending))
	}
	t.pending, t.stale = nil, false
	return tea.Batch(cmds...)
}

// computed shows the newest report; an older one is dropped (a newer
// filter or period is on its way).
func (t *Tab) computed(msg computedMsg) {
	if msg.gen != t.gen {
		return
	}
	t.report, t.items = msg.m, msg.items
	for s := range t.items {
		t.cursor[s] = t.clampCursor(section(s), t.cursor[s])
		t.scroll(section(s))
	}
}

func (t *Tab) key(msg tea.KeyPressMsg) tea.Cmd {
	if t.frm != nil {
		return t.frm.Update(msg)
	}
	if t.records != nil {
		cmd, back := t.records.update(msg)
		if back {
			t.records = nil
		}
		return cmd
	}
	if t.in == nil && !t.loading {
		return t.ensureLoaded()
	}
	return t.reportKey(msg)
}

// reportKey: the keys of the report – a dispatch table of the tab's and
// the lists' bindings.
func (t *Tab) reportKey(msg tea.KeyPressMsg) tea.Cmd {
	k, l := t.keys, t.ctx.List
	switch {
	case key.Matches(msg, k.Next):
		t.sec = (t.sec + 1) % numSections
		t.scroll(t.sec)
	case key.Matches(msg, k.Prev):
		t.sec = (t.sec + numSections - 1) % numSections
		t.scroll(t.sec)
	case key.Matches(msg, l.Up):
		t.move(-1)
	case key.Matches(msg, l.Down):
		t.move(1)
	case msg.String() == "pgup":
		t.move(-(t.bodyHeight() - 1))
	case msg.String() == "pgdown" || msg.String() == "space":
		t.move(t.bodyHeight() - 1)
	case key.Matches(msg, l.Open):
		return t.openRecords()
	case key.Matches(msg, k.Mode):
		return t.cycleMode()
	case key.Matches(msg, k.Earlier):
		return t.step(-1)
	case key.Matches(msg, k.Later):
		return t.step(1)
	case key.Matches(msg, k.Range):
		return t.openRangeForm()
	case key.Matches(msg, k.Filter):
		return t.openFilterForm()
	case key.Matches(msg, k.Clear):
		return t.clearFilter()
	}
	return nil
}

// clearFilter drops every filter.
func (t *Tab) clearFilter() tea.Cmd {
	if t.filter.Empty() {
		return nil
	}
	t.filter = model.ReportFilter{}
	return t.compute()
}

// bars lists the indexes of the bars of section s (what the cursor visits).
func (t *Tab) bars(s section) []int {
	var out []int
	for i, it := range t.items[s] {
		if it.bar != nil {
			out = append(out, i)
		}
	}
	return out
}

func (t *Tab) clampCursor(s section, cur int) int {
	bs := t.bars(s)
	if len(bs) == 0 {
		return -1
	}
	if slices.Contains(bs, cur) {
		return cur
	}
	for _, b := range bs {
		if b >= cur {
			return b
		}
	}
	return bs[len(bs)-1]
}

func (t *Tab) move(d int) {
	bs := t.bars(t.sec)
	if len(bs) == 0 {
		return
	}
	i := slices.Index(bs, t.cursor[t.sec])
	i = min(max(i+d, 0), len(bs)-1)
	t.cursor[t.sec] = bs[i]
	t.scroll(t.sec)
}

// scroll moves the window of section s so that its cursor and the heading
// of the cursor's chart are in view.
func (t *Tab) scroll(s section) {
	body, items, cur, off := t.bodyHeight(), t.items[s], t.cursor[s], t.offset[s]
	if cur >= 0 {
		if cur < off {
			off = cur
		}
		if cur >= off+body {
			off = cur - body + 1
		}
		if cur == off && off > 0 && items[off-1].heading != "" {
			off--
		}
	}
	t.offset[s] = max(0, min(off, len(items)-body))
}

// openRecords lists the records behind the selected bar, in a command.
func (t *Tab) openRecords() tea.Cmd {
	c := t.cursor[t.sec]
	if c < 0 || c >= len(t.items[t.sec]) || t.items[t.sec][c].bar == nil || t.items[t.sec][c].bar.drill == nil || t.in == nil {
		return nil
	}
	d := t.items[t.sec][c].bar.drill
	in, p, f := t.in, t.period, t.filter
	return func() tea.Msg {
		recs := d.match(in, p, f)
		slices.SortStableFunc(recs, func(a, b record) int { return strings.Compare(a.sort, b.sort) })
		return recordsMsg{title: d.title + " · " + p.Label, recs: recs}
	}
}

func (t *Tab) cycleMode() tea.Cmd {
	d := t.period.From
	switch t.mode {
	case modeYear:
		t.mode = modeQuarter
		t.period = model.QuarterPeriod(d.Year, (int(d.Month)-1)/3+1)
	case modeQuarter:
		t.mode = modeMonth
		t.period = model.MonthPeriod(d.Year, d.Month)
	default:
		t.mode = modeYear
		t.period = model.YearPeriod(d.Year)
	}
	return t.compute()
}

// step moves the period one year, quarter or month.
func (t *Tab) step(dir int) tea.Cmd {
	d := t.period.From
	switch t.mode {
	case modeYear:
		t.period = model.YearPeriod(d.Year + dir)
	case modeQuarter:
		q := (int(d.Month)-1)/3 + 1 + dir
		y := d.Year
		if q < 1 {
			q, y = 4, y-1
		} else if q > 4 {
			q, y = 1, y+1
		}
		t.period = model.QuarterPeriod(y, q)
	case modeMonth:
		n := model.NewDate(d.Year, d.Month+time.Month(dir), 1)
		t.period = model.MonthPeriod(n.Year, n.Month)
	default:
		days := t.period.From.DaysUntil(t.period.To) + 1
		t.period = model.RangePeriod(t.period.From.AddDays(dir*days), t.period.To.AddDays(dir*days))
	}
	if t.period.From.Year < 2000 || t.period.To.Year > 2199 {
		return common.Fail(errors.New("Weiter zurück oder voraus gibt es keine Daten."))
	}
	return t.compute()
}

// ShortHelp is the help line.
func (t *Tab) ShortHelp() []key.Binding {
	if t.frm != nil {
		return t.frm.ShortHelp()
	}
	if t.records != nil {
		return t.records.shortHelp(t.ctx)
	}
	k := t.keys
	return []key.Binding{k.Prev, t.ctx.List.Open, k.Mode, k.Earlier, k.Filter}
}

// FullHelp is the ? screen.
func (t *Tab) FullHelp() [][]key.Binding {
	k, l := t.keys, t.ctx.List
	if t.records != nil {
		return t.records.fullHelp(t.ctx)
	}
	return [][]key.Binding{{k.Next, k.Prev, l.Up, l.Down, l.Open, l.Back}, {k.Mode, k.Earlier, k.Later, k.Range, k.Filter, k.Clear}}
}
