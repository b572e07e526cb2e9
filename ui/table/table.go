// Package table is the list component every tab shares: a generic table of
// records with a header, a `/` filter with a match count, sorting by column,
// and a status line. It owns its cursor, scroll window, filter state and a
// cache of rendered rows; the data stays with the caller.
//
// It is built for 100 000 rows (BENCHMARKS.md): the filter scans a
// pre-lowered haystack kept in one byte slice, a query that extends the
// previous one only narrows the previous result, a filter over more rows
// than a keystroke should wait for goes on in steps (filterjob.go),
// sorting reorders an index slice instead of the data, and View draws only
// the rows on screen.
package table

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Align is the horizontal alignment of a column.
type Align int

const (
	AlignLeft Align = iota
	AlignRight
)

// Column describes one column. Value must be cheap and free of side effects:
// it is called for every row on SetRows (to build the filter haystack) and on
// the first sort by this column.
type Column[T any] struct {
	Title string
	// Width is a fixed width in cells; 0 makes the column flexible: flexible
	// columns share what the fixed ones leave.
	Width    int
	MinWidth int
	Align    Align
	// Value is the cell text, plain (no ANSI). Control characters are shown
	// as spaces, so imported data cannot break the layout.
	Value func(T) string
	// Less orders rows for this column. Nil compares Value case-insensitively
	// with umlauts sorted as their base letter (DIN 5007-1); give a Less for
	// dates, amounts and anything whose text does not sort like its meaning.
	Less func(a, b T) bool
}

// Model is the table. Use New; all methods have pointer receivers, so the
// parent keeps the *Model and never reassigns it from Update.
type Model[T any] struct {
	cols      []Column[T]
	keys      KeyMap
	styles    Styles
	derived   derivedStyles
	emptyText string

	// data
	rows []T
	// idOf is the id function of SetRows, asked when needed: a slice of
	// the ids of 100 000 rows would hold 1.6 MB for the few look-ups of a
	// selection.
	idOf       func(T) string
	filterText func(T) string
	hay        []byte   // lower-cased haystacks of all rows, back to back
	hayOff     []int32  // row i's haystack is hay[hayOff[i]:hayOff[i+1]-1]
	hitAt      []wordAt // scratch for jobFull, one per row: see step
	freq       [256]int // how common each byte is in hay
	// hayBuilt: hay is the haystack of rows. Without WithLazyFilter it
	// always is; with it only once the filter was used (lazy.go).
	hayBuilt bool
	lazy     bool
	hayGen   int // bumped when rows or the filter text change
	textGen  int // bumped when the filter text changes (Prepare)
	building int // hayGen of the haystack a command builds; -1: none

	// order is every row index in sort order; visible is the subset that
	// passes the filter, in the same order. Neither touches rows.
	order   []int32
	visible []int32
	// orderShared: order is an ascByCol entry; visShared: visible is
	// order. Neither may then be refilled in place.
	orderShared, visShared bool
	// at runs parallel to visible while atWord is set: where atWord, the
	// longest query word, first occurs in each row, and the bytes after it
	// (atUsed of them are already part of atWord). Typing on at the end of
	// that word then checks each row there instead of searching it again
	// (filterjob.go, stepAt).
	at     []wordAt
	atWord []byte
	atUsed int

	sortCol     int // -1: the order rows were given in
	sortReverse bool
	ascByCol    map[int][]int32 // ascending order per column, dropped on SetRows

	// filter
	input     textinput.Model
	filtering bool
	query     string
	words     [][]byte       // lower-cased words of query, longest first
	fcache    []filterResult // results of the queries typed before (backspace)
	job       *filterJob     // computes the rows of query while words are the last complete result
	keepID    string         // the row the next result selects, if in it (catchUp); else its first
	jobs      int            // numbers the jobs, so a step message finds only its own
	// spare holds the buffers of a replaced result for the next job.
	spare   []int32
	spareAt []wordAt

	// view
	width, height int
	cursor        int // index into visible
	offset        int // first visible index on screen
	colWidths     []int
	need          []int  // widest value of each flexible column (sampled), see measure
	header        string // rendered; "" = stale
	cache         map[int32]cachedRow
	styleGen      int // bumped when highlighting or styles change
}

type cachedRow struct {
	plain  string // exactly width cells, no ANSI
	styled string // plain with Cell style and match highlights
	gen    int    // styleGen the styled line was made for
}

// maxCachedRows bounds the render cache: scrolling through 100 000 rows must
// not keep them all.
const maxCachedRows = 2048

// Option configures New.
type Option func(*options)

type options struct {
	styles    *Styles
	keys      *KeyMap
	emptyText *string
	sortCol   int
	sortRev   bool
	lazy      bool
}

// WithStyles sets the styles (default: DefaultStyles(true)).
func WithStyles(s Styles) Option { return func(o *options) { o.styles = &s } }

