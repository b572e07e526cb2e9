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
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		t.w, t.h = msg.Width, msg.Height
		if t.frm != nil {
			t.frm.SetSize(t.w, t.h)
		}
		if t.records != nil {
			t.records.setSize(t.w, t.h)
		}
		for s := section(0); s < numSections; s++ {
			t.scroll(s)
		}
		return nil
	case tea.BackgroundColorMsg:
		if t.records != nil {
			t.records.restyle(t.ctx)
		}
		return nil
	case LoadMsg:
		return t.ensureLoaded()
	case progressMsg:
		if t.loading {
			return tickProgress()
		}
		return nil
	case loadedMsg:
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
	case patchedMsg:
		if msg.err != nil {
			return common.Fail(msg.err)
		}
		if msg.in != nil && t.in != nil && msg.in.Period == t.loaded {
			t.in = msg.in
			return t.compute()
		}
		return nil
	case computedMsg:
		if msg.gen != t.gen {
			return nil // a newer filter or period is on its way
		}
		t.report, t.items = msg.m, msg.items
		for s := range t.items {
			t.cursor[s] = t.clampCursor(section(s), t.cursor[s])
			t.scroll(section(s))
		}
		return nil
	case recordsMsg:
		t.records = newRecordsView(t.ctx, t.keys, msg.title, msg.recs)
		t.records.setSize(t.w, t.h)
		return nil
	case common.ChangedMsg:
		return t.changed(msg)
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

// ensureLoaded reads the data of the period's years unless they are loaded
// or on their way.
func (t *Tab) ensureLoaded() tea.Cmd {
	if t.loading {
		return nil
	}
	want := loadRange(t.period)
	if t.in != nil && !t.period.From.Before(t.loaded.From) && !t.period.To.After(t.loaded.To) {
		return t.compute()
	}
	t.loading = true
	t.gen++
	prog := &store.Progress{}
	t.progress = prog
	return tea.Batch(common.Read(t.ctx, func(tx *store.Tx) (*model.ReportInput, error) {
		return store.LoadReportInputProgress(tx, want, prog)
	}, func(in *model.ReportInput, err error) tea.Msg { return loadedMsg{in: in, err: err} }), tickProgress())
}

func tickProgress() tea.Cmd {
	return tea.Tick(progressEvery, func(time.Time) tea.Msg { return progressMsg{} })
}

// loadRange is what is read for period p: whole years, so stepping through
// the quarters and months of a year needs no new read.
func loadRange(p model.ReportPeriod) model.ReportPeriod {
	r := model.RangePeriod(model.YearPeriod(p.From.Year).From, model.YearPeriod(p.To.Year).To)
	if p.From.Year == p.To.Year {
		r.Label = fmt.Sprint(p.From.Year)
	}
	return r
}

// compute recomputes the report for the period and filter, off the UI
// goroutine; only the newest result is shown.
func (t *Tab) compute() tea.Cmd {
	if t.in == nil {
		return t.ensureLoaded()
	}
	if t.period.From.Before(t.loaded.From) || t.period.To.After(t.loaded.To) {
		return t.ensureLoaded()
	}
	t.gen++
	gen, in, p, f := t.gen, t.in, t.period, t.filter
	return func() tea.Msg {
		view := *in
		view.Period = p
		m := model.ComputeMonitoring(&view, f)
		var items [numSections][]item
		for s := section(0); s < numSections; s++ {
			items[s] = buildItems(s, m)
		}
		return computedMsg{gen: gen, m: m, items: items}
	}
}

// changed keeps the data current: changed Einsätze are read again by ID,
// any other change of the reported kinds reloads the small parts.
func (t *Tab) changed(msg common.ChangedMsg) tea.Cmd {
	ids := map[string]bool{}
	other := false
	for _, ev := range msg.Events {
		for _, c := range ev.Changes {
			switch c.Kind {
			case store.KindEinsatz:
				ids[c.ID] = true
			case store.KindClaim, store.KindFund, store.KindEvent, store.KindRegistration, store.KindTask, store.KindSettings, store.KindOrganisation:
				other = true
			}
		}
	}
	if len(ids) == 0 && !other {
		return nil
	}
	if t.loading {
		if t.pending == nil {
			t.pending = map[string]bool{}
		}
		for id := range ids {
			t.pending[id] = true
		}
		t.stale = t.stale || other
		return nil
	}
	if t.in == nil {
		return nil
	}
	if other {
		return t.reloadParts(ids)
	}
	return t.patch(ids)
}

