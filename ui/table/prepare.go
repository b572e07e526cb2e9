package table

import (
	tea "charm.land/bubbletea/v2"
)

// Prepared is what SetRows derives from new rows – the filter text, the
// sort order and the rows that pass the filter – worked out by the function
// Prepare returns, off the UI goroutine. Install swaps it in.
//
// SetRows does that work on the UI goroutine: with a filter active it
// builds the filter text of every row, which is 60 ms at 100 000 rows and
// half a second at 1 000 000 (BENCHMARKS.md), and a list that gets a
// changed row from every save would stand still that long each time.
type Prepared[T any] struct {
	t       *Model[T] // a table of its own that did the work; nobody else sees it
	id      func(T) string
	textGen int
}

// Prepare returns a function that derives from rows, on any goroutine,
// what SetRows would for the table as it is now: its sort, filter text and
// query. Call it in a command and hand the result to Install. The function
// reads nothing of the table, only rows and what the columns' Value and
// Less (or the SetFilterText function) read: as for WithLazyFilter, they
// must read only data that is replaced, not changed in place.
func (m *Model[T]) Prepare(id func(T) string) func(rows []T) *Prepared[T] {
	cols, text, textGen := m.cols, m.filterText, m.textGen
	sortCol, rev, lazy := m.sortCol, m.sortReverse, m.lazy
	words := queryWords(m.query)
	return func(rows []T) *Prepared[T] {
		t := &Model[T]{cols: cols, filterText: text, rows: rows, sortCol: sortCol, sortReverse: rev, building: -1}
		// As newHaystack: a lazy table of many rows makes its filter
		// text only for a query.
		if len(words) > 0 || !lazy || len(rows) < lazyMin {
			t.buildHaystack()
			t.words = words
		}
		t.sortOrder()
		t.filterFull()
		return &Prepared[T]{t: t, id: id, textGen: textGen}
	}
}

// Install replaces the data with prepared rows, as SetRows would, but
// without the work SetRows does. The cursor stays on its row. What changed
// in the table since Prepare is caught up: a query typed meanwhile is
// applied to the new rows (in steps, or once their filter text is there,
// as when typing); a new sort or filter text makes Install do what SetRows
// does.
func (m *Model[T]) Install(p *Prepared[T]) tea.Cmd {
	t := p.t
	if t.sortCol != m.sortCol || t.sortReverse != m.sortReverse || p.textGen != m.textGen {
		m.SetRows(t.rows, p.id)
		return nil
	}
	selID, oldCursor := m.SelectedID(), m.cursor
	m.dropJob()
	m.hayGen++ // a haystack still being built is of the old rows
	m.rows, m.idOf = t.rows, p.id
	m.hay, m.hayOff, m.freq, m.hayBuilt, m.hitAt = t.hay, t.hayOff, t.freq, t.hayBuilt, t.hitAt
	m.order, m.orderShared, m.ascByCol = t.order, t.orderShared, t.ascByCol
	m.fcache = m.fcache[:0]
	m.spare, m.spareAt = t.spare, t.spareAt
	m.words = t.words
	m.visible, m.visShared = t.visible, t.visShared
	m.at, m.atWord, m.atUsed = t.at, t.atWord, t.atUsed
	m.measure()
	m.invalidate()
	m.resizeInput()
	m.keepSelection(selID, oldCursor)
	return m.catchUp()
}

// catchUp applies the query as typed now to rows prepared for the query of
// then.
func (m *Model[T]) catchUp() tea.Cmd {
	q := m.query
	if sameWords(queryWords(q), m.words) {
		return nil
	}
	// The query was there before the rows: as with SetRows, its result
	// keeps the selected row instead of starting at the first match.
	m.keepID = m.SelectedID()
	if !m.hayBuilt && m.lazyNow() {
		// Typed after Prepare, which made no filter text: the query
		// waits for it, as after the first `/`.
		return m.requestHay()
	}
	return m.applyQuery(q)
}

// keepSelection puts the cursor back on the row with id selID, or, if it is
// gone, at position oldCursor, so that it lands on a neighbour instead of
// jumping to the top.
func (m *Model[T]) keepSelection(selID string, oldCursor int) {
	if selID != "" {
		// A changed row mostly stays where it was, or one place off: look
		// there before going through 1 000 000 rows.
		for _, i := range [...]int{oldCursor, oldCursor - 1, oldCursor + 1} {
			if i >= 0 && i < len(m.visible) && m.idOf(m.rows[m.visible[i]]) == selID {
				m.cursor = i
				m.clamp()
				return
			}
		}
		if m.moveTo(selID) {
			return
		}
	}
	m.cursor = oldCursor
	m.clamp()
}