// WithKeyMap sets the key bindings (default: DefaultKeyMap()).
func WithKeyMap(k KeyMap) Option { return func(o *options) { o.keys = &k } }

// WithEmptyText sets the text shown when there are no rows.
func WithEmptyText(s string) Option { return func(o *options) { o.emptyText = &s } }

// WithSort sets the initial sort column (-1: data order) and direction.
func WithSort(col int, reverse bool) Option {
	return func(o *options) { o.sortCol, o.sortRev = col, reverse }
}

// New makes a table for the given columns. It shows nothing until SetSize.
func New[T any](cols []Column[T], opts ...Option) *Model[T] {
	o := options{sortCol: -1}
	for _, opt := range opts {
		opt(&o)
	}
	m := &Model[T]{
		cols:      cols,
		keys:      UserKeyMap(),
		emptyText: "Keine Einträge.",
		sortCol:   -1,
		building:  -1,
		lazy:      o.lazy,
		cache:     make(map[int32]cachedRow),
		input:     textinput.New(),
	}
	if o.keys != nil {
		m.keys = *o.keys
	}
	if o.emptyText != nil {
		m.emptyText = *o.emptyText
	}
	m.input.Prompt = "/ "
	m.input.Placeholder = "Suchbegriff"
	// ctrl+v would read the clipboard of the machine the program runs on:
	// over SSH that is the server's, not the user's. The terminal's own
	// paste still arrives as a tea.PasteMsg.
	m.input.KeyMap.Paste.SetEnabled(false)
	styles := DefaultStyles(true)
	if o.styles != nil {
		styles = *o.styles
	}
	m.SetStyles(styles)
	if o.sortCol >= 0 && o.sortCol < len(cols) {
		m.sortCol, m.sortReverse = o.sortCol, o.sortRev
	}
	return m
}

// SetRows replaces the data. The cursor stays on the row with the same id if
// it is still visible; filter and sort are kept. id must be unique per row.
// For many rows and a filter, Prepare and Install do the same off the UI
// goroutine.
// The table keeps rows and caches what it derived from them: to show a
// change, call SetRows again rather than changing the slice in place.
func (m *Model[T]) SetRows(rows []T, id func(T) string) {
	selID := m.SelectedID()
	oldCursor := m.cursor

	m.keepID = ""
	m.rows, m.idOf = rows, id
	m.newHaystack()
	m.measure()
	clear(m.ascByCol)
	m.invalidate()
	m.sortOrder()
	m.filterFull()
	m.resizeInput()
	m.keepSelection(selID, oldCursor)
}

// SetFilterText replaces the text the filter searches for each row (default:
// all column Values). It rebuilds the haystack of the current rows.
func (m *Model[T]) SetFilterText(f func(T) string) {
	m.filterText = f
	m.textGen++
	m.fcache = m.fcache[:0]
	if len(m.rows) > 0 {
		m.newHaystack()
		m.filterFull()
		m.clamp()
	}
}

// newHaystack follows a change of the rows or their filter text: the
// haystack is built now, or (WithLazyFilter, no filter active) dropped
// until the filter is used.
func (m *Model[T]) newHaystack() {
	m.dropJob()
	m.hayGen++
	m.hayBuilt = false
	if m.lazyNow() && len(queryWords(m.query)) == 0 {
		m.dropHaystack()
		return
	}
	m.buildHaystack()
	// A query typed while a command built the last haystack applies now.
	m.words = queryWords(m.query)
}

// SetSize sets the size of the block View draws: w cells wide, h lines
// including the header and the status line.
func (m *Model[T]) SetSize(w, h int) {
	m.width, m.height = max(0, w), max(0, h)
	m.colWidths = nil
	m.invalidate()
	m.resizeInput()
	m.clamp()
}

// SetStyles replaces the styles.
func (m *Model[T]) SetStyles(s Styles) {
	m.styles = s
	m.derived = deriveStyles(s)
	is := textinput.DefaultStyles(true)
	for _, st := range []*textinput.StyleState{&is.Focused, &is.Blurred} {
		st.Prompt = s.Filter
		st.Text = s.Filter
		st.Placeholder = s.Muted
	}
	// A steady cursor: blinking would need tick messages routed back here,
	// and repaints of the status line for nothing.
	is.Cursor.Blink = false
	// No colour: the reversed cell then shows in the terminal's own text
	// colour, visible on dark and light backgrounds alike.
	is.Cursor.Color = lipgloss.NoColor{}
	m.input.SetStyles(is)
	m.invalidate()
}

// SetEmptyText sets the text shown when there are no rows at all.
func (m *Model[T]) SetEmptyText(s string) { m.emptyText = s }

// Selected returns the row under the cursor.
func (m *Model[T]) Selected() (T, bool) {
	if m.cursor < 0 || m.cursor >= len(m.visible) {
		var zero T
		return zero, false
	}
	return m.rows[m.visible[m.cursor]], true
}