// patch reads the changed Einsätze and makes a new input with them.
func (t *Tab) patch(ids map[string]bool) tea.Cmd {
	old := t.in
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	return common.Read(t.ctx, func(tx *store.Tx) (*model.ReportInput, error) {
		facts, err := store.EinsatzFactsByID(tx, list)
		if err != nil {
			return nil, err
		}
		return withFacts(old, list, facts), nil
	}, func(in *model.ReportInput, err error) tea.Msg { return patchedMsg{in: in, err: err} })
}

// reloadParts reads payments, events, tasks and names again (they are few)
// and the changed Einsätze.
func (t *Tab) reloadParts(ids map[string]bool) tea.Cmd {
	old := t.in
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	return common.Read(t.ctx, func(tx *store.Tx) (*model.ReportInput, error) {
		fresh := *old
		k, err := store.KostenPayments(tx, old.Period)
		if err != nil {
			return nil, err
		}
		fresh.Payments, fresh.Reclaims, fresh.Committed, fresh.Funds, fresh.Limits = k.Payments, k.Reclaims, k.Committed, k.Funds, k.Limits
		if fresh.Events, err = store.LoadEventFacts(tx, old.Period); err != nil {
			return nil, err
		}
		if fresh.Tasks, err = store.LoadTaskFacts(tx); err != nil {
			return nil, err
		}
		fresh.Organisations = map[string]string{}
		if err := store.Organisations.Each(tx, func(o *model.Organisation) error {
			fresh.Organisations[o.ID] = o.Name
			return nil
		}); err != nil {
			return nil, err
		}
		fresh.Today = model.Today(tx.Now())
		facts, err := store.EinsatzFactsByID(tx, list)
		if err != nil {
			return nil, err
		}
		return withFacts(&fresh, list, facts), nil
	}, func(in *model.ReportInput, err error) tea.Msg { return patchedMsg{in: in, err: err} })
}

// withFacts returns a copy of in where the Einsätze named in ids are
// replaced by facts (deleted ones dropped, new ones in the period added).
func withFacts(in *model.ReportInput, ids []string, facts []model.EinsatzFact) *model.ReportInput {
	out := *in
	if len(ids) == 0 {
		return &out
	}
	gone := map[string]bool{}
	for _, id := range ids {
		gone[id] = true
	}
	es := make([]model.EinsatzFact, 0, len(in.Einsaetze)+len(facts))
	for _, e := range in.Einsaetze {
		if !gone[e.ID] {
			es = append(es, e)
		}
	}
	for _, f := range facts {
		if in.Period.Contains(model.DateOf(f.Start)) {
			es = append(es, f)
		}
	}
	slices.SortStableFunc(es, func(a, b model.EinsatzFact) int { return a.Start.Compare(b.Start) })
	out.Einsaetze = es
	return &out
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
	k, l := t.keys, t.ctx.List
	if t.in == nil && !t.loading {
		return t.ensureLoaded()
	}
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
		if t.filter.Empty() {
			return nil
		}
		t.filter = model.ReportFilter{}
		return t.compute()
	}
	return nil
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
		return nil
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
	return [][]key.Binding{{k.Next, k.Prev, l.Up, l.Down, l.Open, l.Back}, {k.Mode, k.Earlier, k.Later, k.Range, k.Filter, k.Clear}}
}

// View draws the content box.
func (t *Tab) View() string {
	if t.frm != nil {
		return t.frm.View()
	}
	if t.records != nil {
		return t.records.view(t.ctx)
	}
	st := t.ctx.Styles
	lines := []string{t.headerLine(), t.sectionLine()}
	switch {
	case t.err != nil:
		lines = append(lines, "", st.Error.Render(ansi.Truncate(t.err.Error(), t.w, "…")))
		return strings.Join(lines, "\n")
	case t.report == nil:
		text := "Die Berichte werden berechnet … (die Einsätze des Jahres werden einmal gelesen)"
		if done, total := t.progress.Get(); total > 0 {
			text = fmt.Sprintf("Die Berichte werden berechnet … %d von %d Einsätzen gelesen (%d %%)", done, total, 100*done/total)
		}
		lines = append(lines, "", ansi.Truncate(text, t.w, "…"))
		return strings.Join(lines, "\n")
	}
	body := t.bodyHeight()
	items := t.items[t.sec]
	cur := t.cursor[t.sec]
	off := t.offset[t.sec]
	layout := newLayout(t.w, items)
	for i := off; i < min(len(items), off+body); i++ {
		lines = append(lines, t.renderItem(items[i], i == cur, layout))
	}
	if len(items) > body {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("  … %d von %d Zeilen · ↑↓ blättern · enter zeigt die Datensätze", min(off+body, len(items)), len(items))))
	}
	return strings.Join(lines, "\n")
}

// bodyHeight is the lines for items: the box less header, section line
// and the scroll hint.
func (t *Tab) bodyHeight() int { return max(3, t.h-3) }

func (t *Tab) headerLine() string {
	st := t.ctx.Styles
	mode := [...]string{"Jahr", "Quartal", "Monat", "Zeitraum"}[t.mode]
	left := st.Title.Render("Berichte") + " " + st.Bold.Render(t.period.Label) + st.Muted.Render(" ("+mode+")")
	f := filterLabel(t.filter, t.in)
	if f == "" {
		f = "ohne Filter"
	} else {
		f = "Filter: " + f
	}
	if t.loading {
		f = "wird gelesen … · " + f
	}
	right := st.Muted.Render(f)
	gap := t.w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 2 {
		return ansi.Truncate(left+"  "+right, t.w, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

func (t *Tab) sectionLine() string {
	st := t.ctx.Styles
	var parts []string
	for s := section(0); s < numSections; s++ {
		if s == t.sec {
			parts = append(parts, st.Selected.Render("▸ "+s.title()))
		} else {
			parts = append(parts, st.Muted.Render("  "+s.title()))
		}
	}
	return ansi.Truncate(strings.Join(parts, " ")+st.Muted.Render("   ←/→ Bereich"), t.w, "")
}

// layout are the column widths of the bars of one screen.
type layout struct{ label, bar, num, share int }

func newLayout(w int, items []item) layout {
	l := layout{label: 16, num: 6, share: 7}
	if w >= 110 {
		l.label = 26
	}
	for _, it := range items {
		if it.bar == nil {
			continue
		}
		l.num = max(l.num, ansi.StringWidth(it.bar.num))
		l.share = max(l.share, ansi.StringWidth(it.bar.share))
	}
	l.num = min(l.num, 14)
	l.share = min(l.share, 14)
	l.bar = max(6, w-2-l.label-1-1-l.num-2-l.share)
	if w >= 110 {
		l.bar = min(l.bar, 60)
	} else {
		l.bar = min(l.bar, 36)
	}
	return l
}

func (t *Tab) renderItem(it item, selected bool, l layout) string {
	st := t.ctx.Styles
	switch {
	case it.heading != "":
		return st.Bold.Render(ansi.Truncate(it.heading, t.w, "…"))
	case it.bar == nil:
		return ansi.Truncate("  "+it.text, t.w, "…")
	}
	b := it.bar
	mark := "  "
	if selected {
		mark = "› "
	}
	cells := barCells(b.value, b.max, l.bar)
	line := mark + fitLeft(b.label, l.label) + " " + st.Accent.Render(fitLeft(cells, l.bar)) + " " +
		fitRight(b.num, l.num) + "  " + fitLeft(b.share, l.share)
	if selected {
		plain := mark + fitLeft(b.label, l.label) + " " + fitLeft(cells, l.bar) + " " + fitRight(b.num, l.num) + "  " + fitLeft(b.share, l.share)
		return st.Selected.Render(ansi.Truncate(plain, t.w, ""))
	}
	return ansi.Truncate(line, t.w, "")
}