// SelectedID returns the id of the row under the cursor, or "".
func (m *Model[T]) SelectedID() string {
	if m.cursor < 0 || m.cursor >= len(m.visible) {
		return ""
	}
	return m.idOf(m.rows[m.visible[m.cursor]])
}

// Select moves the cursor to the row with this id and scrolls it into view.
// It reports false if no visible row has that id (missing or filtered out).
func (m *Model[T]) Select(id string) bool {
	return m.moveTo(id)
}

// SelectFirst moves the cursor to the row that comes first by less among
// the visible rows for which ok holds (whatever the sort), and scrolls it
// into view from below, so the rows after it fill the window. It reports
// false, leaving the cursor, if there is none.
func (m *Model[T]) SelectFirst(ok func(T) bool, less func(a, b T) bool) bool {
	best := -1
	for i, r := range m.visible {
		row := m.rows[r]
		if ok(row) && (best < 0 || less(row, m.rows[m.visible[best]])) {
			best = i
		}
	}
	if best < 0 {
		return false
	}
	m.cursor = len(m.visible) - 1
	m.clamp()
	m.cursor = best
	m.clamp()
	return true
}

func (m *Model[T]) moveTo(id string) bool {
	for i, r := range m.visible {
		if m.idOf(m.rows[r]) == id {
			m.cursor = i
			m.clamp()
			return true
		}
	}
	return false
}

// Filtering reports whether the filter input has focus. While it does, every
// key belongs to the table: the parent must not treat it as a shortcut.
func (m *Model[T]) Filtering() bool { return m.filtering }

// FilterText returns the current filter query as typed.
func (m *Model[T]) FilterText() string { return m.query }

// SetFilter sets the filter query, as if typed.
func (m *Model[T]) SetFilter(s string) {
	m.input.SetValue(s)
	m.input.CursorEnd()
	if !m.hayBuilt && len(queryWords(s)) > 0 {
		m.buildHaystack() // the caller wants the result now
	}
	m.applyQuery(m.input.Value())
	m.finishJob()
}

// Len is the number of rows that pass the filter.
func (m *Model[T]) Len() int { return len(m.visible) }

// Total is the number of rows.
func (m *Model[T]) Total() int { return len(m.rows) }

// SortBy sorts by column col (-1: the order SetRows was given), descending
// if reverse. The sort is stable; the cursor stays on its row.
func (m *Model[T]) SortBy(col int, reverse bool) {
	if col < -1 || col >= len(m.cols) {
		col = -1
	}
	selID := m.SelectedID()
	if m.job != nil {
		// The job's order is the old one: the new order is filtered now.
		m.words = m.job.words
	}
	m.sortCol, m.sortReverse = col, reverse
	m.header = ""
	m.sortOrder()
	m.filterFull()
	if selID == "" || !m.moveTo(selID) {
		m.clamp()
	}
}

// SortColumn returns the sort column (-1: data order) and direction.
func (m *Model[T]) SortColumn() (col int, reverse bool) { return m.sortCol, m.sortReverse }

// ShortHelp returns the bindings for a one-line help.
func (m *Model[T]) ShortHelp() []key.Binding {
	k := m.keys
	if m.filtering {
		return []key.Binding{k.AcceptFilter, k.ClearFilter}
	}
	if m.query != "" {
		return []key.Binding{k.Up, k.Down, k.Filter, k.ClearFilter, k.Sort}
	}
	return []key.Binding{k.Up, k.Down, k.Filter, k.Sort}
}

// FullHelp returns all bindings, grouped for the help screen.
func (m *Model[T]) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.Filter, k.AcceptFilter, k.ClearFilter, k.Sort, k.SortReverse},
	}
}

// ClickAt selects the row drawn at line y of view – the screen the table
// is part of, as it was rendered – and reports whether a row was hit and
// whether it was the selected one already (a second click opens it). The
// table finds itself on the screen by its header line, so the caller needs
// no offsets of its own.
func (m *Model[T]) ClickAt(view string, y int) (hit, again bool) {
	if m == nil {
		return false, false
	}
	lines := strings.Split(ansi.Strip(view), "\n")
	if y < 1 || y >= len(lines) {
		return false, false
	}
	header := strings.TrimSpace(ansi.Strip(m.headerLine()))
	if header == "" {
		return false, false
	}
	head := -1
	for i := y - 1; i >= 0 && i >= y-1-m.bodyHeight(); i-- {
		if strings.Contains(lines[i], header) {
			head = i
			break
		}
	}
	row := y - head - 1
	if head < 0 || row >= m.bodyHeight() || m.offset+row >= len(m.visible) {
		return false, false
	}
	idx := m.offset + row
	again = idx == m.cursor
	m.cursor = idx
	m.clamp()
	return true, again
}
